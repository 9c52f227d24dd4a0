/**
 * The page of the printed URL comes with a preload of the first screen's data (`app:boot`) behind a single-use ticket,
 * and only that request: a page requested without the token (or with a wrong one), a HEAD, any other file get what
 * was built, and nothing is asked of the core for them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOT_PATH, BOOT_PRELOAD_ID, bootJson } from '../../shared/ipc/boot-preload';
import type { Result } from '../../shared/ipc/result';
import { SseHub, startWebHost, TICKET_TTL_MS, type WebHost } from './server';

const PAGE = '<!doctype html><html><head><title>t</title><script type="module" src="./assets/index.js"></script></head><body><div id="app"></div></body></html>';
const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-boot-'));
writeFileSync(path.join(root, 'index.html'), PAGE);
writeFileSync(path.join(root, 'other.html'), PAGE);

/** An answer whose strings would break a page if they were ever written into one. */
const ANSWER = { accounts: [{ id: 'a1', name: '</script><script>alert(1)</script><!--' }], selection: { accountId: 'a1', region: 'r\u2028x' }, inventory: null };
let reply: Result<unknown> = { ok: true, value: ANSWER };
const calls: Array<{ channel: string; raw: unknown; origin: string }> = [];
let host: WebHost;

function get(p: string, method = 'GET', origin = host.origin): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: p, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A GET with request headers; the body as bytes (not decoded). */
function getBytes(p: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: p, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The path and query of the page's preload link, or null. */
function preloadHref(html: string): string | null {
  const m = new RegExp(`<link rel="preload" as="fetch" crossorigin href="\\.(${BOOT_PATH}\\?ticket=[\\w-]+)" id="${BOOT_PRELOAD_ID}">`).exec(html);
  return m ? m[1]! : null;
}

beforeAll(async () => {
  host = await startWebHost({
    port: 0,
    rendererDir: root,
    hub: new SseHub(),
    core: {
      async dispatch(channel, raw, sender) {
        calls.push({ channel, raw, origin: sender.origin ?? '' });
        return reply;
      },
    },
  });
});
afterAll(async () => host.close());
beforeEach(() => {
  calls.length = 0;
  reply = { ok: true, value: ANSWER };
});

describe('the first screen preloaded with the page', () => {
  it('answers the printed URL with the page as built plus a preload link in its head before the first script, never with the token', async () => {
    for (const p of [`/?token=${host.token}`, `/index.html?token=${host.token}`]) {
      const r = await get(p);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      const href = preloadHref(r.body);
      expect(href).not.toBeNull();
      expect(r.body).not.toContain(host.token);
      expect(href).not.toContain(host.token);
      // The page around it is the built one, the link just before the first script (the data is asked for first).
      expect(r.body.replace(/<link rel="preload"[^>]*>\n/, '')).toBe(PAGE);
      expect(r.body).toContain(`id="${BOOT_PRELOAD_ID}">\n<script type="module"`);
    }

    // The core is asked only when the answer is fetched.
    expect(calls).toEqual([]);
  });

  it('answers the ticket once with the app:boot answer as JSON; a second use, a wrong or missing ticket, or another method is refused', async () => {
    const href = preloadHref((await get(`/?token=${host.token}`)).body)!;
    const r = await get(href);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(r.body)).toEqual(ANSWER);
    expect(r.body).not.toContain(host.token);
    expect(calls).toEqual([{ channel: 'app:boot', raw: { selection: { accountId: null, region: null } }, origin: host.origin }]);
    for (const p of [href, `${BOOT_PATH}?ticket=nope`, BOOT_PATH, `${BOOT_PATH}?token=${host.token}`]) expect((await get(p)).status).toBe(401);
    const other = preloadHref((await get(`/?token=${host.token}`)).body)!;
    expect((await get(other, 'POST')).status).toBe(405);
    expect(calls).toHaveLength(1);
  });

  it('gzips the answer for a client that takes gzip (a browser does): the same JSON in a fraction of the bytes; plain for one that does not', async () => {
    const listeners = Array.from({ length: 200 }, (_, i) => ({ id: `l-${i}`, name: `tcp-${i}`, port: 1000 + i }));
    reply = { ok: true, value: { ...ANSWER, inventory: { listeners } } };
    const plain = JSON.stringify(reply.value);
    for (const encoding of ['gzip, deflate, br', 'gzip;q=1.0, identity;q=0.5', '*']) {
      const href = preloadHref((await get(`/?token=${host.token}`)).body)!;
      const r = await getBytes(href, { 'accept-encoding': encoding });
      expect(r.status, encoding).toBe(200);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers['vary']).toBe('accept-encoding');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.body.length).toBeLessThan(plain.length / 4);
      expect(JSON.parse(gunzipSync(r.body).toString('utf8'))).toEqual(reply.value);
    }
    for (const encoding of ['identity', 'gzip;q=0', 'deflate']) {
      const href = preloadHref((await get(`/?token=${host.token}`)).body)!;
      const r = await getBytes(href, { 'accept-encoding': encoding });
      expect(r.headers['content-encoding'], encoding).toBeUndefined();
      expect(JSON.parse(r.body.toString('utf8'))).toEqual(reply.value);
    }
  });

  it('a ticket not used within TICKET_TTL_MS is refused', async () => {
    let now = 1_000_000;
    const timed = await startWebHost({ port: 0, rendererDir: root, hub: new SseHub(), now: () => now, core: { dispatch: async () => reply } });
    try {
      const { pathname, search } = new URL(timed.openUrl);
      const href = preloadHref((await get(`${pathname}${search}`, 'GET', timed.origin)).body)!;
      now += TICKET_TTL_MS;
      expect((await get(href, 'GET', timed.origin)).status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  it('each page gets its own ticket', async () => {
    const a = preloadHref((await get(`/?token=${host.token}`)).body);
    const b = preloadHref((await get(`/?token=${host.token}`)).body);
    expect(a).not.toBe(b);
    expect((await get(a!)).status).toBe(200);
    expect((await get(b!)).status).toBe(200);
  });

  it('answers a failed boot as its error (HTTP 503): the page then asks main itself', async () => {
    reply = { ok: false, error: { code: 'INTERNAL', message: 'broken' } };
    const href = preloadHref((await get(`/?token=${host.token}`)).body)!;
    const r = await get(href);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toEqual(reply);
  });

  it('writes the same JSON with the per-inventory cache, and writes an inventory’s JSON once per inventory object', () => {
    const inventory = { listeners: [{ name: 'a</script>' }], syncedAt: {} };
    const value = { accounts: [{ id: 'a1', name: '<b>' }], selection: { accountId: 'a1', region: 'r' }, inventory };
    const cache = new WeakMap<object, string>();
    const first = bootJson(value, cache);
    expect(JSON.parse(first)).toEqual(value);
    expect(first).toBe(bootJson(value));
    expect(cache.get(inventory)).toBe(JSON.stringify(inventory));
    // Another answer with the same inventory object reuses its JSON (the accounts are written anew).
    cache.set(inventory, '{"cached":true}');
    expect(JSON.parse(bootJson({ ...value, accounts: [] }, cache))).toEqual({ accounts: [], selection: value.selection, inventory: { cached: true } });
    // No inventory, or no cache: written as it is.
    expect(bootJson({ ...value, inventory: null }, cache)).toBe(JSON.stringify({ ...value, inventory: null }));
  });

  it('serves the page as built, asking the core nothing, without the token, with a wrong one, for HEAD and for other files', async () => {
    for (const p of ['/', '/index.html', '/?token=wrong', `/?token=${host.token}x`, `/other.html?token=${host.token}`]) {
      const r = await get(p);
      expect(r.status).toBe(200);
      expect(r.body).toBe(PAGE);
      expect(r.headers['content-length']).toBe(String(PAGE.length));
    }
    const head = await get(`/?token=${host.token}`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(calls).toEqual([]);
  });
});
