/**
 * Counts agree with their number in English: a text that puts `{{count}}` before a plural noun ("{{count}} entries")
 * is a plural key (`_one` / `_other`), so a count of 1 reads "1 entry", never "1 entries" — in every English catalogue
 * of the renderer (the shell's and each feature's). Texts only ever shown for two or more are listed, with why.
 * It reads the renderer's sources, so it lives here (renderer/ imports no Node built-in).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../renderer/src', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** `{{count}}` (or a formatted copy) right before a word ending in s, or one word later ("{{count}} load balancers"). */
const COUNTED_PLURAL = /\{\{\s*(count|formatted)\s*\}\}\s+(?:[A-Za-z-]+\s+)?[A-Za-z-]*[a-z]s\b/;

/** Keys shown only for a count of two or more (checked where they are used). */
const ONLY_MANY: Record<string, string> = {
  'delete.titleMany': 'DeleteDialog: the single listener has its own title (delete.title)',
  'delete.perLb': 'DeleteDialog: shown only when the plan has more than one part',
  'csv.problems.columns': 'more fields than the 5 allowed: always 6 or more',
  'warnings.sharedGroup': 'a group used by more than one listener',
  'warnings.overLimit': 'more entries than the limit (at least 1): always 2 or more',
};

type Table = { [k: string]: string | Table };
function leaves(m: Table, prefix = ''): Array<[string, string]> {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

function englishCatalogues(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(`${path.sep}i18n${path.sep}en.ts`)) out.push(p);
    }
  };
  walk(ROOT);
  return out;
}

describe('English counts agree with their number', () => {
  it('finds the catalogues', () => {
    expect(englishCatalogues().length).toBeGreaterThan(5);
  });

  it('makes every counted plural noun a plural key', async () => {
    const offenders: string[] = [];
    for (const file of englishCatalogues()) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const table of Object.values(mod)) {
        if (typeof table !== 'object' || table === null) continue;
        for (const [key, text] of leaves(table as Table)) {
          if (PLURAL.test(key) || key in ONLY_MANY || !COUNTED_PLURAL.test(text)) continue;
          offenders.push(`${path.relative(ROOT, file)} ${key}: ${text}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('recognises a counted plural noun', () => {
    expect('{{count}} entries').toMatch(COUNTED_PLURAL);
    expect('on {{count}} load balancers').toMatch(COUNTED_PLURAL);
    expect('({{formatted}} ports)').toMatch(COUNTED_PLURAL);
    expect('{{count}} invalid').not.toMatch(COUNTED_PLURAL);
    expect('Idle Timeout (s)').not.toMatch(COUNTED_PLURAL);
  });
});
