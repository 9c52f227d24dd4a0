/**
 * The target picker's data (issue 12 §1): every account + region with a cached inventory, read from the local cache
 * only (`inventory:get` never touches the network). An account + region never synced has no cache and is left out.
 */
import type { Account } from '../../../../../shared/model/account';
import type { Inventory } from '../../../../../shared/model/inventory';
import { REGIONS } from '../../../../../shared/model/regions';
import { regionOptions } from '../../../../../shared/model/selection';
import type { FleetCall } from './create';

/** One cached account + region. */
export interface CachedRegion {
  accountId: string;
  accountName: string;
  region: string;
  regionName: string;
  inventory: Inventory;
}

/** True when the inventory was fetched at least once. */
export function hasCache(inv: Inventory): boolean {
  return Object.values(inv.syncedAt).some((v) => !!v);
}

/** Reads the cache of every account × region the account offers; keeps the ones synced at least once, in order. */
export async function loadCachedRegions(call: FleetCall, accounts: readonly Account[]): Promise<CachedRegion[]> {
  const pairs = accounts.flatMap((a) => regionOptions(a, REGIONS).map((r) => ({ a, r })));
  const answers = await Promise.all(pairs.map(({ a, r }) => call('inventory:get', { accountId: a.id, region: r.id })));
  const out: CachedRegion[] = [];
  answers.forEach((res, i) => {
    const { a, r } = pairs[i]!;
    if (res.ok && hasCache(res.value)) out.push({ accountId: a.id, accountName: a.name, region: r.id, regionName: r.name, inventory: res.value });
  });
  return out;
}
