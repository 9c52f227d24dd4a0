import { describe, expect, it } from 'vitest';
import { defaultDraftContent } from './draft-values';
import { autoDraftTitle, DRAFT_TITLE_MAX, portsForTitle } from './draft-title';

function listener(patch: Partial<ReturnType<typeof defaultDraftContent>['listener']>) {
  return { listener: { ...defaultDraftContent().listener, ...patch } };
}

describe('autoDraftTitle', () => {
  it('port, name and load balancer, in that order', () => {
    expect(autoDraftTitle(listener({ port: 3306, name: 'mysql-read' }), 'tcp-gateway', 'New')).toBe('TCP 3306 · mysql-read · tcp-gateway');
    expect(autoDraftTitle(listener({ port: 3306 }), 'tcp-gateway', 'New')).toBe('TCP 3306 · tcp-gateway');
    expect(autoDraftTitle(listener({ port: null, name: '  ' }), 'tcp-gateway', 'New')).toBe('TCP · tcp-gateway');
    expect(autoDraftTitle(listener({ port: 80 }), null, 'New')).toBe('TCP 80');
  });

  it('port ranges, skipping empty rows', () => {
    const l = listener({ portMode: 'ranges', portRanges: [{ start: 10000, end: 10100 }, { start: null, end: null }, { start: 20000, end: null }, { start: 7, end: 7 }] });
    expect(portsForTitle(l.listener)).toBe('10000–10100, 20000, 7');
    expect(autoDraftTitle(l, 'game', 'New')).toBe('TCP 10000–10100, 20000, 7 · game');
  });

  it('the fallback when nothing is known', () => {
    expect(autoDraftTitle(listener({}), null, '新建TCP监听器')).toBe('新建TCP监听器');
    expect(autoDraftTitle(listener({}), '', 'New TCP listener')).toBe('New TCP listener');
  });

  it('is at most 255 characters: exactly at the limit kept, one over shortened with an ellipsis', () => {
    const head = 'TCP 1 · ';
    const exact = autoDraftTitle(listener({ port: 1, name: 'n'.repeat(DRAFT_TITLE_MAX - head.length) }), null, 'New');
    expect(exact).toHaveLength(DRAFT_TITLE_MAX);
    expect(exact.endsWith('n')).toBe(true);
    const over = autoDraftTitle(listener({ port: 1, name: 'n'.repeat(DRAFT_TITLE_MAX - head.length + 1) }), null, 'New');
    expect(over).toHaveLength(DRAFT_TITLE_MAX);
    expect(over.endsWith('…')).toBe(true);
  });
});
