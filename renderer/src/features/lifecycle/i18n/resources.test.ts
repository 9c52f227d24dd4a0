import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n';
import { lt } from './index';
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

  it('says 1 server, 1 entry, 1 listener (and 2 servers) where a count can be 1', () => {
    setLanguage('en');
    const health = lt('delete.withHealth');
    expect(lt('delete.poolGoes', { name: 'g', count: 1, health })).toBe('Group g goes, with 1 server and its health check.');
    expect(lt('delete.poolGoes', { name: 'g', count: 2, health })).toBe('Group g goes, with 2 servers and its health check.');
    expect(lt('delete.poolProtected', { name: 'g', count: 1 })).toContain('its 1 server cannot be removed');
    expect(lt('delete.lbHeading', { name: 'lb', count: 1 })).toBe('Load balancer lb (1 listener)');
    expect(lt('detail.entries', { count: 1 })).toBe('1 entry');
  });
});
