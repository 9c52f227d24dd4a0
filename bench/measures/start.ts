/**
 * The start measure, in Debian's Chromium driven by playwright-core, against ELB Desk in browser mode (the app host in
 * its own process, data folder already synced): launch (fresh temp profile) → open `#/listeners` → the first listener
 * row is visible (checked in every frame by `visibleProbe`), 1,000 cached listeners. Baselines, in rotated rounds: the
 * same launch → a static page from a bare local server → its table is visible; and the same launch → an empty page
 * from the app's own host → its one line is visible. `withBrowserUiOff` adds the same rounds without the pages of
 * Chromium's own window (BROWSER_UI_OFF), reported beside the row.
 * In-page code is passed as strings: this file is type-checked with Node types only (no DOM).
 */
import type { Browser, Page } from 'playwright-core';
import type { AppProc } from '../lib/env';
import { measureRounds, pairedRatioRow, pairRatios, percentile, summarize, type ResultRow, type Sample } from '../stats';
import { START_MARKS } from '../../renderer/src/lib/start-marks';
import { CHROMIUM, launchChromium, listedCount, ROW_SELECTOR } from './browser';

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
  /** In the page: the app's start marks (renderer/src/lib/start-marks.ts), 0 when the page has none (the baselines). */
  firstPaint: number;
  entry: number;
  firstScreenReady: number;
  mounted: number;
  /** Pages of Chromium's own browser UI (WebUI, e.g. the omnibox popup) open when the row was visible. */
  uiPages: number;
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
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? 0;
  return {
    html: nav ? nav.responseEnd : 0,
    assets: Math.max(nav ? nav.responseEnd : 0, ...assets),
    firstIpc: calls.length ? Math.min(...calls.map((r) => r.startTime)) : 0,
    inventoryStart: inv.length ? Math.min(...inv.map((r) => r.startTime)) : 0,
    ipc: Math.max(0, ...calls.map((r) => r.responseEnd)),
    firstRow,
    firstPaint: mark(${JSON.stringify(START_MARKS.firstPaint)}),
    entry: mark(${JSON.stringify(START_MARKS.entry)}),
    firstScreenReady: mark(${JSON.stringify(START_MARKS.ready)}),
    mounted: mark(${JSON.stringify(START_MARKS.mounted)}),
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

/** The browser-UI pages (WebUI in Chromium's own window: omnibox popup, …) a browser has open. */
async function browserUiPages(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string }> };
    return targetInfos.filter((t) => t.type === 'browser_ui').length;
  } finally {
    await cdp.detach();
  }
}

/**
 * launch (CHROMIUM_ARGS, then `extraArgs`) → new page → goto → `selector` visible (checked each frame); then, not
 * timed, the mark `liveMark` waited for (the app: mounted — a first paint shows rows before the app is live), the
 * milestones, `check` and the browser-UI pages; the browser is closed afterwards.
 */
export async function coldStart(url: string, selector: string, check?: (page: Page) => Promise<void>, extraArgs: readonly string[] = [], liveMark?: string): Promise<StartPhases> {
  const t0 = performance.now();
  const browser = await launchChromium(extraArgs);
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
    if (liveMark) await page.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, liveMark, { timeout: 30_000 });
    const inPage = (await page.evaluate(MILESTONES_SCRIPT)) as Pick<StartPhases, 'html' | 'assets' | 'firstIpc' | 'inventoryStart' | 'ipc' | 'firstRow' | 'firstPaint' | 'entry' | 'firstScreenReady' | 'mounted'>;
    if (check) await check(page);
    return { launched, pageOpen, committed, ready, ...inPage, uiPages: await browserUiPages(browser) };
  } finally {
    await browser.close();
  }
}

/**
 * Medians of the phases, as text. The app's own marks (entry script ran, first screen's code and data in, mounted) are
 * said where the pages set them; the IPC phases only where a call was made before the first row.
 */
export function phaseText(phases: readonly StartPhases[]): string {
  const med = (k: keyof StartPhases): number => summarize(phases.map((p) => p[k])).median;
  const m = (k: keyof StartPhases): string => med(k).toFixed(0);
  const painted = med('firstPaint') > 0 ? `the host's first paint put in the page ${m('firstPaint')} (inert until the app is live), ` : '';
  const marks = med('entry') > 0 ? `${painted}entry script ran ${m('entry')}, first screen's code and data in ${m('firstScreenReady')}, mounted (the app live) ${m('mounted')}, ` : '';
  const ipc =
    med('firstIpc') > 0 || med('ipc') > 0
      ? `first IPC sent ${m('firstIpc')}, inventory:get sent ${m('inventoryStart')}, last IPC answered ${m('ipc')}, `
      : 'no IPC before the first row, ';
  return (
    `launched ${m('launched')}, page open ${m('pageOpen')}, navigation committed ${m('committed')}, row visible ${m('ready')} ms after the launch; ` +
    `in the page: HTML ${m('html')}, scripts+CSS loaded ${m('assets')}, ${ipc}${marks}first row in the DOM ${m('firstRow')} ms after navigation start; ` +
    `browser-UI pages open ${m('uiPages')}`
  );
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
export async function measureStart(app: AppProc, staticUrl: string, emptyUrl: string, o: { runs?: number; expected?: number; extraArgs?: readonly string[] } = {}): Promise<ResultRow> {
  const extraArgs = o.extraArgs ?? [];
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
        }, extraArgs, START_MARKS.mounted);
        appPhases.push(p);
        return p.ready;
      },
      async () => {
        const p = await coldStart(staticUrl, '#list tbody tr', undefined, extraArgs);
        basePhases.push(p);
        return p.ready;
      },
      async () => {
        const p = await coldStart(emptyUrl, EMPTY_SELECTOR, undefined, extraArgs);
        emptyPhases.push(p);
        return p.ready;
      },
    ],
    runs,
    1,
  );
  const vsEmpty = pairedRatioRow('start', 'ms', subject!, empty!, 1.3);
  const measured =
    `To the static page: ${fmtRatio(subject!, baseline!)}; to the empty page: ${fmtRatio(subject!, empty!)} (empty page ${empty!.median.toFixed(0)} ms, min–max ${empty!.min.toFixed(0)}–${empty!.max.toFixed(0)}; ` +
    `static page ÷ empty page ${(baseline!.median / empty!.median).toFixed(3)}). Medians, app: ${phaseText(appPhases.slice(1))}; baseline: ${phaseText(basePhases.slice(1))}; empty page: ${phaseText(emptyPhases.slice(1))}`;
  const how =
    `${CHROMIUM} headless via playwright-core${extraArgs.length ? ` (also ${extraArgs.join(' ')})` : ''}, new temp profile per launch; launch → goto → first listing row visible (#/listeners, ${expected.toLocaleString('en')}+ cached listeners; visible = Playwright's visibility test, checked in every animation frame for the app and both baselines alike; ` +
    'the browser-mode host was already running, as the baseline servers were); baseline = same launch → static page with a 20-row table from a bare node:http server; ' +
    `second baseline = same launch → an empty page (one line of text) from the app's own host; ${runs} rounds after 1 warm-up, the order of the three rotated round by round. ` +
    'Ratios are medians of the per-pair ratios (a run ÷ the baseline run of its round). ';
  // A variant (extra flags) is reported beside the reference row, which says how it was taken: its note is the figures.
  const row = pairedRatioRow('start', 'ms', subject!, baseline!, 1.3, extraArgs.length ? measured : how + measured);
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


/**
 * Chromium 15x's own window preloads its omnibox popup as WebUI pages (chrome://omnibox-popup.top-chrome), in a
 * renderer of their own that is busy for a few hundred ms after every launch — in headless mode too, where that window
 * is never shown. On a 2-core machine it takes about a third of the CPU while the page under test loads, so a page
 * that needs more CPU (the app) loses more than one that needs little (the baselines). These features turn it off.
 * Electron has no such window; the product's own start never pays for it.
 */
export const BROWSER_UI_OFF = ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup'];

/**
 * The start row with `off` (the same measure with BROWSER_UI_OFF) beside it: as `variant`, and a sentence in the note.
 * Pass stays the row's own, measured with the reference flags.
 */
export function withBrowserUiOff(row: ResultRow, off: ResultRow): ResultRow {
  if (Number.isNaN(off.value) || off.ratio === null || !off.ratioSpread || off.baseline === null) return row;
  const s = off.ratioSpread;
  const sentence =
    `Beside it, not used for pass: the same ${s.pairs} rounds with Chromium's own omnibox-popup pages turned off for the app and the baselines alike ` +
    `(${BROWSER_UI_OFF.join(' ')}; see BROWSER_UI_OFF in bench/measures/start.ts): app ${off.value} ms, static page ${off.baseline} ms, ` +
    `ratio ${off.ratio} (p25–p75 ${s.q1}–${s.q3}, min–max ${s.min}–${s.max}). ${off.note ?? ''}`.trimEnd();
  return {
    ...row,
    variant: { label: 'without Chromium\'s omnibox-popup pages', args: [...BROWSER_UI_OFF], value: off.value, baseline: off.baseline, ratio: off.ratio, ratioSpread: s },
    note: row.note ? `${row.note}. ${sentence}` : sentence,
  };
}
