/**
 * All-port forwarding end to end against the sandbox: the live preflight flags an existing group without it for
 * a port-range listener, and a new group for port ranges is created with it (servers without a port, health check
 * with one), its servers reconciled by address after an ambiguous batch-add.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../../shared/model/draft';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { startTestCore, type TestCore } from '../test-support';

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
let lbId: string;
let fixedPortPool: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 }, cloud: { retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } } });
  accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
  const inv = await t.must('sync:run', { accountId, region: 'sandbox-1' });
  lbId = inv.loadBalancers.find((l) => l.name === 'ip-backends')!.id;
  fixedPortPool = inv.pools.find((p) => p.name === 'redis-ip')!.id;
  expect(inv.pools.find((p) => p.name === 'redis-ip')?.anyPortEnable).toBe(false);
  expect(inv.pools.find((p) => p.name === 'game-any-port')?.anyPortEnable).toBe(true);
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

function rangesDraft(start: number, mode: 'existing' | 'new'): DraftContent {
  const c = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: lbId }, `ranges ${start}`);
  c.listener.portMode = 'ranges';
  c.listener.portRanges = [{ start, end: start + 100 }];
  c.listener.name = `ranges-${start}`;
  c.routing.mode = mode;
  if (mode === 'existing') c.routing.existingPoolId = fixedPortPool;
  c.routing.newPool.name = `all-ports-${start}`;
  c.routing.members = [
    { rowId: 'a', name: 'a', address: '10.8.0.10', port: 8080, weight: 1, subnetId: null },
    { rowId: 'b', name: 'b', address: '10.8.0.11', port: null, weight: 1, subnetId: null },
  ];
  c.routing.healthCheck.port = start;
  return c;
}

describe('all-port forwarding: live preflight and submit', () => {
  it('the live preflight flags an existing group without all-port forwarding for port ranges', async () => {
    const d = await t.must('drafts:create', { content: rangesDraft(31000, 'existing') });
    const pre = await t.must('submit:preflight', { draftId: d.id });
    expect(pre.live).toBe(true);
    expect(pre.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path])).toEqual([['routing.existingPool.allPortRequired', 'routing.existingPoolId']]);
  });

  it('a group created after the last sync is checked against its live state', async () => {
    const c = rangesDraft(31200, 'new');
    const d1 = await t.must('drafts:create', { content: c });
    // A fixed-port group created after the sync, by submitting a single-port draft with a new group.
    const single = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: lbId }, 'single');
    single.listener.port = 31999;
    single.routing.mode = 'new';
    single.routing.newPool.name = 'fixed-after-sync';
    single.routing.healthCheck.enabled = false;
    const s = await t.must('drafts:create', { content: single });
    const entry = await t.must('submit:apply', { draftId: s.id });
    const newPoolId = entry.steps.find((x) => x.key === 'pool')!.resourceId!;
    const d = await t.must('drafts:save', {
      id: d1.id,
      revision: d1.revision,
      content: { ...c, routing: { ...c.routing, mode: 'existing', existingPoolId: newPoolId } },
    });
    const pre = await t.must('submit:preflight', { draftId: d.id });
    expect(pre.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['routing.existingPool.allPortRequired']);
  });

  it('port ranges + new group: the pool forwards all ports, servers carry no port, the check has one', async () => {
    const d = await t.must('drafts:create', { content: rangesDraft(31400, 'new') });
    const pre = await t.must('submit:preflight', { draftId: d.id });
    expect(pre.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // The first batch-add is committed but its reply is lost: the members step is reconciled by address.
    sandbox.faults.add({ method: 'POST', path: /\/members\/batch-add$/, fault: { kind: 'drop-after-commit' } });
    sandbox.clearRequests();
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect(sandbox.requests().filter((q) => q.method === 'POST' && /\/members\/batch-add$/.test(q.path))).toHaveLength(1);
    const poolId = entry.steps.find((x) => x.key === 'pool')!.resourceId!;
    const inv = await t.must('sync:run', { accountId, region: 'sandbox-1' });
    expect(inv.pools.find((p) => p.id === poolId)?.anyPortEnable).toBe(true);
    expect(inv.members.filter((m) => m.poolId === poolId).map((m) => [m.address, m.port]).sort()).toEqual([
      ['10.8.0.10', null],
      ['10.8.0.11', null],
    ]);
    const pool = inv.pools.find((p) => p.id === poolId)!;
    expect(inv.healthMonitors.find((h) => h.id === pool.healthMonitorId)?.monitorPort).toBe(31400);
  });
});
