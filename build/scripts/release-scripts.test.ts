/** The small release helpers: the fuse check's parsing, the packaged-app finder, the tag check, CI's Chromium. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubEnvLine, installArgs } from './ci-chromium';
import { expectedFuses, fuseName, fuseProblems, parseFuseOutput, readFuses } from './fuses-check';
import { readBuilderConfig } from './package-check';
import { appPathOf, findPackagedApp, packagedAppCandidates } from './packaged-app';
import { tagProblem } from './release-tag';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'elb-release-scripts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// What `electron-fuses read --app` prints for a correctly packaged ELB Desk (colours as the CLI emits them).
const GOOD_OUTPUT = [
  'Analyzing app: elb-desk',
  'Fuse Version: \u001b[36mv1\u001b[39m',
  '  \u001b[33mRunAsNode\u001b[39m is \u001b[31mDisabled\u001b[39m',
  '  EnableCookieEncryption is Disabled',
  '  EnableNodeOptionsEnvironmentVariable is Disabled',
  '  EnableNodeCliInspectArguments is Disabled',
  '  EnableEmbeddedAsarIntegrityValidation is Enabled',
  '  OnlyLoadAppFromAsar is Enabled',
  '  LoadBrowserProcessSpecificV8Snapshot is Disabled',
  '  GrantFileProtocolExtraPrivileges is Disabled',
  '',
].join('\n');

describe('fuses:check', () => {
  it('maps electron-builder keys to fuse names', () => {
    expect(fuseName('runAsNode')).toBe('RunAsNode');
    expect(fuseName('enableEmbeddedAsarIntegrityValidation')).toBe('EnableEmbeddedAsarIntegrityValidation');
  });

  it('expects exactly the six fuses build/electron-builder.yml sets', async () => {
    const expected = expectedFuses((await readBuilderConfig())['electronFuses']);
    expect(Object.fromEntries(expected)).toEqual({
      RunAsNode: 'Disabled',
      EnableNodeOptionsEnvironmentVariable: 'Disabled',
      EnableNodeCliInspectArguments: 'Disabled',
      EnableEmbeddedAsarIntegrityValidation: 'Enabled',
      OnlyLoadAppFromAsar: 'Enabled',
      GrantFileProtocolExtraPrivileges: 'Disabled',
    });
  });

  it('parses the CLI output, colours included', () => {
    const fuses = parseFuseOutput(GOOD_OUTPUT);
    expect(fuses.get('RunAsNode')).toBe('Disabled');
    expect(fuses.get('OnlyLoadAppFromAsar')).toBe('Enabled');
    expect(fuses.size).toBe(8);
  });

  it('passes a correctly fused app and names every wrong or missing fuse', async () => {
    const expected = expectedFuses((await readBuilderConfig())['electronFuses']);
    expect(fuseProblems(parseFuseOutput(GOOD_OUTPUT), expected)).toEqual([]);
    const bad = GOOD_OUTPUT.replace('RunAsNode\u001b[39m is \u001b[31mDisabled', 'RunAsNode\u001b[39m is \u001b[32mEnabled').replace(/.*OnlyLoadAppFromAsar.*\n/, '');
    expect(fuseProblems(parseFuseOutput(bad), expected)).toEqual([
      'RunAsNode: Enabled, expected Disabled',
      "OnlyLoadAppFromAsar: not in the packaged binary's fuse wire (expected Enabled)",
    ]);
    expect(fuseProblems(parseFuseOutput(GOOD_OUTPUT.replace('EnableNodeCliInspectArguments is Disabled', 'EnableNodeCliInspectArguments is Inherited')), expected)).toEqual([
      'EnableNodeCliInspectArguments: Inherited, expected Disabled',
    ]);
    expect(fuseProblems(parseFuseOutput(GOOD_OUTPUT), new Map())).toEqual(['build/electron-builder.yml sets no electronFuses']);
  });

  it('a binary without a fuse wire makes the real CLI fail, and readFuses says so', () => {
    const fake = path.join(tmp, 'not-electron');
    writeFileSync(fake, 'no fuses here');
    expect(() => readFuses(fake)).toThrow(/@electron\/fuses read --app .*not-electron failed/);
  });
});

describe('packaged app finder', () => {
  it('knows where electron-builder leaves the unpacked app per OS', () => {
    const rel = path.join('r');
    expect(packagedAppCandidates('linux', 'x64', rel)).toEqual([{ appPath: path.join('r', 'linux-unpacked', 'elb-desk'), executable: path.join('r', 'linux-unpacked', 'elb-desk') }]);
    expect(packagedAppCandidates('darwin', 'arm64', rel)[0]).toEqual({
      appPath: path.join('r', 'mac-arm64', 'ELB Desk.app'),
      executable: path.join('r', 'mac-arm64', 'ELB Desk.app', 'Contents', 'MacOS', 'ELB Desk'),
    });
    expect(packagedAppCandidates('darwin', 'x64', rel)[0]?.appPath).toBe(path.join('r', 'mac', 'ELB Desk.app'));
    expect(packagedAppCandidates('win32', 'x64', rel).map((c) => c.executable)).toEqual([path.join('r', 'win-unpacked', 'elb-desk.exe'), path.join('r', 'win-unpacked', 'ELB Desk.exe')]);
  });

  it('derives the .app bundle from a macOS executable', () => {
    expect(appPathOf('/Applications/ELB Desk.app/Contents/MacOS/ELB Desk')).toBe('/Applications/ELB Desk.app');
    expect(appPathOf('/opt/elb-desk/elb-desk')).toBe('/opt/elb-desk/elb-desk');
  });

  it('reports why nothing was found, and finds a packaged app in release/ or at ELB_DESK_PACKAGED_PATH', () => {
    const root = mkdtempSync(path.join(tmp, 'repo-'));
    const missing = findPackagedApp({}, 'linux', 'x64', root);
    expect(missing.available).toBe(false);
    expect(missing.reason).toMatch(/No packaged ELB Desk for linux-x64.*npm run dist/);
    mkdirSync(path.join(root, 'release', 'linux-unpacked'), { recursive: true });
    const exe = path.join(root, 'release', 'linux-unpacked', 'elb-desk');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(findPackagedApp({}, 'linux', 'x64', root)).toMatchObject({ available: true, app: { executable: exe, appPath: exe } });
    expect(findPackagedApp({ ELB_DESK_PACKAGED_PATH: exe }, 'win32', 'x64', tmp)).toMatchObject({ available: true, app: { executable: exe } });
  });
});

describe('release:check-tag', () => {
  it('accepts only v + the package.json version', () => {
    expect(tagProblem('v0.1.0', '0.1.0')).toBeNull();
    expect(tagProblem('v0.1.1', '0.1.0')).toMatch(/does not match package\.json's version 0\.1\.0/);
    expect(tagProblem('0.1.0', '0.1.0')).toMatch(/expected v0\.1\.0/);
    expect(tagProblem(undefined, '0.1.0')).toMatch(/No tag/);
  });
});

describe('ci:chromium', () => {
  it('installs with system libraries on Linux only, and writes one GITHUB_ENV line', () => {
    expect(installArgs('linux')).toEqual(['install', '--with-deps', 'chromium']);
    expect(installArgs('darwin')).toEqual(['install', 'chromium']);
    expect(githubEnvLine('/x/chrome')).toBe('CHROMIUM_PATH=/x/chrome\n');
    expect(() => githubEnvLine('/x\nEVIL=1')).toThrow(/line break/);
  });
});
