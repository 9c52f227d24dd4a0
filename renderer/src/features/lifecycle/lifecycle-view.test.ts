import { describe, expect, it } from 'vitest';
import type { DriftItem, HistoryEntry } from '../../../../shared/model/history';
import { defaultDraftContent } from '../../../../shared/model/draft-values';
import { confirmsDelete, deleteConfirmation, fieldValueText, newestFirst, reapplyContent } from './lifecycle-view';

const L = (name: string, port: number | null, ranges: { start: number; end: number }[] = []) => ({ name, port, portRanges: ranges });

describe('delete confirmation', () => {
  it('one listener: its exact name or its port; nothing else', () => {
    expect(deleteConfirmation([L('web', 80)])).toBe('web');
    expect(confirmsDelete('web', [L('web', 80)])).toBe(true);
    expect(confirmsDelete('80', [L('web', 80)])).toBe(true);
    expect(confirmsDelete('web ', [L('web', 80)])).toBe(false);
    expect(confirmsDelete('Web', [L('web', 80)])).toBe(false);
    expect(confirmsDelete('', [L('', 80)])).toBe(false);
    expect(deleteConfirmation([L('', 10000, [{ start: 10000, end: 10100 }])])).toBe('10000-10100');
  });
  it('several listeners: their count', () => {
    const many = [L('a', 1), L('b', 2), L('c', 3)];
    expect(deleteConfirmation(many)).toBe('3');
    expect(confirmsDelete('3', many)).toBe(true);
    expect(confirmsDelete('a', many)).toBe(false);
    expect(confirmsDelete('3', [])).toBe(false);
  });
});

describe('field values', () => {
  const inv = { pools: [{ id: 'p1', name: 'web-pool' }], ipGroups: [{ id: 'g1', name: 'office' }] } as never;
  it('names groups, says unlimited for 0, on/off for switches', () => {
    expect(fieldValueText('maxNewConnections', 0, inv)).toBe('Unlimited');
    expect(fieldValueText('maxNewConnections', 500, inv)).toBe('500');
    expect(fieldValueText('proxyProtocol', true, inv)).toBe('On');
    expect(fieldValueText('idleTimeout', 120, inv)).toBe('120 s');
    expect(fieldValueText('defaultPoolId', 'p1', inv)).toBe('web-pool (p1)');
    expect(fieldValueText('accessControl', { mode: 'whitelist', ipGroupId: 'g1' }, inv)).toBe('Whitelist: office (g1)');
    expect(fieldValueText('accessControl', { mode: 'all', ipGroupId: null }, inv)).toBe('All IP addresses');
    expect(fieldValueText('tags', [{ key: 'env', value: 'prod' }], inv)).toBe('env=prod');
    expect(fieldValueText('description', '', inv)).toBe('(empty)');
  });
});

describe('history and drift', () => {
  it('lists history newest first', () => {
    const e = (id: string, at: string) => ({ id, at }) as HistoryEntry;
    expect(newestFirst([e('a', '2026-01-01T00:00:00Z'), e('b', '2026-02-01T00:00:00Z')]).map((x) => x.id)).toEqual(['b', 'a']);
  });
  const item: DriftItem = { listenerId: 'l1', name: 'web', historyId: 'h1', appliedAt: 'x', fields: [{ field: 'idleTimeout', label: 'Idle', applied: 300, live: 60 }] };
  it('re-apply mine writes the applied values into the edit draft', () => {
    const c = defaultDraftContent();
    c.listener.idleTimeout = 60;
    const next = reapplyContent(c, item);
    expect(next.listener.idleTimeout).toBe(300);
    expect(c.listener.idleTimeout).toBe(60);
  });
});
