import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './csp';

function parse(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('contentSecurityPolicy', () => {
  it('is exactly the agreed policy', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('allows no inline style (Svelte sets styles through the CSSOM; e2e csp.spec counts violations)', () => {
    expect(parse(contentSecurityPolicy()).get('style-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-inline');
  });

  it('allows no eval, no inline script and no remote script source', () => {
    const csp = parse(contentSecurityPolicy());
    const script = csp.get('script-src') ?? [];
    expect(script).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic|nonce-|sha256-|\*|https?:/);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('travels with nosniff and no-referrer headers', () => {
    const h = securityHeaders();
    expect(h['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
  });

  it("matches the renderer's meta CSP (which cannot carry frame-ancestors)", () => {
    const file = fileURLToPath(new URL('../../../renderer/index.html', import.meta.url));
    if (!fs.existsSync(file)) return;
    const html = fs.readFileSync(file, 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeTruthy();
    const ours = parse(contentSecurityPolicy());
    ours.delete('frame-ancestors');
    expect(parse(meta ?? '')).toEqual(ours);
  });
});
