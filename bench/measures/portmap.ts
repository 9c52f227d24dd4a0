/**
 * The port map measure, in Debian's Chromium against ELB Desk in browser mode: a load balancer with 10,000
 * listeners (the sandbox's extra listeners go round-robin over its 5 L4-capable load balancers, so 50,000 of them
 * give each one 10,000), on `#/load-balancers`; click its "Port map" disclosure and time, in the page, until the
 * map's lanes are in the DOM and laid out (the map's chunk is loaded on first use, so that is counted too).
 * In-page code is passed as strings: this file is type-checked with Node types only (no DOM).
 */
import type { BrowserContext } from 'playwright-core';
import type { AppProc } from '../lib/env';
import { absoluteRow, summarize, type ResultRow, type Sample } from '../stats';
import { FRAME_MS, launchChromium } from './browser';

/** The load balancer measured (the first L4-capable one of the sandbox's region 1). */
export const PORTMAP_LB = 'web-prod';
/** L4-capable load balancers the sandbox spreads its extra listeners over. */
export const SANDBOX_L4_LBS = 5;

const INVENTORY_LOADED = 'header time[datetime]';
const SETTLE_SCRIPT = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => r(null), { timeout: 2000 }))))`;

/** In the page: the LB's listener count (its listing link), then click "Port map" and time the first render. */
function openMapScript(lbName: string): string {
  return `new Promise((resolve, reject) => {
    const th = [...document.querySelectorAll('tbody th[scope=row]')].find((h) => h.textContent.includes(${JSON.stringify(lbName)}));
    if (!th) { reject(new Error('no row ${lbName}')); return; }
    const row = th.closest('tr');
    const link = row.querySelector('a[aria-label]');
    const listeners = Number((link && link.textContent || '0').replace(/[^0-9]/g, ''));
    const button = [...row.querySelectorAll('button')].find((b) => b.getAttribute('aria-expanded') !== null);
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('the port map did not render within 30 s')); }, 30000);
    let t0 = 0;
    const check = () => {
      const lanes = document.querySelectorAll('[data-portmap] [role=slider] svg');
      if (lanes.length < 2) return;
      mo.disconnect();
      clearTimeout(timer);
      const dom = performance.now() - t0;
      void document.body.offsetHeight;
      const layout = performance.now() - t0;
      const rects = document.querySelectorAll('[data-portmap] svg rect').length;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ dom, layout, frame: performance.now() - t0, listeners, rects });
        ch.port2.postMessage(0);
      });
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { childList: true, subtree: true });
    t0 = performance.now();
    button.click();
  })`;
}

interface MapTimes {
  dom: number;
  layout: number;
  frame: number;
  listeners: number;
  rects: number;
}

async function mapRun(context: BrowserContext, app: AppProc): Promise<MapTimes> {
  const page = await context.newPage();
  try {
    await page.goto(`${app.openUrl}#/load-balancers`, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForSelector(INVENTORY_LOADED, { state: 'attached', timeout: 60_000 });
    await page.waitForSelector('tbody th[scope=row]', { state: 'visible', timeout: 60_000 });
    await page.evaluate(SETTLE_SCRIPT);
    return (await page.evaluate(openMapScript(PORTMAP_LB))) as MapTimes;
  } finally {
    await page.close();
  }
}

/** Measures `portmap`: first render of the port map of an LB with ≥ `expected` listeners (target ≤ 100 ms). */
export async function measurePortMap(app: AppProc, o: { runs?: number; expected?: number } = {}): Promise<ResultRow> {
  const runs = o.runs ?? 5;
  const expected = o.expected ?? 10_000;
  const browser = await launchChromium();
  const results: MapTimes[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const r = await mapRun(context, app);
        if (r.listeners < expected) throw new Error(`${PORTMAP_LB} has ${r.listeners} listeners, expected ≥ ${expected}`);
        results.push(r);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const measured = results.slice(1);
  const layout = summarize(measured.map((r) => r.layout));
  const frame = summarize(measured.map((r) => r.frame));
  const fmt = (s: Sample): string => `${s.median.toFixed(1)} ms (max ${s.max.toFixed(1)})`;
  return absoluteRow(
    'portmap',
    'ms',
    layout,
    100,
    FRAME_MS,
    `click on "Port map" of ${PORTMAP_LB} (${measured[0]?.listeners.toLocaleString('en') ?? '?'} listeners, the sandbox's extra listeners over ${SANDBOX_L4_LBS} L4 load balancers) on #/load-balancers, ` +
      `until both lanes are in the DOM + forced layout, timed in the page (includes loading the map's chunk); ${measured[0]?.rects ?? '?'} SVG rects drawn; ` +
      `to the end of the next frame: ${fmt(frame)}; ${runs} pages after 1 warm-up, Chromium headless 1280×800; ratio is to the frame budget`,
  );
}
