/**
 * The offline cache of the cloud inventory, per account and region, and the sync that refreshes it.
 * Listeners are fetched page by page (marker pagination), so 10,000 listeners stream in without quadratic work.
 */
import type { Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import { emptyInventory, type Inventory, type ResourceKind } from '../../../shared/model/inventory';
import * as N from '../cloud/normalize';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';

export function inventoryService(ctx: ServiceContext, onChanged: (accountId: string, region: string) => void) {
  const running = new Map<string, Promise<Inventory>>();

  async function get(req: { accountId: string; region: string }): Promise<Res<'inventory:get'>> {
    if (!ctx.store.get().accounts.some((a) => a.id === req.accountId)) {
      throw new AppFailure('NOT_FOUND', appMessage('noAccount', { id: req.accountId }));
    }
    return (await ctx.store.getInventory(req.accountId, req.region)) ?? emptyInventory(req.accountId, req.region);
  }

  async function doSync(accountId: string, region: string): Promise<Inventory> {
    const previous = await get({ accountId, region });
    const progress = (kind: ResourceKind, fetched: number, done: boolean) =>
      ctx.events.emit('sync:progress', { accountId, region, kind, fetched, done });
    try {
      const { client } = await ctx.cloud.clientFor(accountId, region);
      const stamp = () => ctx.clock.now().toISOString();
      const next: Inventory = { ...emptyInventory(accountId, region), syncedAt: {} };

      const flavorsApi = await client.listFlavors();
      next.flavors = flavorsApi.map(N.toFlavor);
      next.syncedAt.flavors = stamp();
      progress('flavors', next.flavors.length, true);

      const flavorsById = new Map(flavorsApi.map((f) => [f.id, f]));
      next.loadBalancers = (await client.listLoadBalancers()).map((lb) => N.toLoadBalancer(lb, flavorsById));
      next.syncedAt.loadBalancers = stamp();
      progress('loadBalancers', next.loadBalancers.length, true);

      for await (const page of client.iterateListeners({})) {
        for (const l of page) next.listeners.push(N.toListener(l));
        progress('listeners', next.listeners.length, false);
      }
      next.syncedAt.listeners = stamp();
      progress('listeners', next.listeners.length, true);

      next.pools = (await client.listPools()).map(N.toPool);
      next.syncedAt.pools = stamp();
      progress('pools', next.pools.length, true);

      next.members = (await client.listAllMembers()).map((m) => N.toMember(m, m.pool_id ?? ''));
      next.syncedAt.members = stamp();
      progress('members', next.members.length, true);

      next.healthMonitors = (await client.listHealthMonitors()).map(N.toHealthMonitor);
      next.syncedAt.healthMonitors = stamp();
      progress('healthMonitors', next.healthMonitors.length, true);

      next.ipGroups = (await client.listIpGroups()).map(N.toIpGroup);
      next.syncedAt.ipGroups = stamp();
      progress('ipGroups', next.ipGroups.length, true);

      next.quotas = N.toQuota(await client.getQuotas());
      next.syncedAt.quotas = stamp();
      progress('quotas', Object.keys(next.quotas).length, true);

      // The sync is done when the new inventory is what `inventory:get` returns, which `putInventory` makes so at
      // once; its cache file (derived data: a sync rebuilds it, listeners by name for the next start) is written
      // after, without the sync waiting for it.
      // A failed write leaves the older file, is logged, and the next sync writes it again.
      ctx.store.putInventory(next).catch((e: unknown) => {
        ctx.logger.log('warn', '[inventory]', `the inventory cache of ${accountId} / ${region} could not be written: ${e instanceof Error ? e.message : String(e)}`);
      });
      onChanged(accountId, region);
      ctx.events.emit('state:changed', { what: 'inventory' });
      return next;
    } catch (e) {
      const failure = toAppFailure(e);
      // Keep the cached data usable and say it is stale.
      const stale: Inventory = { ...previous, stale: true, lastError: failure.appError.message };
      try {
        await ctx.store.putInventory(stale);
      } catch {
        /* the cache is best effort; the sync error below is what the user needs */
      }
      ctx.events.emit('state:changed', { what: 'inventory' });
      throw failure;
    }
  }

  return {
    get,
    async sync(req: { accountId: string; region: string }): Promise<Res<'sync:run'>> {
      const key = `${req.accountId}|${req.region}`;
      const existing = running.get(key);
      if (existing) return existing;
      const p = doSync(req.accountId, req.region).finally(() => running.delete(key));
      running.set(key, p);
      return p;
    },
  };
}
