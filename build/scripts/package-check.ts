/**
 * What CI can check of packaging on a machine without an Electron runtime: electron-builder `--linux dir` against a
 * stub `electronDist` (a fake `electron` executable, `version`, LICENSE files), then the contents of the produced
 * `resources/app.asar`: the entry bundle, preload and renderer are there, and no sources, tests, e2e, bench, dev
 * host or source maps; node_modules holds production dependencies only (package-lock.json), electron-updater among
 * them (the main bundle requires it at run time). Fuses are not flipped here (a stub binary has no fuse sentinel): their configuration is
 * checked by reading build/electron-builder.yml instead; check a real build with `npx @electron/fuses read --app`.
 *
 * Run directly (`tsx build/scripts/package-check.ts`) or through build/scripts/package-check.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleElectron, MAIN_BUNDLE, MAIN_EXTERNAL_PACKAGES, PRELOAD_BUNDLE, REPO_ROOT } from './bundle-electron';

/** The Electron version the stub pretends to be. */
export const STUB_ELECTRON_VERSION = '45.4.1';
/** The builder configuration, relative to the repository root. */
export const BUILDER_CONFIG = path.join('build', 'electron-builder.yml');

/** A problem found in the package. */
export interface PackageProblem {
  rule: string;
  file: string;
}

/** Packages the main bundle requires at run time from the asar (bundle-electron's externals, Electron aside). */
export const RUNTIME_PACKAGES: readonly string[] = MAIN_EXTERNAL_PACKAGES.filter((p) => p !== 'electron');

/**
 * The names of the production packages of a package-lock.json (v2/v3 `packages`, entries not marked dev): `zod`,
 * `semver` (for `node_modules/electron-updater/node_modules/semver`: electron-builder may hoist it). Pure.
 */
export function productionPackages(lock: { packages?: Record<string, { dev?: boolean; devOptional?: boolean }> }): Set<string> {
  const out = new Set<string>();
  for (const [key, meta] of Object.entries(lock.packages ?? {})) {
    if (!key.startsWith('node_modules/') || meta.dev || meta.devOptional) continue;
    out.add(packageName(key.slice('node_modules/'.length)));
  }
  return out;
}

/** A package's name from its path under node_modules (`a/node_modules/@s/b` → `@s/b`). Pure. */
export function packageName(pkgPath: string): string {
  const parts = pkgPath.split('/node_modules/');
  return parts[parts.length - 1]!;
}

/** The package an asar entry belongs to (`/node_modules/a/node_modules/@s/b/x.js` → `a/node_modules/@s/b`), or null. Pure. */
export function packageOfEntry(entry: string): string | null {
  const m = /^\/node_modules\/((?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*)/.exec(entry);
  return m ? m[1]! : null;
}

/** Options of `asarProblems`. */
export interface AsarRules {
  /** When given, every packaged node_modules package must have one of these names (production dependencies only). */
  allowedPackages?: ReadonlySet<string>;
  /** Packages that must be there (their package.json), because the bundle requires them at run time. */
  requiredPackages?: readonly string[];
}

/** Checks a list of asar entries (paths starting with `/`); returns what is wrong. Pure, exported for tests. */
export function asarProblems(entries: readonly string[], rules: AsarRules = {}): PackageProblem[] {
  const files = entries.map((e) => e.replace(/\\/g, '/').replace(/^\/?/, '/'));
  const set = new Set(files);
  const problems: PackageProblem[] = [];
  for (const required of ['/package.json', '/out/main/main.cjs', '/out/preload/preload.cjs', '/out/renderer/index.html']) {
    if (!set.has(required)) problems.push({ rule: 'missing required file', file: required });
  }
  const own = files.filter((f) => !f.startsWith('/node_modules/'));
  for (const f of files) {
    if (/\.map$/.test(f)) problems.push({ rule: 'source map', file: f });
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(f)) problems.push({ rule: 'test file', file: f });
  }
  for (const f of own) {
    if (/\.(ts|tsx|mts|cts|svelte)$/.test(f) && !f.endsWith('.d.ts')) problems.push({ rule: 'source file', file: f });
    if (/^\/(electron|shared|renderer\/src|build|e2e|bench|src)\//.test(f)) problems.push({ rule: 'source folder', file: f });
    if (/(^|\/)(e2e|bench|dev-host|fixtures)\//.test(f)) problems.push({ rule: 'non-product folder', file: f });
    if (/^\/(tsconfig[^/]*\.json|vite\.config\.[^/]*|playwright\.config\.[^/]*|\.env.*|\.git\/.*)$/.test(f)) problems.push({ rule: 'tooling file', file: f });
  }
  for (const f of files) {
    if (/^\/node_modules\/(vitest|vite|electron|electron-builder|typescript|esbuild|@playwright|playwright|svelte|tsx|fast-check|eslint)\//.test(f)) {
      problems.push({ rule: 'dev dependency packaged', file: f });
    }
    if (/(^|\/)electron\/dev-host\//.test(f)) problems.push({ rule: 'dev host', file: f });
  }
  for (const p of rules.requiredPackages ?? []) {
    if (!set.has(`/node_modules/${p}/package.json`)) problems.push({ rule: 'missing runtime package', file: `/node_modules/${p}/package.json` });
  }
  if (rules.allowedPackages) {
    const seen = new Set<string>();
    for (const f of files) {
      const pkg = packageOfEntry(f);
      if (pkg && !seen.has(pkg) && !rules.allowedPackages.has(packageName(pkg))) problems.push({ rule: 'not a production dependency', file: `/node_modules/${pkg}` });
      if (pkg) seen.add(pkg);
    }
  }
  return problems;
}

/** Writes a stub electronDist (what electron-builder copies instead of a downloaded Electron). */
export function writeStubElectronDist(dir: string, version: string = STUB_ELECTRON_VERSION): string {
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, 'electron');
  writeFileSync(exe, '#!/bin/sh\necho "stub electron: not runnable" >&2\nexit 1\n');
  chmodSync(exe, 0o755);
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(path.join(dir, 'LICENSE'), 'Stub Electron licence file for packaging checks.\n');
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stub</title>\n');
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  return dir;
}

/** Builds the bundles (and the renderer) when they are missing. */
export async function ensureBuilt(root: string = REPO_ROOT): Promise<void> {
  if (!existsSync(path.join(root, MAIN_BUNDLE)) || !existsSync(path.join(root, PRELOAD_BUNDLE))) await bundleElectron({ root });
  if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
    const vite = path.join(root, 'node_modules', '.bin', 'vite');
    const r = spawnSync(vite, ['build', '--config', 'build/vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('The renderer build failed (vite build).');
  }
}

/** The result of a package check. */
export interface PackageCheckResult {
  appDir: string;
  asarPath: string;
  entries: string[];
  problems: PackageProblem[];
  /** package.json as packaged. */
  packagedMain: string | null;
}

/** Runs electron-builder `--linux dir` with a stub Electron into a temp folder and inspects app.asar. */
export async function runPackageCheck(opts: { root?: string; keep?: boolean } = {}): Promise<PackageCheckResult> {
  const root = opts.root ?? REPO_ROOT;
  await ensureBuilt(root);
  const work = mkdtempSync(path.join(os.tmpdir(), 'elb-package-check-'));
  const stub = writeStubElectronDist(path.join(work, 'electron-dist'));
  const output = path.join(work, 'release');
  const sevenZip = '/usr/bin/7zz';
  if (!process.env.ELECTRON_BUILDER_7ZIP_PATH && existsSync(sevenZip)) process.env.ELECTRON_BUILDER_7ZIP_PATH = sevenZip;
  try {
    const { build, Platform, Arch } = await import('electron-builder');
    const arch = process.arch === 'arm64' ? Arch.arm64 : Arch.x64;
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', arch),
      publish: 'never',
      config: {
        extends: BUILDER_CONFIG,
        electronDist: stub,
        electronVersion: STUB_ELECTRON_VERSION,
        // A stub binary has no fuse sentinel to flip; the fuse settings are checked from the YAML instead.
        electronFuses: null,
        directories: { output, buildResources: 'build' },
      },
    });
    const appDir = path.join(output, arch === Arch.arm64 ? 'linux-arm64-unpacked' : 'linux-unpacked');
    const asarPath = path.join(appDir, 'resources', 'app.asar');
    const asar = await import('@electron/asar');
    const entries = asar.listPackage(asarPath, { isPack: false });
    const pkgText = asar.extractFile(asarPath, 'package.json').toString('utf8');
    const packagedMain = (JSON.parse(pkgText) as { main?: string }).main ?? null;
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Parameters<typeof productionPackages>[0];
    const problems = asarProblems(entries, { allowedPackages: productionPackages(lock), requiredPackages: RUNTIME_PACKAGES });
    if (packagedMain !== 'out/main/main.cjs') problems.push({ rule: 'package.json main is not out/main/main.cjs', file: String(packagedMain) });
    return { appDir, asarPath, entries, problems, packagedMain };
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}

/** The electron-builder YAML, parsed (js-yaml ships with electron-builder). */
export async function readBuilderConfig(root: string = REPO_ROOT): Promise<Record<string, unknown>> {
  // js-yaml is a dependency of electron-builder and has no bundled types; load it by name.
  const specifier = 'js-yaml';
  const yaml = (await import(specifier)) as { load(text: string): unknown };
  return yaml.load(readFileSync(path.join(root, BUILDER_CONFIG), 'utf8')) as Record<string, unknown>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runPackageCheck({ keep: process.argv.includes('--keep') }).then(
    (r) => {
      process.stdout.write(`app.asar: ${r.entries.length} entries (${r.asarPath})\n`);
      for (const p of r.problems) process.stdout.write(`  PROBLEM ${p.rule}: ${p.file}\n`);
      process.exit(r.problems.length === 0 ? 0 : 1);
    },
    (e: unknown) => {
      process.stderr.write(`package check failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
