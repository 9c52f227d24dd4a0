import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sender } from '../core/ports';
import { CSP, SseHub, resolveStaticPath, startWebHost, type WebHost } from './server';

const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-host-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(os.tmpdir(), 'secret-outside.txt'), 'outside');

const seen: Array<{ channel: string; raw: unknown; sender: Sender }> = [];
const hub = new SseHub();
let host: WebHost;

function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

beforeAll(async () => {
  host = await startWebHost({
    port: 0,
    rendererDir: root,
    hub,
    core: {
      async dispatch(channel, raw, sender) {
        seen.push({ channel, raw, sender });
        return { ok: true, value: { echoed: channel } };
      },
    },
  });
});
afterAll(async () => host.close());

describe('browser-mode host', () => {
  it('binds to 127.0.0.1 and prints a URL with the token', () => {
    expect(host.openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses requests without the token', async () => {
    expect((await request({ path: '/' })).status).toBe(401);
    expect((await request({ path: '/ipc/drafts:list', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await request({ path: '/', headers: { 'x-elb-desk-token': 'wrong' } })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const t = { 'x-elb-desk-token': host.token };
    expect((await request({ path: '/', headers: { ...t, host: 'evil.example' } })).status).toBe(421);
    const r = await request({ path: '/ipc/drafts:list', method: 'POST', headers: { ...t, origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('serves the page with the CSP and sets the token cookie from ?token=', async () => {
    const r = await request({ path: `/?token=${host.token}` });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(CSP);
    expect(String(r.headers['set-cookie'])).toContain('HttpOnly');
    const cookie = String(r.headers['set-cookie']).split(';')[0]!;
    expect((await request({ path: '/assets/app.js', headers: { cookie } })).status).toBe(200);
  });

  it('passes IPC to the dispatcher with its own origin as sender', async () => {
    const r = await request({
      path: '/ipc/drafts:list',
      method: 'POST',
      headers: { 'x-elb-desk-token': host.token, 'content-type': 'application/json', origin: host.origin },
      body: '{"a":1}',
    });
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { echoed: 'drafts:list' } });
    expect(seen.at(-1)).toEqual({ channel: 'drafts:list', raw: { a: 1 }, sender: { origin: host.origin, isMainFrame: true } });
  });

  it('answers bad JSON and non-JSON bodies with a typed validation error', async () => {
    const t = { 'x-elb-desk-token': host.token };
    const bad = await request({ path: '/ipc/drafts:list', method: 'POST', headers: { ...t, 'content-type': 'application/json' }, body: '{nope' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const text = await request({ path: '/ipc/drafts:list', method: 'POST', headers: { ...t, 'content-type': 'text/plain' }, body: '{}' });
    expect(JSON.parse(text.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('never serves files outside the renderer folder', async () => {
    expect(resolveStaticPath(root, '/../secret-outside.txt')).toBeNull();
    expect(resolveStaticPath(root, '/%2e%2e/secret-outside.txt')).toBeNull();
    expect(resolveStaticPath(root, '/assets/%2e%2e%2f%2e%2e%2fsecret-outside.txt')).toBeNull();
    expect(resolveStaticPath(root, '/a\0b')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    const r = await request({ path: '/%2e%2e/secret-outside.txt', headers: { 'x-elb-desk-token': host.token } });
    expect(r.status).toBe(404);
  });
});
