/**
 * `npm run build`: the renderer (Vite) into out/renderer with the first paint's page script beside it (esbuild, a
 * classic script), the host's first-paint renderer (Vite, Svelte's server output) into out/ssr, and the Electron
 * main + preload bundles into out/main, out/preload.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirstPaintScript } from './first-paint-script';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const vite = path.join(root, 'node_modules', '.bin', 'vite');
run(vite, ['build', '--config', 'build/vite.renderer.config.ts', '--logLevel', 'warn']);
await buildFirstPaintScript(root);
run(vite, ['build', '--config', 'build/vite.first-paint.config.ts', '--logLevel', 'warn']);
const bundler = path.join(root, 'build', 'scripts', 'bundle-electron.ts');
if (existsSync(bundler)) run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), bundler]);
