import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { assetSizes, measureBundle } from './bundle';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function assets(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('bundle size', () => {
  it('gzips every .js and .css file on its own at level 9, in subfolders too, and ignores other files', () => {
    const js = 'export const x = 1;\n'.repeat(500);
    const css = 'body { color: red }\n'.repeat(200);
    const dir = assets({ 'index-a.js': js, 'deep/chunk.mjs': 'let y = 2;', 'style.css': css, 'logo.svg': '<svg/>'.repeat(1000), 'x.js.map': '{}' });
    const sizes = assetSizes(dir);
    expect(sizes.map((s) => s.file).sort()).toEqual(['deep/chunk.mjs', 'index-a.js', 'style.css']);
    const js1 = sizes.find((s) => s.file === 'index-a.js')!;
    expect(js1).toEqual({ file: 'index-a.js', raw: js.length, gzip: gzipSync(Buffer.from(js), { level: 9 }).length });
    expect(sizes[0]!.gzip).toBeGreaterThanOrEqual(sizes[sizes.length - 1]!.gzip);
  });

  it('reports the sum in KB (1024 B) against 150 KB and names the files', () => {
    const dir = assets({ 'a.js': 'a'.repeat(10), 'b.css': 'b'.repeat(10) });
    const expected = (gzipSync('a'.repeat(10), { level: 9 }).length + gzipSync('b'.repeat(10), { level: 9 }).length) / 1024;
    const row = measureBundle(dir);
    expect(row).toMatchObject({ name: 'bundle', unit: 'KB', target: 150, pass: true });
    expect(row.value).toBeCloseTo(expected, 3);
    expect(row.note).toContain('a.js');
  });

  it('refuses an empty folder instead of reporting 0 KB', () => {
    expect(() => measureBundle(assets({ 'readme.txt': 'x' }))).toThrow(/no \.js\/\.css/);
  });
});
