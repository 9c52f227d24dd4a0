/**
 * The built first-screen chunks (build/vite.renderer.config.ts): the renderer is built into a temporary folder and its
 * output read. An `Error` created while a chunk loads costs, with a debugger attached, a second parse of that chunk's
 * whole top level on the page's thread (see ERRORS_AT_LOAD there): such modules belong in the small boot chunk, never
 * in the 150 KB app chunk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = fileURLToPath(new URL('./vite.renderer.config.ts', import.meta.url));

/** An object created at a chunk's top level from a class that extends Error (how Svelte's runtime keeps one). */
const ERROR_AT_LOAD = /=\s*new\s+class\s+(?:\w+\s+)?extends\s+Error\b/;

describe('the first-screen chunks as built', () => {
  let out = '';
  let chunks = new Map<string, string>();

  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-chunks-'));
    await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const dir = path.join(out, 'assets');
    chunks = new Map(readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  }, 120_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const named = (prefix: string): string => {
    const hits = [...chunks].filter(([f]) => f.startsWith(`${prefix}-`));
    expect(hits, `one ${prefix} chunk`).toHaveLength(1);
    return hits[0]![1];
  };

  it('puts the Error Svelte creates at load in the boot chunk, and none in the app chunk', () => {
    const boot = named('boot');
    const app = named('app');
    expect(boot).toContain('StaleReactionError');
    expect(boot).toMatch(ERROR_AT_LOAD);
    expect(app).not.toContain('StaleReactionError');
    expect(app).not.toMatch(ERROR_AT_LOAD);
  });

  it('keeps the boot chunk small (its top level is what a debugger parses again)', () => {
    expect(named('boot').length).toBeLessThan(16 * 1024);
  });

  it('recognises an Error made at load', () => {
    expect('var x=new class extends Error{name=`E`}();').toMatch(ERROR_AT_LOAD);
    expect('var Ie=new class Stale extends Error{}').toMatch(ERROR_AT_LOAD);
    expect('class A extends Error{}').not.toMatch(ERROR_AT_LOAD);
  });
});
