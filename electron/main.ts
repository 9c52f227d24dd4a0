/**
 * The Electron main process entry (bundled to out/main/main.cjs). Thin: it hands the `electron` module, the core
 * factory and the core's redacting file logger to the shell (electron/app/shell.electron.ts), where the wiring
 * lives and is unit-tested.
 */
import * as electron from 'electron';
import { createCore } from './core/create-core';
import { createFileLogger, type FileLogger } from './core/log/logger';
import { createRedactor } from './core/log/redact';
import type { LogLevel } from './core/ports';
import { startShell } from './app/shell.electron';

const redactor = createRedactor();
const level: LogLevel = process.env.ELB_DESK_LOG_LEVEL === 'debug' ? 'debug' : 'info';
let fileLogger: FileLogger | null = null;

void startShell(electron, {
  createCore: (ports) => createCore(ports, { redactor }),
  createLogger: (dir) => (fileLogger = createFileLogger({ dir, level, redactor })),
  afterDispose: () => fileLogger?.close(),
  // electron-updater (in the asar, not bundled) is loaded on the first update check only.
  loadUpdater: async () => (await import('electron-updater')).autoUpdater,
  env: process.env,
  platform: process.platform,
}).catch((e: unknown) => {
  console.error(`ELB Desk failed to start: ${e instanceof Error ? e.message : String(e)}`);
  electron.app.exit(1);
});
