/**
 * The renderer's styles ask for few font faces (app.css, `--font`): in a cold start each weight of a family and each
 * size of it is a synchronous request to the browser process during the first layout. Two weights (400 and 700; a 600
 * is a second look-up of the same bold face on Linux) and one monospace size for IDs and ports. It reads the
 * renderer's sources, so it lives here (renderer/ imports no Node built-in).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../renderer/src/', import.meta.url));

function styleFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) styleFiles(full, out);
    else if (name.endsWith('.svelte') || name.endsWith('.css')) out.push(full);
  }
  return out;
}

describe('font faces', () => {
  it('every font-weight in the renderer is 400 or 700 (normal or bold)', () => {
    const odd: string[] = [];
    for (const file of styleFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/font-weight:\s*([^;}\n]+)/g)) {
        if (!['400', '700', 'normal', 'bold', 'inherit'].includes(m[1]!.trim())) odd.push(`${path.relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(odd).toEqual([]);
  });

  it('IDs and monospace cells share one size (app.css .mono, .id)', () => {
    const css = readFileSync(path.join(SRC, 'app.css'), 'utf8');
    expect(css).toMatch(/\.mono,\s*\.id\s*\{[^}]*font-size:\s*0\.85rem/);
    // Other rules for .id alone (not the shared one, whose selector list ends with `.mono,`) set no size of their own.
    const idRules = [...css.matchAll(/(?<!,)\n\.id\s*\{([^}]*)\}/g)].map((m) => m[1]!);
    expect(idRules.length).toBeGreaterThan(0);
    expect(idRules.some((r) => /font-size/.test(r))).toBe(false);
  });
});
