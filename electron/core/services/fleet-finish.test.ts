/**
 * The run's journal fold (fleet-finish.ts) makes the drafts agree with the journal: a target done in a process that
 * was killed before its draft's status was written (statuses are written in batches) is submitted after the fold.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract';
import type { Draft } from '../../../shared/model/draft';
import { testDraft } from '../state/test-support/fixtures';
import type { FleetJournal } from '../state/fleet-journal';
import type { ServiceContext } from './context';
import { foldJournal } from './fleet-finish';

const at = '2026-12-04T10:00:00.000Z';

function entry(draftId: string, state: JournalEntry['state']): JournalEntry {
  const step = (key: string, resourceId: string | null): JournalEntry['steps'][number] => ({
    key,
    title: key,
    state: state === 'done' ? 'done' : 'pending',
    resourceId,
    attempts: 1,
    error: null,
    requestId: null,
  });
  return {
    id: `j-${draftId}`,
    draftId,
    accountId: 'acc',
    region: 'r1',
    loadBalancerId: 'lb',
    marker: '',
    state,
    steps: [step('pool', state === 'done' ? `pool-${draftId}` : null), step('healthmonitor', state === 'done' ? `hm-${draftId}` : null), step('listener', state === 'done' ? `lis-${draftId}` : null)],
    createdAt: at,
    updatedAt: at,
  };
}

describe('foldJournal', () => {
  it('a done entry whose draft still says ready (a kill before the status write) leaves the draft submitted with its IDs', async () => {
    const drafts: Draft[] = [
      { ...testDraft('d-done'), status: 'ready' },
      { ...testDraft('d-patched'), status: 'ready' },
      { ...testDraft('d-failed'), status: 'ready' },
    ];
    const state = { drafts, journal: [] as JournalEntry[] };
    const ctx = {
      clock: { now: () => new Date(at) },
      events: { emit: () => undefined },
      store: {
        update: async (fn: (s: typeof state) => void) => {
          fn(state);
        },
      },
    } as unknown as ServiceContext;
    let removed = false;
    const journal = {
      all: () => [entry('d-done', 'done'), entry('d-patched', 'done'), entry('d-failed', 'failed')],
      remove: async () => void (removed = true),
    } as unknown as FleetJournal;

    await foldJournal(ctx, journal, new Map(), new Map([['d-patched', { status: 'submitting' as const }]]));

    const byId = new Map(state.drafts.map((d) => [d.id, d]));
    expect(byId.get('d-done')?.status).toBe('submitted');
    expect(byId.get('d-done')?.result).toEqual({ listenerId: 'lis-d-done', poolId: 'pool-d-done', memberIds: [], healthMonitorId: 'hm-d-done', readBack: null });
    // Whatever status a queued patch carried, the journal's done is the last word.
    expect(byId.get('d-patched')?.status).toBe('submitted');
    expect(byId.get('d-failed')?.status).toBe('ready');
    expect(state.journal.map((j) => j.draftId)).toEqual(['d-done', 'd-patched', 'd-failed']);
    expect(removed).toBe(true);
  });
});
