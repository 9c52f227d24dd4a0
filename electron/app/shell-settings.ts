/**
 * Shell-level settings read before / outside the core: today only `weakKeyStorageAccepted`, the user's explicit
 * consent to keep keys with Chromium's built-in key where no OS keychain exists. Stored in `shell-settings.json` in
 * the data folder; read at each use so a change made while running takes effect without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The file name inside the data folder. */
export const SHELL_SETTINGS_FILE = 'shell-settings.json';

/** The shell settings. */
export interface ShellSettings {
  weakKeyStorageAccepted: boolean;
}

/** Reads the settings; anything missing or malformed means "not accepted". */
export function readShellSettings(dataDir: string): ShellSettings {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, SHELL_SETTINGS_FILE), 'utf8'));
    const accepted = typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)['weakKeyStorageAccepted'] === true;
    return { weakKeyStorageAccepted: accepted };
  } catch {
    return { weakKeyStorageAccepted: false };
  }
}
