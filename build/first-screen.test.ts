/**
 * The first screen loads only what a first listing needs: the entry script (renderer/src/main.ts) and the app shell
 * (App.svelte, which main.ts imports at once) with everything they import statically. Pages that are no first screen
 * (server groups, IP groups, drafts, accounts, the wizard, any new page: the app opens on load balancers, or a link on
 * listeners), zod and the catalogue of a language not in use must be reached only
 * through dynamic `import()` (features/shell/pages.ts, lib/i18n/locale.svelte.ts), so they are chunks of their own.
 * It reads the renderer's sources, so it lives here (renderer/ imports no Node built-in).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'renderer', 'src');

/** Dynamic import specifiers of a module (`import('…')` with a literal). */
function dynamicImports(source: string): string[] {
  return [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

/** Static import specifiers of a module (`import … from '…'`, `import '…'`, `export … from '…'`; not `import type`). */
export function staticImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(re)) if (!m[2]) out.push(m[3]!);
  return out;
}

/** The script of a .svelte file (instance and module scripts). */
function scriptOf(file: string, text: string): string {
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return `npm:${spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')}`;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  return null;
}

/**
 * Every module reached from `entries` through static imports (files by path, packages as `npm:name`); with
 * `dynamic`, through `import('…')` too (everything the renderer can ever load).
 */
function staticClosure(entries: string[], dynamic = false): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.startsWith('npm:') || !/\.(ts|svelte|js)$/.test(file)) continue;
    const script = scriptOf(file, readFileSync(file, 'utf8'));
    for (const spec of [...staticImports(script), ...(dynamic ? dynamicImports(script) : [])]) {
      const target = resolve(file, spec);
      if (target) queue.push(target);
    }
  }
  return seen;
}

describe('what the first screen loads', () => {
  const closure = staticClosure([path.join(SRC, 'main.ts'), path.join(SRC, 'App.svelte')]);
  const rel = [...closure].map((f) => (f.startsWith('npm:') ? f : path.relative(ROOT, f)));

  it('finds static imports and skips type-only ones and dynamic ones', () => {
    const src = "import a from './a';\nimport type { B } from './b';\nimport './c.css';\nexport { d } from './d';\nconst e = () => import('./e');\nimport {\n  f,\n  g,\n} from '../f';";
    expect(staticImports(src)).toEqual(['./a', './c.css', './d', '../f']);
  });

  it('includes the shell and the listing pages', () => {
    expect(rel).toContain('renderer/src/features/listing/ListenersPage.svelte');
    expect(rel).toContain('renderer/src/features/shell/AppHeader.svelte');
    expect(rel).toContain('npm:svelte');
    expect(rel).toContain('renderer/src/lib/i18n/i18n-core.ts');
  });

  it('leaves out zod, the zh-CN catalogue and every page that is no first screen', () => {
    expect(rel).not.toContain('npm:zod');
    expect(rel).not.toContain('renderer/src/lib/i18n/zh-CN.ts');
    const listings = ['LoadBalancersPage', 'ListenersPage'];
    const pages = rel.filter((f) => /\/[A-Z]\w*Page\.svelte$/.test(f) && !f.endsWith('/LazyPage.svelte'));
    expect(pages.filter((f) => !listings.some((l) => f.endsWith(`/${l}.svelte`)))).toEqual([]);
    expect(pages).toHaveLength(listings.length);
  });

  it('never loads zod (main validates every payload; the renderer only needs types) or i18next, on any page', () => {
    const all = [...staticClosure([path.join(SRC, 'main.ts'), path.join(SRC, 'App.svelte')], true)].map((f) => (f.startsWith('npm:') ? f : path.relative(ROOT, f)));
    expect(all).toContain('renderer/src/features/accounts/AccountForm.svelte');
    expect(all).toContain('renderer/src/features/wizard/WizardPage.svelte');
    expect(all).toContain('renderer/src/lib/i18n/zh-CN.ts');
    expect(all.filter((f) => f === 'npm:zod' || f.startsWith('shared/model/account.ts'))).toEqual([]);
    // i18next is only the test oracle of lib/i18n/i18n-core.ts.
    expect(all).not.toContain('npm:i18next');
  });

  it('the page as built links an empty tab icon (no SVG document to load, no /favicon.ico request); main.ts sets it after the first paint', () => {
    const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    expect([...html.matchAll(/<link rel="icon"[^>]*>/g)].map((m) => m[0])).toEqual(['<link rel="icon" href="data:," />']);
    expect(readFileSync(path.join(SRC, 'main.ts'), 'utf8')).toMatch(/addFavicon\(document\)/);
  });
});
