/**
 * The fleet run page's state against a fake client: it shows the plan's latest run, takes `fleet:progress` events,
 * reads the whole run again on a run-level event (a cancel turns every pending target `cancelled` at once) and
 * while a run goes, and stops polling once the run ended.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../../shared/ipc/result';
import type { FleetRun, FleetTargetState } from '../../../../../shared/model/fleet';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
const calls: string[] = [];
let stored: FleetRun;

vi.mock('../../../lib/api/client', () => ({
  call: (channel: string): Promise<Result<unknown>> => {
    calls.push(channel);
    if (channel === 'fleet:get') return Promise.resolve({ ok: true, value: { id: 'p1', title: 'P', concurrency: 3, targets: [] } });
    if (channel === 'fleet:runs') return Promise.resolve({ ok: true, value: [structuredClone(stored)] });
    if (channel === 'fleet:run') return Promise.resolve({ ok: true, value: structuredClone(stored) });
    return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } });
  },
  on: (event: string, cb: Handler): (() => void) => {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  },
}));

const { FleetRunState } = await import('./fleet-run-state.svelte');

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
function emit(event: string, payload: unknown): void {
  for (const cb of handlers.get(event) ?? []) cb(payload);
}
function makeRun(states: FleetTargetState[], state: FleetRun['state'], updatedAt: string): FleetRun {
  return {
    id: 'r1',
    planId: 'p1',
    planTitle: 'P',
    state,
    concurrency: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    targets: states.map((s, i) => ({ key: `k${i}`, accountId: 'a', region: 'r', loadBalancerId: `lb${i}`, loadBalancerName: `n${i}`, draftId: `d${i}`, state: s, listenerId: null, poolId: null, healthMonitorId: null, requestIds: [], error: null, startedAt: null, finishedAt: null })),
  };
}

describe('FleetRunState', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    handlers.clear();
    calls.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('shows the latest run going (no preflight), takes target events, and reads the run again on a run-level event', async () => {
    stored = makeRun(['running', 'pending', 'pending'], 'running', '2026-01-01T00:00:01.000Z');
    const st = new FleetRunState('p1', 1000);
    const stop = st.start();
    await settle();
    expect(st.concurrency).toBe('3');
    expect(st.run?.state).toBe('running');
    expect(calls).not.toContain('fleet:preflight');
    expect(st.buttons.cancel.shown).toBe(true);

    const done = { ...stored.targets[0]!, state: 'done' as const, listenerId: 'L1' };
    emit('fleet:progress', { runId: 'r1', state: 'running', target: done, counts: {} });
    expect(st.run?.targets[0]?.listenerId).toBe('L1');

    // Cancel: the core marks the pending targets cancelled and sends one run-level event (target null).
    stored = makeRun(['done', 'cancelled', 'cancelled'], 'cancelled', '2026-01-01T00:00:05.000Z');
    calls.length = 0;
    emit('fleet:progress', { runId: 'r1', state: 'cancelled', target: null, counts: {} });
    expect(calls).toEqual(['fleet:run']);
    await settle();
    expect(st.run?.targets.map((t) => t.state)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(st.buttons.retry).toEqual({ shown: true, enabled: true, count: 2 });
    expect(st.buttons.cancel.shown).toBe(false);

    // Ended: no more polling.
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
    stop();
  });

  it('polls the run while it goes (events missed while no stream was open), and stops when it ends', async () => {
    stored = makeRun(['running', 'pending'], 'running', '2026-01-01T00:00:01.000Z');
    const st = new FleetRunState('p1', 1000);
    const stop = st.start();
    await settle();
    calls.length = 0;
    stored = makeRun(['done', 'done'], 'done', '2026-01-01T00:00:09.000Z');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['fleet:run']);
    expect(st.run?.state).toBe('done');
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual([]);
    // A reopened event stream (state:changed) re-reads only a run that goes.
    emit('state:changed', { what: 'drafts' });
    expect(calls).toEqual([]);
    stop();
  });

  it('re-reads a going run when the event stream reopens (events sent meanwhile were lost)', async () => {
    stored = makeRun(['running', 'pending'], 'running', '2026-01-01T00:00:01.000Z');
    const st = new FleetRunState('p1', 60_000);
    const stop = st.start();
    await settle();
    calls.length = 0;
    stored = makeRun(['done', 'running'], 'running', '2026-01-01T00:00:03.000Z');
    emit('state:changed', { what: 'drafts' });
    expect(calls).toEqual(['fleet:run']);
    await settle();
    expect(st.run?.targets.map((t) => t.state)).toEqual(['done', 'running']);
    stop();
  });

  it('runs the preflight on open when no run is going', async () => {
    stored = makeRun(['done'], 'done', '2026-01-01T00:00:01.000Z');
    const st = new FleetRunState('p1', 1000);
    const stop = st.start();
    await settle();
    expect(calls).toContain('fleet:preflight');
    expect(st.preflightError?.message).toBe('unexpected fleet:preflight');
    stop();
  });
});
