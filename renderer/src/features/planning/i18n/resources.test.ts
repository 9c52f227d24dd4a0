import { describe, expect, it } from 'vitest';
import { planningEn } from './en';
import { planningZhCN } from './zh-CN';

type Table = { [k: string]: string | Table };

function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('planning i18n resources', () => {
  const en = new Map(leaves(planningEn as unknown as Table));
  const zh = new Map(leaves(planningZhCN as unknown as Table));
  it('has the same keys and interpolation values in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(zh.get(k)!.trim().length, k).toBeGreaterThan(0);
    }
  });
  it('names the aid the way other tools look for it: a port map', () => {
    expect(planningEn.portMap.title).toBe('Port map');
  });
});
