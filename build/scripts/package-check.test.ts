/**
 * Packaging checks: the electron-builder YAML (fuses, files, targets), the asar rules on synthetic listings, and a
 * real `--linux dir` build against a stub Electron (~10–20 s) whose app.asar must hold only the product.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './bundle-electron';
import { asarProblems, readBuilderConfig, runPackageCheck } from './package-check';

const GOOD = ['/package.json', '/out', '/out/main', '/out/main/main.cjs', '/out/preload/preload.cjs', '/out/renderer/index.html', '/out/renderer/assets/index-1.js', '/node_modules/zod/index.js', '/node_modules/lowdb/lib/index.d.ts'];

describe('asarProblems', () => {
  it('accepts a product-only listing', () => {
    expect(asarProblems(GOOD)).toEqual([]);
  });

  it.each([
    ['/out/main/main.cjs.map', 'source map'],
    ['/out/renderer/assets/index-1.js.map', 'source map'],
    ['/electron/main.ts', 'source file'],
    ['/shared/ipc/contract.ts', 'source file'],
    ['/renderer/src/App.svelte', 'source file'],
    ['/electron/app/menu.test.ts', 'test file'],
    ['/out/renderer/x.spec.js', 'test file'],
    ['/e2e/electron/electron.spec.ts', 'non-product folder'],
    ['/bench/run.js', 'non-product folder'],
    ['/out/main/dev-host/server.js', 'non-product folder'],
    ['/electron/dev-host/server.js', 'dev host'],
    ['/electron/sandbox/fixtures/lb.json', 'non-product folder'],
    ['/tsconfig.json', 'tooling file'],
    ['/node_modules/vitest/index.js', 'dev dependency packaged'],
    ['/node_modules/electron/index.js', 'dev dependency packaged'],
  ])('flags %s (%s)', (file, rule) => {
    expect(asarProblems([...GOOD, file])).toContainEqual({ rule, file });
  });

  it('requires the entry, preload, renderer and package.json', () => {
    const rules = asarProblems(['/node_modules/zod/index.js']).map((p) => p.file);
    expect(rules).toEqual(['/package.json', '/out/main/main.cjs', '/out/preload/preload.cjs', '/out/renderer/index.html']);
  });
});

describe('build/electron-builder.yml', () => {
  it('sets every required fuse', async () => {
    const cfg = await readBuilderConfig();
    expect(cfg['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages only the bundles, in an asar, with the agreed identity and targets', async () => {
    const cfg = await readBuilderConfig();
    expect(cfg).toMatchObject({ productName: 'ELB Desk', asar: true, directories: { buildResources: 'build', output: 'release' }, publish: null });
    const files = cfg['files'] as string[];
    expect(files.filter((f) => !f.startsWith('!'))).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(files).toContain('!**/*.map');
    expect(cfg['linux']).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development;Network' });
    expect(cfg['mac']).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', target: [{ target: 'dmg', arch: ['x64', 'arm64'] }] });
    expect(cfg['win']).toMatchObject({ target: [{ target: 'nsis' }] });
  });

  it('points at icon and entitlement files that exist', async () => {
    const cfg = await readBuilderConfig();
    const mac = cfg['mac'] as Record<string, string>;
    const win = cfg['win'] as Record<string, string>;
    for (const f of [mac['icon'], mac['entitlements'], mac['entitlementsInherit'], win['icon'], 'build/icons/512x512.png', 'build/icons/256x256.png']) {
      expect(existsSync(path.join(REPO_ROOT, f!)), f).toBe(true);
    }
  });
});

describe('electron-builder --linux dir with a stub Electron', () => {
  it('produces an app.asar holding the product and nothing else', { timeout: 180_000 }, async () => {
    const r = await runPackageCheck();
    expect(r.packagedMain).toBe('out/main/main.cjs');
    expect(r.entries).toContain('/out/main/main.cjs');
    expect(r.entries).toContain('/out/preload/preload.cjs');
    expect(r.entries).toContain('/out/renderer/index.html');
    expect(r.problems).toEqual([]);
  });
});
