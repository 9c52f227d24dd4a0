/**
 * `npm run ci:chromium` (hosted CI runners): the browser-mode end-to-end tests drive a Chromium at CHROMIUM_PATH
 * (default /usr/bin/chromium, Debian's). Runners have none there, so this installs Playwright's Chromium (with its
 * system libraries on Linux) and exports CHROMIUM_PATH to the following steps through GITHUB_ENV. Where
 * /usr/bin/chromium or CHROMIUM_PATH already exists it does nothing.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bundle-electron';

/** The `playwright install` arguments for a platform. Pure. */
export function installArgs(platform: string): string[] {
  return platform === 'linux' ? ['install', '--with-deps', 'chromium'] : ['install', 'chromium'];
}

/** The line appended to GITHUB_ENV (one `NAME=value` line; refuses a value with a newline). Pure. */
export function githubEnvLine(executable: string): string {
  if (/[\r\n]/.test(executable)) throw new Error('A Chromium path with a line break cannot go into GITHUB_ENV.');
  return `CHROMIUM_PATH=${executable}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const existing = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(existing)) {
    process.stdout.write(`ci:chromium: using ${existing}\n`);
    process.exit(0);
  }
  const cli = path.join(REPO_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const r = spawnSync(process.execPath, [cli, ...installArgs(process.platform)], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const { chromium } = await import('@playwright/test');
  const exe = chromium.executablePath();
  if (process.env.GITHUB_ENV) appendFileSync(process.env.GITHUB_ENV, githubEnvLine(exe));
  process.stdout.write(`ci:chromium: CHROMIUM_PATH=${exe}\n`);
}
