/**
 * The page of the printed URL comes with the first screen's data (`app:boot`) inlined, and only that request: a page
 * requested without the token (or with a wrong one), a HEAD, any other file get what was built, and nothing is asked
 * of the core for them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INLINE_BOOT_ID, inlineBootBlock, jsonForHtml } from '../../shared/ipc/inline-boot';
import type { Result } from '../../shared/ipc/result';
import { SseHub, startWebHost, type WebHost } from './server';

const PAGE = '<!doctype html><html><head><title>t</title></head><body><div id="app"></div></body></html>';
const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-inline-'));
writeFileSync(path.join(root, 'index.html'), PAGE);
writeFileSync(path.join(root, 'other.html'), PAGE);

/** An answer whose strings would end the block or break a script if they were not escaped. */
const ANSWER = { accounts: [{ id: 'a1', name: '</script><script>alert(1)</script><!--' }], selection: { accountId: 'a1', region: 'r\u2028x' }, inventory: null };
let reply: Result<unknown> = { ok: true, value: ANSWER };
const calls: Array<{ channel: string; raw: unknown; origin: string }> = [];
let host: WebHost;

function get(p: string, method = 'GET'): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
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

/** The text of the data block, or null. */
function block(html: string): string | null {
  const m = new RegExp(`<script type="application/json" id="${INLINE_BOOT_ID}">([\\s\\S]*?)</script>`).exec(html);
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

describe('the first screen inlined into the page', () => {
  it('answers the printed URL with the app:boot answer in a JSON data block before </body>, never with the token', async () => {
    for (const p of [`/?token=${host.token}`, `/index.html?token=${host.token}`]) {
      const r = await get(p);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      const text = block(r.body);
      expect(text).not.toBeNull();
      expect(JSON.parse(text!)).toEqual(ANSWER);
      expect(r.body).not.toContain(host.token);
      // The page around it is the built one, the block just before </body>.
      expect(r.body.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')).toBe(PAGE);
      expect(r.body.indexOf(`id="${INLINE_BOOT_ID}"`)).toBeGreaterThan(r.body.indexOf('<div id="app">'));
    }
    expect(calls).toEqual([
      { channel: 'app:boot', raw: { selection: { accountId: null, region: null } }, origin: host.origin },
      { channel: 'app:boot', raw: { selection: { accountId: null, region: null } }, origin: host.origin },
    ]);
  });

  it('escapes every "<" (and U+2028/U+2029) so no string can end the block; JSON.parse reads the same value', () => {
    const text = jsonForHtml(ANSWER);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(ANSWER);
  });

  it('writes the same block with the per-inventory cache, and writes an inventory’s JSON once per inventory object', () => {
    const inventory = { listeners: [{ name: 'a</script>' }], syncedAt: {} };
    const value = { accounts: [{ id: 'a1', name: '<b>' }], selection: { accountId: 'a1', region: 'r' }, inventory };
    const cache = new WeakMap<object, string>();
    const first = inlineBootBlock(value, cache);
    expect(first).toBe(inlineBootBlock(value));
    expect(cache.get(inventory)).toBe(jsonForHtml(inventory));
    // Another answer with the same inventory object reuses its JSON (the accounts are written anew).
    cache.set(inventory, '{"cached":true}');
    const again = inlineBootBlock({ ...value, accounts: [] }, cache);
    expect(JSON.parse(block(again)!)).toEqual({ accounts: [], selection: value.selection, inventory: { cached: true } });
    // No inventory, or no cache: written as it is.
    expect(inlineBootBlock({ ...value, inventory: null }, cache)).toBe(inlineBootBlock({ ...value, inventory: null }));
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

  it('serves the page without a block when the core answers an error', async () => {
    reply = { ok: false, error: { code: 'INTERNAL', message: 'broken' } };
    const r = await get(`/?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(PAGE);
    expect(calls).toHaveLength(1);
  });
});
