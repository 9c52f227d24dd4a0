import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronProject } from './project';
import { electronRequired, findElectronBinary } from './electron-binary';

const dir = mkdtempSync(path.join(os.tmpdir(), 'elb-electron-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findElectronBinary', () => {
  it('reports a clear reason when there is no binary', () => {
    const s = findElectronBinary({}, 'linux', dir);
    expect(s.available).toBe(false);
    expect(s.reason).toMatch(/No Electron binary on this machine/);
    expect(s.reason).toMatch(/ELB_DESK_ELECTRON_PATH/);
  });

  it('uses ELB_DESK_ELECTRON_PATH when it points at an executable, and needs a display on Linux', () => {
    const exe = path.join(dir, 'electron');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(findElectronBinary({ ELB_DESK_ELECTRON_PATH: exe, DISPLAY: ':99' }, 'linux', dir)).toMatchObject({ available: true, path: exe });
    expect(findElectronBinary({ ELB_DESK_ELECTRON_PATH: exe }, 'linux', dir)).toMatchObject({ available: false, reason: expect.stringMatching(/xvfb/) });
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':1' }, 'linux', dir)).toMatchObject({ available: true, path: exe });
  });

  it('refuses a non-executable file', () => {
    const file = path.join(dir, 'not-exec');
    writeFileSync(file, 'x');
    chmodSync(file, 0o644);
    expect(findElectronBinary({ ELB_DESK_ELECTRON_PATH: file, DISPLAY: ':1' }, 'linux', dir).available).toBe(false);
  });

  it('the project runs only the electron specs', () => {
    expect(electronProject.name).toBe('electron');
    expect(String(electronProject.testDir)).toMatch(/e2e[\\/]electron[\\/]?$/);
  });

  it('CI can require the binary (ELB_DESK_REQUIRE_ELECTRON=1) so the project cannot silently skip there', () => {
    expect(electronRequired({ ELB_DESK_REQUIRE_ELECTRON: '1' })).toBe(true);
    expect(electronRequired({})).toBe(false);
    expect(electronRequired({ ELB_DESK_REQUIRE_ELECTRON: '0' })).toBe(false);
  });
});
