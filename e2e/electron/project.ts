/**
 * The Playwright `electron` project (shell-only checks through `_electron.launch`). Add it to the config's
 * `projects`; its specs skip themselves with a clear message where no Electron binary can run.
 */
import { fileURLToPath } from 'node:url';
import type { Project } from '@playwright/test';

/** The project definition. */
export const electronProject: Project = {
  name: 'electron',
  testDir: fileURLToPath(new URL('.', import.meta.url)),
  testMatch: ['**/*.spec.ts'],
  timeout: 60_000,
  retries: 0,
};
