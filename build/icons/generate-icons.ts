/**
 * Draws the ELB Desk icon with plain Node (no image libraries) and writes build/icons:
 * 16…1024 px PNGs (`<n>x<n>.png`, what electron-builder's Linux targets read), `icon.png` (512),
 * `icon.ico` (PNG-compressed entries 16–256) and `icon.icns` (PNG entries 16–1024).
 * The glyph: one node fanning out to three — a load balancer — in white on a blue rounded square.
 * Run: `tsx build/icons/generate-icons.ts`. Output is deterministic.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as used by PNG chunks. */
export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function sdRoundRect(px: number, py: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function sdSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.max(0, Math.min(1, (pax * bax + pay * bay) / (bax * bax + bay * bay)));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

/** Renders the icon at `size`×`size` as RGBA. Geometry is defined on a 512 grid. */
export function renderIcon(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const s = 512 / size;
  const top = { x: 256, y: 158, r: 50 };
  const bottoms = [
    { x: 134, y: 366, r: 40 },
    { x: 256, y: 366, r: 40 },
    { x: 378, y: 366, r: 40 },
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Sample at the pixel centre, in 512-grid units; coverage from the signed distance over one pixel.
      const px = (x + 0.5) * s;
      const py = (y + 0.5) * s;
      const dBg = sdRoundRect(px, py, 256, 256, 240, 240, 96);
      const bgA = Math.max(0, Math.min(1, 0.5 - dBg / s));
      let dGlyph = Math.hypot(px - top.x, py - top.y) - top.r;
      for (const b of bottoms) {
        dGlyph = Math.min(dGlyph, Math.hypot(px - b.x, py - b.y) - b.r);
        dGlyph = Math.min(dGlyph, sdSegment(px, py, top.x, top.y, b.x, b.y) - 15);
      }
      const gA = Math.max(0, Math.min(1, 0.5 - dGlyph / s));
      // Vertical gradient #2f81f7 → #0b3d91.
      const t = py / 512;
      const br = 0x2f + (0x0b - 0x2f) * t;
      const bg = 0x81 + (0x3d - 0x81) * t;
      const bb = 0xf7 + (0x91 - 0xf7) * t;
      const r = br + (255 - br) * gA;
      const g = bg + (255 - bg) * gA;
      const b = bb + (255 - bb) * gA;
      const i = (y * size + x) * 4;
      out[i] = Math.round(r);
      out[i + 1] = Math.round(g);
      out[i + 2] = Math.round(b);
      out[i + 3] = Math.round(255 * bgA);
    }
  }
  return out;
}

/** An .ico holding PNG-compressed images (supported since Windows Vista). */
export function encodeIco(pngs: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  const dir = Buffer.alloc(16 * pngs.length);
  let offset = 6 + dir.length;
  pngs.forEach(({ size, png }, i) => {
    const o = i * 16;
    dir[o] = size >= 256 ? 0 : size;
    dir[o + 1] = size >= 256 ? 0 : size;
    dir[o + 2] = 0;
    dir[o + 3] = 0;
    dir.writeUInt16LE(1, o + 4); // planes
    dir.writeUInt16LE(32, o + 6); // bpp
    dir.writeUInt32LE(png.length, o + 8);
    dir.writeUInt32LE(offset, o + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...pngs.map((p) => p.png)]);
}

/** The icns type code holding a PNG of each size. */
export const ICNS_TYPES: Readonly<Record<number, string>> = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

/** An .icns holding PNG entries. */
export function encodeIcns(pngs: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const entries = pngs
    .filter((p) => ICNS_TYPES[p.size])
    .map(({ size, png }) => {
      const head = Buffer.alloc(8);
      head.write(ICNS_TYPES[size]!, 0, 'ascii');
      head.writeUInt32BE(png.length + 8, 4);
      return Buffer.concat([head, png]);
    });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** The sizes written as PNG files. */
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Writes every icon file into `dir`; returns the file names. */
export function writeIcons(dir: string): string[] {
  const pngs = PNG_SIZES.map((size) => ({ size, png: encodePng(size, size, renderIcon(size)) }));
  const written: string[] = [];
  const put = (name: string, data: Buffer): void => {
    writeFileSync(path.join(dir, name), data);
    written.push(name);
  };
  for (const { size, png } of pngs) put(`${size}x${size}.png`, png);
  put('icon.png', pngs.find((p) => p.size === 512)!.png);
  put('icon.ico', encodeIco(pngs.filter((p) => [16, 32, 48, 64, 128, 256].includes(p.size))));
  put('icon.icns', encodeIcns(pngs.filter((p) => p.size !== 48)));
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  process.stdout.write(`wrote ${writeIcons(dir).join(', ')}\n`);
}
