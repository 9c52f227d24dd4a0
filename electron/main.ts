/**
 * The Electron main process entry (bundled to out/main/main.cjs). Thin: it hands the `electron` module and the
 * core factory to the shell (electron/app/shell.electron.ts), where the wiring lives and is unit-tested.
 */
import * as electron from 'electron';
import { createCore } from './core/create-core';
import { startShell } from './app/shell.electron';

void startShell(electron, { createCore, env: process.env, platform: process.platform }).catch((e: unknown) => {
  console.error(`ELB Desk failed to start: ${e instanceof Error ? e.message : String(e)}`);
  electron.app.exit(1);
});
