/**
 * The browser measures, in Debian's Chromium driven by playwright-core, against ELB Desk in browser mode (the app
 * host in its own process, data folder already synced):
 * - start: launch (fresh temp profile) → open `#/listeners` → the first listener row is visible (checked in every
 *   frame by `visibleProbe`), 1,000 cached listeners. Baselines, in rotated rounds: the same launch → a static page
 *   from a bare local server → its table is visible; and the same launch → an empty page from the app's own host →
 *   its one line is visible.
 * - render: in a loaded page (inventory of 10,000 listeners in memory, on `#/drafts`), the route change to
 *   `#/listeners` until the rows are in the DOM and laid out (forced layout), timed in the page.
 * - filter: one keystroke in the listing's search box, from `keydown` until Svelte's update is done and laid out
 *   (a task after the `input` event, then a forced layout), timed in the page.
 * - heap: the renderer's JS heap on that listing after `HeapProfiler.collectGarbage` (`Runtime.getHeapUsage`).
 * In-page code is passed as strings: this file is type-checked with Node types only (no DOM).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppProc } from '../lib/env';
import { absoluteRow, measureRounds, pairedRatioRow, pairRatios, percentile, summarize, type ResultRow, type Sample } from '../stats';

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

/** Launches Chromium headless with a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  version = browser.version();
  return browser;
}

/** Phases of one cold start: ms from before the launch (Node's clock), then ms from navigation start (the page's). */
export interface StartPhases {
  launched: number;
  pageOpen: number;
  committed: number;
  ready: number;
  /** In the page: the response of the HTML document was complete. */
  html: number;
  /** In the page: the last script or stylesheet was loaded (= html when there is none). */
  assets: number;
  /** In the page: the first /ipc/ call was sent (0 when there is none). */
  firstIpc: number;
  /** In the page: the inventory:get call was sent (0 when there is none). */
  inventoryStart: number;
  /** In the page: the last /ipc/ call ended before the first row (0 when there is none). */
  ipc: number;
  /** In the page: the first row was in the DOM (MutationObserver). */
  firstRow: number;
}

/** Init script: notes when the first element matching the selector is added to the document. */
function firstRowProbe(selector: string): string {
  return `(() => {
    const mo = new MutationObserver(() => {
      if (document.querySelector(${JSON.stringify(selector)})) { window.__elbBenchFirstRow = performance.now(); mo.disconnect(); }
    });
    mo.observe(document, { childList: true, subtree: true });
  })()`;
}

/** In the page: the load milestones of StartPhases (ms since navigation start). */
const MILESTONES_SCRIPT = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const firstRow = window.__elbBenchFirstRow ?? performance.now();
  const res = performance.getEntriesByType('resource');
  const assets = res.filter((r) => { const p = new URL(r.name).pathname; return p.endsWith('.js') || p.endsWith('.css'); }).map((r) => r.responseEnd);
  const calls = res.filter((r) => r.name.includes('/ipc/') && r.responseEnd <= firstRow);
  const inv = calls.filter((r) => r.name.includes('/ipc/inventory'));
  return {
    html: nav ? nav.responseEnd : 0,
    assets: Math.max(nav ? nav.responseEnd : 0, ...assets),
    firstIpc: calls.length ? Math.min(...calls.map((r) => r.startTime)) : 0,
    inventoryStart: inv.length ? Math.min(...inv.map((r) => r.startTime)) : 0,
    ipc: Math.max(0, ...calls.map((r) => r.responseEnd)),
    firstRow,
  };
})()`;

/**
 * Init script (runs before the page's own scripts, in its main world): from the document's start, checks in every
 * animation frame whether the first element matching `selector` is visible — Playwright's own test (its `visible`
 * state: rendered per `checkVisibility()`, `visibility: visible`, a box with width and height) — and resolves
 * `window.__elbBenchVisible` (a promise) with the time it first is, so the row is seen in the frame it is in.
 * Why not Playwright's waits: `waitForSelector` runs that test from Node after waits of 0, 20, 50, 100, 100 and
 * 500 ms (a row that missed a poll was counted up to 100 ms late, by where it fell in that schedule), and both it and
 * `waitForFunction` first load Playwright's injected script (~300 KB) into the page, whose compile lands on the page's
 * main thread in the middle of the app's boot (on an idle baseline page it costs nothing). The probe is a few lines.
 */
export function visibleProbe(selector: string, timeoutMs = 60_000): string {
  return `(() => {
    const sel = ${JSON.stringify(selector)};
    const visible = () => {
      const e = document.querySelector(sel);
      if (!e) return false;
      if (typeof e.checkVisibility === 'function' && !e.checkVisibility()) return false;
      if (getComputedStyle(e).visibility !== 'visible') return false;
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    window.__elbBenchVisible = new Promise((resolve, reject) => {
      const until = performance.now() + ${timeoutMs};
      const tick = () => {
        const now = performance.now();
        if (visible()) resolve(now);
        else if (now > until) reject(new Error('not visible within ${timeoutMs} ms: ' + sel));
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  })()`;
}

/** launch → new page → goto → `selector` visible (checked each frame); the browser is closed afterwards (not timed). */
export async function coldStart(url: string, selector: string, check?: (page: Page) => Promise<void>): Promise<StartPhases> {
  const t0 = performance.now();
  const browser = await launchChromium();
  try {
    const launched = performance.now() - t0;
    const page = await browser.newPage();
    const pageOpen = performance.now() - t0;
    await page.addInitScript(firstRowProbe(selector));
    await page.addInitScript(visibleProbe(selector));
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    const committed = performance.now() - t0;
    await page.evaluate('window.__elbBenchVisible');
    const ready = performance.now() - t0;
    const inPage = (await page.evaluate(MILESTONES_SCRIPT)) as Pick<StartPhases, 'html' | 'assets' | 'firstIpc' | 'inventoryStart' | 'ipc' | 'firstRow'>;
    if (check) await check(page);
    return { launched, pageOpen, committed, ready, ...inPage };
  } finally {
    await browser.close();
  }
}

/** Medians of the phases, as text. */
function phaseText(phases: StartPhases[]): string {
  const m = (k: keyof StartPhases): string => summarize(phases.map((p) => p[k])).median.toFixed(0);
  return (
    `launched ${m('launched')}, page open ${m('pageOpen')}, navigation committed ${m('committed')}, row visible ${m('ready')} ms after the launch; ` +
    `in the page: HTML ${m('html')}, scripts+CSS loaded ${m('assets')}, first IPC sent ${m('firstIpc')}, inventory:get sent ${m('inventoryStart')}, ` +
    `last IPC answered ${m('ipc')}, first row ${m('firstRow')} ms after navigation start`
  );
}

/** The number of listeners the listing says it has (aria-rowcount − the header row). */
async function listedCount(page: Page): Promise<number> {
  const n = await page.getAttribute('table[aria-rowcount]', 'aria-rowcount');
  return Number(n ?? '0') - 1;
}

/** The second start baseline: an empty page, served by the app's own host (written next to the app's files). */
export const EMPTY_PAGE_FILE = 'bench-empty.html';
export const EMPTY_PAGE = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Empty</title></head><body><p id="empty">ELB Desk</p></body></html>\n';
const EMPTY_SELECTOR = '#empty';

/**
 * Measures `start` (the app on `#/listeners` with `expected` cached listeners) against two baselines, in rotated
 * rounds: a static page with a small table from a bare server (the target's baseline), and an empty page from the
 * app's own host (a cold Chromium's fixed cost: launch, a new page, one document from that host, one paint).
 */
export async function measureStart(app: AppProc, staticUrl: string, emptyUrl: string, o: { runs?: number; expected?: number } = {}): Promise<ResultRow> {
  const expected = o.expected ?? 1000;
  const appPhases: StartPhases[] = [];
  const basePhases: StartPhases[] = [];
  const emptyPhases: StartPhases[] = [];
  const runs = o.runs ?? 5;
  const [subject, baseline, empty] = await measureRounds(
    [
      async () => {
        const p = await coldStart(`${app.openUrl}#/listeners`, ROW_SELECTOR, async (page) => {
          const n = await listedCount(page);
          if (n < expected) throw new Error(`the listing shows ${n} listeners, expected ≥ ${expected}`);
        });
        appPhases.push(p);
        return p.ready;
      },
      async () => {
        const p = await coldStart(staticUrl, '#list tbody tr');
        basePhases.push(p);
        return p.ready;
      },
      async () => {
        const p = await coldStart(emptyUrl, EMPTY_SELECTOR);
        emptyPhases.push(p);
        return p.ready;
      },
    ],
    runs,
    1,
  );
  const vsEmpty = pairedRatioRow('start', 'ms', subject!, empty!, 1.3);
  const row = pairedRatioRow(
    'start',
    'ms',
    subject!,
    baseline!,
    1.3,
    `${CHROMIUM} headless via playwright-core, new temp profile per launch; launch → goto → first listing row visible (#/listeners, ${expected.toLocaleString('en')}+ cached listeners; visible = Playwright's visibility test, checked in every animation frame for the app and both baselines alike; ` +
      'the browser-mode host was already running, as the baseline servers were); baseline = same launch → static page with a 20-row table from a bare node:http server; ' +
      `second baseline = same launch → an empty page (one line of text) from the app's own host; ${runs} rounds after 1 warm-up, the order of the three rotated round by round. ` +
      'Ratios are medians of the per-pair ratios (a run ÷ the baseline run of its round). ' +
      `To the static page: ${fmtRatio(subject!, baseline!)}; to the empty page: ${fmtRatio(subject!, empty!)} (empty page ${empty!.median.toFixed(0)} ms, min–max ${empty!.min.toFixed(0)}–${empty!.max.toFixed(0)}; ` +
      `static page ÷ empty page ${(baseline!.median / empty!.median).toFixed(3)}). Medians, app: ${phaseText(appPhases.slice(1))}; baseline: ${phaseText(basePhases.slice(1))}; empty page: ${phaseText(emptyPhases.slice(1))}`,
  );
  return {
    ...row,
    secondBaseline: { label: 'empty page from the app host', value: vsEmpty.baseline!, ratio: vsEmpty.ratio!, ratioSpread: vsEmpty.ratioSpread! },
  };
}

/** "1.234, p25–p75 1.2–1.3, min–max 1.1–1.4, ratio of the medians 1.25". */
function fmtRatio(subject: Sample, baseline: Sample): string {
  const ratios = summarize(pairRatios(subject.runs, baseline.runs));
  const q = (p: number): string => percentile(ratios.runs, p).toFixed(3);
  return `${ratios.median.toFixed(3)}, p25–p75 ${q(25)}–${q(75)}, min–max ${ratios.min.toFixed(3)}–${ratios.max.toFixed(3)}, ratio of the medians ${(subject.median / baseline.median).toFixed(3)}`;
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
