import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../../shared/model/draft';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { startTestCore, tempDir, type TestCore } from '../test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
let tcpLb: { id: string; name: string };
let existingTcpPool: string;

/** Runs of "commit the create, then drop the connection at a random point". */
const AMBIGUOUS_RUNS = 100;
/** Rounds of kill -9 during an apply. */
const KILL_ROUNDS = 8;
/** Descriptions at the API's limit: there is no room for anything but what the user typed. */
const LONG_LISTENER_DESC = `${'L'.repeat(250)}監聽器 é`;
const LONG_POOL_DESC = `${'P'.repeat(251)}后端组!`;

/** The pools in the sandbox with this name. */
function poolsNamed(name: string) {
  return sandboxRecords('lb_algorithm').filter((p) => p.name === name);
}

function listenersOnPort(lbId: string, port: number) {
  return sandboxListeners().filter((l) => l.lb === lbId && l.port === port && l.protocol === 'TCP');
}

/** Every record in the sandbox state that has the given API field (e.g. 'lb_algorithm' for pools). */
function sandboxRecords(field: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (!(v instanceof Map) && !Array.isArray(v) && field in v) {
      out.push(v as Record<string, unknown>);
      return;
    }
    for (const item of v instanceof Map ? v.values() : Array.isArray(v) ? v : Object.values(v)) visit(item);
  };
  visit(sandbox.state());
  return out;
}

/** Reads all listeners from the sandbox over its public API shape (via state()). */
function sandboxListeners(): Array<{ id: string; lb: string; port: number; protocol: string; description: string }> {
  const out: Array<{ id: string; lb: string; port: number; protocol: string; description: string }> = [];
  const state = sandbox.state() as unknown as Record<string, unknown>;
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const iter = v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : Object.values(v);
    for (const item of iter as unknown[]) {
      if (item && typeof item === 'object' && 'protocol_port' in item && 'keepalive_timeout' in item) {
        const l = item as unknown as { id: string; protocol_port: number; protocol: string; description?: string; loadbalancers?: { id: string }[]; loadbalancer_id?: string };
        out.push({ id: l.id, lb: l.loadbalancers?.[0]?.id ?? l.loadbalancer_id ?? '', port: l.protocol_port, protocol: l.protocol, description: l.description ?? '' });
      } else visit(item);
    }
  };
  visit(state);
  return out;
}

function draftFor(port: number, mode: 'existing' | 'new'): DraftContent {
  const c = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: tcpLb.id }, `port ${port}`);
  c.listener.port = port;
  c.listener.name = `tcp-${port}`;
  if (mode === 'existing') {
    c.routing.mode = 'existing';
    c.routing.existingPoolId = existingTcpPool;
  } else {
    c.routing.mode = 'new';
    c.routing.newPool.name = `group-${port}`;
    c.routing.members = [
      { rowId: 'a', name: 'a', address: '192.168.0.10', port: 8080, weight: 1, subnetId: null },
      { rowId: 'b', name: 'b', address: '192.168.0.11', port: 8080, weight: 0, subnetId: null },
    ];
  }
  return c;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 }, cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 }, retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } } });
  const accounts = await t.must('accounts:list', {});
  accountId = accounts.find((a) => a.kind === 'sandbox')!.id;
  const inv = await t.must('sync:run', { accountId, region: 'sandbox-1' });
  const lb = inv.loadBalancers.find((l) => l.type === 'network' && l.ipTargetEnable) ?? inv.loadBalancers.find((l) => l.type === 'network')!;
  tcpLb = { id: lb.id, name: lb.name };
  existingTcpPool = inv.pools.find((p) => p.protocol === 'TCP' && p.loadBalancerIds.includes(lb.id))!.id;
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

describe('submit', () => {
  it('creates group, servers, health check and listener in order, and records them', async () => {
    const d = await t.must('drafts:create', { content: draftFor(9100, 'new') });
    const pre = await t.must('submit:preflight', { draftId: d.id });
    expect(pre.live).toBe(true);
    expect(pre.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pre.plan.map((p) => p.key)).toEqual(['pool', 'members', 'healthmonitor', 'listener']);
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect(entry.steps.every((s) => s.state === 'done' && s.resourceId)).toBe(true);
    const after = await t.must('drafts:get', { id: d.id });
    expect(after.status).toBe('submitted');
    expect(after.result?.listenerId).toBe(entry.steps.at(-1)!.resourceId);
    expect(listenersOnPort(tcpLb.id, 9100)).toHaveLength(1);
    // Submitting again is idempotent.
    const again = await t.must('submit:apply', { draftId: d.id });
    expect(again.id).toBe(entry.id);
    expect(listenersOnPort(tcpLb.id, 9100)).toHaveLength(1);
  });

  it('refuses a draft with rule errors without sending anything', async () => {
    const c = draftFor(9101, 'existing');
    c.listener.idleTimeout = 9;
    const d = await t.must('drafts:create', { content: c });
    sandbox.clearRequests();
    const r = await t.call('submit:apply', { draftId: d.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.fields?.some((f) => f.path === 'listener.idleTimeout')).toBe(true);
    }
    expect(sandbox.requests().filter((q) => q.method !== 'GET')).toEqual([]);
  });

  it('a failed submit keeps the API error and request ID on the draft', async () => {
    const d = await t.must('drafts:create', { content: draftFor(9102, 'existing') });
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg: 'Invalid parameter: injected' } });
    const r = await t.call('submit:apply', { draftId: d.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CLOUD');
      expect(r.error.cloud?.errorCode).toBe('ELB.8902');
      expect(r.error.cloud?.requestId).toBeTruthy();
    }
    const after = await t.must('drafts:get', { id: d.id });
    expect(after.status).toBe('failed');
    expect(after.lastError?.requestId).toBeTruthy();
    // Retry after the fault is gone succeeds and creates one listener.
    const ok = await t.must('submit:apply', { draftId: d.id });
    expect(ok.state).toBe('done');
    expect(listenersOnPort(tcpLb.id, 9102)).toHaveLength(1);
  });

  it(`exactly once: ${AMBIGUOUS_RUNS} runs of commit-then-drop on the listener and/or group create, 255-character descriptions`, async () => {
    let duplicates = 0;
    let orphans = 0;
    for (let i = 0; i < AMBIGUOUS_RUNS; i++) {
      const port = 20000 + i;
      // A new group without servers or health check each time: pool, then listener (a pool serves at most 50 listeners).
      // Runs rotate: short descriptions + lost listener reply; 255 characters + lost listener reply; 255 + lost
      // group reply; 255 + both lost.
      const variant = i % 4;
      const c = draftFor(port, 'new');
      c.routing.members = [];
      c.routing.healthCheck.enabled = false;
      if (variant > 0) {
        c.listener.description = LONG_LISTENER_DESC;
        c.routing.newPool.description = LONG_POOL_DESC;
      }
      const d = await t.must('drafts:create', { content: c });
      const drop = { kind: 'drop-after-commit', atByte: Math.floor(Math.random() * 200) } as const;
      if (variant !== 2) sandbox.faults.add({ method: 'POST', path: /\/listeners$/, fault: drop });
      if (variant >= 2) sandbox.faults.add({ method: 'POST', path: /\/pools$/, fault: drop });
      const entry = await t.must('submit:apply', { draftId: d.id });
      expect(entry.state).toBe('done');
      const n = listenersOnPort(tcpLb.id, port).length;
      const pools = poolsNamed(`group-${port}`);
      if (n !== 1 || pools.length !== 1) duplicates++;
      if ((entry.orphans ?? []).length > 0) orphans++;
      expect(n).toBe(1);
      expect(pools).toHaveLength(1);
      expect(entry.orphans ?? []).toEqual([]);
      // The user's words, byte for byte: no marker anywhere.
      expect(listenersOnPort(tcpLb.id, port)[0]!.description).toBe(c.listener.description);
      expect(pools[0]!.description).toBe(c.routing.newPool.description);
      // Roll back what this run created (the load balancer allows 100 listeners): also exercises rollback.
      const rolled = await t.must('submit:rollback', { draftId: d.id });
      expect(rolled.state).toBe('rolled_back');
      expect(listenersOnPort(tcpLb.id, port)).toHaveLength(0);
    }
    expect(duplicates).toBe(0);
    expect(orphans).toBe(0);
    console.log(`ambiguous create runs: ${AMBIGUOUS_RUNS} (${AMBIGUOUS_RUNS * 0.75} with 255-character descriptions); duplicates: ${duplicates}; orphans: ${orphans}`);
  }, 240_000);

  it('exactly once: a lost group reply is reconciled past an identical unused group that already existed', async () => {
    const c = draftFor(9103, 'new');
    c.routing.newPool.description = LONG_POOL_DESC;
    // A look-alike the user made earlier (same name, description, algorithm, no listener): never taken for ours.
    const twin = (await t.must('drafts:create', { content: { ...draftFor(9105, 'new'), routing: { ...c.routing, members: [], healthCheck: { ...c.routing.healthCheck, enabled: false } } } })).id;
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg: 'stop after the group' } });
    expect((await t.call('submit:apply', { draftId: twin })).ok).toBe(false);
    const before = poolsNamed('group-9103');
    expect(before).toHaveLength(1);
    const d = await t.must('drafts:create', { content: c });
    sandbox.faults.add({ method: 'POST', path: /\/pools$/, fault: { kind: 'drop-after-commit' } });
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    const poolId = entry.steps.find((s) => s.key === 'pool')!.resourceId;
    expect(poolId).toBeTruthy();
    expect(poolId).not.toBe(before[0]!.id);
    expect(entry.steps.find((s) => s.key === 'pool')!.seen).toEqual([before[0]!.id]);
    expect(poolsNamed('group-9103')).toHaveLength(2);
    expect(poolsNamed('group-9103').find((p) => p.id === poolId)!.description).toBe(LONG_POOL_DESC);
    expect(listenersOnPort(tcpLb.id, 9103)).toHaveLength(1);
    // Clean up the twin (its submit left it as an orphan; removing it is tested in submit.orphans.test.ts).
    await t.must('submit:removeOrphan', { draftId: twin, poolId: before[0]!.id });
  });

  it('offline: nothing is sent, the draft stays ready, and it submits when the network is back', async () => {
    const dataDir = tempDir();
    const closed = await startSandbox({ port: 0 });
    const url = closed.url;
    await closed.close();
    const off = await startTestCore({ dataDir, sandboxUrl: url, options: { cloud: { timeouts: { timeoutMs: 1000, connectTimeoutMs: 500 }, retry: { maxAttempts: 2, baseDelayMs: 5 } } } });
    const acc = (await off.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
    const c = draftFor(9104, 'existing');
    c.target.accountId = acc.id;
    const d = await off.must('drafts:create', { content: c });
    sandbox.clearRequests();
    const r = await off.call('submit:apply', { draftId: d.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NETWORK');
    expect((await off.must('drafts:get', { id: d.id })).status).toBe('ready');
    expect(sandbox.requests().some((q) => q.method === 'POST')).toBe(false);
    await off.core.dispose();
    // Back online: the queued submit goes by itself after the next successful sync (no second click).
    const on = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
    await on.core.resumed;
    await on.must('sync:run', { accountId: acc.id, region: 'sandbox-1' });
    for (let i = 0; i < 100 && (await on.must('drafts:get', { id: d.id })).status !== 'submitted'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await on.must('drafts:get', { id: d.id })).status).toBe('submitted');
    expect(listenersOnPort(tcpLb.id, 9104)).toHaveLength(1);
    // Submitting again is a no-op.
    expect((await on.must('submit:apply', { draftId: d.id })).state).toBe('done');
    expect(listenersOnPort(tcpLb.id, 9104)).toHaveLength(1);
    await on.core.dispose();
  });

  it(`kill -9 mid-apply, restart, resume: one listener, all steps done (${KILL_ROUNDS} rounds)`, async () => {
    const outcomes: Record<string, number> = {};
    let duplicates = 0;
    let orphans = 0;
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const port = 30000 + round;
      const dataDir = tempDir();
      const prep = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
      const acc = (await prep.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
      const c = draftFor(port, 'new');
      c.target.accountId = acc.id;
      if (round % 2 === 1) {
        c.listener.description = LONG_LISTENER_DESC;
        c.routing.newPool.description = LONG_POOL_DESC;
      }
      await prep.must('sync:run', { accountId: acc.id, region: 'sandbox-1' });
      const d = await prep.must('drafts:create', { content: c });
      await prep.core.dispose();

      // Slow creates: a kill often lands while a create is in flight, and the server still commits it afterwards.
      sandbox.faults.add({ method: 'POST', times: 4, fault: { kind: 'latency', ms: 500 } });
      // `node --import tsx` keeps it one process, so SIGKILL really kills the writer.
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'submit-child.ts'), dataDir, sandbox.url, d.id], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (out += b));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never started: ${out}`)), 30_000);
        const check = setInterval(() => {
          if (out.includes('APPLY')) {
            clearInterval(check);
            clearTimeout(timer);
            resolve();
          }
        }, 5);
      });
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 1800));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      sandbox.faults.clear();

      const journalAfterKill = JSON.parse(readFileSync(path.join(dataDir, 'elb-desk.json'), 'utf8')) as { journal: Array<{ draftId: string; steps: Array<{ state: string }> }> };
      const cut = journalAfterKill.journal.find((j) => j.draftId === d.id);
      const outcome = !cut ? 'before the journal' : `after ${cut.steps.filter((s) => s.state === 'done').length} of ${cut.steps.length} steps`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      const again = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 }, cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 } } } });
      await again.core.resumed;
      const draft = await again.must('drafts:get', { id: d.id });
      const journal = await again.must('journal:list', { draftId: d.id });
      if (draft.status !== 'submitted') {
        // The kill came before the first journal write: submitting now must still create exactly one.
        await again.must('submit:apply', { draftId: d.id });
      }
      const final = (await again.must('journal:list', { draftId: d.id })).at(-1)!;
      expect(final.state, `round ${round}: ${JSON.stringify(journal)}`).toBe('done');
      expect(final.steps.every((s) => s.state === 'done')).toBe(true);
      const listeners = listenersOnPort(tcpLb.id, port);
      const pools = poolsNamed(`group-${port}`);
      if (listeners.length !== 1 || pools.length !== 1) duplicates++;
      if ((final.orphans ?? []).length > 0) orphans++;
      expect(listeners).toHaveLength(1);
      expect(pools).toHaveLength(1);
      expect(final.orphans ?? []).toEqual([]);
      expect(listeners[0]!.description).toBe(c.listener.description);
      expect(pools[0]!.description).toBe(c.routing.newPool.description);
      await again.core.dispose();
    }
    expect(duplicates).toBe(0);
    console.log(`kill -9 rounds: ${KILL_ROUNDS} (${KILL_ROUNDS / 2} with 255-character descriptions); killed ${JSON.stringify(outcomes)}; duplicates ${duplicates}; orphans ${orphans}`);
  }, 240_000);
});
