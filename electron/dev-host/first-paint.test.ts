/**
 * The host's first paint: the page of the printed URL (and only it) gets the inline page script with a single-use
 * ticket, allowed by its hash in the page's CSP (header and meta element) and no other inline script; `GET
 * /first-paint` answers once per ticket, for the page's account + region, and nothing when there is nothing to paint.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_PAINT_PATH, FIRST_PAINT_SCRIPT, firstPaintQuery, type FirstPaintParams } from '../../shared/ipc/first-paint';
import { cspWithFirstPaint, loadFirstPaint, withFirstPaintScript, type FirstPaint } from './first-paint';
import { CSP, SseHub, startWebHost, type WebHost } from './server';

const META = `<meta http-equiv="Content-Security-Policy" content="${CSP.replace(" frame-ancestors 'none';", '')}" />`;
const PAGE = `<!doctype html><html><head><meta charset="UTF-8" />${META}<title>t</title><script type="module" src="./assets/index.js"></script><link rel="stylesheet" href="./assets/a.css"></head><body><div id="app"></div></body></html>`;
const SCRIPT = 'void document.currentScript.dataset.ticket;';
const HASH = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;
const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-paint-'));
writeFileSync(path.join(root, 'index.html'), PAGE);

const ANSWER = { accounts: [], selection: { accountId: 'acc-2', region: 'r-2' }, inventory: {} };
const PARAMS: FirstPaintParams = { hash: '#/listeners', language: 'en', theme: 'system', accountId: 'acc-2', region: 'r-2', height: 720, remPx: 15 };
const calls: Array<{ channel: string; raw: unknown }> = [];
const renders: Array<{ params: FirstPaintParams; answer: unknown }> = [];
let rendered: string | null = '<!--[--><p>painted</p><!--]-->';
const render: FirstPaint['render'] = async (params, answer) => {
  renders.push({ params, answer });
  return rendered;
};
const paint: FirstPaint = { script: SCRIPT, scriptHash: HASH, render };
let host: WebHost;

function get(p: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: p, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The page of the printed URL and the ticket of its first-paint script. */
async function printedPage(): Promise<{ body: string; csp: string; ticket: string }> {
  const res = await get(`/?token=${host.token}`);
  const m = /<script data-ticket="([\w-]+)">/.exec(res.body);
  expect(m, 'the page has the first-paint script').not.toBeNull();
  return { body: res.body, csp: String(res.headers['content-security-policy']), ticket: m![1]! };
}

beforeAll(async () => {
  host = await startWebHost({
    port: 0,
    rendererDir: root,
    hub: new SseHub(),
    firstPaint: paint,
    core: {
      async dispatch(channel, raw) {
        calls.push({ channel, raw });
        return { ok: true, value: ANSWER };
      },
    },
  });
});
afterAll(() => host.close());
beforeEach(() => {
  calls.length = 0;
  renders.length = 0;
  rendered = '<!--[--><p>painted</p><!--]-->';
  paint.render = render;
});

describe('the page of the printed URL', () => {
  it('has the script inline before the first link or script, allowed by its hash in the header and the meta CSP', async () => {
    const { body, csp } = await printedPage();
    expect(body.indexOf(`">${SCRIPT}</script>`)).toBeLessThan(body.indexOf('<link'));
    expect(body.indexOf(`">${SCRIPT}</script>`)).toBeLessThan(body.indexOf('<script type="module"'));
    expect(csp).toBe(CSP.replace("script-src 'self'", `script-src 'self' ${HASH}`));
    expect(body).toContain(`script-src 'self' ${HASH};`);
    // One inline script, and only its own hash allowed: no 'unsafe-inline' anywhere.
    expect(body.match(/<script data-ticket/g)).toHaveLength(1);
    expect(`${csp} ${body}`).not.toContain('unsafe-inline');
  });

  it('is the only page with it: without the token the page comes as built, under the plain CSP', async () => {
    const res = await get('/');
    expect(res.body).toBe(PAGE);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.body).not.toContain('data-ticket');
  });
});

describe(`GET ${FIRST_PAINT_PATH}`, () => {
  it("renders the app's root for the page's account + region, once per ticket", async () => {
    const { ticket } = await printedPage();
    const url = `${FIRST_PAINT_PATH}?ticket=${ticket}&${firstPaintQuery(PARAMS)}`;
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toBe(rendered);
    expect(calls).toEqual([{ channel: 'app:boot', raw: { selection: { accountId: 'acc-2', region: 'r-2' } } }]);
    expect(renders).toEqual([{ params: PARAMS, answer: ANSWER }]);
    expect((await get(url)).status).toBe(401);
    expect(renders).toHaveLength(1);
  });

  it('refuses a request without a ticket, or with one the host never gave, before asking the core', async () => {
    expect((await get(`${FIRST_PAINT_PATH}?${firstPaintQuery(PARAMS)}`)).status).toBe(401);
    expect((await get(`${FIRST_PAINT_PATH}?ticket=made-up&${firstPaintQuery(PARAMS)}`)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('says which value is wrong, and renders nothing', async () => {
    const { ticket } = await printedPage();
    const res = await get(`${FIRST_PAINT_PATH}?ticket=${ticket}&${firstPaintQuery({ ...PARAMS, height: 0 })}`);
    expect(res.status).toBe(400);
    expect(res.body).toBe('First paint: window height must be a number of 1 to 100,000 px.');
    expect(renders).toEqual([]);
  });

  it('answers 204 with nothing when there is nothing to paint (or the render fails)', async () => {
    rendered = null;
    const first = await printedPage();
    const none = await get(`${FIRST_PAINT_PATH}?ticket=${first.ticket}&${firstPaintQuery({ ...PARAMS, hash: '#/drafts' })}`);
    expect([none.status, none.body]).toEqual([204, '']);
    paint.render = async () => Promise.reject(new Error('boom'));
    const second = await printedPage();
    const failed = await get(`${FIRST_PAINT_PATH}?ticket=${second.ticket}&${firstPaintQuery(PARAMS)}`);
    expect([failed.status, failed.body]).toEqual([204, '']);
  });
});

describe('withFirstPaintScript and loadFirstPaint', () => {
  it('leaves a page without a head link or script as it is', () => {
    const page = '<html><head><title>x</title></head><body></body></html>';
    expect(withFirstPaintScript(page, paint, 't')).toBe(page);
  });

  it('extends only the script rule of a policy', () => {
    expect(cspWithFirstPaint("default-src 'self'; script-src 'self'; style-src 'self'", HASH)).toBe(`default-src 'self'; script-src 'self' ${HASH}; style-src 'self'`);
  });

  it('is off unless both halves were built, and refuses a script that would end its element early', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-paint-load-'));
    const renderer = path.join(dir, 'renderer');
    mkdirSync(renderer);
    mkdirSync(path.join(dir, 'ssr'));
    expect(await loadFirstPaint(renderer)).toBeNull();
    writeFileSync(path.join(dir, 'ssr', 'first-paint.js'), 'export async function renderFirstPaint() { return "<p>x</p>"; }\n');
    expect(await loadFirstPaint(renderer)).toBeNull();
    writeFileSync(path.join(renderer, FIRST_PAINT_SCRIPT), `${SCRIPT}\n`);
    const loaded = await loadFirstPaint(renderer);
    expect(loaded?.script).toBe(SCRIPT);
    expect(loaded?.scriptHash).toBe(HASH);
    expect(await loaded?.render(PARAMS, ANSWER)).toBe('<p>x</p>');
    writeFileSync(path.join(renderer, FIRST_PAINT_SCRIPT), 'var s = "</script><script>alert(1)";\n');
    await expect(loadFirstPaint(renderer)).rejects.toThrow('contains "</script"');
  });
});
