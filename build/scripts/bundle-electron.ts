/**
 * Bundles the Electron shell with esbuild: electron/main.ts → out/main/main.cjs and electron/preload.ts →
 * out/preload/preload.cjs, both CommonJS with `electron` external. Everything else (core, lowdb, zod…) is bundled
 * in, so the packaged app does not depend on ESM-only packages being `require`-able — except electron-updater
 * (CommonJS, loaded only when an update check runs), which the main bundle requires from the asar's node_modules. No source maps (they would
 * ship the sources). Run directly (`tsx build/scripts/bundle-electron.ts`) or call `bundleElectron()`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { CHANNELS, EVENT_NAMES } from '../../shared/ipc/contract';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the bundles go, relative to the output root. */
export const MAIN_BUNDLE = path.join('out', 'main', 'main.cjs');
export const PRELOAD_BUNDLE = path.join('out', 'preload', 'preload.cjs');

/** Packages the main bundle leaves to `require` at run time (they must be production dependencies, in the asar). */
export const MAIN_EXTERNAL_PACKAGES = ['electron', 'electron-updater'] as const;

/** Options of `bundleElectron`. */
export interface BundleOptions {
  /** Repository root (sources are read from here). */
  root?: string;
  /** Output root; bundles go to `<outRoot>/out/main` and `<outRoot>/out/preload`. Defaults to `root`. */
  outRoot?: string;
  minify?: boolean;
}

/**
 * For the preload only: replaces shared/ipc/contract with its channel and event names, computed now from the real
 * contract. The preload needs nothing else from it, and this keeps zod and every schema out of the sandboxed
 * preload (~780 kB → ~3 kB). The preload may import only `CHANNELS` and `EVENT_NAMES` from the contract.
 */
export function contractNamesPlugin(): Plugin {
  return {
    name: 'contract-names',
    setup(b) {
      b.onResolve({ filter: /[\\/]shared[\\/]ipc[\\/]contract(\.ts)?$/ }, (args) => ({ path: args.path, namespace: 'contract-names' }));
      b.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
        contents: `export const CHANNELS = Object.freeze(${JSON.stringify(CHANNELS)});\nexport const EVENT_NAMES = Object.freeze(${JSON.stringify(EVENT_NAMES)});\n`,
        loader: 'js',
      }));
    },
  };
}

/** The esbuild options of both bundles (exported for tests). */
export function bundleConfigs(o: BundleOptions = {}): { main: BuildOptions; preload: BuildOptions } {
  const root = o.root ?? REPO_ROOT;
  const outRoot = o.outRoot ?? root;
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    external: ['electron'],
    sourcemap: false,
    minify: o.minify ?? false,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  return {
    main: {
      ...common,
      entryPoints: [path.join(root, 'electron', 'main.ts')],
      outfile: path.join(outRoot, MAIN_BUNDLE),
      // electron-updater ships in the asar (a production dependency) and is required from there at run time.
      external: [...MAIN_EXTERNAL_PACKAGES],
      platform: 'node',
      // Electron 45 ships Node 22.
      target: 'node22',
      // import.meta.url has no meaning in CJS: point it at the bundle file.
      define: { ...common.define, 'import.meta.url': '__elbDeskImportMetaUrl' },
      banner: { js: "const __elbDeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    },
    preload: {
      ...common,
      entryPoints: [path.join(root, 'electron', 'preload.ts')],
      outfile: path.join(outRoot, PRELOAD_BUNDLE),
      // A sandboxed preload is a browser-like context with a `require` that only knows 'electron'.
      platform: 'browser',
      target: 'chrome140',
      plugins: [contractNamesPlugin()],
    },
  };
}

/** Builds both bundles; resolves with their paths. */
export async function bundleElectron(o: BundleOptions = {}): Promise<{ main: string; preload: string }> {
  const cfg = bundleConfigs(o);
  for (const c of [cfg.main, cfg.preload]) mkdirSync(path.dirname(c.outfile!), { recursive: true });
  await Promise.all([build(cfg.main), build(cfg.preload)]);
  return { main: cfg.main.outfile!, preload: cfg.preload.outfile! };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  bundleElectron({ minify: process.argv.includes('--minify') }).then(
    (out) => process.stdout.write(`bundled ${path.relative(REPO_ROOT, out.main)} and ${path.relative(REPO_ROOT, out.preload)}\n`),
    (e: unknown) => {
      process.stderr.write(`bundle-electron failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
