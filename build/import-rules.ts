/** The dependency rule between folders (architecture.md §2), as data, and a scanner of import specifiers. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Import specifiers of a TS/Svelte source (static, dynamic, re-exports, require). */
export function importSpecifiers(raw: string): string[] {
  // Comments are not imports ("this file must never import 'electron'").
  const source = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\w])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Which folder a repo-relative path belongs to, for the rule table. */
export function layerOf(rel: string): 'shared' | 'core' | 'sandbox' | 'dev-host' | 'renderer' | 'shell' | null {
  // A folder itself (an import of its index file, `../sandbox`) belongs to that folder.
  const p = `${rel.split(path.sep).join('/')}/`;
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('electron/core/')) return 'core';
  if (p.startsWith('electron/sandbox/')) return 'sandbox';
  if (p.startsWith('electron/dev-host/')) return 'dev-host';
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('electron/')) return 'shell';
  return null;
}

/** Checks one import of one file against the rule. Returns the broken rule, or null. */
export function checkImport(fileRel: string, specifier: string): string | null {
  const layer = layerOf(fileRel);
  if (!layer) return null;
  const isTest = /\.test\.ts$/.test(fileRel);
  const isElectron = specifier === 'electron' || specifier.startsWith('electron/');
  const isNode = BUILTINS.has(specifier);
  let target: string | null = null;
  if (specifier.startsWith('.')) {
    target = path.posix.normalize(path.posix.join(path.posix.dirname(fileRel.split(path.sep).join('/')), specifier));
  }
  const targetLayer = target ? layerOf(target) : null;
  switch (layer) {
    case 'shared':
      if (isElectron) return 'shared/ never imports electron';
      if (isNode) return 'shared/ imports no Node built-in';
      if (isTest) return null;
      if (target && targetLayer !== 'shared') return 'shared/ imports only shared/';
      if (!target && !['zod', 'ipaddr.js'].includes(specifier)) return 'shared/ imports only shared/, zod and ipaddr.js';
      return null;
    case 'core':
    case 'dev-host':
      if (isElectron) return `electron/${layer}/ never imports electron`;
      if (targetLayer === 'renderer' || targetLayer === 'shell') return `electron/${layer}/ imports only shared/, core/, sandbox/ and Node`;
      return null;
    case 'sandbox':
      if (isElectron) return 'the sandbox never imports electron';
      if (targetLayer && targetLayer !== 'sandbox' && !isTest) return 'the sandbox is independent: it imports only its own files and Node';
      return null;
    case 'renderer':
      if (isElectron) return 'the renderer never imports electron';
      if (isNode) return 'the renderer imports no Node built-in (its tests included: a test that reads files lives in build/)';
      if (target && targetLayer !== 'renderer' && targetLayer !== 'shared') return 'the renderer imports only renderer/ and shared/';
      return null;
    case 'shell':
      return null;
  }
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|svelte|mts|cts)$/.test(name)) out.push(full);
  }
}

/** Scans the source folders of the repo and returns every violation. */
export function scanRepo(root: string): Violation[] {
  const files: string[] = [];
  for (const dir of ['shared', 'electron', 'renderer']) walk(path.join(root, dir), files);
  const violations: Violation[] = [];
  for (const file of files) {
    const rel = path.relative(root, file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      const rule = checkImport(rel, specifier);
      if (rule) violations.push({ file: rel, specifier, rule });
    }
  }
  return violations;
}
