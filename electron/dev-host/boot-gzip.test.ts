import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, LastGzip } from './boot-gzip';

describe('the boot answer gzipped', () => {
  it('takes gzip when the client names it (or *) with a quality above 0', () => {
    for (const h of ['gzip', 'gzip, deflate, br, zstd', 'deflate, GZIP', 'gzip;q=0.5', ' gzip ; q=1 ', '*', 'br, *;q=0.1']) expect(acceptsGzip(h), h).toBe(true);
    for (const h of [undefined, '', 'identity', 'br, deflate', 'gzip;q=0', 'gzip; q=0.0', 'x-gzip2', '*;q=0']) expect(acceptsGzip(h), String(h)).toBe(false);
  });

  it('compresses a text once while it stays the last one; a new text is compressed, and the old one again after it', async () => {
    const z = new LastGzip();
    const a = JSON.stringify({ listeners: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `tcp-${i}` })) });
    const b = `${a} `;
    const first = await z.bytesOf(a);
    expect(gunzipSync(first).toString('utf8')).toBe(a);
    expect(await z.bytesOf(a)).toBe(first);
    expect(z.compressed).toBe(1);
    expect(gunzipSync(await z.bytesOf(b)).toString('utf8')).toBe(b);
    expect(gunzipSync(await z.bytesOf(a)).toString('utf8')).toBe(a);
    expect(z.compressed).toBe(3);
  });
});
