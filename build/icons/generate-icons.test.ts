import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodeIcns, encodeIco, encodePng, renderIcon } from './generate-icons';

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** Minimal PNG reader: checks chunk CRCs and returns size + RGBA rows (filter 0 only, as we write). */
function readPng(buf: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString('ascii');
    const data = buf.subarray(off + 8, off + 8 + len);
    expect(buf.readUInt32BE(off + 8 + len), `${type} CRC`).toBe(crc32(buf.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)],
  };
}

describe('icons', () => {
  it('crc32 matches the PNG reference value', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('the committed 512 and 256 PNGs are what the generator draws', () => {
    for (const size of [256, 512]) {
      const file = readFileSync(`${DIR}/${size}x${size}.png`);
      const png = readPng(file);
      expect([png.width, png.height]).toEqual([size, size]);
      expect(png.pixel(0, 0)[3]).toBe(0); // transparent corner
      expect(png.pixel(size / 2, Math.round(size * 0.3))).toEqual([255, 255, 255, 255]); // the white top node
      expect(png.pixel(Math.round(size * 0.1), size / 2)[3]).toBe(255); // opaque blue body
    }
    expect(readFileSync(`${DIR}/256x256.png`).equals(encodePng(256, 256, renderIcon(256)))).toBe(true);
  });

  it('icon.ico is a valid PNG-compressed icon directory', () => {
    const ico = readFileSync(`${DIR}/icon.ico`);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    expect(count).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < count; i++) {
      const size = ico.readUInt32LE(6 + i * 16 + 8);
      const offset = ico.readUInt32LE(6 + i * 16 + 12);
      const w = ico[6 + i * 16] || 256;
      expect(readPng(ico.subarray(offset, offset + size)).width).toBe(w);
    }
    const tiny = encodeIco([{ size: 16, png: encodePng(16, 16, renderIcon(16)) }]);
    expect(tiny.readUInt32LE(6 + 12)).toBe(22);
  });

  it('icon.icns holds 256 and 512 PNG entries with consistent lengths', () => {
    const icns = readFileSync(`${DIR}/icon.icns`);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let off = 8; off < icns.length; ) {
      const type = icns.subarray(off, off + 4).toString('ascii');
      const len = icns.readUInt32BE(off + 4);
      types.push(type);
      if (type === 'ic09') expect(readPng(icns.subarray(off + 8, off + len)).width).toBe(512);
      off += len;
    }
    expect(types).toEqual(expect.arrayContaining(['ic08', 'ic09']));
    expect(encodeIcns([]).length).toBe(8);
  });
});
