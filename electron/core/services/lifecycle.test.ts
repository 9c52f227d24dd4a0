import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, DraftContent } from '../../../shared/model/draft';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { TestClient } from '../../sandbox/testkit';
import { startTestCore, tempDir, type TestCore } from '../test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

/** Runs of "commit the PUT/DELETE, then drop the connection". */
const AMBIGUOUS_RUNS = 20;
/** Rounds of kill -9 during an edit and during a delete. */
const KILL_ROUNDS = Number(process.env.KILL_ROUNDS ?? 4);

let sandbox: SandboxHandle;
let api: TestClient;
let t: TestCore;
let accountId: string;
let lbId: string;
let poolId: string;
let ipGroupId: string;

const coreOptions = { submit: { pollMs: 10 }, cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 }, retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } };

async function liveListener(id: string): Promise<Record<string, unknown> | null> {
  const r = await api.get(`/listeners/${id}`);
  return r.status === 404 ? null : (r.body.listener as Record<string, unknown>);
}

/** Creates a listener through a create draft (so the history has it) and syncs. */
async function createListener(port: number, mode: 'existing' | 'new' = 'existing', core: TestCore = t): Promise<string> {
  const c: DraftContent = defaultDraftContent({ accountId, region: 'sandbox-1', loadBalancerId: lbId }, `port ${port}`);
  c.listener.port = port;
  c.listener.name = `life-${port}`;
  if (mode === 'existing') c.routing.existingPoolId = poolId;
  else {
    c.routing.mode = 'new';
    c.routing.newPool.name = `life-group-${port}`;
    c.routing.members = [
      { rowId: 'a', name: 'a', address: '192.168.0.20', port: 8080, weight: 1, subnetId: null },
      { rowId: 'b', name: 'b', address: '192.168.0.21', port: 8080, weight: 1, subnetId: null },
    ];
  }
  const d = await core.must('drafts:create', { content: c });
  const entry = await core.must('submit:apply', { draftId: d.id });
  await core.must('sync:run', { accountId, region: 'sandbox-1' });
  return entry.steps.find((s) => s.key === 'listener')!.resourceId!;
}

async function editDraft(listenerId: string, change: (d: Draft) => void, core: TestCore = t): Promise<Draft> {
  const d = await core.must('lifecycle:editDraft', { accountId, region: 'sandbox-1', listenerId });
  change(d);
  return core.must('drafts:save', { id: d.id, revision: d.revision, content: contentOf(d) });
}

function contentOf(d: Draft): DraftContent {
  const { title, target, step, listener, routing, kind, edit, deletion, origin } = d;
  return { title, target, step, listener, routing, ...(kind ? { kind } : {}), ...(edit ? { edit } : {}), ...(deletion ? { deletion } : {}), ...(origin ? { origin } : {}) };
}

function without(o: Record<string, unknown> | null, keys: string[]): Record<string, unknown> {
  const out = { ...(o ?? {}) };
  for (const k of keys) delete out[k];
  return out;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  api = new TestClient(sandbox);
  t = await startTestCore({ sandboxUrl: sandbox.url, options: coreOptions });
  accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
  const inv = await t.must('sync:run', { accountId, region: 'sandbox-1' });
  const lb = inv.loadBalancers.find((l) => l.type === 'network' && l.ipTargetEnable) ?? inv.loadBalancers.find((l) => l.type === 'network')!;
  lbId = lb.id;
  poolId = inv.pools.find((p) => p.protocol === 'TCP' && p.loadBalancerIds.includes(lb.id) && !p.anyPortEnable)!.id;
  const created = await api.post('/ipgroups', { ipgroup: { name: 'office', ip_list: [{ ip: '203.0.113.0/24' }] } });
  ipGroupId = (created.body.ipgroup as { id: string }).id;
  await t.must('sync:run', { accountId, region: 'sandbox-1' });
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

describe('edit', () => {
  it('idle timeout + whitelist: only those fields change, and the history has the PUT', async () => {
    const id = await createListener(9301);
    const before = await liveListener(id);
    const d = await editDraft(id, (x) => {
      x.listener.idleTimeout = 900;
      x.listener.accessControl = { mode: 'whitelist', ipGroupId };
    });
    expect(d.kind).toBe('edit');
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.live).toBe(true);
    expect(pre.conflicts).toEqual([]);
    expect(pre.diff.map((c) => c.field)).toEqual(['idleTimeout', 'accessControl']);
    expect(pre.plan.map((p) => [p.method, p.body])).toEqual([['PUT', { listener: { keepalive_timeout: 900, ipgroup: { ipgroup_id: ipGroupId, enable_ipgroup: true, type: 'white' } } }]]);
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    const after = await liveListener(id);
    expect(after?.keepalive_timeout).toBe(900);
    expect(after?.ipgroup).toMatchObject({ ipgroup_id: ipGroupId, enable_ipgroup: true, type: 'white' });
    expect(without(after, ['keepalive_timeout', 'ipgroup', 'updated_at'])).toEqual(without(before, ['keepalive_timeout', 'ipgroup', 'updated_at']));
    const hist = await t.must('history:list', { listenerId: id });
    expect(hist.map((h) => [h.kind, h.result])).toEqual([['create', 'done'], ['edit', 'done']]);
    expect(hist[1]!.requests.map((r) => `${r.method} ${r.path.replace(/\/v3\/[^/]+/, '')}`)).toEqual([`PUT /elb/listeners/${id}`]);
    expect(hist[1]!.changes[0]!.after?.idleTimeout).toBe(900);
    // A second submit of the same draft sends nothing more.
    expect((await t.must('submit:apply', { draftId: d.id })).id).toBe(entry.id);
  });

  it('tags change through the tags API (delete, then create), not the PUT', async () => {
    const id = await createListener(9306);
    await api.post(`/v3/${api.projectId}/listeners/${id}/tags/action`, { action: 'create', tags: [{ key: 'env', value: 'prod' }, { key: 'keep', value: 'x' }] });
    await t.must('sync:run', { accountId, region: 'sandbox-1' });
    const d = await editDraft(id, (x) => {
      x.listener.tags = [{ key: 'keep', value: 'x' }, { key: 'env', value: 'dev' }, { key: 'new', value: '' }];
    });
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.plan.map((p) => [p.key, p.method, p.path.replace(/\/v3\/[^/]+/, '')])).toEqual([
      ['tags-delete', 'POST', `/listeners/${id}/tags/action`],
      ['tags-create', 'POST', `/listeners/${id}/tags/action`],
    ]);
    const entry = await t.must('lifecycle:apply', { draftId: d.id });
    expect(entry.steps.map((s) => [s.key, s.state])).toEqual([['tags-delete', 'done'], ['tags-create', 'done']]);
    // Each journal step keeps its request's label, so the UI can say it in its own language.
    expect(entry.steps.map((s) => s.label)).toEqual(pre.plan.map((p) => p.label));
    expect(entry.steps.map((s) => s.label?.code)).toEqual(['deleteTags', 'addTags']);
    const tags = ((await liveListener(id))?.tags as Array<{ key: string; value: string }>).map((x) => `${x.key}=${x.value}`).sort();
    expect(tags).toEqual(['env=dev', 'keep=x', 'new=']);
  });

  it('a conflict made between draft and submit is shown and resolved, never overwritten silently', async () => {
    const id = await createListener(9302);
    const d = await editDraft(id, (x) => {
      x.listener.idleTimeout = 1000;
    });
    expect((await api.put(`/listeners/${id}`, { listener: { keepalive_timeout: 500, name: 'theirs' } })).status).toBe(200);
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.conflicts).toEqual([{ field: 'idleTimeout', label: 'Idle timeout (s)', base: 300, theirs: 500, mine: 1000 }]);
    expect(pre.theirsOnly.map((c) => c.field)).toEqual(['name']);
    const refused = await t.call('submit:apply', { draftId: d.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('CONFLICT');
    expect((await liveListener(id))?.keepalive_timeout).toBe(500);
    const unresolved = await t.call('lifecycle:resolve', { draftId: d.id, resolutions: {} });
    expect(unresolved.ok).toBe(false);
    const resolved = await t.must('lifecycle:resolve', { draftId: d.id, resolutions: { idleTimeout: 'mine' } });
    expect(resolved.listener.name).toBe('theirs');
    expect((await t.must('lifecycle:preflight', { draftId: d.id })).conflicts).toEqual([]);
    await t.must('lifecycle:apply', { draftId: d.id });
    const live = await liveListener(id);
    expect(live).toMatchObject({ keepalive_timeout: 1000, name: 'theirs' });
  });

  it('a listener deleted meanwhile is a clear error, and the draft can become a new-listener draft', async () => {
    const id = await createListener(9303);
    const d = await editDraft(id, (x) => {
      x.listener.description = 'changed';
    });
    await api.put(`/listeners/${id}`, { listener: { default_pool_id: null } });
    expect((await api.del(`/listeners/${id}`)).status).toBe(204);
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.gone).toBe(true);
    const r = await t.call('lifecycle:apply', { draftId: d.id });
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    const fresh = await t.must('lifecycle:recreate', { draftId: d.id });
    expect(fresh.kind).toBeUndefined();
    expect(fresh.listener.port).toBe(9303);
    expect(fresh.listener.description).toContain('changed');
  });

  it('drift: an outside change after the last apply is listed after a sync', async () => {
    const id = await createListener(9304);
    expect((await t.must('drift:get', { accountId, region: 'sandbox-1' })).some((x) => x.listenerId === id)).toBe(false);
    await api.put(`/listeners/${id}`, { listener: { keepalive_timeout: 777 } });
    await t.must('sync:run', { accountId, region: 'sandbox-1' });
    const drift = (await t.must('drift:get', { accountId, region: 'sandbox-1' })).find((x) => x.listenerId === id);
    expect(drift?.fields).toEqual([{ field: 'idleTimeout', label: 'Idle timeout (s)', applied: 300, live: 777 }]);
  });

  it(`exactly once: ${AMBIGUOUS_RUNS} runs of commit-then-drop on the PUT are reconciled by reading the live values`, async () => {
    const id = await createListener(9305);
    let resent = 0;
    for (let i = 0; i < AMBIGUOUS_RUNS; i++) {
      // Each edit starts from fresh cached values, as after a sync.
      await t.must('sync:run', { accountId, region: 'sandbox-1' });
      const d = await editDraft(id, (x) => {
        x.listener.idleTimeout = 100 + i;
      });
      sandbox.faults.add({ method: 'PUT', path: /\/listeners\//, times: 2, fault: { kind: 'drop-after-commit', atByte: Math.floor(Math.random() * 100) } });
      const entry = await t.must('lifecycle:apply', { draftId: d.id });
      sandbox.faults.clear();
      const step = entry.steps.find((s) => s.key === 'update')!;
      expect(step.state).toBe('done');
      if (step.attempts > 1) resent++;
      expect((await liveListener(id))?.keepalive_timeout).toBe(100 + i);
    }
    expect(resent).toBe(0);
    console.log(`ambiguous PUT runs: ${AMBIGUOUS_RUNS}; re-sent after reconcile: ${resent}`);
  }, 120_000);
});

describe('delete', () => {
  it('with its group: unbind, listener, health check, servers, group; the IP group stays', async () => {
    const id = await createListener(9311, 'new');
    const inv = await t.must('inventory:get', { accountId, region: 'sandbox-1' });
    const pid = inv.listeners.find((l) => l.id === id)!.defaultPoolId!;
    const d = await t.must('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [id], deletePool: true });
    expect(d.kind).toBe('delete');
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.deletion?.groups).toMatchObject([{ poolId: pid, willDelete: true, usedBy: [] }]);
    expect(pre.plan.map((p) => p.key.split(':')[0])).toEqual(['unbind', 'listener', 'healthmonitor', 'member', 'member', 'pool']);
    const entry = await t.must('submit:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect(entry.steps.map((s) => s.label?.code)).toEqual(['unbindPool', 'deleteListener', 'deleteHealthCheck', 'removeMember', 'removeMember', 'deletePool']);
    expect(await liveListener(id)).toBeNull();
    expect((await api.get(`/pools/${pid}`)).status).toBe(404);
    expect((await api.get(`/ipgroups/${ipGroupId}`)).status).toBe(200);
    const hist = (await t.must('history:list', { listenerId: id })).map((h) => h.kind);
    expect(hist).toEqual(['create', 'delete']);
  });

  it('keeps a group another listener uses and names it; a listener already gone counts as done', async () => {
    const a = await createListener(9312);
    const b = await createListener(9313);
    const d = await t.must('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [a], deletePool: true });
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.deletion?.groups[0]?.willDelete).toBe(false);
    expect(pre.deletion?.groups[0]?.usedBy.map((u) => u.id)).toContain(b);
    await api.put(`/listeners/${a}`, { listener: { default_pool_id: null } });
    await api.del(`/listeners/${a}`);
    const entry = await t.must('lifecycle:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect((await api.get(`/pools/${poolId}`)).status).toBe(200);
  });

  it('keeps a group whose removal protection is on (turned on after the draft): says why, deletes the listener, never asks to remove a server', async () => {
    const id = await createListener(9314, 'new');
    const inv = await t.must('inventory:get', { accountId, region: 'sandbox-1' });
    const pid = inv.listeners.find((l) => l.id === id)!.defaultPoolId!;
    const d = await t.must('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [id], deletePool: true });
    expect((await api.put(`/pools/${pid}`, { pool: { member_deletion_protection_enable: true } })).status).toBe(200);
    // The live preflight sees it (the cache does not know yet).
    const pre = await t.must('lifecycle:preflight', { draftId: d.id });
    expect(pre.deletion?.groups).toMatchObject([{ poolId: pid, willDelete: false, protectedServers: true, usedBy: [] }]);
    expect(pre.plan.map((p) => p.key.split(':')[0])).toEqual(['unbind', 'listener']);
    sandbox.clearRequests();
    const entry = await t.must('lifecycle:apply', { draftId: d.id });
    expect(entry.state).toBe('done');
    expect(await liveListener(id)).toBeNull();
    expect((await api.get(`/pools/${pid}`)).status).toBe(200);
    expect(sandbox.requests().filter((r) => r.method === 'DELETE' && r.path.includes('/members/'))).toEqual([]);
    // After a sync the cached plan says the same.
    await t.must('sync:run', { accountId, region: 'sandbox-1' });
    expect((await t.must('inventory:get', { accountId, region: 'sandbox-1' })).pools.find((p) => p.id === pid)?.memberRemovalProtection).toBe(true);
  });

  it(`exactly once: ${AMBIGUOUS_RUNS} runs of commit-then-drop on DELETE (a 404 on the retry counts as done)`, async () => {
    for (let i = 0; i < AMBIGUOUS_RUNS; i++) {
      const id = await createListener(9400 + i);
      const d = await t.must('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [id], deletePool: false });
      sandbox.faults.add({ method: 'DELETE', path: /\/listeners\//, times: 2, fault: { kind: 'drop-after-commit', atByte: 0 } });
      const entry = await t.must('lifecycle:apply', { draftId: d.id });
      sandbox.faults.clear();
      expect(entry.state).toBe('done');
      expect(await liveListener(id)).toBeNull();
    }
    expect((await api.get(`/pools/${poolId}`)).status).toBe(200);
  }, 120_000);
});

describe('kill -9', () => {
  async function killRun(kind: 'edit' | 'delete', round: number): Promise<string> {
    const dbg = (m: string) => process.env.KILL_DEBUG && console.log(`[${kind} ${round}] ${m}`);
    const dataDir = tempDir();
    const prep = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: coreOptions });
    const acc = (await prep.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
    accountId = acc.id;
    await prep.must('sync:run', { accountId, region: 'sandbox-1' });
    const port = (kind === 'edit' ? 9500 : 9600) + round;
    dbg('prep synced');
    const id = await createListener(port, 'new', prep);
    dbg('prep created');
    const d =
      kind === 'edit'
        ? await editDraft(id, (x) => {
            x.listener.idleTimeout = 1234;
            x.listener.name = `edited-${round}`;
          }, prep)
        : await prep.must('lifecycle:deleteDraft', { accountId, region: 'sandbox-1', listenerIds: [id], deletePool: true });
    dbg('prep draft');
    await prep.core.dispose();
    dbg('prep disposed');
    sandbox.faults.add({ method: kind === 'edit' ? 'PUT' : 'DELETE', times: 6, fault: { kind: 'latency', ms: 300 } });
    if (kind === 'delete') sandbox.faults.add({ method: 'PUT', times: 1, fault: { kind: 'latency', ms: 300 } });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'submit-child.ts'), dataDir, sandbox.url, d.id], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    // Registered now: a fast child may finish (and exit) before the kill.
    const exited = new Promise((r) => child.once('exit', r));
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
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 900));
    child.kill('SIGKILL');
    await exited;
    sandbox.faults.clear();
    const file = JSON.parse(readFileSync(path.join(dataDir, 'elb-desk.json'), 'utf8')) as { journal: Array<{ draftId: string; steps: Array<{ state: string }> }> };
    const cut = file.journal.find((j) => j.draftId === d.id);
    const where = !cut ? 'before the journal' : `after ${cut.steps.filter((x) => x.state === 'done').length} of ${cut.steps.length} steps`;
    dbg(`killed; child said: ${out.trim()}`);
    const again = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: coreOptions });
    dbg('restarted');
    await again.core.resumed;
    dbg('resumed');
    const status = (await again.must('drafts:get', { id: d.id })).status;
    dbg(`status ${status}; journal ${JSON.stringify((await again.must('journal:list', { draftId: d.id })).map((j) => [j.state, j.steps]))}`);
    if (status !== 'submitted') await again.must('submit:apply', { draftId: d.id });
    dbg('applied');
    const final = (await again.must('journal:list', { draftId: d.id })).at(-1)!;
    expect(final.state).toBe('done');
    dbg('checking');
    if (kind === 'edit') {
      expect(await liveListener(id)).toMatchObject({ keepalive_timeout: 1234, name: `edited-${round}` });
      expect((await again.must('history:list', { listenerId: id })).filter((h) => h.kind === 'edit' && h.result === 'done')).toHaveLength(1);
    } else {
      expect(await liveListener(id)).toBeNull();
      expect((await api.get(`/listeners`, { query: { protocol_port: String(port) } })).body.listeners.filter((l: { loadbalancers: { id: string }[] }) => l.loadbalancers[0]?.id === lbId)).toEqual([]);
    }
    dbg('disposing');
    await again.core.dispose();
    return where;
  }

  it(`edit: killed mid-apply, resumed, done once (${KILL_ROUNDS} rounds)`, async () => {
    const runs: Record<string, number> = {};
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const w = await killRun('edit', round);
      runs[w] = (runs[w] ?? 0) + 1;
    }
    console.log(`kill -9 edit rounds: ${KILL_ROUNDS}; killed ${JSON.stringify(runs)}; all done once`);
  }, 240_000);

  it(`delete: killed mid-apply, resumed, done once (${KILL_ROUNDS} rounds)`, async () => {
    const runs: Record<string, number> = {};
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const w = await killRun('delete', round);
      runs[w] = (runs[w] ?? 0) + 1;
    }
    console.log(`kill -9 delete rounds: ${KILL_ROUNDS}; killed ${JSON.stringify(runs)}; all done once`);
  }, 240_000);
});
