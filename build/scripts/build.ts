/** `npm run build`: the renderer (Vite) into out/renderer, and the Electron main + preload bundles into out/main, out/preload. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'build/vite.renderer.config.ts', '--logLevel', 'warn']);
const bundler = path.join(root, 'build', 'scripts', 'bundle-electron.ts');
if (existsSync(bundler)) run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), bundler]);
