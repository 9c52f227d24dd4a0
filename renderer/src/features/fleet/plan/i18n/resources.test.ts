import { describe, expect, it } from 'vitest';
import { fleetEn } from './en';
import { fleetZhCN } from './zh-CN';

type Table = { [k: string]: string | Table };

function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('fleet i18n resources', () => {
  const en = new Map(leaves(fleetEn as unknown as Table));
  const zh = new Map(leaves(fleetZhCN as unknown as Table));
  it('has the same keys and interpolation values in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(zh.get(k)!.trim().length, k).toBeGreaterThan(0);
    }
  });
  it('uses the issue’s labels for the two fleet actions', () => {
    expect(fleetEn.summary.nextFreePort).toBe('Use the next free port on each');
    expect(fleetEn.summary.review).toBe('Review and apply');
  });
});
