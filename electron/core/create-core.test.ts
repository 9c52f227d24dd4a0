import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { byNaturalName } from '../../shared/model/natural-order';
import { startSandbox, type SandboxHandle } from '../sandbox';
import { startTestCore, TEST_ORIGIN, type TestCore } from './test-support';

let sandbox: SandboxHandle;
let t: TestCore;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url });
});
afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

describe('createCore', () => {
  it('provisions the Local sandbox account on first run, with keys, and answers app:info', async () => {
    const accounts = await t.must('accounts:list', {});
    expect(accounts.filter((a) => a.kind === 'sandbox').map((a) => a.name)).toEqual(['Local sandbox']);
    const st = await t.must('credentials:status', { accountId: accounts[0]!.id });
    expect(st.hasSecret).toBe(true);
    const info = await t.must('app:info', {});
    expect(info.keyStorage.kind).toBe('file-key');
    expect(info.keyStorage.secure).toBe(false);
  });

  it('the update check at start is off by default; settings:setAutoUpdateCheck turns it on and off, and it persists', async () => {
    expect((await t.must('app:info', {})).autoUpdateCheck).toBe(false);
    expect((await t.must('settings:setAutoUpdateCheck', { enabled: true })).autoUpdateCheck).toBe(true);
    expect((await t.must('app:info', {})).autoUpdateCheck).toBe(true);
    expect(JSON.parse(readFileSync(path.join(t.dataDir, 'elb-desk.json'), 'utf8')).settings.autoUpdateCheck).toBe(true);
    expect((await t.must('settings:setAutoUpdateCheck', { enabled: false })).autoUpdateCheck).toBe(false);
    const bad = await t.core.dispatch('settings:setAutoUpdateCheck', { enabled: 'yes' }, { origin: TEST_ORIGIN, isMainFrame: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('app:boot answers the accounts, the resolved selection and its cached inventory in one call', async () => {
    const accounts = await t.must('accounts:list', {});
    const sb = accounts.find((a) => a.kind === 'sandbox')!;
    await t.must('sync:run', { accountId: sb.id, region: 'sandbox-2' });
    // (the cache file, written after the sync, holds the listeners by name)
    await t.core.store.flush();
    // the remembered choice is kept when it still exists...
    const kept = await t.must('app:boot', { selection: { accountId: sb.id, region: 'sandbox-2' } });
    expect(kept.accounts.map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    expect(kept.selection).toEqual({ accountId: sb.id, region: 'sandbox-2' });
    expect(kept.inventory).toEqual(await t.must('inventory:get', { accountId: sb.id, region: 'sandbox-2' }));
    expect(kept.inventory!.listeners.length).toBeGreaterThan(1);
    // ...with the listeners in the listings' default order (by name, as cached), which the first listing then needs no sort for
    const names = kept.inventory!.listeners.map((l) => l.name);
    expect(names).toEqual(byNaturalName(kept.inventory!.listeners).map((l) => l.name));
    // ...else the first account in its own region; junk IDs are only compared, never used
    for (const selection of [
      { accountId: null, region: null },
      { accountId: '../../etc', region: 'not a region!' },
      { accountId: sb.id, region: 'cn-north-4' },
    ]) {
      const r = await t.must('app:boot', { selection });
      expect(r.selection).toEqual({ accountId: accounts[0]!.id, region: accounts[0]!.region });
      expect(r.inventory).toMatchObject({ accountId: accounts[0]!.id, region: accounts[0]!.region });
    }
  });

  it('fuzz through the real core: junk on any channel is refused with a typed error and changes nothing', async () => {
    await t.core.store.flush();
    const file = path.join(t.dataDir, 'elb-desk.json');
    const before = readFileSync(file);
    sandbox.clearRequests();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS),
        fc.oneof(
          fc.anything({ maxDepth: 3 }),
          fc.record({ id: fc.string({ minLength: 129, maxLength: 300 }) }),
          fc.constant(JSON.parse('{"__proto__":{"polluted":1},"id":"x"}')),
          fc.string({ minLength: 70_000, maxLength: 70_001 }).map((s) => ({ text: s, extra: true })),
        ),
        async (channel, junk) => {
          const payload = typeof junk === 'object' && junk !== null && !Array.isArray(junk) ? { ...junk, __unexpected__: 1 } : junk;
          const r = await t.core.dispatch(channel, payload, { origin: TEST_ORIGIN, isMainFrame: true });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.code).toBe('VALIDATION');
        },
      ),
      { numRuns: 400 },
    );
    await t.core.store.flush();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(sandbox.requests()).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a second core on the same data folder (one writer)', async () => {
    await expect(startTestCore({ dataDir: t.dataDir, sandboxUrl: sandbox.url })).rejects.toMatchObject({ appError: { code: 'LOCKED' } });
  });

  it('a draft round-trips: create, save with revision, stale revision refused, validate, delete', async () => {
    const acc = (await t.must('accounts:list', {}))[0]!;
    const d = await t.must('drafts:create', { target: { accountId: acc.id, region: 'sandbox-1', loadBalancerId: null } });
    expect(d.revision).toBe(1);
    const content = { title: d.title, target: d.target, step: 'routing' as const, listener: { ...d.listener, port: 7443, idleTimeout: 4001 }, routing: d.routing };
    const saved = await t.must('drafts:save', { id: d.id, revision: 1, content });
    expect(saved.revision).toBe(2);
    expect(saved.step).toBe('routing');
    const stale = await t.call('drafts:save', { id: d.id, revision: 1, content });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const v = await t.must('drafts:validate', { id: d.id });
    expect(v.issues.find((i) => i.path === 'listener.idleTimeout')?.code).toMatch(/idleTimeout/);
    const list = await t.must('drafts:list', {});
    expect(list.find((x) => x.id === d.id)).toMatchObject({ port: '7443', status: 'draft' });
    expect((await t.must('drafts:delete', { id: d.id })).deleted).toBe(true);
    expect(await t.call('drafts:get', { id: d.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
