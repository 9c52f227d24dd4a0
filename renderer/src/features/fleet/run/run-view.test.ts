import { describe, expect, it } from 'vitest';
import type { FleetPlan, FleetRun, FleetTargetResult, FleetTargetState } from '../../../../../shared/model/fleet-values';
import { FLEET_CONCURRENCY, parseConcurrency } from '../../../../../shared/model/fleet-values';
import { applyProgress, buttonStates, confirmRows, createdIds, latestRun, retryableCount, runProgress, type ButtonInput, type FleetPreflight } from './run-view';

function target(key: string, state: FleetTargetState, over: Partial<FleetTargetResult> = {}): FleetTargetResult {
  return {
    key,
    accountId: 'a1',
    region: 'sandbox-1',
    loadBalancerId: `lb-${key}`,
    loadBalancerName: `name-${key}`,
    draftId: `fleet-r-${key}`,
    state,
    listenerId: null,
    poolId: null,
    healthMonitorId: null,
    requestIds: [],
    error: null,
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}
function run(states: FleetTargetState[], state: FleetRun['state'] = 'running', id = 'r1', createdAt = '2026-01-01T00:00:00.000Z'): FleetRun {
  return { id, planId: 'p1', planTitle: 'P', state, concurrency: 2, targets: states.map((s, i) => target(`k${i}`, s)), createdAt, updatedAt: createdAt };
}
function preflight(over: Partial<FleetPreflight> = {}, rowStatuses: Array<'ok' | 'warning' | 'error' | 'excluded'> = ['ok', 'warning']): FleetPreflight {
  const empty = { target: [], port: [], group: [], servers: [], ipGroup: [], other: [] };
  return {
    validation: {
      rows: rowStatuses.map((status, i) => ({ key: `k${i}`, status, refusal: null, cells: empty, port: 5432, poolId: null, ipGroupId: null })),
      planIssues: [],
      totals: { targets: 2, listeners: 2, groups: 2, servers: 0, healthChecks: 2 },
      canStart: !rowStatuses.includes('error'),
    },
    regions: [{ accountId: 'a1', region: 'sandbox-1', live: true, error: null, issues: [] }],
    requests: rowStatuses.flatMap((s, i) => (s === 'error' || s === 'excluded' ? [] : [{ key: `k${i}`, requests: [{ key: 'listener', title: 'Create listener', method: 'POST' as const, path: '/v3/p/elb/listeners', body: {} }] }])),
    checkedAt: '2026-01-01T00:00:00.000Z',
    canStart: !rowStatuses.includes('error'),
    ...over,
  };
}
const base: ButtonInput = { preflight: preflight(), preflightBusy: false, run: null, applyBusy: false, cancelBusy: false, retryBusy: false, concurrency: '2' };

describe('runProgress', () => {
  it('counts targets per state, what finished, and the percent', () => {
    const p = runProgress(run(['done', 'done', 'failed', 'running', 'pending', 'cancelled', 'skipped']));
    expect(p).toEqual({ total: 7, pending: 1, running: 1, done: 2, failed: 1, skipped: 1, cancelled: 1, finished: 5, percent: 71 });
  });
  it('is all zero without a run or targets (no division by zero)', () => {
    expect(runProgress(null).percent).toBe(0);
    expect(runProgress(run([])).percent).toBe(0);
    expect(runProgress(run(['done', 'done'], 'done')).percent).toBe(100);
  });
});

describe('buttonStates', () => {
  it('enables Apply with a live preflight that can start, counting the targets with requests', () => {
    const b = buttonStates(base);
    expect(b.apply).toEqual({ enabled: true, block: null, targets: 2 });
    expect(b.cancel.shown).toBe(false);
    expect(b.retry.shown).toBe(false);
    expect(b.recheck.enabled).toBe(true);
  });
  it('gives the reason Apply is disabled, in the order to fix them', () => {
    expect(buttonStates({ ...base, preflight: null }).apply.block).toBe('noPreflight');
    expect(buttonStates({ ...base, preflightBusy: true }).apply.block).toBe('checking');
    expect(buttonStates({ ...base, preflightBusy: true }).recheck.enabled).toBe(false);
    const notLive = preflight({ regions: [{ accountId: 'a1', region: 'sandbox-1', live: false, error: 'offline', issues: [] }], canStart: false });
    expect(buttonStates({ ...base, preflight: notLive }).apply).toMatchObject({ enabled: false, block: 'notLive' });
    const quota = preflight({ regions: [{ accountId: 'a1', region: 'sandbox-1', live: true, error: null, issues: [{ path: 'targets', code: 'preflight.quota', severity: 'error', message: 'q' }] }], canStart: false });
    expect(buttonStates({ ...base, preflight: quota }).apply.block).toBe('quota');
    expect(buttonStates({ ...base, preflight: preflight({}, ['ok', 'error']) }).apply.block).toBe('rows');
    expect(buttonStates({ ...base, preflight: preflight({}, ['excluded', 'excluded']) }).apply.block).toBe('nothing');
    expect(buttonStates({ ...base, preflight: preflight({ canStart: false }) }).apply.block).toBe('plan');
    expect(buttonStates({ ...base, concurrency: '0' }).apply).toMatchObject({ enabled: false, block: 'concurrency' });
  });
  it('keeps Apply disabled while it is starting', () => {
    expect(buttonStates({ ...base, applyBusy: true }).apply).toMatchObject({ enabled: false, block: null });
  });
  it('while a run goes: Cancel shown, Apply, re-check and Retry not', () => {
    const b = buttonStates({ ...base, run: run(['done', 'running', 'pending']) });
    expect(b.apply).toMatchObject({ enabled: false, block: 'running' });
    expect(b.cancel).toEqual({ shown: true, enabled: true });
    expect(b.recheck.enabled).toBe(false);
    expect(b.retry.shown).toBe(false);
    expect(buttonStates({ ...base, run: run(['running'], 'interrupted') }).cancel.shown).toBe(true);
    expect(buttonStates({ ...base, run: run(['running']), cancelBusy: true }).cancel).toEqual({ shown: true, enabled: false });
  });
  it('after a partial failure: Retry for the failed and cancelled targets only', () => {
    const ended = run(['done', 'failed', 'cancelled', 'cancelled'], 'failed');
    expect(retryableCount(ended)).toBe(3);
    const b = buttonStates({ ...base, run: ended });
    expect(b.retry).toEqual({ shown: true, enabled: true, count: 3 });
    expect(b.cancel.shown).toBe(false);
    expect(buttonStates({ ...base, run: ended, retryBusy: true }).retry.enabled).toBe(false);
    expect(buttonStates({ ...base, run: run(['done', 'done'], 'done') }).retry.shown).toBe(false);
  });
});

describe('parseConcurrency', () => {
  it('accepts whole numbers exactly at the limits and nothing outside', () => {
    expect(parseConcurrency(String(FLEET_CONCURRENCY.min))).toBe(FLEET_CONCURRENCY.min);
    expect(parseConcurrency(String(FLEET_CONCURRENCY.max))).toBe(FLEET_CONCURRENCY.max);
    expect(parseConcurrency(' 3 ')).toBe(3);
    for (const bad of [String(FLEET_CONCURRENCY.min - 1), String(FLEET_CONCURRENCY.max + 1), '', '2.5', '-1', 'x', '1e1']) expect(parseConcurrency(bad), bad).toBeNull();
  });
});

describe('applyProgress', () => {
  it('replaces the target by key and takes the run state; other runs are ignored', () => {
    const r = run(['running', 'pending']);
    const done = target('k0', 'done', { listenerId: 'L1' });
    const next = applyProgress(r, { runId: 'r1', state: 'running', target: done, counts: {} });
    expect(next?.targets[0]).toEqual(done);
    expect(next?.targets[1]?.state).toBe('pending');
    expect(r.targets[0]?.state).toBe('running');
    expect(applyProgress(r, { runId: 'other', state: 'done', target: done, counts: {} })).toBe(r);
    expect(applyProgress(r, { runId: 'r1', state: 'done', target: null, counts: {} })?.state).toBe('done');
    expect(applyProgress(null, { runId: 'r1', state: 'done', target: null, counts: {} })).toBeNull();
  });
});

describe('latestRun / confirmRows / createdIds', () => {
  it('picks the newest run', () => {
    const a = run([], 'done', 'a', '2026-01-01T00:00:00.000Z');
    const b = run([], 'failed', 'b', '2026-01-02T00:00:00.000Z');
    expect(latestRun([a, b])?.id).toBe('b');
    expect(latestRun([b, a])?.id).toBe('b');
    expect(latestRun([])).toBeNull();
  });
  it('joins plan rows with the preflight by key', () => {
    const t = (key: string) => ({ key, accountId: 'a1', region: 'sandbox-1', loadBalancerId: key, loadBalancerName: key, excluded: false, port: null, portRanges: null, groupName: null, members: null, ipGroupName: null });
    const plan = { targets: [t('k1'), t('k0'), t('k9')] } as unknown as FleetPlan;
    const rows = confirmRows(plan, preflight());
    expect(rows.map((r) => [r.target.key, r.reply?.status ?? null, r.requests.length])).toEqual([
      ['k1', 'warning', 1],
      ['k0', 'ok', 1],
      ['k9', null, 0],
    ]);
    expect(confirmRows(plan, null).every((r) => r.reply === null)).toBe(true);
  });
  it('lists the created IDs present', () => {
    expect(createdIds(target('k', 'done', { listenerId: 'L', poolId: 'P', healthMonitorId: null }))).toEqual([
      { kind: 'listener', id: 'L' },
      { kind: 'pool', id: 'P' },
    ]);
  });
});
