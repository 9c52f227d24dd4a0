/**
 * Reads and writes the remembered window placement (`window-state.json` in the data folder). Plain Node, no
 * Electron. Written with a temp file + rename so a crash mid-write leaves the old file; a bad file is ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseSavedWindowState, type SavedWindowState } from './security/window-bounds';

/** The file name inside the data folder. */
export const WINDOW_STATE_FILE = 'window-state.json';

/** Loads the saved state, or null when absent or invalid. */
export function loadWindowState(dataDir: string): SavedWindowState | null {
  try {
    const text = fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8');
    return parseSavedWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Saves the state; returns false (never throws) when the folder is not writable. */
export function saveWindowState(dataDir: string, state: SavedWindowState): boolean {
  const target = path.join(dataDir, WINDOW_STATE_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    fs.renameSync(tmp, target);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    return false;
  }
}
