import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { fleetName } from '../../sandbox/fleet-seed';
import { startTestCore, type TestCore } from '../test-support';
import { countOnSandbox, planContent, syncBoth, targetFor } from './fleet-test-kit';

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
let inv: Awaited<ReturnType<typeof syncBoth>>['inv'];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, loadBalancers: 20 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 }, cloud: { retry: { throttleMinDelayMs: 200 } } } });
  ({ accountId, inv } = await syncBoth(t));
});
afterAll(async () => {
  await t.core.dispose();
  await sandbox.close();
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.throttle(null);
});

const names = (...idx: number[]) => idx.map(fleetName);

describe('fleet plans over the sandbox', () => {
  it('5 targets in 2 regions: the clash is fixed by "next free port", the L7-only one refused; apply creates each exactly once', async () => {
    // fleet-0003 (i=2, sandbox-1) already has 5432; fleet-0008 (i=7, sandbox-2) is L7-only
    const targets = names(0, 1, 2, 3, 7).map((n) => targetFor(accountId, inv, n));
    expect(new Set(targets.map((x) => x.region))).toEqual(new Set(['sandbox-1', 'sandbox-2']));
    const plan = await t.must('fleet:create', { content: planContent('Open 5432', 5432, targets) });
    const v = await t.must('fleet:validate', { id: plan.id });
    expect(v.canStart).toBe(false);
    expect(v.rows.map((r) => r.status)).toEqual(['warning', 'warning', 'error', 'warning', 'error']);
    console.log(`[fleet] warnings of a plain row: ${v.rows[0]!.cells.other.map((i) => i.code).join(', ')}`);
    expect(v.rows[2]!.cells.port.map((i) => i.code)).toEqual(['listener.port.clash']);
    expect(v.rows[4]!.refusal?.code).toBe('target.loadBalancer.applicationOnly');
    const refused = await t.call('fleet:apply', { id: plan.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.message).toBe('2 targets have errors; fix or exclude them before applying.');
      expect(refused.error.fields?.map((f) => f.path)).toEqual(['targets.2.listener.port', 'targets.4.target.loadBalancerId']);
    }

    const moved = await t.must('fleet:nextFreePort', { id: plan.id, revision: plan.revision });
    expect(moved.changed).toEqual([{ key: targets[2]!.key, from: 5432, to: 5433 }]);
    const content = { ...moved.plan, targets: moved.plan.targets.map((x, i) => (i === 4 ? { ...x, excluded: true } : x)) };
    const { id: _id, createdAt: _c, updatedAt: _u, revision, ...rest } = content;
    const saved = await t.must('fleet:save', { id: plan.id, revision, content: rest });
    const v2 = await t.must('fleet:validate', { id: saved.id });
    expect(v2.canStart).toBe(true);
    expect(v2.totals).toEqual({ targets: 4, listeners: 4, groups: 4, servers: 0, healthChecks: 4 });

    const run = await t.must('fleet:apply', { id: plan.id });
    expect(run.targets).toHaveLength(4);
    const done = await t.core.fleet.settled(run.id);
    expect(done.state).toBe('done');
    expect(done.targets.every((x) => x.state === 'done' && x.listenerId && x.poolId && x.healthMonitorId)).toBe(true);
    const on5432 = countOnSandbox(sandbox, 5432, 'fleet-group-5432');
    for (const x of targets.filter((_, i) => i !== 2 && i !== 4)) expect(on5432.listeners.get(x.loadBalancerId)).toBe(1);
    expect(countOnSandbox(sandbox, 5433, 'fleet-group-5432').listeners.get(targets[2]!.loadBalancerId)).toBe(1);
    expect([...on5432.groups.values()]).toEqual([1, 1, 1, 1]);
    expect(on5432.listeners.get(targets[4]!.loadBalancerId)).toBeUndefined();

    // each target's result is in the history (its own draft and journal)
    const journal = await t.must('journal:list', {});
    for (const x of done.targets) expect(journal.filter((j) => j.draftId === x.draftId).at(-1)?.state).toBe('done');
    const csv = await t.must('fleet:results', { runId: run.id, format: 'csv' });
    expect(csv.content.split('\r\n')[0]).toBe('target,load_balancer_id,account_id,region,status,listener_id,pool_id,healthmonitor_id,request_ids,error');
    expect(csv.content.split('\r\n').filter(Boolean)).toHaveLength(5);
    expect(csv.content).toContain(`${fleetName(0)},${targets[0]!.loadBalancerId},${accountId},sandbox-1,done,${done.targets[0]!.listenerId}`);
    const json = JSON.parse((await t.must('fleet:results', { runId: run.id, format: 'json' })).content);
    expect(json.targets).toHaveLength(4);
    // applying the same run again is not possible; a new run of the same plan is refused offline now (the cache was re-synced? no: the live 409 says so)
    expect((await t.must('fleet:runs', { planId: plan.id })).map((r) => r.state)).toEqual(['done']);
  });

  it('a throttled run (token bucket on the sandbox) finishes with no target failed', async () => {
    const targets = names(4, 5, 6, 8).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: { ...planContent('Throttled', 6100, targets), concurrency: 3 } });
    sandbox.throttle({ ratePerSecond: 15, burst: 5 });
    const run = await t.must('fleet:apply', { id: plan.id });
    const done = await t.core.fleet.settled(run.id);
    const refused = sandbox.throttleRefused();
    sandbox.throttle(null);
    expect(done.targets.map((x) => `${x.loadBalancerName}:${x.state}:${x.error ?? ''}`)).toEqual(targets.map((x) => `${x.loadBalancerName}:done:`));
    expect(refused).toBeGreaterThan(0);
    const c = countOnSandbox(sandbox, 6100, 'fleet-group-6100');
    expect([...c.listeners.values()]).toEqual([1, 1, 1, 1]);
    expect([...c.groups.values()]).toEqual([1, 1, 1, 1]);
    console.log(`[fleet] throttled run: ${refused} requests refused with 429, 0 targets failed`);
  }, 120_000);

  it('a partial failure, then "retry failed" runs only the failed target; cancel stops new targets', async () => {
    const targets = names(12, 13, 14).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: planContent('Partial', 6200, targets) });
    // the listener create of one target is refused once (a definitive 400: nothing created)
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'status', status: 400, errorMsg: 'Injected refusal.' } });
    const run = await t.must('fleet:apply', { id: plan.id, concurrency: 1 });
    const first = await t.core.fleet.settled(run.id);
    expect(first.state).toBe('failed');
    const failed = first.targets.filter((x) => x.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain('Injected refusal.');
    expect(failed[0]!.poolId).not.toBeNull(); // its group was made before the listener failed
    const calls = sandbox.requests().length;
    const again = await t.must('fleet:retryFailed', { runId: run.id });
    expect(again.targets.filter((x) => x.state !== 'done').map((x) => x.key)).toEqual([failed[0]!.key]);
    const second = await t.core.fleet.settled(run.id);
    expect(second.state).toBe('done');
    // the retried target reused its group (no second one) and the others were not touched
    const c = countOnSandbox(sandbox, 6200, 'fleet-group-6200');
    expect([...c.listeners.values()]).toEqual([1, 1, 1]);
    expect([...c.groups.values()]).toEqual([1, 1, 1]);
    // the targets that were done were not submitted again: their journals still hold the first run's entry only
    const journal = await t.must('journal:list', {});
    for (const x of second.targets) {
      const entries = journal.filter((j) => j.draftId === x.draftId);
      expect(entries.at(-1)?.state).toBe('done');
      if (x.key !== failed[0]!.key) expect(entries.every((j) => j.steps.every((st) => st.attempts === 1))).toBe(true);
    }
    expect(sandbox.requests().length).toBeGreaterThan(calls);
    expect((await t.call('fleet:retryFailed', { runId: run.id })).ok).toBe(false);

    // cancel: slow creates keep the first target in flight; the rest never start
    const plan2 = await t.must('fleet:create', { content: planContent('Cancelled', 6300, names(12, 14, 16).map((n) => targetFor(accountId, inv, n))) });
    sandbox.faults.add({ method: 'POST', path: /\/pools$/, times: 1, fault: { kind: 'latency', ms: 400 } });
    const run2 = await t.must('fleet:apply', { id: plan2.id, concurrency: 1 });
    // a second run of the same plan while one is going would race it: refused
    const twice = await t.call('fleet:apply', { id: plan2.id });
    expect(twice.ok ? null : twice.error.code).toBe('CONFLICT');
    await t.must('fleet:cancel', { runId: run2.id });
    const end = await t.core.fleet.settled(run2.id);
    expect(end.state).toBe('cancelled');
    const states = end.targets.map((x) => x.state);
    expect(states.filter((s) => s === 'done')).toHaveLength(1);
    expect(states.filter((s) => s === 'cancelled')).toHaveLength(2);
  }, 60_000);

  it('the live preflight reads each region again: an outside change and a short quota show up, with the requests per target', async () => {
    const targets = names(0, 1).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: planContent('Preflight', 7500, targets) });
    expect((await t.must('fleet:validate', { id: plan.id })).canStart).toBe(true);
    // outside the app: a listener appears on 7500 of the first target, and sandbox-2's pool quota is used up
    const r1 = sandbox.state().region('sandbox-1');
    const lb0 = r1.loadbalancers.get(targets[0]!.loadBalancerId)!;
    const other = [...r1.listeners.values()].find((l) => l.loadbalancer_id !== lb0.id && l.protocol === 'TCP')!;
    r1.addListener({ ...other, id: 'outside-7500', name: 'outside', loadbalancer_id: lb0.id, protocol_port: 7500, port_ranges: [], default_pool_id: null, ipgroup: null });
    const r2 = sandbox.state().region('sandbox-2');
    const quota = r2.quota.pool;
    r2.quota.pool = r2.pools.size;
    try {
      const pf = await t.must('fleet:preflight', { id: plan.id });
      expect(pf.canStart).toBe(false);
      expect(pf.regions.map((r) => [r.region, r.live])).toEqual([
        ['sandbox-1', true],
        ['sandbox-2', true],
      ]);
      expect(pf.validation.rows[0]!.cells.port.map((i) => i.code)).toEqual(['listener.port.clash']);
      expect(pf.regions[1]!.issues.map((i) => i.message)).toEqual([
        `The pool quota of sandbox-2 is too small for this plan (${r2.pools.size} of ${r2.pools.size} used; the plan needs 1 more there).`,
      ]);
      expect(pf.requests.map((r) => r.requests.map((q) => `${q.method} ${q.path.replace(/\/v3\/[0-9a-f]{32}\//, '/v3/P/')}`))).toEqual([
        ['POST /v3/P/elb/pools', 'POST /v3/P/elb/healthmonitors', 'POST /v3/P/elb/listeners'],
        ['POST /v3/P/elb/pools', 'POST /v3/P/elb/healthmonitors', 'POST /v3/P/elb/listeners'],
      ]);
    } finally {
      r1.removeListener('outside-7500');
      if (quota !== undefined) r2.quota.pool = quota;
    }
    // back as it was: the preflight passes (and it refreshed the cache, so the offline check agrees)
    expect((await t.must('fleet:preflight', { id: plan.id })).canStart).toBe(true);
  });

  it('exports the plan as JSON (re-importable) and the API requests per target; bad imports name the field', async () => {
    const targets = names(0, 1).map((n) => targetFor(accountId, inv, n));
    const plan = await t.must('fleet:create', { content: planContent('Export me', 7000, targets) });
    const json = await t.must('fleet:export', { id: plan.id, format: 'json' });
    expect(json.filename).toBe('export-me.fleet.json');
    const copy = await t.must('fleet:import', { text: json.content });
    expect(copy.id).not.toBe(plan.id);
    expect(copy.targets).toEqual(plan.targets);
    const api = await t.must('fleet:export', { id: plan.id, format: 'api' });
    expect(api.content).toContain(`## ${fleetName(0)} (sandbox-1`);
    expect(api.content).toContain(`## ${fleetName(1)} (sandbox-2`);
    expect(api.content).not.toContain('{project_id}');
    const tf = await t.must('fleet:export', { id: plan.id, format: 'terraform' });
    expect(tf.filename).toBe('export-me.tf');
    expect(tf.content).toContain('resource "huaweicloud_elb_listener" "this_t002" {\n  provider = huaweicloud.a2_sandbox_2');
    expect(tf.content).toContain('# Account Local sandbox:');
    const bad = await t.call('fleet:import', { text: json.content.replace('"concurrency": 2', '"concurrency": 0') });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.fields?.[0]?.path).toBe('concurrency');
    expect((await t.must('fleet:list', {})).some((p) => p.id === copy.id)).toBe(true);
    expect(await t.must('fleet:delete', { id: copy.id })).toEqual({ deleted: true });
    const stale = await t.call('fleet:save', { id: plan.id, revision: plan.revision + 5, content: planContent('x', 1, []) });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
  });
});
