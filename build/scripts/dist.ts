/**
 * `npm run dist`: builds everything (`npm run build`: renderer, main and preload bundles), then runs
 * electron-builder with build/electron-builder.yml for the current OS (Linux: AppImage + deb, macOS: dmg + zip, x64 +
 * arm64, Windows: nsis) into release/. Extra arguments go to electron-builder (e.g. `npm run dist -- --linux dir`).
 * Nothing is published unless the arguments say so: `npm run dist:publish` passes `--publish always`, which uploads the
 * installers and the update metadata (latest*.yml) to a draft GitHub release (the `publish` section of the YAML; needs
 * GH_TOKEN). Needs network access to fetch Electron (or `-c.electronDist=<dir>`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bundle-electron';

/** The electron-builder platform flag for a Node platform. */
export function platformFlag(platform: string): '--linux' | '--mac' | '--win' {
  if (platform === 'darwin') return '--mac';
  if (platform === 'win32') return '--win';
  return '--linux';
}

/** The electron-builder arguments for this OS, with the user's extra arguments (`--publish never` unless they choose). */
export function distArgs(platform: string, extra: readonly string[]): string[] {
  const hasPlatform = extra.some((a) => ['--linux', '--mac', '--win', '-l', '-m', '-w', '--macos', '--windows'].includes(a));
  const hasPublish = extra.some((a) => a === '--publish' || a === '-p' || a.startsWith('--publish='));
  return ['--config', path.join('build', 'electron-builder.yml'), ...(hasPublish ? [] : ['--publish', 'never']), ...(hasPlatform ? [] : [platformFlag(platform)]), ...extra];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const tsxCli = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  run(process.execPath, [tsxCli, path.join(REPO_ROOT, 'build', 'scripts', 'build.ts')]);
  const env = { ...process.env };
  if (!env.ELECTRON_BUILDER_7ZIP_PATH && existsSync('/usr/bin/7zz')) env.ELECTRON_BUILDER_7ZIP_PATH = '/usr/bin/7zz';
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  run(bin, distArgs(process.platform, process.argv.slice(2)), env);
}
