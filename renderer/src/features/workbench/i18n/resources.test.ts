import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n';
import { bt } from './index';
import { workbenchEn } from './en';
import { workbenchZhCN } from './zh-CN';

type Table = { [k: string]: string | Table };
function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('workbench i18n resources', () => {
  const en = new Map(leaves(workbenchEn as unknown as Table));
  const zh = new Map(leaves(workbenchZhCN as unknown as Table));
  it('has the same keys and interpolation values in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
      expect(v.trim().length, k).toBeGreaterThan(0);
    }
  });

  it('counts in the summary agree with their number (1 entry, 1 duplicate removed; 2 entries)', () => {
    setLanguage('en');
    const part = (k: 'summary.entries' | 'summary.duplicates', n: number) => bt(k, { count: n, formatted: String(n) });
    expect(part('summary.entries', 1)).toBe('1 entry');
    expect(part('summary.entries', 2)).toBe('2 entries');
    expect(part('summary.duplicates', 1)).toBe('1 duplicate removed');
    expect(part('summary.duplicates', 0)).toBe('0 duplicates removed');
    // Chinese has one form: both keys say the same.
    expect(workbenchZhCN.summary.duplicates_one).toBe(workbenchZhCN.summary.duplicates_other);
    expect(workbenchZhCN.summary.entries_one).toBe(workbenchZhCN.summary.entries_other);
  });
});
