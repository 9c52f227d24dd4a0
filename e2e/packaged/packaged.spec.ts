/**
 * Smoke test of the packaged app (`npm run dist` output for this OS): the window appears, the first listing renders
 * from the built-in local sandbox, and the app quits cleanly (exit code 0, data-folder lock released).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { findPackagedApp } from '../../build/scripts/packaged-app';
import { AppShell } from '../pages/app-shell';
import { launchPackaged, type LaunchedApp } from './launch';

const status = findPackagedApp();
const required = process.env.ELB_DESK_REQUIRE_PACKAGED === '1';
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

async function appPage(browser: Browser, timeoutMs = 60_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith('app://elb-desk/'));
    if (page) return page;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The packaged app showed no app://elb-desk/ window.');
}

test.describe('packaged app', () => {
  test.skip(!required && !status.available, status.reason);
  test.skip(!required && noDisplay, 'No display: run under xvfb-run.');

  test('opens, renders the first listing from the local sandbox, and quits cleanly', async () => {
    if (!status.available || !status.app) throw new Error(`ELB_DESK_REQUIRE_PACKAGED=1, but: ${status.reason}`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'elb-smoke-'));
    let app: LaunchedApp | null = null;
    try {
      app = await launchPackaged(status.app.executable, { ...process.env, ELB_DESK_DATA_DIR: dataDir });
      const browser = await chromium.connectOverCDP(app.endpoint);
      const page = await appPage(browser);
      const shell = new AppShell(page);
      await expect(shell.accountSelect.getByRole('option', { selected: true })).toHaveText('Local sandbox');
      await shell.sync();
      await expect(shell.row('tcp-gateway')).toBeVisible();
      expect(existsSync(path.join(dataDir, 'elb-desk.lock'))).toBe(true);

      // Quit as a user would: closing the last window quits on Linux and Windows; on macOS SIGTERM runs app.quit().
      if (process.platform === 'darwin') app.child.kill('SIGTERM');
      else await page.evaluate(() => window.close()).catch(() => undefined);
      const exit = await Promise.race([app.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
      await browser.close().catch(() => undefined);
      expect(exit, app.output()).toEqual({ code: 0, signal: null });
      expect(existsSync(path.join(dataDir, 'elb-desk.lock')), 'the data-folder lock is released on quit').toBe(false);
    } finally {
      if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
