/**
 * bundle: the renderer's size on the wire, gzip: every .js and .css file under out/renderer compressed on its
 * own with zlib at level 9, summed (what a browser would download for a cold load of every chunk, lazy ones too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../lib/env';
import { absoluteRow, summarize, type ResultRow } from '../stats';

/** One asset and its sizes in bytes. */
export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
}

/** Every .js/.css file under `dir` (recursively) with its raw and gzip -9 size, largest gzip first. */
export function assetSizes(dir: string): AssetSize[] {
  const out: AssetSize[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(m?js|css)$/.test(e.name)) {
        const bytes = readFileSync(full);
        out.push({ file: path.relative(dir, full), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => b.gzip - a.gzip);
}

/** Measures `bundle` from the built renderer in `assetsDir` (default out/renderer: its assets and the first paint's script). */
export function measureBundle(assetsDir = path.join(REPO_ROOT, 'out', 'renderer'), buildNote = ''): ResultRow {
  const sizes = assetSizes(assetsDir);
  if (sizes.length === 0) throw new Error(`no .js/.css files in ${assetsDir}; run npm run build:renderer`);
  const gz = sizes.reduce((s, a) => s + a.gzip, 0);
  const raw = sizes.reduce((s, a) => s + a.raw, 0);
  const built = new Date(Math.max(...sizes.map((a) => statSync(path.join(assetsDir, a.file)).mtimeMs))).toISOString();
  const kb = (n: number): string => (n / 1024).toFixed(1);
  const parts = sizes.map((a) => `${a.file} ${kb(a.gzip)}`).join(', ');
  return absoluteRow(
    'bundle',
    'KB',
    summarize([gz / 1024]),
    150,
    null,
    `gzip -9 of each of ${sizes.length} .js/.css files in out/renderer (the assets and the first paint's script), summed (KB = 1024 B; raw ${kb(raw)} KB; deterministic, so measured once); ${parts}; built ${built}${buildNote ? `; ${buildNote}` : ''}`,
  );
}
