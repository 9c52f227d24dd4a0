import { describe, expect, it } from 'vitest';
import type { JournalEntry, PlannedRequest } from '../../../../shared/ipc/contract';
import { waitSecondsLeft } from '../../lib/step-status';
import { createdResources, errorFacts, planText, progressRows, requestBody, requestLine, stepKind, submitOutcome } from './submit-view';

const plan: PlannedRequest[] = [
  { key: 'pool', title: 'Create backend server group', method: 'POST', path: '/v3/p/elb/pools', body: { pool: { protocol: 'TCP' } } },
  { key: 'members', title: 'Add backend servers', method: 'POST', path: '/v3/p/elb/pools/{pool.id}/members/batch-add', body: { members: [{ weight: 0 }] } },
  { key: 'check', title: 'Read', method: 'GET', path: '/v3/p/elb/loadbalancers/x', body: null },
  { key: 'healthmonitor', title: 'Create health check', method: 'POST', path: '/v3/p/elb/healthmonitors', body: {} },
  { key: 'listener', title: 'Create listener', method: 'POST', path: '/v3/p/elb/listeners', body: { listener: {} } },
];

function entry(state: JournalEntry['state'], steps: Partial<JournalEntry['steps'][number]>[]): JournalEntry {
  return {
    id: 'j',
    draftId: 'd',
    accountId: 'a',
    region: 'r',
    loadBalancerId: 'lb',
    marker: 'm',
    state,
    createdAt: '',
    updatedAt: '',
    steps: steps.map((s, i) => ({ key: `k${i}`, title: `t${i}`, state: 'pending', resourceId: null, attempts: 0, error: null, requestId: null, ...s })),
  };
}

describe('request formatting', () => {
  it('prints the request line and the pretty JSON body (weight 0 kept)', () => {
    expect(requestLine(plan[1]!)).toBe('POST /v3/p/elb/pools/{pool.id}/members/batch-add');
    expect(requestBody(plan[1]!)).toBe('{\n  "members": [\n    {\n      "weight": 0\n    }\n  ]\n}');
    expect(requestBody(plan[2]!)).toBe('');
  });
  it('numbers every request in the plan text', () => {
    const text = planText(plan.slice(0, 3));
    expect(text).toContain('# 1. Create backend server group\nPOST /v3/p/elb/pools\n{');
    expect(text).toContain('# 3. Read\nGET /v3/p/elb/loadbalancers/x');
    expect(text.split('\n\n')).toHaveLength(3);
  });
});

describe('progress', () => {
  it('shows the plan\'s write requests as pending before a submit', () => {
    const rows = progressRows(null, plan);
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['pool', 'pending'],
      ['members', 'pending'],
      ['healthmonitor', 'pending'],
      ['listener', 'pending'],
    ]);
  });
  it('uses the journal once it has steps', () => {
    const rows = progressRows(entry('running', [{ key: 'pool', state: 'done', resourceId: 'p1' }, { key: 'members', state: 'sending' }]), plan);
    expect(rows.map((r) => [r.key, r.state, r.resourceId])).toEqual([
      ['pool', 'done', 'p1'],
      ['members', 'sending', null],
    ]);
  });
  it('a step waiting for an earlier request\'s deadline carries the time left (rounded up), no error', () => {
    const until = '2026-01-01T00:00:30.000Z';
    const [row] = progressRows(entry('running', [{ key: 'listener', state: 'unknown', waitUntil: until }]), plan);
    expect(row).toMatchObject({ state: 'unknown', error: null, waitUntil: until });
    expect(waitSecondsLeft(until, Date.parse('2026-01-01T00:00:00.000Z'))).toBe(30);
    expect(waitSecondsLeft(until, Date.parse('2026-01-01T00:00:29.200Z'))).toBe(1);
    expect(waitSecondsLeft(until, Date.parse('2026-01-01T00:00:30.000Z'))).toBeNull();
    expect(waitSecondsLeft(null, 0)).toBeNull();
  });
  it('a submit running in main (journal state running) counts as running even when this window did not start it', () => {
    expect(submitOutcome(entry('running', [{ key: 'pool', state: 'sending' }]), false).state).toBe('running');
  });
  it('classifies step keys', () => {
    expect(stepKind('members.batch-add')).toBe('members');
    expect(stepKind('healthmonitor')).toBe('healthmonitor');
    expect(stepKind('pool')).toBe('pool');
    expect(stepKind('listener')).toBe('listener');
    expect(stepKind('other')).toBe('other');
  });
  it('lists created resources in order', () => {
    const e = entry('done', [
      { key: 'pool', state: 'done', resourceId: 'p1' },
      { key: 'members', state: 'done', resourceId: null },
      { key: 'listener', state: 'done', resourceId: 'l1' },
    ]);
    expect(createdResources(e).map((r) => [r.kind, r.id])).toEqual([
      ['pool', 'p1'],
      ['listener', 'l1'],
    ]);
  });
});

describe('submitOutcome', () => {
  it('is running while busy', () => {
    expect(submitOutcome(null, true).state).toBe('running');
  });
  it('offers rollback only when something was created', () => {
    expect(submitOutcome(entry('failed', [{ state: 'failed' }]), false)).toEqual({ state: 'failed', canRollback: false, canRetry: true });
    expect(submitOutcome(entry('failed', [{ state: 'done' }, { state: 'failed' }]), false)).toEqual({ state: 'failed', canRollback: true, canRetry: true });
    expect(submitOutcome(entry('interrupted', [{ state: 'unknown' }]), false).canRollback).toBe(true);
    expect(submitOutcome(entry('done', [{ state: 'done' }]), false)).toEqual({ state: 'done', canRollback: false, canRetry: false });
  });
});

describe('errorFacts', () => {
  it('lists the cloud facts that are known', () => {
    expect(
      errorFacts({ code: 'CLOUD', message: 'm', cloud: { httpStatus: 409, errorCode: 'ELB.8907', requestId: 'req-1', hint: 'Pick another port' } }),
    ).toEqual([
      { key: 'code', value: 'CLOUD' },
      { key: 'httpStatus', value: '409' },
      { key: 'errorCode', value: 'ELB.8907' },
      { key: 'requestId', value: 'req-1' },
      { key: 'hint', value: 'Pick another port' },
    ]);
    expect(errorFacts({ code: 'NETWORK', message: 'm' })).toEqual([{ key: 'code', value: 'NETWORK' }]);
  });
});
