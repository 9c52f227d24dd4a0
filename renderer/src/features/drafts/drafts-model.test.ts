import { describe, expect, it } from 'vitest';
import type { DraftSummary } from '../../../../shared/ipc/contract';
import { DRAFT_STATUSES } from '../../../../shared/model/draft-values';
import {
  canRetry,
  canSubmit,
  pruneSelection,
  safeFileName,
  selectAllState,
  sortDrafts,
  STATUS_TONE,
  statusTone,
  submitPlan,
  toggleAll,
  toggleSelected,
  validationTotals,
} from './drafts-model';

function summary(id: string, over: Partial<DraftSummary> = {}): DraftSummary {
  return {
    id,
    title: id,
    status: 'draft',
    step: 'listener',
    target: { accountId: 'a', region: 'r', loadBalancerId: 'lb' },
    port: '80',
    errorCount: 0,
    warningCount: 0,
    updatedAt: '2026-01-01T00:00:00Z',
    revision: 1,
    lastError: null,
    result: null,
    ...over,
  };
}

describe('status', () => {
  it('gives every status a tone, distinct for failed / attention / submitted', () => {
    for (const s of DRAFT_STATUSES) expect(STATUS_TONE[s]).toBeTruthy();
    expect(new Set([statusTone('failed'), statusTone('needs_attention'), statusTone('submitted')]).size).toBe(3);
    expect(statusTone('weird')).toBe('neutral');
  });
  it('allows submit unless in flight or done; retry after failure', () => {
    expect(canSubmit({ status: 'draft' })).toBe(true);
    expect(canSubmit({ status: 'failed' })).toBe(true);
    expect(canSubmit({ status: 'submitting' })).toBe(false);
    expect(canSubmit({ status: 'submitted' })).toBe(false);
    expect(canRetry({ status: 'failed' })).toBe(true);
    expect(canRetry({ status: 'needs_attention' })).toBe(true);
    expect(canRetry({ status: 'draft' })).toBe(false);
  });
});

describe('selection', () => {
  const ids = ['a', 'b', 'c'];
  it('toggles one and all', () => {
    const one = toggleSelected(new Set(), 'b');
    expect([...one]).toEqual(['b']);
    expect([...toggleSelected(one, 'b')]).toEqual([]);
    expect(selectAllState(ids, one)).toBe('some');
    expect([...toggleAll(ids, one)]).toEqual(ids);
    expect([...toggleAll(ids, new Set(ids))]).toEqual([]);
    expect(selectAllState(ids, new Set())).toBe('none');
    expect(selectAllState(ids, new Set(ids))).toBe('all');
  });
  it('forgets drafts that disappeared', () => {
    expect([...pruneSelection(new Set(['a', 'x']), [summary('a'), summary('b')])]).toEqual(['a']);
  });
  it('plans a batch in table order, skipping submitted and in-flight drafts', () => {
    const list = [summary('a'), summary('b', { status: 'submitted' }), summary('c', { status: 'failed' }), summary('d', { status: 'submitting' })];
    const plan = submitPlan(list, new Set(['d', 'c', 'b', 'a']));
    expect(plan.send.map((d) => d.id)).toEqual(['a', 'c']);
    expect(plan.skipped.map((d) => d.id)).toEqual(['b', 'd']);
  });
});

describe('validation totals', () => {
  it('adds issues and counts failed calls', () => {
    const t = validationTotals([[{ severity: 'error' }, { severity: 'warning' }], null, [{ severity: 'error' }], []]);
    expect(t).toEqual({ drafts: 4, errors: 2, warnings: 1, failed: 1 });
  });
});

describe('files and order', () => {
  it('makes safe file names', () => {
    expect(safeFileName('my/draft:1?.tf')).toBe('my_draft_1_.tf');
    expect(safeFileName('..hidden.json')).toBe('hidden.json');
    expect(safeFileName('///')).toBe('_');
    expect(safeFileName('')).toBe('draft-export.txt');
  });
  it('sorts newest first, then by title', () => {
    const list = [
      summary('old', { updatedAt: '2026-01-01T00:00:00Z' }),
      summary('b', { updatedAt: '2026-02-01T00:00:00Z' }),
      summary('a', { updatedAt: '2026-02-01T00:00:00Z' }),
    ];
    expect(sortDrafts(list).map((d) => d.id)).toEqual(['a', 'b', 'old']);
  });
});
