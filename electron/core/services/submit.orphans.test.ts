/**
 * Submit results beyond "created": groups left without a listener (orphans) and their journaled removal, several
 * equal groups after a lost reply (never a second create), and the read-back compare against a sandbox that ignores
 * a field the way the SDK documents.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../../shared/model/draft';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { TestClient } from '../../sandbox/testkit';
import { startTestCore, type TestCore } from '../test-support';

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
let lbId: string;

const pools = () => [...sandbox.state().region('sandbox-1').pools.values()];
const poolsNamed = (name: string) => pools().filter((p) => p.name === name);
const listenersOn = (port: number) => [...sandbox.state().region('sandbox-1').listeners.values()].filter((l) => l.loadbalancer_id === lbId && l.protocol_port === port);

function draftFor(port: number, opts: { members?: boolean; health?: boolean } = {}): DraftContent {
  const c = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: lbId }, `port ${port}`);
  c.listener.port = port;
  c.listener.name = `tcp-${port}`;
  c.routing.mode = 'new';
  c.routing.newPool.name = `group-${port}`;
  c.routing.newPool.description = 'd'.repeat(255);
  c.routing.members = opts.members === false ? [] : [{ rowId: 'a', name: 'a', address: '192.168.0.10', port: 8080, weight: 3, subnetId: null }];
  c.routing.healthCheck.enabled = opts.health !== false;
  return c;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 }, cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 }, retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } } });
  accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
  const inv = await t.must('sync:run', { accountId, region: 'sandbox-1' });
  lbId = (inv.loadBalancers.find((l) => l.type === 'network' && l.ipTargetEnable) ?? inv.loadBalancers.find((l) => l.type === 'network')!).id;
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.ignoreFields({});
});

describe('orphans', () => {
  it('a listener refused after the group was made: the result names the group, and "Remove it" deletes it with its servers and health check', async () => {
    const d = await t.must('drafts:create', { content: draftFor(9401) });
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg: 'refused' } });
    const r = await t.call('submit:apply', { draftId: d.id });
    expect(r.ok).toBe(false);
    const entry = (await t.must('journal:list', { draftId: d.id })).at(-1)!;
    const poolId = entry.steps.find((s) => s.key === 'pool')!.resourceId!;
    expect(entry.state).toBe('failed');
    expect(entry.orphans).toEqual([{ kind: 'pool', id: poolId, name: 'group-9401', reason: 'unused', state: 'present', error: null }]);
    const pool = poolsNamed('group-9401')[0]!;
    expect(pool.healthmonitor_id).toBeTruthy();

    const removed = await t.must('submit:removeOrphan', { draftId: d.id, poolId });
    expect(removed.orphans?.[0]?.state).toBe('removed');
    expect(poolsNamed('group-9401')).toHaveLength(0);
    expect(sandbox.state().region('sandbox-1').healthmonitors.has(pool.healthmonitor_id!)).toBe(false);
    expect([...sandbox.state().region('sandbox-1').members.values()].some((m) => m.pool_id === poolId)).toBe(false);
    // The group's steps start over: the next submit creates one new group and the listener.
    expect(removed.steps.filter((s) => s.key !== 'listener').every((s) => s.state === 'pending' && s.resourceId === null)).toBe(true);
    const again = await t.must('submit:apply', { draftId: d.id });
    expect(again.state).toBe('done');
    expect(again.orphans ?? []).toEqual([]);
    expect(poolsNamed('group-9401')).toHaveLength(1);
    expect(listenersOn(9401)).toHaveLength(1);
  });

  it('a retry that reuses the group clears it from the orphans; removing a group a listener uses is refused', async () => {
    const d = await t.must('drafts:create', { content: draftFor(9402, { members: false, health: false }) });
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, fault: { kind: 'status', status: 400 } });
    await t.call('submit:apply', { draftId: d.id });
    const poolId = (await t.must('journal:list', { draftId: d.id })).at(-1)!.orphans![0]!.id;
    const ok = await t.must('submit:apply', { draftId: d.id });
    expect(ok.state).toBe('done');
    expect(ok.orphans).toEqual([]);
    expect(listenersOn(9402)[0]!.default_pool_id).toBe(poolId);
    const r = await t.call('submit:removeOrphan', { draftId: d.id, poolId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NOT_FOUND');
    expect(poolsNamed('group-9402')).toHaveLength(1);
  });

  it('several equal groups after a lost reply: nothing more is created, they are listed, and after removing one the submit adopts the other', async () => {
    const c = draftFor(9403, { members: false, health: false });
    const api = new TestClient(sandbox);
    let injected = false;
    // The group create is held past the client's deadline (the reply is lost), then commits. While the submit waits
    // for the deadline, someone else creates an identical group.
    const dataCore = await startTestCore({
      dataDir: t.dataDir + '-ambiguous',
      sandboxUrl: sandbox.url,
      options: {
        submit: {
          pollMs: 10,
          requestDeadlineMs: 1500,
          sleep: async (ms) => {
            if (!injected && ms > 100) {
              injected = true;
              await new Promise((r) => setTimeout(r, 1300));
              await api.post('/pools', { pool: { loadbalancer_id: lbId, protocol: 'TCP', lb_algorithm: c.routing.newPool.algorithm, name: c.routing.newPool.name, description: c.routing.newPool.description } });
              return;
            }
            await new Promise((r) => setTimeout(r, ms));
          },
        },
        cloud: { timeouts: { timeoutMs: 500, connectTimeoutMs: 500 }, retry: { maxAttempts: 1, baseDelayMs: 5 } },
      },
    });
    const acc = (await dataCore.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
    c.target.accountId = acc.id;
    const d = await dataCore.must('drafts:create', { content: c });
    sandbox.faults.add({ method: 'POST', path: /\/pools$/, fault: { kind: 'latency', ms: 1000 } });
    sandbox.clearRequests();
    const r = await dataCore.call('submit:apply', { draftId: d.id });
    expect(injected).toBe(true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    expect(poolsNamed('group-9403')).toHaveLength(2);
    expect(sandbox.requests().filter((q) => q.method === 'POST' && /\/pools$/.test(q.path))).toHaveLength(2); // ours + the twin
    const entry = (await dataCore.must('journal:list', { draftId: d.id })).at(-1)!;
    expect(entry.state).toBe('failed');
    expect((await dataCore.must('drafts:get', { id: d.id })).status).toBe('needs_attention');
    expect(entry.orphans?.map((o) => o.reason)).toEqual(['ambiguous', 'ambiguous']);
    expect(new Set(entry.orphans?.map((o) => o.id))).toEqual(new Set(poolsNamed('group-9403').map((p) => p.id)));
    // Submitting again while both exist still creates nothing.
    expect((await dataCore.call('submit:apply', { draftId: d.id })).ok).toBe(false);
    expect(poolsNamed('group-9403')).toHaveLength(2);

    const [first, second] = entry.orphans!;
    await dataCore.must('submit:removeOrphan', { draftId: d.id, poolId: first!.id });
    const done = await dataCore.must('submit:apply', { draftId: d.id });
    expect(done.state).toBe('done');
    expect(done.steps.find((s) => s.key === 'pool')!.resourceId).toBe(second!.id);
    expect(done.orphans).toEqual([]);
    expect(poolsNamed('group-9403').map((p) => p.id)).toEqual([second!.id]);
    expect(listenersOn(9403)).toHaveLength(1);
    await dataCore.core.dispose();
  }, 30_000);
});

describe('read-back', () => {
  it('applied as asked: no differences, stored in the journal and on the draft result', async () => {
    const d = await t.must('drafts:create', { content: draftFor(9410) });
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.readBack).toMatchObject({ differences: [], error: null });
    expect((await t.must('drafts:get', { id: d.id })).result?.readBack).toEqual(entry.readBack);
  });

  it('a field the cloud accepted but did not apply (proxy_protocol_enable on a TCP listener) is listed with the value it holds', async () => {
    sandbox.ignoreFields({ listener: ['proxy_protocol_enable'], member: ['weight'] });
    const c = draftFor(9411);
    c.listener.proxyProtocol = true;
    const d = await t.must('drafts:create', { content: c });
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect(entry.readBack?.differences).toEqual([
      { field: 'listener.proxy_protocol_enable', asked: 'true', cloud: 'false' },
      { field: 'members[192.168.0.10:8080].weight', asked: '3', cloud: '1' },
    ]);
    expect((await t.must('drafts:get', { id: d.id })).result?.readBack?.differences).toHaveLength(2);
  });

  it('a draft result saved before read-back existed still loads (readBack defaults to null)', async () => {
    const { DraftResultSchema } = await import('../../../shared/model/draft');
    expect(DraftResultSchema.parse({ listenerId: 'l', poolId: 'p', memberIds: [], healthMonitorId: null })).toEqual({ listenerId: 'l', poolId: 'p', memberIds: [], healthMonitorId: null, readBack: null });
  });
});
