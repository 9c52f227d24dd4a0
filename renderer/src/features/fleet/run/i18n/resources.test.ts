import { describe, expect, it } from 'vitest';
import { fleetRunEn } from './en';
import { fleetRunZhCN } from './zh-CN';

type Table = { [k: string]: string | Table };
function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('fleet run i18n resources', () => {
  const en = new Map(leaves(fleetRunEn as unknown as Table));
  const zh = new Map(leaves(fleetRunZhCN as unknown as Table));
  it('has the same keys and interpolation values in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
      expect(v.trim().length, k).toBeGreaterThan(0);
    }
  });
});
