/**
 * The browser measures, in Debian's Chromium driven by playwright-core, against ELB Desk in browser mode (the app
 * host in its own process, data folder already synced); the cold start is in ./start.ts.
 * - render: in a loaded page (inventory of 10,000 listeners in memory, on `#/drafts`), the route change to
 *   `#/listeners` until the rows are in the DOM and laid out (forced layout), timed in the page.
 * - filter: one keystroke in the listing's search box, from `keydown` until Svelte's update is done and laid out
 *   (a task after the `input` event, then a forced layout), timed in the page.
 * - heap: the renderer's JS heap on that listing after `HeapProfiler.collectGarbage` (`Runtime.getHeapUsage`).
 * In-page code is passed as strings: this file is type-checked with Node types only (no DOM).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppProc } from '../lib/env';
import { absoluteRow, summarize, type ResultRow, type Sample } from '../stats';

/** Debian's Chromium (override with ELB_DESK_CHROMIUM). */
export const CHROMIUM = process.env.ELB_DESK_CHROMIUM ?? '/usr/bin/chromium';
/** The flags of reference/toolchain.md §6, for the app and the baseline alike. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** The frame budget at 60 Hz, in ms. */
export const FRAME_MS = 16.7;

/** A listing row of the listeners table (virtualized rows inside the table that carries aria-rowcount). */
export const ROW_SELECTOR = 'table[aria-rowcount] tbody tr';
/** The app header's "last synced" time: present once the cached inventory is loaded into the page. */
const INVENTORY_LOADED = 'header time[datetime]';

let version: string | null = null;

/** The version of the Chromium launched last (null before any launch). */
export function chromiumVersion(): string | null {
  return version;
}

/** Launches Chromium headless with a fresh temporary profile (CHROMIUM_ARGS, then `extraArgs`). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
  version = browser.version();
  return browser;
}

/** The number of listeners the listing says it has (aria-rowcount − the header row). */
export async function listedCount(page: Page): Promise<number> {
  const n = await page.getAttribute('table[aria-rowcount]', 'aria-rowcount');
  return Number(n ?? '0') - 1;
}

/** In the page: switch to the listing and time it until the first rows are in the DOM and laid out. */
const RENDER_SCRIPT = `new Promise((resolve, reject) => {
  const t0 = performance.now();
  const timer = setTimeout(() => { mo.disconnect(); reject(new Error('the listing did not render within 30 s')); }, 30000);
  let shell = -1;
  const check = () => {
    if (shell < 0) shell = performance.now() - t0;
    const rows = document.querySelectorAll(${JSON.stringify(ROW_SELECTOR)});
    if (rows.length === 0) return;
    mo.disconnect();
    clearTimeout(timer);
    const dom = performance.now() - t0;
    void document.body.offsetHeight;
    const layout = performance.now() - t0;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve({ shell, dom, layout, frame: performance.now() - t0, rows: rows.length });
      ch.port2.postMessage(0);
    });
  };
  const mo = new MutationObserver(check);
  mo.observe(document.body, { childList: true, subtree: true });
  location.hash = '#/listeners';
})`;

/** In the page: time every keystroke in the search box (keydown → a task after `input` + forced layout). */
const KEY_HOOKS_SCRIPT = `(() => {
  const isSearch = (t) => t instanceof HTMLInputElement && t.type === 'search';
  const state = { t0: 0, results: [] };
  window.__elbBenchKeys = state;
  window.addEventListener('keydown', (e) => { if (isSearch(e.target)) state.t0 = performance.now(); }, true);
  window.addEventListener('input', (e) => {
    if (!isSearch(e.target)) return;
    const t0 = state.t0;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      void document.body.offsetHeight;
      const work = performance.now() - t0;
      requestAnimationFrame(() => {
        const c2 = new MessageChannel();
        c2.port1.onmessage = () => state.results.push({ work, frame: performance.now() - t0, query: e.target.value });
        c2.port2.postMessage(0);
      });
    };
    ch.port2.postMessage(0);
  });
})()`;

/** In the page: resolves once `n` keystrokes have been timed (rejects after 10 s). */
function waitForKeysScript(n: number): string {
  return `new Promise((resolve, reject) => {
    const t0 = performance.now();
    const poll = () => {
      if (window.__elbBenchKeys.results.length >= ${n}) resolve(null);
      else if (performance.now() - t0 > 10000) reject(new Error('keystroke ${n} was not timed within 10 s'));
      else setTimeout(poll, 5);
    };
    poll();
  })`;
}

/** Two animation frames and an idle period, so the page has finished what it was doing. */
const SETTLE_SCRIPT = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => r(null), { timeout: 2000 }))))`;

/** The keystrokes of one run of `filter`: a query typed char by char, then two backspaces. */
export const FILTER_KEYS = ['t', 'c', 'p', '-', '2', 'Backspace', 'Backspace'];

interface RenderTimes {
  /** The first DOM change after the route change (the page, before its rows). */
  shell: number;
  dom: number;
  layout: number;
  frame: number;
  rows: number;
}
interface KeyTimes {
  work: number;
  frame: number;
  query: string;
}

/** One page of the 10,000-listener app: render, then heap, then keystrokes. */
async function listingRun(context: BrowserContext, app: AppProc, expected: number): Promise<{ render: RenderTimes; heapMB: number; perfHeapMB: number; keys: KeyTimes[] }> {
  const page = await context.newPage();
  try {
    await page.goto(`${app.openUrl}#/drafts`, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForSelector(INVENTORY_LOADED, { state: 'attached', timeout: 60_000 });
    await page.evaluate(SETTLE_SCRIPT);
    const render = (await page.evaluate(RENDER_SCRIPT)) as RenderTimes;
    const n = await listedCount(page);
    if (n < expected) throw new Error(`the listing shows ${n} listeners, expected ≥ ${expected}`);
    await page.evaluate(SETTLE_SCRIPT);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('Performance.enable');
    const metrics = await cdp.send('Performance.getMetrics');
    const perfHeap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    await cdp.detach();

    await page.evaluate(KEY_HOOKS_SCRIPT);
    await page.focus('input[type="search"]');
    for (let i = 0; i < FILTER_KEYS.length; i++) {
      await page.keyboard.press(FILTER_KEYS[i]!);
      // (page.waitForFunction would eval a string predicate, which the app's CSP forbids.)
      await page.evaluate(waitForKeysScript(i + 1));
      // Typing speed: a key every ~150 ms.
      await page.waitForTimeout(150);
    }
    const keys = (await page.evaluate('window.__elbBenchKeys.results')) as KeyTimes[];
    return { render, heapMB: usage.usedSize / 1024 / 1024, perfHeapMB: perfHeap / 1024 / 1024, keys };
  } finally {
    await page.close();
  }
}

/** Measures `render`, `filter` and `heap` against an app whose cache holds ≥ `expected` listeners. */
export async function measureListing(app: AppProc, o: { runs?: number; expected?: number } = {}): Promise<{ render: ResultRow; filter: ResultRow; heap: ResultRow }> {
  const runs = o.runs ?? 5;
  const expected = o.expected ?? 10_000;
  const browser = await launchChromium();
  const results: Awaited<ReturnType<typeof listingRun>>[] = [];
  try {
    // One warm-up run (discarded), then `runs` runs; each in a new context (own storage, own renderer process).
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        results.push(await listingRun(context, app, expected));
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const measured = results.slice(1);
  const render = summarize(measured.map((r) => r.render.layout));
  const renderFrame = summarize(measured.map((r) => r.render.frame));
  const renderShell = summarize(measured.map((r) => r.render.shell));
  const keys = measured.flatMap((r) => r.keys);
  const filter = summarize(keys.map((k) => k.work));
  const filterFrame = summarize(keys.map((k) => k.frame));
  const heap = summarize(measured.map((r) => r.heapMB));
  const perfHeap = summarize(measured.map((r) => r.perfHeapMB));
  const rows = summarize(measured.map((r) => r.render.rows)).median;
  const fmt = (s: Sample): string => `${s.median.toFixed(1)} ms (max ${s.max.toFixed(1)})`;
  return {
    render: absoluteRow(
      'render',
      'ms',
      render,
      100,
      FRAME_MS,
      `route change #/drafts → #/listeners with ${expected.toLocaleString('en')}+ listeners in memory, until the first rows (${rows} rendered) are in the DOM + forced layout, timed in the page (performance.now); ` +
        `first DOM change after the route change (page without rows yet) ${fmt(renderShell)}; to the end of the next frame: ${fmt(renderFrame)}; ${runs} pages after 1 warm-up, Chromium headless 1280×800; ratio is to the frame budget`,
    ),
    filter: absoluteRow(
      'filter',
      'ms',
      filter,
      FRAME_MS,
      FRAME_MS,
      `keydown → Svelte update done (a task after the input event) + forced layout, in the search box over ${expected.toLocaleString('en')}+ listeners; keys ${JSON.stringify(FILTER_KEYS.join(''))} ` +
        `(query "tcp-2" then 2 backspaces), ${keys.length} keystrokes over ${runs} pages; to the end of the next frame: ${fmt(filterFrame)}`,
    ),
    heap: absoluteRow(
      'heap',
      'MB',
      heap,
      60,
      null,
      `Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage ×2, on #/listeners with ${expected.toLocaleString('en')}+ listeners (MB = 2^20 B); ` +
        `Performance.getMetrics JSHeapUsedSize ${perfHeap.median.toFixed(1)} MB`,
    ),
  };
}
