/**
 * The step runner of edits and deletes, with a fake context: what a step says while it waits or retries (the journal
 * entry each save writes), as the UI reads it.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract';
import { readAppMessage } from '../../../shared/mapping/app-messages';
import type { ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';
import type { ServiceContext } from './context';
import { stepRunner, type Step } from './step-runner';

const T0 = Date.parse('2026-12-05T10:00:00.000Z');

/** A context whose store keeps the journal in memory and records every saved entry. */
function fakeContext(clock: { ms: number }) {
  const state = { journal: [] as JournalEntry[] };
  const saved: JournalEntry[] = [];
  const ctx = {
    clock: { now: () => new Date(clock.ms) },
    store: {
      update: async (fn: (s: typeof state) => void) => {
        fn(state);
        saved.push(structuredClone(state.journal.at(-1)!));
      },
    },
    events: { emit: () => undefined },
  } as unknown as ServiceContext;
  return { ctx, saved };
}

const activeClient = { getLoadBalancer: async () => ({ provisioning_status: 'ACTIVE' }) } as unknown as ElbClient;

function entryWith(step: Partial<Step>): { entry: JournalEntry; step: Step } {
  const s: Step = { key: 'listener', title: 'Update listener', state: 'pending', resourceId: null, attempts: 0, error: null, requestId: null, sentAt: null, ...step };
  const entry = {
    id: 'e1',
    draftId: 'd1',
    accountId: 'a',
    region: 'r',
    loadBalancerId: 'lb',
    marker: 'm',
    state: 'running',
    steps: [s],
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
  } as JournalEntry;
  return { entry, step: s };
}

describe('step runner: what a step says while it waits or retries', () => {
  it('an unsettled earlier request: a countdown (waitUntil), not an error, until the deadline; then the live state decides', async () => {
    const clock = { ms: T0 };
    const { ctx, saved } = fakeContext(clock);
    const slept: number[] = [];
    const runner = stepRunner(ctx, {
      requestDeadlineMs: 32_000,
      sleep: async (ms) => {
        slept.push(ms);
        clock.ms += ms;
      },
    });
    // Sent 2 s ago, outcome unknown; the live state shows it only after the wait.
    const { entry, step } = entryWith({ state: 'unknown', attempts: 1, sentAt: new Date(T0 - 2_000).toISOString(), error: 'x — checking the live state before trying again.' });
    let reads = 0;
    await runner.runStep(activeClient, entry, step, { reconcile: async () => (++reads === 1 ? null : 'L1'), send: async () => 'never' });
    expect(slept).toEqual([30_000]);
    const during = saved[0]!.steps[0]!;
    expect(during.waitUntil).toBe(new Date(T0 + 30_000).toISOString());
    expect(during.error).toBeNull();
    expect(step).toMatchObject({ state: 'done', resourceId: 'L1', error: null, waitUntil: null });
  });

  it('a busy load balancer and a lost reply: the step says so in one of main\'s own messages (the UI translates them); a later success clears it', async () => {
    const clock = { ms: T0 };
    const { ctx, saved } = fakeContext(clock);
    const runner = stepRunner(ctx, { requestDeadlineMs: 0, sleep: async () => undefined });
    const { entry, step } = entryWith({});
    const replies: Array<() => string> = [
      () => {
        throw new CloudError('HTTP 409 ELB.8907: the load balancer is PENDING_UPDATE', { kind: 'http', status: 409, errorMsg: 'PENDING_UPDATE' });
      },
      () => {
        throw new CloudError('The request timed out after 5 s', { kind: 'timeout', ambiguous: true });
      },
      () => 'L2',
    ];
    await runner.runStep(activeClient, entry, step, { reconcile: async () => null, send: async () => replies.shift()!() });
    const notes = saved.map((e) => e.steps[0]!).filter((s) => s.error !== null);
    expect(notes.map((s) => readAppMessage(s.error!))).toEqual([
      { code: 'lbBusy', params: {} },
      { code: 'recheckLive', params: { reason: 'The request timed out after 5 s' } },
    ]);
    expect(notes.map((s) => s.error)).toEqual([
      'The load balancer is busy; waiting until it is ACTIVE.',
      'The request timed out after 5 s — checking the live state before trying again.',
    ]);
    expect(step).toMatchObject({ state: 'done', resourceId: 'L2', error: null });
  });
});
