/**
 * Orphans: a backend server group a submit created that no listener uses — the plan stopped after the group was
 * made (the listener was refused, a rollback failed), or several equal groups could be the one a lost reply made.
 * The result lists them (name, ID) and offers to remove each; the removal is journaled (the entry says `removing`
 * before the first delete and `removed` after the last) and deletes the health check, the servers, then the group.
 */
import type { JournalEntry, Orphan } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import type { ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';

/** The group of an entry that stopped before its listener was created, as an orphan (or none). */
export function unusedPoolOf(entry: JournalEntry, draft: Draft): Orphan | null {
  const pool = entry.steps.find((s) => s.key === 'pool');
  const listener = entry.steps.find((s) => s.key === 'listener');
  if (!pool || pool.state !== 'done' || !pool.resourceId || listener?.state === 'done') return null;
  return { kind: 'pool', id: pool.resourceId, name: draft.routing.newPool.name, reason: 'unused', state: 'present', error: null };
}

/** Sets the entry's orphan list: the ones still present plus `add` (deduplicated by ID). */
export function recordOrphans(entry: JournalEntry, add: Orphan[]): void {
  const byId = new Map<string, Orphan>();
  for (const o of entry.orphans ?? []) if (o.state !== 'removed') byId.set(o.id, o);
  for (const o of add) byId.set(o.id, { ...o, ...(byId.get(o.id)?.state === 'removing' ? { state: 'removing' as const } : {}) });
  entry.orphans = [...byId.values()];
}

const is404 = (e: unknown) => e instanceof CloudError && e.status === 404;

/**
 * Deletes a group with its health check and servers. Refuses (CONFLICT) when a listener uses it now. A group that is
 * already gone counts as removed.
 */
export async function deletePoolCascade(client: ElbClient, poolId: string, waitActive: () => Promise<void>): Promise<void> {
  let pool;
  try {
    pool = await client.getPool(poolId);
  } catch (e) {
    if (is404(e)) return;
    throw e;
  }
  const users = pool.listeners ?? [];
  if (users.length > 0) {
    throw new AppFailure('CONFLICT', appMessage('groupNowUsedNotRemoved', { group: pool.name || poolId, listener: users[0]!.id }));
  }
  const ignore404 = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (!is404(e)) throw e;
    }
  };
  if (pool.healthmonitor_id) {
    await waitActive();
    await ignore404(() => client.deleteHealthMonitor(pool.healthmonitor_id!));
  }
  for (const m of await client.listMembers(poolId)) {
    await waitActive();
    await ignore404(() => client.deleteMember(poolId, m.id));
  }
  await waitActive();
  await ignore404(() => client.deletePool(poolId));
}
