/**
 * The first paint's page script (renderer/src/first-paint/page-script.ts) as a classic script, out/renderer/
 * first-paint.js: the browser-mode host adds it to the page of the printed URL after the stylesheets, where a module
 * script would wait for the end of parsing and for the entry's imports. Not hashed: the host names it
 * (shared/ipc/first-paint.ts) and serves every file with `no-store`.
 */
import path from 'node:path';
import { buildSync } from 'esbuild';
import { FIRST_PAINT_SCRIPT } from '../../shared/ipc/first-paint';

export function buildFirstPaintScriptSync(root: string): void {
  buildSync({
    entryPoints: [path.join(root, 'renderer', 'src', 'first-paint', 'page-script.ts')],
    outfile: path.join(root, 'out', 'renderer', FIRST_PAINT_SCRIPT),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
