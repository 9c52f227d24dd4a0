/**
 * Packaging checks: the electron-builder YAML (fuses, files, targets), the asar rules on synthetic listings, and a
 * real `--linux dir` build against a stub Electron (~10–20 s) whose app.asar must hold only the product.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './bundle-electron';
import { readFileSync } from 'node:fs';
import { asarProblems, packageName, packageOfEntry, productionPackages, readBuilderConfig, runPackageCheck, RUNTIME_PACKAGES } from './package-check';

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

describe('production dependencies in the asar', () => {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as Parameters<typeof productionPackages>[0];
  const allowed = productionPackages(lock);

  it('the allowed set is package-lock.json without dev packages: electron-updater and its dependencies, not electron', () => {
    for (const p of ['zod', 'lowdb', 'undici', 'ipaddr.js', 'electron-updater', 'builder-util-runtime', 'semver']) expect(allowed.has(p), p).toBe(true);
    for (const p of ['electron', 'electron-builder', 'vitest', '@playwright/test', 'svelte', '@action-validator/core']) expect(allowed.has(p), p).toBe(false);
    expect(RUNTIME_PACKAGES).toEqual(['electron-updater']);
  });

  it('names the package of an entry, nested and scoped ones too', () => {
    expect(packageOfEntry('/node_modules/zod/index.js')).toBe('zod');
    expect(packageOfEntry('/node_modules/electron-updater/node_modules/semver/index.js')).toBe('electron-updater/node_modules/semver');
    expect(packageOfEntry('/node_modules/@scope/pkg/node_modules/@s/b/x.js')).toBe('@scope/pkg/node_modules/@s/b');
    expect(packageOfEntry('/out/main/main.cjs')).toBeNull();
    expect(packageName('electron-updater/node_modules/semver')).toBe('semver');
    expect(packageName('@scope/pkg/node_modules/@s/b')).toBe('@s/b');
  });

  it('flags a packaged package that is not a production dependency, and a missing runtime package', () => {
    const withUpdater = [...GOOD, '/node_modules/electron-updater/package.json', '/node_modules/electron-updater/out/main.js'];
    expect(asarProblems(withUpdater, { allowedPackages: allowed, requiredPackages: RUNTIME_PACKAGES })).toEqual([]);
    expect(asarProblems([...withUpdater, '/node_modules/left-pad/index.js', '/node_modules/left-pad/package.json'], { allowedPackages: allowed })).toEqual([
      { rule: 'not a production dependency', file: '/node_modules/left-pad' },
    ]);
    // electron-builder hoists nested production packages (electron-updater's semver); a nested dev package is still caught.
    expect(asarProblems([...withUpdater, '/node_modules/semver/index.js', '/node_modules/lowdb/node_modules/vitest/x.js'], { allowedPackages: allowed })).toEqual([
      { rule: 'not a production dependency', file: '/node_modules/lowdb/node_modules/vitest' },
    ]);
    expect(asarProblems(GOOD, { requiredPackages: RUNTIME_PACKAGES })).toEqual([{ rule: 'missing runtime package', file: '/node_modules/electron-updater/package.json' }]);
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
    expect(cfg).toMatchObject({ productName: 'ELB Desk', asar: true, directories: { buildResources: 'build', output: 'release' } });
    // Releases go to a draft GitHub release (published by a maintainer); the update check reads the same feed.
    expect(cfg['publish']).toEqual([{ provider: 'github', releaseType: 'draft' }]);
    const files = cfg['files'] as string[];
    expect(files.filter((f) => !f.startsWith('!'))).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(files).toContain('!**/*.map');
    expect(cfg['linux']).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development;Network' });
    expect(cfg['mac']).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', target: [{ target: 'dmg', arch: ['x64', 'arm64'] }, { target: 'zip', arch: ['x64', 'arm64'] }] });
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
    expect(r.entries).toContain('/node_modules/electron-updater/package.json');
    expect(r.problems).toEqual([]);
  });
});
