/**
 * `npm run build`: the renderer (build-renderer.ts: the app, the first paint's page script and the host's first-paint
 * renderer) into out/renderer and out/ssr, and the Electron main + preload bundles into out/main, out/preload.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer } from './build-renderer';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const failed = buildRenderer(root);
if (failed) {
  process.stderr.write(`${failed}\n`);
  process.exit(1);
}
const bundler = path.join(root, 'build', 'scripts', 'bundle-electron.ts');
if (existsSync(bundler)) run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), bundler]);
