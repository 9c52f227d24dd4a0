/**
 * The fleet engine's round trips and its run's loose ends (issue 12 §3): requests per target, request IDs of the
 * creates in the results, the read-back, the cache after a run, the history, the run's journal.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { createElbClient } from '../cloud/client';
import { fleetKind, fleetName } from '../../sandbox/fleet-seed';
import { FLEET_JOURNAL_DIR } from '../state/fleet-journal';
import { startTestCore, type TestCore } from '../test-support';
import { countOnSandbox, planContent, syncBoth, targetFor } from './fleet-test-kit';

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
let inv: Awaited<ReturnType<typeof syncBoth>>['inv'];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, loadBalancers: 60 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 } } });
  ({ accountId, inv } = await syncBoth(t));
});
afterAll(async () => {
  await t.core.dispose();
  await sandbox.close();
});
afterEach(() => sandbox.faults.clear());

/** The first `n` fleet load balancers that take TCP listeners. */
function l4Names(n: number, skip = 0): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n + skip; i++) if (fleetKind(i) === 'l4' || fleetKind(i) === 'l4l7') out.push(fleetName(i));
  return out.slice(skip);
}

describe('fleet engine', () => {
  it('20 targets: 3 requests per target (the creates) plus a few batched reads; request IDs, read-back, cache, history and journal follow', async () => {
    const N = 20;
    const targets = l4Names(N).map((n) => targetFor(accountId, inv, n));
    const regions = new Set(targets.map((x) => x.region));
    const plan = await t.must('fleet:create', { content: planContent('Engine', 7100, targets) });
    const r0 = sandbox.requests().length;
    const run = await t.must('fleet:apply', { id: plan.id, concurrency: 2 });
    const end = await t.core.fleet.settled(run.id);
    const reqs = sandbox.requests().slice(r0);
    expect(end.state).toBe('done');

    // Requests: exactly the 3N creates, plus per region one batch read (3 lists) and one read-back (≤ 3 lists).
    const posts = reqs.filter((r) => r.method === 'POST');
    const gets = reqs.filter((r) => r.method === 'GET');
    expect(posts).toHaveLength(3 * N);
    expect(reqs.length - posts.length).toBe(gets.length);
    expect(gets.length).toBeLessThanOrEqual(6 * regions.size);
    // none of them is a GET of one resource (no LB-active check per step, no read-back per resource)
    expect(gets.filter((r) => /\/(loadbalancers|listeners|pools|healthmonitors)\/[^/]+$/.test(r.path))).toEqual([]);
    console.log(`[fleet engine] ${N} targets over ${regions.size} regions: ${reqs.length} requests (${posts.length} creates, ${gets.length} batched lists)`);

    // Request IDs: each done target lists the X-Request-Id of its 3 creates; together, every create of the run.
    const created = new Set(posts.map((r) => r.requestId));
    for (const x of end.targets) {
      expect(x.requestIds).toHaveLength(3);
      for (const id of x.requestIds) expect(created.has(id)).toBe(true);
    }
    expect(new Set(end.targets.flatMap((x) => x.requestIds))).toEqual(created);

    // Read-back: on every entry and draft result ("applied as asked"), folded into the store's journal.
    const journal = await t.must('journal:list', {});
    for (const x of end.targets) {
      const e = journal.filter((j) => j.draftId === x.draftId).at(-1)!;
      expect(e.state).toBe('done');
      expect(e.readBack).toMatchObject({ error: null, differences: [] });
      expect(e.steps.map((s) => s.requestId)).toEqual(x.requestIds);
      const d = await t.must('drafts:get', { id: x.draftId });
      expect(d.status).toBe('submitted');
      expect(d.result?.readBack).toMatchObject({ error: null, differences: [] });
    }
    // The run's journal file is gone once folded.
    expect(existsSync(path.join(t.dataDir, FLEET_JOURNAL_DIR, `${run.id}.wal`))).toBe(false);

    // Cache: the cached inventory of each region holds the new listeners, groups and health checks (no sync).
    for (const region of regions) {
      const cached = await t.must('inventory:get', { accountId, region });
      for (const x of end.targets.filter((y) => y.region === region)) {
        const l = cached!.listeners.find((y) => y.id === x.listenerId);
        expect(l).toMatchObject({ loadBalancerId: x.loadBalancerId, port: 7100 });
        expect(cached!.pools.some((p) => p.id === x.poolId && p.listenerIds.includes(x.listenerId!))).toBe(true);
        expect(cached!.healthMonitors.some((h) => h.id === x.healthMonitorId)).toBe(true);
        expect(cached!.loadBalancers.find((lb) => lb.id === x.loadBalancerId)!.listenerIds).toContain(x.listenerId);
      }
    }

    // History: one entry per target, with its creates' request IDs.
    const history = await t.must('history:list', {});
    for (const x of end.targets) {
      const h = history.find((e) => e.draftId === x.draftId);
      expect(h).toBeTruthy();
      expect(h!.result).toBe('done');
      expect(h!.requests.map((r) => r.requestId).sort()).toEqual([...x.requestIds].sort());
    }
  }, 60_000);

  it('a failed target lands in the history with its error; a busy load balancer (409) is waited for, not failed', async () => {
    const targets = l4Names(3, 24).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: planContent('Engine failures', 7200, targets) });
    // one listener create refused definitively; one health-check create answered "busy" once
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'status', status: 400, errorMsg: 'Injected refusal.' } });
    sandbox.faults.add({
      method: 'POST',
      path: /\/healthmonitors$/,
      times: 1,
      fault: { kind: 'status', status: 409, errorCode: 'ELB.8907', errorMsg: 'Load balancer is busy: its provisioning_status is PENDING_UPDATE.' },
    });
    const run = await t.must('fleet:apply', { id: plan.id, concurrency: 1 });
    const end = await t.core.fleet.settled(run.id);
    const failed = end.targets.filter((x) => x.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(end.targets.filter((x) => x.state === 'done')).toHaveLength(2);
    const c = countOnSandbox(sandbox, 7200, 'fleet-group-7200');
    expect([...c.groups.values()].every((n) => n === 1)).toBe(true);
    const history = await t.must('history:list', {});
    const h = history.find((e) => e.draftId === failed[0]!.draftId);
    expect(h?.result).toBe('failed');
    expect(h?.requests.find((r) => r.result === 'failed')).toBeTruthy();
  }, 60_000);
});

describe('fleet drafts submitted by hand during a run', () => {
  it('a done target submitted again while the run goes returns its entry from the run journal and sends nothing', async () => {
    const targets = l4Names(2, 30).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: planContent('Engine by hand', 7300, targets) });
    // the second target's listener create is slow, so the run is still going when the first is done
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 2, fault: { kind: 'latency', ms: 300 } });
    const run = await t.must('fleet:apply', { id: plan.id, concurrency: 1 });
    let first = run.targets[0]!;
    for (let i = 0; i < 200 && first.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      first = (await t.must('fleet:run', { runId: run.id })).targets[0]!;
    }
    expect(first.state).toBe('done');
    expect((await t.must('fleet:run', { runId: run.id })).state).toBe('running');
    const calls = sandbox.requests().length;
    const again = await t.must('submit:apply', { draftId: first.draftId });
    expect(again.state).toBe('done');
    expect(again.steps.find((s) => s.key === 'listener')?.resourceId).toBe(first.listenerId);
    expect(sandbox.requests().length).toBe(calls);
    // journal:list shows the run's entries while it goes
    expect((await t.must('journal:list', { draftId: first.draftId })).at(-1)?.state).toBe('done');
    const end = await t.core.fleet.settled(run.id);
    expect(end.state).toBe('done');
    const c = countOnSandbox(sandbox, 7300, 'fleet-group-7300');
    expect([...c.listeners.values()]).toEqual([1, 1]);
    expect([...c.groups.values()]).toEqual([1, 1]);
  }, 60_000);
});

describe('look-alikes from the batch read', () => {
  it('a look-alike group made before the run is journaled as seen, and a lost create reply adopts the new group, never it', async () => {
    const [name] = l4Names(1, 34);
    const target = targetFor(accountId, inv, name!);
    const content = planContent('Engine look-alike', 7400, [target]);
    const r = sandbox.regions.find((x) => x.id === target.region)!;
    const client = createElbClient({ endpoint: sandbox.url, region: r.id, projectId: r.projectId, credentials: async () => ({ ak: sandbox.ak, sk: sandbox.sk }) });
    const theirs = await client.createPool({ pool: { protocol: 'TCP', lb_algorithm: content.routing.newPool.algorithm, loadbalancer_id: target.loadBalancerId, name: content.routing.newPool.name, description: content.routing.newPool.description } });
    await client.close();
    const plan = await t.must('fleet:create', { content });
    // the group create is committed and its reply lost
    sandbox.faults.add({ method: 'POST', path: /\/pools$/, times: 1, fault: { kind: 'drop-after-commit' } });
    const run = await t.must('fleet:apply', { id: plan.id });
    const end = await t.core.fleet.settled(run.id);
    expect(end.targets[0]!.state).toBe('done');
    const entry = (await t.must('journal:list', { draftId: end.targets[0]!.draftId })).at(-1)!;
    const poolStep = entry.steps.find((s) => s.key === 'pool')!;
    expect(poolStep.seen).toEqual([theirs.id]);
    expect(poolStep.resourceId).not.toBe(theirs.id);
    expect(end.targets[0]!.poolId).toBe(poolStep.resourceId);
    const c = countOnSandbox(sandbox, 7400, content.routing.newPool.name);
    expect(c.groups.get(target.loadBalancerId)).toBe(2); // theirs and ours, no third
    expect(c.listeners.get(target.loadBalancerId)).toBe(1);
  }, 60_000);
});
