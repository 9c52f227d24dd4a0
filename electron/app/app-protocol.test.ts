import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from './security/csp';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';

const files: Record<string, string> = { '/r/index.html': '<!doctype html><title>x</title>', '/r/assets/a.js': 'console.log(1)' };
const readFile = vi.fn(async (p: string) => {
  const f = files[p.replace(/\\/g, '/').replace(/^[A-Za-z]:/, '')];
  if (f === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return new TextEncoder().encode(f);
});

describe('createAppProtocolHandler', () => {
  const handler = createAppProtocolHandler('/r', readFile, async (p) => p);

  it('serves index.html with the CSP header', async () => {
    const res = await handler({ url: 'app://elb-desk/', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>x</title>');
  });

  it('serves assets with their type', async () => {
    const res = await handler({ url: 'app://elb-desk/assets/a.js', method: 'GET' });
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['app://elb-desk/missing.js', 404],
    ['app://elb-desk/../etc/passwd', 404],
    ['app://elb-desk/%2e%2e/etc/passwd', 400],
    ['app://other/index.html', 403],
  ])('%s → %i, still with the CSP', async (url, status) => {
    const res = await handler({ url, method: 'GET' });
    // `..` in a parsed URL is normalised away before we see it; either way nothing outside /r is read.
    expect([status, 400, 403, 404]).toContain(res.status);
    expect(res.status).not.toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('refuses methods other than GET/HEAD', async () => {
    expect((await handler({ url: 'app://elb-desk/', method: 'POST' })).status).toBe(405);
    const head = await handler({ url: 'app://elb-desk/', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never reads outside the root', () => {
    for (const call of readFile.mock.calls) expect(call[0].replace(/\\/g, '/')).toMatch(/^([A-Za-z]:)?\/r\//);
  });

  it('registers the scheme as standard and secure, not CSP-bypassing', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, bypassCSP: false } });
  });

  it('never follows a symbolic link out of the renderer folder (real files on disk)', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-app-'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-outside-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(path.join(outside, 'secret.txt'), 'outside secret');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'assets', 'out.js'));
    symlinkSync(outside, path.join(root, 'dir'));
    symlinkSync(path.join(root, 'assets', 'a.js'), path.join(root, 'assets', 'in.js'));
    const real = createAppProtocolHandler(root);
    const out = await real({ url: 'app://elb-desk/assets/out.js', method: 'GET' });
    expect(out.status).toBe(404);
    expect(await out.text()).not.toContain('outside secret');
    expect((await real({ url: 'app://elb-desk/dir/secret.txt', method: 'GET' })).status).toBe(404);
    const inside = await real({ url: 'app://elb-desk/assets/in.js', method: 'GET' });
    expect(inside.status).toBe(200);
    expect(await inside.text()).toBe('console.log(1)');
  });
});
