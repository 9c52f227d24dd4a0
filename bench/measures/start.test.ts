import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './browser';
import { pairedRatioRow, summarize } from '../stats';
import { START_MARKS } from '../../renderer/src/lib/start-marks';
import { BROWSER_UI_OFF, coldStart, phaseText, withBrowserUiOff, type StartPhases } from './start';

/**
 * The start measure's "visible": pages whose row is in the document before it can be seen, made visible by a timer
 * `SHOW_MS` after the page's script runs. A row must count only once it is visible, and be seen within frames of
 * that, not at the next step of a backoff schedule.
 */
const SHOW_MS = 400;

/** A page whose row is made visible by its script (a file: the pages carry the app's CSP, which has no inline script or string evaluation). */
const page = (body: string, script: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script src="${script}"></script></body></html>`;
const show = (what: string): string => `window.__dom = performance.now(); setTimeout(() => { ${what}; window.__shown = performance.now(); }, ${SHOW_MS});`;

const FILES: Record<string, string> = {
  // visibility: hidden on the table (the row inherits it)
  '/hidden.html': page('<table id="t" style="visibility:hidden"><tbody><tr><td>row</td></tr></tbody></table>', '/hidden.js'),
  '/hidden.js': show("document.getElementById('t').style.visibility = 'visible'"),
  // inside a display: none container (no box, checkVisibility() is false)
  '/undisplayed.html': page('<div id="d" style="display:none"><table><tbody><tr><td>row</td></tr></tbody></table></div>', '/undisplayed.js'),
  '/undisplayed.js': show("document.getElementById('d').style.display = 'block'"),
  // an empty row (no cells): no width or height until its cell comes
  '/empty-row.html': page('<table><tbody><tr id="r"></tr></tbody></table>', '/empty-row.js'),
  '/empty-row.js': show("document.getElementById('r').innerHTML = '<td>row</td>'"),
};
const PAGES = Object.keys(FILES).filter((f) => f.endsWith('.html'));

// A page that sets the app's start marks (as renderer/src/main.ts does), then shows its row.
FILES['/marked.html'] = page('<table><tbody id="b"></tbody></table>', '/marked.js');
FILES['/marked.js'] = [
  `performance.mark(${JSON.stringify(START_MARKS.entry)});`,
  `setTimeout(() => { performance.mark(${JSON.stringify(START_MARKS.ready)}); document.getElementById('b').innerHTML = '<tr><td>row</td></tr>'; performance.mark(${JSON.stringify(START_MARKS.mounted)}); }, 50);`,
].join('\n');

// A page shown before it is live (as with the host's first paint): the row is in the HTML, the app mounts 300 ms later.
FILES['/painted.html'] = page('<table><tbody><tr><td>row</td></tr></tbody></table>', '/painted.js');
FILES['/painted.js'] = [
  `performance.mark(${JSON.stringify(START_MARKS.firstPaint)});`,
  `setTimeout(() => performance.mark(${JSON.stringify(START_MARKS.mounted)}), 300);`,
].join('\n');

const server = http.createServer((req, res) => {
  const body = FILES[req.url ?? ''];
  res.writeHead(body ? 200 : 404, {
    'content-type': (req.url ?? '').endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8',
    // the app's script rule (electron/dev-host): no inline script, no string evaluation — the measure must work there
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
  });
  res.end(body ?? 'not found');
});
const url = (p: string): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;

beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
afterAll(() => new Promise((r) => server.close(r)));

describe.skipIf(!existsSync(CHROMIUM))('coldStart (the start measure)', () => {
  for (const path of PAGES) {
    it(`counts the row of ${path} only once it is visible, and sees it within frames of that`, async () => {
      let inPage: { dom: number; shown: number } | null = null;
      const p = await coldStart(url(path), 'table tbody tr', async (pg) => {
        inPage = (await pg.evaluate('({ dom: window.__dom, shown: window.__shown })')) as { dom: number; shown: number };
      });
      // The row was in the DOM from the start; it was found only after the timer made it visible.
      expect(inPage).not.toBeNull();
      const { dom, shown } = inPage!;
      expect(shown - dom).toBeGreaterThanOrEqual(SHOW_MS - 1);
      // In Node's clock: from the commit to "visible" at least the timer's wait …
      expect(p.ready - p.committed).toBeGreaterThanOrEqual(SHOW_MS - 20);
      // … and not the next poll of Playwright's backoff (0, 20, 50, 100, 100, 500 ms apart: ≥ 770 ms after the
      // commit for a row that becomes visible at ~400 ms), which this measure must not wait for.
      expect(p.ready - p.committed).toBeLessThan(SHOW_MS + 250);
    }, 60_000);
  }

  it("reads the app's start marks where a page sets them, and 0 where it does not", async () => {
    const marked = await coldStart(url('/marked.html'), 'table tbody tr');
    expect(marked.entry).toBeGreaterThan(0);
    expect(marked.firstScreenReady - marked.entry).toBeGreaterThanOrEqual(45);
    expect(marked.mounted).toBeGreaterThanOrEqual(marked.firstScreenReady);
    const plain = await coldStart(url(PAGES[0]!), 'table tbody tr');
    expect([plain.entry, plain.firstScreenReady, plain.mounted]).toEqual([0, 0, 0]);
  }, 60_000);

  it('waits for the mark of the app being live when asked, after the row is visible', async () => {
    const live = await coldStart(url('/painted.html'), 'table tbody tr', undefined, [], START_MARKS.mounted);
    expect(live.firstPaint).toBeGreaterThan(0);
    expect(live.mounted - live.firstPaint).toBeGreaterThanOrEqual(290);
    // Without it the milestones are read when the row is visible: the app is not live yet.
    const early = await coldStart(url('/painted.html'), 'table tbody tr');
    expect(early.mounted).toBe(0);
  }, 60_000);

  // The variant the bench reports beside the start row: without Chromium's own omnibox-popup pages. With the flags no
  // browser-UI page is open when the row is visible (whatever this Chromium would open without them).
  it('opens no browser-UI page of its own with BROWSER_UI_OFF', async () => {
    const p = await coldStart(url(PAGES[0]!), 'table tbody tr', undefined, BROWSER_UI_OFF);
    expect(p.uiPages).toBe(0);
  }, 60_000);
});

describe('phaseText (the start row\'s medians, in words)', () => {
  const phases = (o: Partial<StartPhases>): StartPhases => ({
    launched: 140, pageOpen: 300, committed: 340, ready: 500, html: 8, assets: 70, firstIpc: 0, inventoryStart: 0, ipc: 0, firstRow: 150,
    firstPaint: 0, entry: 0, firstScreenReady: 0, mounted: 0, uiPages: 2, ...o,
  });
  it("says the app's marks where the pages set them, and no IPC when none was made", () => {
    const text = phaseText([phases({ entry: 95, firstScreenReady: 128, mounted: 160 })]);
    expect(text).toContain("entry script ran 95, first screen's code and data in 128, mounted (the app live) 160, ");
    expect(text).not.toContain('first paint');
    expect(text).toContain('no IPC before the first row');
    expect(text).not.toContain('first IPC sent');
  });
  it("says when the host's first paint was put in the page, where there was one", () => {
    const text = phaseText([phases({ firstPaint: 60, entry: 95, firstScreenReady: 128, mounted: 160 })]);
    expect(text).toContain("the host's first paint put in the page 60 (inert until the app is live), entry script ran 95");
  });
  it('says nothing of marks for a page without them, and the IPC phases when calls were made', () => {
    const text = phaseText([phases({ firstIpc: 40, inventoryStart: 60, ipc: 90 })]);
    expect(text).not.toContain('entry script ran');
    expect(text).toContain('first IPC sent 40, inventory:get sent 60, last IPC answered 90');
  });
});

describe('withBrowserUiOff (the variant beside the start row)', () => {
  const row = (app: number[], base: number[]) => pairedRatioRow('start', 'ms', summarize(app), summarize(base), 1.3, 'how');
  it('reports the variant beside the row and never changes its pass', () => {
    const failing = row([140, 140, 140], [100, 100, 100]);
    const passing = row([110, 110, 110], [100, 100, 100]);
    expect(failing.pass).toBe(false);
    expect(passing.pass).toBe(true);
    const out = withBrowserUiOff(failing, passing);
    expect(out.pass).toBe(false);
    expect(out.ratio).toBe(failing.ratio);
    expect(out.variant).toMatchObject({ args: BROWSER_UI_OFF, ratio: passing.ratio, value: passing.value, baseline: passing.baseline });
    expect(out.note).toMatch(/^how\. Beside it, not used for pass:/);
  });
  it('leaves the row alone when the variant was not measured', () => {
    const failing = row([140, 140, 140], [100, 100, 100]);
    expect(withBrowserUiOff(failing, { ...failing, value: Number.NaN })).toBe(failing);
  });
});
