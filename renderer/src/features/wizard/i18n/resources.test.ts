import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n';
import { wt } from './index';
import { wizardEn } from './en';
import { wizardZhCN } from './zh-CN';

type Table = { [k: string]: string | Table };

function leaves(m: Table, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('wizard i18n resources', () => {
  const en = new Map(leaves(wizardEn as unknown as Table));
  const zh = new Map(leaves(wizardZhCN as unknown as Table));
  it('has the same keys in both languages', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });
  it('uses the same interpolation values in both languages', () => {
    for (const [k, v] of en) expect(placeholders(zh.get(k) ?? ''), k).toEqual(placeholders(v));
  });
  it('has no empty strings and no key separators in keys', () => {
    for (const [k, v] of [...en, ...zh]) {
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(k).not.toContain(':');
    }
  });
  it('uses the seed\'s Table 1 parameter names as English labels', () => {
    const l = wizardEn.listener;
    expect([l.protocol, l.port, l.name, l.nat64, l.transparentClientIp, l.proxyProtocol, l.accessControl, l.more]).toEqual([
      'Frontend Protocol',
      'Listening Port',
      'Name (Optional)',
      'IPv4/IPv6 Translation',
      'Transfer Client IP Address',
      'ProxyProtocol',
      'Access Control',
      'More (Optional)',
    ]);
    expect([l.idleTimeout, l.maxNew, l.maxConcurrent, l.tags, l.description]).toEqual([
      'Idle Timeout (s)',
      'Maximum New Connections per AZ',
      'Maximum Concurrent Connections per AZ',
      'Tag',
      'Description',
    ]);
    expect(wizardEn.routing.backendProtocolReason).toBe('If the front protocol is TCP, the backend protocol defaults to TCP and cannot be changed.');
  });

  it('never writes "(s)": counts agree with their number in every text', () => {
    expect([...en].filter(([, v]) => v.includes('(s)') && !/\((s|ms)\)$|\(s\) /.test(v)).map(([k]) => k)).toEqual([]);
    setLanguage('en');
    expect(wt('errorSummary.intro', { count: 1 })).toBe('Next is blocked by 1 error. Warnings do not block.');
    expect(wt('errorSummary.intro', { count: 3 })).toBe('Next is blocked by 3 errors. Warnings do not block.');
  });
});
