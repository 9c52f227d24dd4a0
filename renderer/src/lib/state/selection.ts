/** Pure helpers behind the header's account/region switcher and sync status. */
import type { Inventory } from '../../../../shared/model/inventory';

export { regionOptions, resolveSelection, type RegionOption, type Selection } from '../../../../shared/model/selection';

/** The most recent successful fetch time in an inventory's `syncedAt` (ISO), or null when never synced. */
export function lastSyncedAt(inventory: Inventory | null): string | null {
  if (!inventory) return null;
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const value of Object.values(inventory.syncedAt)) {
    if (!value) continue;
    const time = Date.parse(value);
    if (Number.isFinite(time) && time > bestTime) {
      bestTime = time;
      best = value;
    }
  }
  return best;
}

/** True when the inventory has never been fetched (nothing cached for this account and region). */
export function neverSynced(inventory: Inventory | null): boolean {
  return lastSyncedAt(inventory) === null;
}
