import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, coldStart } from './browser';

/**
 * The start measure's "visible": pages whose row is in the document before it can be seen, made visible by a timer
 * `SHOW_MS` after the page's script runs. A row must count only once it is visible, and be seen within frames of
 * that, not at the next step of a backoff schedule.
 */
const SHOW_MS = 400;

const page = (head: string, body: string, show: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}` +
  `<script>window.__dom = performance.now(); setTimeout(() => { ${show}; window.__shown = performance.now(); }, ${SHOW_MS});</script></body></html>`;

const PAGES: Record<string, string> = {
  // visibility: hidden on the table (the row inherits it)
  '/hidden.html': page('', '<table id="t" style="visibility:hidden"><tbody><tr><td>row</td></tr></tbody></table>', "document.getElementById('t').style.visibility = 'visible'"),
  // inside a display: none container (no box, checkVisibility() is false)
  '/undisplayed.html': page('', '<div id="d" style="display:none"><table><tbody><tr><td>row</td></tr></tbody></table></div>', "document.getElementById('d').style.display = 'block'"),
  // an empty row (no cells): no width or height until its cell comes
  '/empty-row.html': page('', '<table><tbody><tr id="r"></tr></tbody></table>', "document.getElementById('r').innerHTML = '<td>row</td>'"),
};

const server = http.createServer((req, res) => {
  const body = PAGES[req.url ?? ''];
  res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body ?? 'not found');
});
const url = (p: string): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;

beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
afterAll(() => new Promise((r) => server.close(r)));

describe.skipIf(!existsSync(CHROMIUM))('coldStart (the start measure)', () => {
  for (const path of Object.keys(PAGES)) {
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
});
