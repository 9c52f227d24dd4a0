/**
 * Day-two leftovers: the delete preflight's GETs run concurrently, multi-select delete across load balancers (one
 * journaled plan per load balancer), and "take live values" (drift:accept) recorded in core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { TestClient } from '../../sandbox/testkit';
import { createElbClient, type ElbClient } from '../cloud/client';
import { startTestCore, type TestCore } from '../test-support';
import { DELETE_PREFLIGHT_CONCURRENCY, liveDeletePlan, mapLimited } from './delete-submit';

let sandbox: SandboxHandle;
let api: TestClient;
let t: TestCore;
let accountId: string;
/** Two L4-capable load balancers of sandbox-1. */
let lbA: string;
let lbB: string;

const coreOptions = { submit: { pollMs: 10 }, cloud: { timeouts: { timeoutMs: 5000, connectTimeoutMs: 1000 }, retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } };

async function listener(lb: string, port: number, poolId: string | null = null): Promise<string> {
  const r = await api.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: port, name: `multi-${port}`, ...(poolId ? { default_pool_id: poolId } : {}) } });
  expect(r.status).toBe(201);
  return (r.body.listener as { id: string }).id;
}

async function pool(lb: string, name: string): Promise<string> {
  const r = await api.post('/pools', { pool: { loadbalancer_id: lb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', name } });
  expect(r.status).toBe(201);
  return (r.body.pool as { id: string }).id;
}

const sync = () => t.must('sync:run', { accountId, region: 'sandbox-1' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  api = new TestClient(sandbox);
  t = await startTestCore({ sandboxUrl: sandbox.url, options: coreOptions });
  accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
  const inv = await sync();
  const byName = (n: string) => inv.loadBalancers.find((l) => l.name === n)!.id;
  lbA = byName('tcp-gateway');
  lbB = byName('staging-idle');
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

describe('delete preflight GETs', () => {
  it('mapLimited keeps the order of the items and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n * 3));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapLimited([], 3, async () => 1)).toEqual([]);
  });

  it(`runs ${DELETE_PREFLIGHT_CONCURRENCY} listener GETs at a time (not one after another), and the plan keeps the selection order`, async () => {
    const shared = await pool(lbB, 'multi-shared');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await listener(lbB, 31_000 + i, i < 2 ? shared : null));
    const region = sandbox.regions.find((r) => r.id === 'sandbox-1')!;
    const real = createElbClient({ endpoint: sandbox.url, region: region.id, projectId: region.projectId, credentials: async () => ({ ak: sandbox.ak, sk: sandbox.sk }) });
    let inFlight = 0;
    let peak = 0;
    const counted: ElbClient = Object.create(real) as ElbClient;
    counted.getListener = async (id, o) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await real.getListener(id, o);
      } finally {
        inFlight--;
      }
    };
    sandbox.faults.add({ method: 'GET', path: /\/listeners\//, times: Infinity, fault: { kind: 'latency', ms: 30 } });
    try {
      const gone = 'a0000000-0000-4000-8000-000000000000';
      const { plan } = await liveDeletePlan(counted, [...ids, gone], true, null);
      expect(peak).toBe(DELETE_PREFLIGHT_CONCURRENCY);
      expect(plan.listeners.map((l) => l.id)).toEqual(ids);
      expect(plan.missing).toEqual([gone]);
      expect(plan.groups).toMatchObject([{ poolId: shared, willDelete: true, usedBy: [] }]);
      expect(plan.steps.filter((s) => s.kind === 'listener')).toHaveLength(20);
    } finally {
      sandbox.faults.clear();
      await real.close();
    }
    for (const id of ids) await api.del(`/listeners/${id}`);
    await api.del(`/pools/${shared}`);
  });
});

describe('multi-select delete across load balancers', () => {
  it('makes one delete draft per load balancer; each runs as its own journaled plan; one load balancer per lifecycle:deleteDraft still', async () => {
    const a1 = await listener(lbA, 32_001);
    const b1 = await listener(lbB, 32_002);
    const a2 = await listener(lbA, 32_003);
    await sync();
    const refused = await t.call('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [a1, b1], deletePool: false });
    expect(refused.ok).toBe(false);

    const drafts = await t.must('lifecycle:deleteDrafts', { accountId, region: 'sandbox-1', listenerIds: [a1, b1, a2], deletePool: false });
    expect(drafts.map((d) => [d.kind, d.target.loadBalancerId, d.deletion?.listenerIds])).toEqual([
      ['delete', lbA, [a1, a2]],
      ['delete', lbB, [b1]],
    ]);
    expect(drafts[0]!.title).toBe('Delete 2 listeners · tcp-gateway');
    expect(drafts[1]!.title).toBe('Delete multi-32002 · staging-idle');
    for (const d of drafts) expect((await t.must('lifecycle:preflight', { draftId: d.id })).live).toBe(true);

    const entries = await Promise.all(drafts.map((d) => t.must('lifecycle:apply', { draftId: d.id })));
    expect(entries.map((e) => [e.state, e.loadBalancerId])).toEqual([
      ['done', lbA],
      ['done', lbB],
    ]);
    for (const id of [a1, b1, a2]) expect((await api.get(`/listeners/${id}`)).status).toBe(404);
    const journal = await t.must('journal:list', {});
    expect(journal.filter((j) => drafts.some((d) => d.id === j.draftId)).map((j) => j.loadBalancerId).sort()).toEqual([lbA, lbB].sort());
    const hist = (await t.must('history:list', {})).filter((h) => h.kind === 'delete' && drafts.some((d) => d.id === h.draftId));
    expect(hist.map((h) => [h.loadBalancerId, h.listenerIds])).toEqual(expect.arrayContaining([[lbA, [a1, a2]], [lbB, [b1]]]));
  });

  it('one load balancer: one draft with the usual title', async () => {
    const a = await listener(lbA, 32_010);
    await sync();
    const drafts = await t.must('lifecycle:deleteDrafts', { accountId, region: 'sandbox-1', listenerIds: [a], deletePool: false });
    expect(drafts.map((d) => d.title)).toEqual(['Delete multi-32010']);
    await t.must('drafts:delete', { id: drafts[0]!.id });
  });
});

describe('take live values (drift:accept)', () => {
  /** A listener created through a create draft (so the history has what ELB Desk applied), then synced. */
  async function created(port: number): Promise<string> {
    const inv = await sync();
    const c = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: lbA }, `port ${port}`);
    c.listener.port = port;
    c.listener.name = `accept-${port}`;
    c.routing.existingPoolId = inv.pools.find((p) => p.name === 'bastion')!.id;
    const d = await t.must('drafts:create', { content: c });
    const entry = await t.must('submit:apply', { draftId: d.id });
    await sync();
    return entry.steps.find((s) => s.key === 'listener')!.resourceId!;
  }
  const drifted = async (id: string) => (await t.must('drift:get', { accountId, region: 'sandbox-1' })).find((x) => x.listenerId === id);

  it('records the live values as the applied baseline (history kind accepted, nothing sent); no drift after a restart; a later outside change drifts from the accepted values', async () => {
    const id = await created(32_100);
    await api.put(`/listeners/${id}`, { listener: { keepalive_timeout: 777 } });
    await sync();
    expect((await drifted(id))?.fields.map((f) => f.field)).toEqual(['idleTimeout']);

    const writes = sandbox.requests().filter((r) => r.method !== 'GET').length;
    const accepted = await t.must('drift:accept', { accountId, region: 'sandbox-1', listenerId: id });
    expect(sandbox.requests().filter((r) => r.method !== 'GET').length).toBe(writes);
    expect(accepted).toMatchObject({ kind: 'accepted', result: 'done', listenerIds: [id], requests: [], loadBalancerId: lbA });
    expect(accepted.changes[0]).toMatchObject({ listenerId: id, before: { idleTimeout: 300 }, after: { idleTimeout: 777 } });
    expect(await drifted(id)).toBeUndefined();
    expect((await t.must('history:list', { listenerId: id })).map((h) => h.kind)).toEqual(['create', 'accepted']);
    // Nothing left to accept.
    const again = await t.call('drift:accept', { accountId, region: 'sandbox-1', listenerId: id });
    expect(again.ok ? null : again.error.code).toBe('VALIDATION');

    // A restart (a new core on the same data folder): still not drifted.
    const dataDir = t.dataDir;
    await t.core.dispose();
    t = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: coreOptions });
    expect(await drifted(id)).toBeUndefined();

    await api.put(`/listeners/${id}`, { listener: { description: 'changed again' } });
    await sync();
    const d = await drifted(id);
    expect(d?.fields.map((f) => [f.field, f.applied, f.live])).toEqual([['description', '', 'changed again']]);
    expect(d?.historyId).toBe(accepted.id);
  });

  it('is validated in main and refused for a listener ELB Desk never applied or the cache does not know', async () => {
    const bad = await t.call('drift:accept', { accountId, region: 'sandbox-1' });
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION');
    const extra = await t.call('drift:accept', { accountId, region: 'sandbox-1', listenerId: 'x', more: 1 });
    expect(extra.ok).toBe(false);
    const inv = await sync();
    const never = inv.listeners.find((l) => l.name === 'mysql')!;
    const r = await t.call('drift:accept', { accountId, region: 'sandbox-1', listenerId: never.id });
    expect(r.ok ? null : r.error.code).toBe('VALIDATION');
    const unknown = await t.call('drift:accept', { accountId, region: 'sandbox-1', listenerId: 'not-a-listener' });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });
});
