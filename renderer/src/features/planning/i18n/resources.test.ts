import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n';
import { pt } from './index';
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

  it('agrees with a count of 1: one server with weight 0, one free port, one listener port', () => {
    setLanguage('en');
    expect(pt('timeline.someZero', { count: 1, zero: 1, total: 3 })).toBe('1 of 3 servers has weight 0: it is checked but receives no new connections.');
    expect(pt('timeline.someZero', { count: 2, zero: 2, total: 3 })).toBe('2 of 3 servers have weight 0: they are checked but receive no new connections.');
    expect(pt('portMap.list.gap', { range: '3307', count: 1, formatted: '1' })).toBe('3307: free (1 port)');
    expect(pt('portMap.counts', { count: 1, listeners: '1', drafts: '0' })).toBe('1 listener port or range, 0 in other drafts');
  });
});
