/**
 * AppState against a fake main: a sync's own `state:changed` inventory event must not re-read the cache the sync
 * just returned (with 10,000 listeners that is megabytes, read twice), whichever of the event and the result comes
 * first; any other inventory event still reloads it, and a failed sync reloads the (now stale) cache.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import { emptyInventory, type Inventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
const calls: string[] = [];
let syncGate: { resolve: (r: Result<Inventory>) => void } | null = null;

const ACCOUNT = { id: 'acc-1', name: 'Local sandbox', kind: 'sandbox', region: 'sandbox-1', projects: {} } as unknown as Account;

function inventory(tag: string): Inventory {
  return { ...emptyInventory(ACCOUNT.id, 'sandbox-1'), syncedAt: { loadBalancers: tag } } as Inventory;
}

vi.mock('../api/client', () => ({
  call: (channel: string): Promise<Result<unknown>> => {
    calls.push(channel);
    if (channel === 'accounts:list') return Promise.resolve({ ok: true, value: [ACCOUNT] });
    if (channel === 'inventory:get') return Promise.resolve({ ok: true, value: inventory('cached') });
    if (channel === 'drafts:list') return Promise.resolve({ ok: true, value: [] });
    if (channel === 'store:status') return Promise.resolve({ ok: true, value: { state: 'ok', backups: [], quarantined: [], message: null } });
    if (channel === 'sync:run') return new Promise((resolve) => (syncGate = { resolve: resolve as (r: Result<Inventory>) => void }));
    return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } });
  },
  on: (event: string, cb: Handler): (() => void) => {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  },
}));

const { AppState } = await import('./app-state.svelte');
type Boot = import('./boot').Boot;

function emit(event: string, payload: unknown): void {
  for (const cb of handlers.get(event) ?? []) cb(payload);
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const inventoryReads = (): number => calls.filter((c) => c === 'inventory:get').length;

async function started(): Promise<InstanceType<typeof AppState>> {
  const app = new AppState();
  app.start();
  await settle();
  await settle();
  expect(app.accountId).toBe(ACCOUNT.id);
  return app;
}

describe('AppState inventory events around a sync', () => {
  beforeEach(() => {
    handlers.clear();
    calls.length = 0;
    syncGate = null;
  });

  it('an inventory event with no sync of ours reloads the cache', async () => {
    const app = await started();
    const before = inventoryReads();
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(before + 1);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('cached');
  });

  it('the sync’s own event arriving before its result is not read again', async () => {
    const app = await started();
    const sync = app.sync();
    await settle();
    const before = inventoryReads();
    emit('state:changed', { what: 'inventory' });
    syncGate!.resolve({ ok: true, value: inventory('fresh') });
    await sync;
    await settle();
    expect(inventoryReads()).toBe(before);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('fresh');
    // A later, unrelated event reloads again.
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(before + 1);
  });

  it('the sync’s own event arriving after its result is skipped once, the next one reloads', async () => {
    const app = await started();
    const sync = app.sync();
    await settle();
    const before = inventoryReads();
    syncGate!.resolve({ ok: true, value: inventory('fresh') });
    await sync;
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(before);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('fresh');
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(before + 1);
  });

  it('a failed sync reloads the cache (now marked stale by main)', async () => {
    const app = await started();
    const sync = app.sync();
    await settle();
    const before = inventoryReads();
    emit('state:changed', { what: 'inventory' });
    syncGate!.resolve({ ok: false, error: { code: 'NETWORK', message: 'unreachable' } });
    await sync;
    await settle();
    expect(inventoryReads()).toBe(before + 1);
    expect(app.networkDown).toBe(true);
    // Nothing is pending after a failure: the next event reloads.
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(before + 2);
  });
});

describe('AppState with the calls the entry script already sent', () => {
  beforeEach(() => {
    handlers.clear();
    calls.length = 0;
    syncGate = null;
  });

  function bootWith(inventoryTag: string | null): Boot & { taken: string[] } {
    const taken: string[] = [];
    let left = inventoryTag !== null;
    return {
      taken,
      answer: null,
      wanted: { accountId: null, region: null },
      accounts: Promise.resolve({ ok: true, value: [ACCOUNT] }),
      takeInventory(accountId, region) {
        taken.push(`${accountId}/${region}`);
        if (!left) return null;
        left = false;
        return Promise.resolve({ ok: true, value: inventory(inventoryTag!) });
      },
    };
  }

  it('adopts the accounts and the first inventory instead of asking main again', async () => {
    const boot = bootWith('boot');
    const app = new AppState();
    app.start(boot);
    await settle();
    await settle();
    expect(app.accountsLoaded).toBe(true);
    expect(app.accountId).toBe(ACCOUNT.id);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('boot');
    expect(boot.taken).toEqual([`${ACCOUNT.id}/sandbox-1`]);
    expect(calls.filter((c) => c === 'accounts:list' || c === 'inventory:get')).toEqual([]);
    // Later loads ask main.
    emit('state:changed', { what: 'inventory' });
    await settle();
    expect(inventoryReads()).toBe(1);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('cached');
    emit('state:changed', { what: 'accounts' });
    await settle();
    expect(calls.filter((c) => c === 'accounts:list')).toHaveLength(1);
    expect(boot.taken).toHaveLength(1);
  });

  it('asks main for the inventory when the boot has none for the selection', async () => {
    const boot = bootWith(null);
    const app = new AppState();
    app.start(boot);
    await settle();
    await settle();
    expect(boot.taken).toEqual([`${ACCOUNT.id}/sandbox-1`]);
    expect(inventoryReads()).toBe(1);
    expect(app.inventory?.syncedAt.loadBalancers).toBe('cached');
  });

  it('adoptBoot: an answer already here is in the state before the first render; start() then asks main for neither', async () => {
    const boot = { ...bootWith('boot'), answer: { accounts: [ACCOUNT], selection: { accountId: ACCOUNT.id, region: 'sandbox-1' }, inventory: inventory('answered') } };
    const app = new AppState();
    app.adoptBoot(boot);
    // synchronously, with no await in between
    expect(app.accountsLoaded).toBe(true);
    expect(app.accountId).toBe(ACCOUNT.id);
    expect(app.region).toBe('sandbox-1');
    expect(app.inventory?.syncedAt.loadBalancers).toBe('answered');
    app.start(boot);
    await settle();
    await settle();
    expect(app.inventory?.syncedAt.loadBalancers).toBe('answered');
    expect(calls.filter((c) => c === 'accounts:list' || c === 'inventory:get')).toEqual([]);
  });

  it('adoptBoot does nothing before the answer, and leaves the inventory to start() when the answer has none', async () => {
    const app = new AppState();
    app.adoptBoot(bootWith('boot'));
    expect(app.accountsLoaded).toBe(false);
    expect(app.inventory).toBeNull();
    const empty = { ...bootWith(null), answer: { accounts: [ACCOUNT], selection: { accountId: ACCOUNT.id, region: 'sandbox-1' }, inventory: null } };
    const app2 = new AppState();
    app2.adoptBoot(empty);
    expect(app2.accountsLoaded).toBe(true);
    expect(app2.inventory).toBeNull();
    app2.start(empty);
    await settle();
    await settle();
    expect(app2.inventory?.syncedAt.loadBalancers).toBe('cached');
  });

  it('start(boot, later): the first data at once; subscriptions, store status and drafts only when `later` runs them (and never after the stop)', async () => {
    const boot = { ...bootWith('boot'), answer: { accounts: [ACCOUNT], selection: { accountId: ACCOUNT.id, region: 'sandbox-1' }, inventory: inventory('answered') } };
    const app = new AppState();
    app.adoptBoot(boot);
    const tasks: Array<() => void> = [];
    let cancelled = 0;
    const stop = app.start(boot, (task) => {
      tasks.push(task);
      return () => (cancelled += 1);
    });
    await settle();
    await settle();
    expect(app.inventory?.syncedAt.loadBalancers).toBe('answered');
    expect(calls).toEqual([]);
    expect(handlers.size).toBe(0);
    expect(tasks).toHaveLength(1);
    tasks[0]!();
    await settle();
    expect([...calls].sort()).toEqual(['drafts:list', 'store:status']);
    expect([...handlers.keys()].sort()).toEqual(['state:changed', 'sync:progress']);
    expect(app.draftsLoaded).toBe(true);
    expect(app.storeStatus?.state).toBe('ok');
    stop();
    expect(cancelled).toBe(1);
    expect([...handlers.values()].every((set) => set.size === 0)).toBe(true);
  });
});
