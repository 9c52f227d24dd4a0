/**
 * `npm start`: the desktop app. Where no Electron runtime exists (it is downloaded from a host some machines cannot
 * reach), says so in one line and starts browser mode instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-runtime';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = electronBinary(root);

if (bin) {
  if (!existsSync(path.join(root, 'out', 'main', 'main.cjs')) || !existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'build', 'scripts', 'build.ts')], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('No Electron runtime on this machine — starting ELB Desk in browser mode instead (open the URL below in Chromium).\n');
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'electron', 'dev-host', 'cli.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
  });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
