import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppRequest } from './protocol-path';

const ROOT = path.resolve('/srv/app/out/renderer');

describe('resolveAppRequest', () => {
  it.each([
    ['app://elb-desk/', 'index.html', 'text/html; charset=utf-8'],
    ['app://elb-desk', 'index.html', 'text/html; charset=utf-8'],
    ['app://elb-desk/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://elb-desk/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://elb-desk/assets/index-abc.css?v=2#x', 'assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://elb-desk/assets/my%20font.woff2', 'assets/my font.woff2', 'font/woff2'],
  ])('serves %s', (url, rel, type) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: true, filePath: path.join(ROOT, ...rel.split('/')), contentType: type });
  });

  it.each([
    ['app://elb-desk/../secret.txt'],
    ['app://elb-desk/assets/../../secret.txt'],
    ['app://elb-desk/%2e%2e/secret.txt'],
    ['app://elb-desk/%2E%2E/%2E%2E/etc/passwd'],
    ['app://elb-desk/.%2e/secret.txt'],
    ['app://elb-desk/assets/%2e/x.js'],
    ['app://elb-desk/..%2fsecret.txt'],
    ['app://elb-desk/assets%2F..%2F..%2Fsecret.txt'],
    ['app://elb-desk/assets%5c..%5csecret.txt'],
    ['app://elb-desk/assets\\..\\secret.txt'],
    ['app://elb-desk//etc/passwd'],
    ['app://elb-desk/index.html%00.png'],
    ['app://elb-desk/C:/Windows/win.ini'],
    ['app://elb-desk/%252e%252e/secret.txt'],
    ['app://elb-desk/./index.html'],
    ['app://elb-desk/%E0%A4%A'],
  ])('refuses traversal or odd encoding: %s', (url) => {
    const r = resolveAppRequest(url, ROOT);
    expect(r.ok).toBe(false);
  });

  it.each([
    ['app://evil/index.html'],
    ['app://elb-desk.evil/index.html'],
    ['app://elb-desk:81/index.html'],
    ['app://user@elb-desk/index.html'],
    ['file:///etc/passwd'],
    ['https://elb-desk/index.html'],
    ['/etc/passwd'],
    ['not a url'],
  ])('refuses other origins and absolute paths: %s', (url) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: false, status: 403 });
  });

  it('never resolves outside the root, whatever the input (fuzz)', () => {
    const pieces = ['..', '.', '%2e', '%2E%2e', '%2f', '%5C', '\\', '/', 'a', 'index.html', '%00', '%', '%25', ':', '~', ' '];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let p = '';
      const len = 1 + rnd(8);
      for (let j = 0; j < len; j++) p += pieces[rnd(pieces.length)];
      const r = resolveAppRequest(`app://elb-desk/${p}`, ROOT);
      if (r.ok) {
        expect(r.filePath.startsWith(ROOT + path.sep), p).toBe(true);
        expect(path.relative(ROOT, r.filePath).split(path.sep)).not.toContain('..');
      }
    }
  });

  it('rejects absurdly long URLs', () => {
    expect(resolveAppRequest(`app://elb-desk/${'a'.repeat(5000)}`, ROOT)).toEqual({ ok: false, status: 400 });
  });
});

describe('contentTypeFor', () => {
  it('maps known extensions and falls back to octet-stream', () => {
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.map')).toBe('application/octet-stream');
    expect(contentTypeFor('noext')).toBe('application/octet-stream');
  });
});
