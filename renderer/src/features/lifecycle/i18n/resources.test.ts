import { describe, expect, it } from 'vitest';
import { lifecycleEn } from './en';
import { lifecycleZhCN } from './zh-CN';
import { CLONE_NOTE_CODES } from '../../../../../shared/lifecycle/clone';

type Table = { [k: string]: string | Table };
function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('lifecycle i18n resources', () => {
  const en = new Map(leaves(lifecycleEn as unknown as Table));
  const zh = new Map(leaves(lifecycleZhCN as unknown as Table));
  it('has the same keys and interpolation values in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
      expect(v.trim().length, k).toBeGreaterThan(0);
    }
  });

  it('has a text for every note code a clone can have', () => {
    for (const code of CLONE_NOTE_CODES) expect(en.get(`clone.note.${code}`), code).toBeTruthy();
    expect([...en.keys()].filter((k) => k.startsWith('clone.note.')).sort()).toEqual(CLONE_NOTE_CODES.map((c) => `clone.note.${c}`).sort());
  });
});
