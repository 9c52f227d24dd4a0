/**
 * The end of a fleet run (fleet-apply.ts), off the targets' critical path:
 * - the read-back of every done target that has none yet, one batch per account + region (submit-readback.ts);
 * - what was read back merged into that account + region's cached inventory, so the Listeners page shows the new
 *   listeners (and groups, health checks) without a sync;
 * - the run's journal folded into the store's journal in one update, with each read-back on its entry and on its
 *   draft's result; then the run's journal file is removed.
 * Each part can run again after a crash (the read-back skips entries that have one; the fold replaces by entry ID).
 */
import type { JournalEntry } from '../../../shared/ipc/contract';
import type { Draft, DraftResult, ReadBack } from '../../../shared/model/draft';
import type { Inventory } from '../../../shared/model/inventory';
import type { FleetRun } from '../../../shared/model/fleet';
import * as N from '../cloud/normalize';
import type { FleetJournal } from '../state/fleet-journal';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import type { HistoryService } from './history';
import { planRequests } from '../../../shared/mapping/api';
import { readBackBatch, type HeldResources, type ReadBackItem } from './submit-readback';

/** The newest entry of a draft: the run's journal first, then the store's. */
export function entryOf(ctx: ServiceContext, journal: FleetJournal | undefined, draftId: string): JournalEntry | undefined {
  return journal?.last(draftId) ?? ctx.store.get().journal.filter((j) => j.draftId === draftId).at(-1);
}

/** Adds (or replaces) what was read back in the cached inventory. */
export function mergeIntoInventory(inv: Inventory, held: readonly HeldResources[]): Inventory {
  const listeners = held.flatMap((h) => (h.listener ? [N.toListener(h.listener)] : []));
  const pools = held.flatMap((h) => (h.pool ? [N.toPool(h.pool)] : []));
  const hms = held.flatMap((h) => (h.healthmonitor ? [N.toHealthMonitor(h.healthmonitor)] : []));
  const members = held.flatMap((h) => (h.pool ? h.members.map((m) => N.toMember(m, h.pool!.id)) : []));
  const replace = <T extends { id: string }>(old: readonly T[], add: T[]): T[] => {
    const ids = new Set(add.map((x) => x.id));
    return [...old.filter((x) => !ids.has(x.id)), ...add];
  };
  const lbListeners = new Map<string, string[]>();
  const lbPools = new Map<string, string[]>();
  for (const l of listeners) lbListeners.set(l.loadBalancerId, [...(lbListeners.get(l.loadBalancerId) ?? []), l.id]);
  for (const p of pools) for (const lb of p.loadBalancerIds) lbPools.set(lb, [...(lbPools.get(lb) ?? []), p.id]);
  const addIds = (have: readonly string[], more: readonly string[] | undefined) => (more ? [...new Set([...have, ...more])] : [...have]);
  return {
    ...inv,
    loadBalancers: inv.loadBalancers.map((lb) => (lbListeners.has(lb.id) || lbPools.has(lb.id) ? { ...lb, listenerIds: addIds(lb.listenerIds, lbListeners.get(lb.id)), poolIds: addIds(lb.poolIds, lbPools.get(lb.id)) } : lb)),
    listeners: replace(inv.listeners, listeners),
    pools: replace(inv.pools, pools),
    members: replace(inv.members, members),
    healthMonitors: replace(inv.healthMonitors, hms),
  };
}

/** Reads back (batched per account + region) the done targets without a read-back; merges them into the cache. */
export async function readBackRun(ctx: ServiceContext, run: FleetRun, journal: FleetJournal | undefined): Promise<Map<string, ReadBack>> {
  const out = new Map<string, ReadBack>();
  const groups = new Map<string, Array<ReadBackItem & { entry: JournalEntry }>>();
  for (const t of run.targets) {
    if (t.state !== 'done') continue;
    const entry = entryOf(ctx, journal, t.draftId);
    const draft = ctx.store.getDraft(t.draftId) as Draft | undefined;
    if (!entry || entry.state !== 'done' || entry.readBack || !draft) continue;
    const get = (k: string) => entry.steps.find((s) => s.key === k)?.resourceId ?? null;
    const ids = { listenerId: get('listener'), poolId: get('pool') ?? draft.routing.existingPoolId, createdPool: get('pool') !== null, healthMonitorId: get('healthmonitor') };
    const k = `${t.accountId}|${t.region}`;
    const list = groups.get(k) ?? [];
    list.push({ draft, lbId: entry.loadBalancerId, ids, entry });
    groups.set(k, list);
  }
  const now = () => ctx.clock.now().toISOString();
  // The accounts + regions at once (each its own lists and cache file).
  await Promise.all(
    [...groups].map(async ([k, items]) => {
      const [accountId, region] = k.split('|') as [string, string];
      let client;
      try {
        client = (await ctx.cloud.clientFor(accountId, region)).client;
      } catch (e) {
        const error = toAppFailure(e).appError.message.slice(0, 4000);
        for (const it of items) out.set(it.entry.draftId, { checkedAt: now(), differences: [], error });
        return;
      }
      const { results, held } = await readBackBatch(client, items, now);
      items.forEach((it, i) => out.set(it.entry.draftId, results[i]!));
      try {
        const inv = await ctx.store.getInventory(accountId, region);
        if (inv && held.some((h) => h.listener || h.pool)) {
          await ctx.store.putInventory(mergeIntoInventory(inv, held));
          ctx.events.emit('state:changed', { what: 'inventory' });
        }
      } catch (e) {
        ctx.logger.log('warn', '[fleet]', `the created resources could not be added to the cache of ${region}: ${toAppFailure(e).appError.message}`);
      }
    }),
  );
  return out;
}

/** The IDs a done fleet target's journal entry created (its steps' resources). */
export function createdIdsOf(entry: JournalEntry): { listenerId: string | null; poolId: string | null; healthMonitorId: string | null } {
  const get = (k: string) => entry.steps.find((s) => s.key === k)?.resourceId ?? null;
  return { listenerId: get('listener'), poolId: get('pool'), healthMonitorId: get('healthmonitor') };
}

/** A submitted fleet target draft's result, from its done journal entry. */
export function doneResult(entry: JournalEntry, draft: Pick<Draft, 'routing'>): DraftResult {
  const ids = createdIdsOf(entry);
  return { listenerId: ids.listenerId, poolId: ids.poolId ?? draft.routing.existingPoolId, memberIds: [], healthMonitorId: ids.healthMonitorId, readBack: entry.readBack ?? null };
}

/**
 * Folds the run's journal into the store's journal (one update), with the read-backs on their entries and their
 * drafts' results; then removes the run's journal file.
 */
export async function foldJournal(
  ctx: ServiceContext,
  journal: FleetJournal,
  readBacks: Map<string, ReadBack>,
  draftPatches: ReadonlyMap<string, Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>> = new Map(),
): Promise<void> {
  const entries = journal.all();
  for (const e of entries) {
    const rb = readBacks.get(e.draftId);
    if (rb && e.state === 'done' && !e.readBack) e.readBack = rb;
  }
  // Entries of drafts read back here that are already in the store's journal (a fold before a crash).
  const inRun = new Set(entries.map((e) => e.draftId));
  if (entries.length > 0 || readBacks.size > 0 || draftPatches.size > 0) {
    const t = ctx.clock.now().toISOString();
    await ctx.store.update((s) => {
      // The draft statuses not written yet (fleet-apply.ts queueDraft), then the read-backs on their results.
      for (const [id, patch] of draftPatches) {
        const i = s.drafts.findIndex((d) => d.id === id);
        if (i < 0) continue;
        Object.assign(s.drafts[i]!, structuredClone(patch));
        s.drafts[i]!.updatedAt = t;
      }
      // A target done in a process killed before its draft's status was written (statuses are written in batches,
      // fleet-writes.ts): the journal says done, so the draft is submitted, whichever process finished the run.
      for (const e of entries) {
        if (e.state !== 'done') continue;
        const i = s.drafts.findIndex((d) => d.id === e.draftId);
        const d = i >= 0 ? s.drafts[i]! : undefined;
        if (!d || d.status === 'submitted') continue;
        d.status = 'submitted';
        d.lastError = null;
        d.result = doneResult(e, d);
        d.updatedAt = t;
      }
      const at = new Map(s.journal.map((j, i) => [j.id, i]));
      for (const e of entries) {
        const i = at.get(e.id);
        if (i === undefined) s.journal.push(e);
        else s.journal[i] = e;
      }
      for (const [draftId, rb] of readBacks) {
        if (!inRun.has(draftId)) {
          const j = s.journal.filter((x) => x.draftId === draftId).at(-1);
          if (j && j.state === 'done' && !j.readBack) j.readBack = rb;
        }
      }
      for (const [draftId, rb] of readBacks) {
        // (findIndex's predicate reads without copying; only the drafts changed here are copied and written)
        const i = s.drafts.findIndex((d) => d.id === draftId);
        const d = i >= 0 ? s.drafts[i]! : undefined;
        if (d?.result) d.result = { ...d.result, readBack: rb };
      }
    });
    ctx.events.emit('state:changed', { what: 'drafts' });
  }
  await journal.remove();
}

/** A history entry for a fleet target that ended failed (done ones are recorded from the submit's progress). */
export function recordFailedTarget(ctx: ServiceContext, history: HistoryService): (entry: JournalEntry) => Promise<void> {
  return async (entry) => {
    const d = ctx.store.getDraft(entry.draftId) as Draft | undefined;
    if (!d) return;
    const projectId = ctx.store.get().accounts.find((a) => a.id === entry.accountId)?.projects[entry.region];
    const requests: Record<string, { method: string; path: string }> = {};
    for (const r of planRequests(d, entry.loadBalancerId, projectId)) requests[r.key] = { method: r.method, path: r.path };
    await history.record({ kind: 'create', entry, listenerIds: [], requests, changes: [] });
  };
}
