import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sender } from '../core/ports';
import { CSP, SseHub, TICKET_TTL_MS, TicketBook, resolveStaticFile, resolveStaticPath, startWebHost, type WebHost } from './server';

const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-host-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(os.tmpdir(), 'secret-outside.txt'), 'outside');
const outsideDir = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-outside-'));
writeFileSync(path.join(outsideDir, 'secret.txt'), 'outside secret');
symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(root, 'assets', 'link-out.txt'));
symlinkSync(outsideDir, path.join(root, 'linked-dir'));
symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'assets', 'link-in.js'));

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

  it('serves static files without the token, and refuses IPC without the header token', async () => {
    expect((await request({ path: '/' })).status).toBe(200);
    expect((await request({ path: '/assets/app.js' })).status).toBe(200);
    expect((await request({ path: '/ipc/drafts:list', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await request({ path: '/ipc/drafts:list', method: 'POST', headers: { 'x-elb-desk-token': 'wrong', 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect(seen).toHaveLength(0);
  });

  it('never takes the token from a cookie or from the query on /ipc', async () => {
    const json = { 'content-type': 'application/json' };
    const cookie = await request({ path: '/ipc/drafts:list', method: 'POST', headers: { ...json, cookie: `elb_desk_token=${host.token}` }, body: '{}' });
    expect(cookie.status).toBe(401);
    expect(JSON.parse(cookie.body)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    const query = await request({ path: `/ipc/drafts:list?token=${host.token}`, method: 'POST', headers: json, body: '{}' });
    expect(query.status).toBe(401);
    expect(seen).toHaveLength(0);
  });

  it('never sets a cookie, even on the first load with ?token=', async () => {
    const r = await request({ path: `/?token=${host.token}` });
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const t = { 'x-elb-desk-token': host.token };
    expect((await request({ path: '/', headers: { ...t, host: 'evil.example' } })).status).toBe(421);
    const r = await request({ path: '/ipc/drafts:list', method: 'POST', headers: { ...t, origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('serves the page with the CSP', async () => {
    const r = await request({ path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(CSP);
  });

  it('opens the event stream only with a single-use ticket obtained with the header token', async () => {
    expect((await request({ path: '/events' })).status).toBe(401);
    expect((await request({ path: `/events?token=${host.token}` })).status).toBe(401);
    expect((await request({ path: '/events/ticket', method: 'POST' })).status).toBe(401);
    expect((await request({ path: '/events/ticket', method: 'POST', headers: { cookie: `elb_desk_token=${host.token}` } })).status).toBe(401);
    const t = await request({ path: '/events/ticket', method: 'POST', headers: { 'x-elb-desk-token': host.token } });
    const ticket = (JSON.parse(t.body) as { value: { ticket: string } }).value.ticket;
    expect(ticket).toMatch(/^[\w-]{20,}$/);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(host.origin);
      const req = http.get({ host: url.hostname, port: url.port, path: `/events?ticket=${ticket}` }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
    expect((await request({ path: `/events?ticket=${ticket}` })).status).toBe(401); // used once already
    expect((await request({ path: '/events?ticket=made-up-ticket-000000000000' })).status).toBe(401);
  });

  it('expires tickets after TICKET_TTL_MS and redeems each once', () => {
    let now = 1_000;
    const book = new TicketBook(() => now);
    const a = book.issue();
    const b = book.issue();
    now += TICKET_TTL_MS - 1;
    expect(book.redeem(a)).toBe(true);
    expect(book.redeem(a)).toBe(false);
    now += 1; // exactly at the limit: expired
    expect(book.redeem(b)).toBe(false);
    expect(book.redeem(null)).toBe(false);
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

  it('never follows a symbolic link out of the renderer folder', async () => {
    expect(await resolveStaticFile(root, '/assets/link-out.txt')).toBeNull();
    expect(await resolveStaticFile(root, '/linked-dir/secret.txt')).toBeNull();
    expect(await resolveStaticFile(root, '/assets/link-in.js')).toBe(path.join(root, 'assets', 'app.js'));
    const out = await request({ path: '/assets/link-out.txt' });
    expect(out.status).toBe(404);
    expect(out.body).not.toContain('outside secret');
    expect((await request({ path: '/linked-dir/secret.txt' })).status).toBe(404);
    expect((await request({ path: '/assets/link-in.js' })).body).toBe('console.log(1)');
  });
});
