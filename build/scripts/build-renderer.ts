/**
 * The renderer's build: the app (Vite) into out/renderer, the first paint's page script beside it (esbuild, a classic
 * script: first-paint-script.ts) and the host's first-paint renderer (Vite, Svelte's server output) into out/ssr.
 * `npm run build:renderer` runs it; `npm run build`, `npm run start:web` (when nothing is built) and the bench call it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirstPaintScriptSync } from './first-paint-script';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One Vite build with `config`; an error message, or null when it worked. */
function viteBuild(root: string, config: string, logLevel: 'warn' | 'error'): string | null {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', logLevel], { cwd: root, encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) return `vite build --config ${config} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-5).join(' | ')}`;
  if (r.stderr) process.stderr.write(r.stderr);
  return null;
}

/** Builds all three; returns an error message, or null when it worked. */
export function buildRenderer(root: string = ROOT, logLevel: 'warn' | 'error' = 'warn'): string | null {
  const app = viteBuild(root, 'build/vite.renderer.config.ts', logLevel);
  if (app) return app;
  try {
    buildFirstPaintScriptSync(root);
  } catch (e) {
    return `the first paint's page script failed to build: ${e instanceof Error ? e.message : String(e)}`;
  }
  return viteBuild(root, 'build/vite.first-paint.config.ts', logLevel);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const error = buildRenderer();
  if (error) {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  }
}
