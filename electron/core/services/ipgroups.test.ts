import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { startTestCore, type TestCore } from '../test-support';
import { IPGROUP_JOURNAL_PREFIX } from './ipgroups';

let sandbox: SandboxHandle;
let t: TestCore;
let accountId: string;
const region = 'sandbox-1';

interface SbGroup {
  id: string;
  name: string;
  ip_list: Array<{ ip: string; description: string }>;
}
function sandboxGroups(): SbGroup[] {
  const out: SbGroup[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (!(v instanceof Map) && !Array.isArray(v) && 'ip_list' in v && 'name' in v && 'id' in v) {
      out.push(v as SbGroup);
      return;
    }
    for (const item of v instanceof Map ? v.values() : Array.isArray(v) ? v : Object.values(v)) visit(item);
  };
  visit(sandbox.state());
  return out;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url, options: { cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 }, retry: { maxAttempts: 2, baseDelayMs: 5, throttleMinDelayMs: 10 } } } });
  accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
  await t.must('sync:run', { accountId, region });
}, 60_000);

afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

describe('ipgroups service', () => {
  it('plans a create with the exact request and runs it journaled', async () => {
    const input = { mode: 'create' as const, name: 'wb-create', description: 'from the workbench', entries: [{ ip: '10.9.0.0/16', description: 'lab' }, { ip: '2001:db8::1', description: '' }] };
    const plan = await t.must('ipgroups:plan', { accountId, region, input });
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ key: 'create', method: 'POST', body: { ipgroup: { name: 'wb-create', description: 'from the workbench', ip_list: input.entries } } });
    expect(plan.steps[0]!.path).toMatch(/^\/v3\/[0-9a-f]{32}\/elb\/ipgroups$/);
    expect(plan.limit).toMatchObject({ count: 2, over: false });
    const res = await t.must('ipgroups:apply', { accountId, region, input, fingerprint: plan.fingerprint, acknowledged: [] });
    expect(res.entry.state).toBe('done');
    expect(res.entry.draftId.startsWith(IPGROUP_JOURNAL_PREFIX)).toBe(true);
    const g = sandboxGroups().find((x) => x.id === res.groupId)!;
    expect(g.name).toBe('wb-create');
    expect(g.ip_list.map((e) => e.ip)).toEqual(['10.9.0.0/16', '2001:db8::1']);
    const journal = t.core.store.get().journal.filter((j) => j.id === res.entry.id);
    expect(journal).toHaveLength(1);
    expect(journal[0]!.steps[0]).toMatchObject({ state: 'done', resourceId: res.groupId, attempts: 1 });
  });

  it('updates by merging: create-or-update then batch-delete; the sandbox holds the new list', async () => {
    const g = sandboxGroups().find((x) => x.name === 'wb-create')!;
    const input = { mode: 'update' as const, groupId: g.id, strategy: 'merge' as const, entries: [{ ip: '10.9.0.0/16', description: 'lab renamed' }, { ip: '192.0.2.7', description: 'new' }] };
    const plan = await t.must('ipgroups:plan', { accountId, region, input });
    expect(plan.steps.map((s) => s.key)).toEqual(['upsert', 'delete']);
    expect(plan.diff).toMatchObject({ added: [{ ip: '192.0.2.7' }], removed: [{ ip: '2001:db8::1' }], changed: [{ ip: '10.9.0.0/16', previousDescription: 'lab' }] });
    await t.must('ipgroups:apply', { accountId, region, input, fingerprint: plan.fingerprint, acknowledged: [] });
    const after = sandboxGroups().find((x) => x.id === g.id)!;
    expect(after.ip_list).toEqual([
      { ip: '10.9.0.0/16', description: 'lab renamed' },
      { ip: '192.0.2.7', description: 'new' },
    ]);
  });

  it('refuses to run a plan that no longer matches the live group', async () => {
    const g = sandboxGroups().find((x) => x.name === 'wb-create')!;
    const input = { mode: 'update' as const, groupId: g.id, strategy: 'replace' as const, entries: [{ ip: '198.51.100.1', description: '' }] };
    const plan = await t.must('ipgroups:plan', { accountId, region, input });
    expect(plan.steps.map((s) => `${s.method} ${s.key}`)).toEqual(['PUT replace']);
    g.ip_list.push({ ip: '203.0.113.9', description: 'someone else' });
    const r = await t.call('ipgroups:apply', { accountId, region, input, fingerprint: 'f'.repeat(32), acknowledged: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    const fresh = await t.must('ipgroups:plan', { accountId, region, input });
    expect(fresh.fingerprint).toBe(plan.fingerprint); // PUT replaces: the body does not depend on the current list
    await t.must('ipgroups:apply', { accountId, region, input, fingerprint: fresh.fingerprint, acknowledged: [] });
    expect(sandboxGroups().find((x) => x.id === g.id)!.ip_list).toEqual([{ ip: '198.51.100.1', description: '' }]);
  });

  it('warns when emptying a group a whitelist uses, lists the listeners, and needs an explicit acknowledgement', async () => {
    const office = sandboxGroups().find((x) => x.name === 'office-nets')!;
    const input = { mode: 'update' as const, groupId: office.id, strategy: 'merge' as const, entries: [] };
    const plan = await t.must('ipgroups:plan', { accountId, region, input });
    const empties = plan.warnings.find((w) => w.code === 'emptiesWhitelist')!;
    expect(empties.listeners.length).toBeGreaterThan(0);
    expect(empties.listeners.every((l) => l.type === 'white')).toBe(true);
    expect(plan.warnings.find((w) => w.code === 'sharedGroup')!.listeners.length).toBeGreaterThanOrEqual(empties.listeners.length);
    const before = office.ip_list.length;
    sandbox.clearRequests();
    const r = await t.call('ipgroups:apply', { accountId, region, input, fingerprint: plan.fingerprint, acknowledged: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/blocks every client/);
    expect(sandbox.requests().filter((q) => q.method !== 'GET')).toEqual([]);
    expect(sandboxGroups().find((x) => x.id === office.id)!.ip_list).toHaveLength(before);
  });

  it('refuses a list over ipgroup_max_length; exactly at the limit is fine', async () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.77.${i >> 8}.${i & 255}`, description: '' }));
    const at = await t.must('ipgroups:plan', { accountId, region, input: { mode: 'create', name: 'wb-limit', description: '', entries: entries(300) } });
    expect(at.limit).toMatchObject({ count: 300, limit: 300, over: false });
    expect(at.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    const over = await t.must('ipgroups:plan', { accountId, region, input: { mode: 'create', name: 'wb-limit', description: '', entries: entries(301) } });
    expect(over.warnings.find((w) => w.code === 'overLimit')).toMatchObject({ count: 301, limit: 300 });
    const r = await t.call('ipgroups:apply', { accountId, region, input: { mode: 'create', name: 'wb-limit', description: '', entries: entries(301) }, fingerprint: over.fingerprint, acknowledged: [] });
    expect(r.ok).toBe(false);
  });

  it('an ambiguous create is reconciled by name and creation time, never sent twice', async () => {
    const input = { mode: 'create' as const, name: 'wb-ambiguous', description: '', entries: [{ ip: '10.5.5.5', description: '' }] };
    const plan = await t.must('ipgroups:plan', { accountId, region, input });
    sandbox.faults.add({ method: 'POST', path: /\/ipgroups$/, fault: { kind: 'drop-after-commit' }, times: 2 });
    const res = await t.call('ipgroups:apply', { accountId, region, input, fingerprint: plan.fingerprint, acknowledged: [] });
    sandbox.faults.clear();
    const made = sandboxGroups().filter((x) => x.name === 'wb-ambiguous');
    expect(made).toHaveLength(1);
    if (res.ok) expect(res.value.groupId).toBe(made[0]!.id);
    else {
      // The outcome stayed unknown: applying again settles it from the journal without another create.
      const again = await t.must('ipgroups:apply', { accountId, region, input, fingerprint: plan.fingerprint, acknowledged: [] });
      expect(again.groupId).toBe(made[0]!.id);
      expect(sandboxGroups().filter((x) => x.name === 'wb-ambiguous')).toHaveLength(1);
    }
  });
});
