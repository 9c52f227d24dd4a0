/** Test support: bundle a test-support entry into one .mjs that plain `node` runs (fast start, any user). */
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Bundles `test-support/<entry>.ts`; returns the .mjs path (world-readable, in a fresh temp folder). */
export async function bundleEntry(entry: string): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'elb-child-'));
  chmodSync(outDir, 0o755);
  const outfile = path.join(outDir, `${entry}.mjs`);
  await build({
    entryPoints: [path.join(HERE, `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  chmodSync(outfile, 0o644);
  return outfile;
}
