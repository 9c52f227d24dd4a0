import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from './logger';
import { readShellSettings, SHELL_SETTINGS_FILE } from './shell-settings';
import { windowOptionsFor } from './window-options';
import { loadWindowState, saveWindowState, WINDOW_STATE_FILE } from './window-state';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'elb-shell-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('window state file', () => {
  it('round-trips and leaves no temp file', () => {
    const d = tmp();
    expect(loadWindowState(d)).toBeNull();
    expect(saveWindowState(d, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true })).toBe(true);
    expect(loadWindowState(d)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(fs.readdirSync(d)).toEqual([WINDOW_STATE_FILE]);
  });

  it('ignores a corrupt file', () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, WINDOW_STATE_FILE), '{"bounds":');
    expect(loadWindowState(d)).toBeNull();
  });

  it('returns false instead of throwing when the folder cannot be written', () => {
    const d = tmp();
    const file = path.join(d, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    expect(saveWindowState(file, { bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false })).toBe(false);
  });
});

describe('shell settings', () => {
  it('weak storage is accepted only by an explicit true', () => {
    const d = tmp();
    expect(readShellSettings(d)).toEqual({ weakKeyStorageAccepted: false });
    for (const [text, expected] of [
      ['{"weakKeyStorageAccepted":true}', true],
      ['{"weakKeyStorageAccepted":"true"}', false],
      ['{"weakKeyStorageAccepted":1}', false],
      ['null', false],
      ['{', false],
    ] as const) {
      fs.writeFileSync(path.join(d, SHELL_SETTINGS_FILE), text);
      expect(readShellSettings(d).weakKeyStorageAccepted, text).toBe(expected);
    }
  });
});

describe('windowOptionsFor', () => {
  it('uses the hardened web preferences, starts hidden, and applies a restored position', () => {
    const o = windowOptionsFor({ x: 10, y: 20, width: 1200, height: 800, maximized: false }, '/p/preload.cjs', false);
    expect(o).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
    expect(o.webPreferences).toMatchObject({ preload: '/p/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
    const centred = windowOptionsFor({ width: 1200, height: 800, maximized: false }, '/p', false);
    expect(centred.x).toBeUndefined();
  });
});

describe('createConsoleLogger', () => {
  it('prints level, tag and message, never the data argument, and filters by level', () => {
    const write = vi.fn();
    const log = createConsoleLogger('info', write);
    log.log('debug', 'x', 'hidden');
    log.log('warn', 'vault', 'line1\nline2', { sk: 'SK-canary' });
    expect(write).toHaveBeenCalledTimes(1);
    const line = write.mock.calls[0]?.[1] as string;
    expect(line).toMatch(/WARN \[vault\] line1 line2$/);
    expect(JSON.stringify(write.mock.calls)).not.toContain('SK-canary');
  });
});
