import { defineConfig } from '@playwright/test';
import { electronProject } from './electron/project';

/** Browser mode in Debian's Chromium (no browser download), and the Electron project where a binary exists. */
export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'browser', testMatch: ['specs/**/*.spec.ts'], use: { browserName: 'chromium' } }, electronProject],
});
