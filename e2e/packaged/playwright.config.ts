import { defineConfig } from '@playwright/test';

/**
 * `npm run smoke:packaged`: launches the app `npm run dist` packaged for this OS (not the development build) and
 * checks it opens, renders the first listing from the local sandbox and quits cleanly. Skips, with the reason, where
 * there is no packaged app (unless ELB_DESK_REQUIRE_PACKAGED=1, as in CI, where that is a failure).
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['*.spec.ts'],
  outputDir: '../../test-results/packaged',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off' },
});
