/**
 * Delete submit: the plan built from live state (GET each listener, its group's users, servers and health check),
 * and its journaled execution. Every step treats 404 as done (the resource is already gone). An unknown outcome is
 * reconciled by reading the resource before anything is sent again; a group someone bound meanwhile is not deleted.
 */
import type { JournalEntry } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { deleteStepRequest, parseDeleteStepKey, planDelete, type DeletePlan } from '../../../shared/lifecycle/delete';
import { fieldsFromListener } from '../../../shared/lifecycle/fields';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import type { Inventory, Listener, Member, Pool } from '../../../shared/model/inventory';
import type { ElbClient } from '../cloud/client';
import * as N from '../cloud/normalize';
import type { ServiceContext } from './context';
import { liveListener } from './edit-submit';
import type { HistoryService } from './history';
import { isNotFound, type Step, type StepOps, type StepRunner } from './step-runner';

/** Calls `fn`; a 404 counts as done. */
async function gone(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** GETs of a delete plan's live preflight sent at once (per plan): 100 listeners take ~13 round trips, not 100. */
export const DELETE_PREFLIGHT_CONCURRENCY = 8;

/** `fn` over `items`, `limit` at a time; results in the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * The delete plan from live state. Listeners already gone are `missing` (done). Names of other users come from the
 * cache. The GETs (each listener, then each bound group and, when groups go, its servers) run
 * DELETE_PREFLIGHT_CONCURRENCY at a time.
 */
export async function liveDeletePlan(client: ElbClient, ids: readonly string[], deletePool: boolean, cached: Inventory | null): Promise<{ plan: DeletePlan; live: Listener[] }> {
  const unique = [...new Set(ids)];
  const live = (await mapLimited(unique, DELETE_PREFLIGHT_CONCURRENCY, (id) => liveListener(client, id))).filter((l): l is Listener => l !== null);
  const poolIds = [...new Set(live.map((l) => l.defaultPoolId).filter((x): x is string => !!x))];
  const fetched = await mapLimited(poolIds, DELETE_PREFLIGHT_CONCURRENCY, async (pid) => {
    let pool: Pool;
    try {
      pool = N.toPool(await client.getPool(pid));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
    const members = deletePool ? (await client.listMembers(pid)).map((m) => N.toMember(m, pid)) : [];
    return { pool, members };
  });
  const pools: Pool[] = [];
  const members: Member[] = [];
  const others: Listener[] = [];
  for (const f of fetched) {
    if (!f) continue;
    const { pool } = f;
    pools.push(pool);
    members.push(...f.members);
    for (const uid of pool.listenerIds) {
      if (live.some((l) => l.id === uid) || others.some((l) => l.id === uid)) continue;
      const known = cached?.listeners.find((l) => l.id === uid);
      others.push(known ?? { ...live[0]!, id: uid, name: '', defaultPoolId: pool.id, tags: [] });
    }
  }
  const plan = planDelete(ids, { listeners: [...live, ...others], pools, members }, deletePool);
  plan.missing = ids.filter((id) => !live.some((l) => l.id === id));
  return { plan, live };
}

export function deleteSubmit(ctx: ServiceContext, runner: StepRunner, history: HistoryService) {
  /** The listeners' values before the delete (for history), by journal entry. */
  const before = new Map<string, Listener[]>();

  function opsFor(client: ElbClient, step: Step): StepOps {
    const parsed = parseDeleteStepKey(step.key);
    if (!parsed) throw new AppFailure('INTERNAL', `Unknown delete step ${step.key}.`);
    const { kind, id, poolId } = parsed;
    return {
      async reconcile() {
        switch (kind) {
          case 'unbind': {
            const l = await liveListener(client, id);
            return !l || l.defaultPoolId === null ? id : null;
          }
          case 'listener':
            return (await liveListener(client, id)) ? null : id;
          case 'healthmonitor':
            try {
              await client.getHealthMonitor(id);
              return null;
            } catch (e) {
              if (isNotFound(e)) return id;
              throw e;
            }
          case 'member':
            try {
              return (await client.listMembers(poolId!)).some((m) => m.id === id) ? null : id;
            } catch (e) {
              if (isNotFound(e)) return id;
              throw e;
            }
          case 'pool':
            try {
              await client.getPool(id);
              return null;
            } catch (e) {
              if (isNotFound(e)) return id;
              throw e;
            }
        }
      },
      async send() {
        switch (kind) {
          case 'unbind':
            await gone(() => client.updateListener(id, { default_pool_id: null }));
            return id;
          case 'listener':
            await gone(() => client.deleteListener(id));
            return id;
          case 'healthmonitor':
            await gone(() => client.deleteHealthMonitor(id));
            return id;
          case 'member':
            await gone(() => client.deleteMember(poolId!, id));
            return id;
          case 'pool': {
            // Someone may have bound the group since the plan was made: then it stays.
            try {
              const p = await client.getPool(id);
              const users = (p.listeners ?? []).map((r) => r.id);
              if (users.length > 0) throw new AppFailure('CONFLICT', appMessage('groupNowUsedNotDeleted', { listeners: users.join(', ') }));
            } catch (e) {
              if (isNotFound(e)) return id;
              throw e;
            }
            await gone(() => client.deletePool(id));
            return id;
          }
        }
      },
    };
  }

  async function apply(draft: Draft, last: JournalEntry | undefined): Promise<JournalEntry> {
    const { accountId, region, loadBalancerId } = draft.target;
    const info = draft.deletion;
    if (!accountId || !region || !loadBalancerId || !info) throw new AppFailure('VALIDATION', 'The delete draft has no account, region, load balancer or listeners.');
    const resumable = last && (last.state === 'running' || last.state === 'interrupted' || last.state === 'failed') && last.steps.some((s) => s.state !== 'done');
    return runner.withLbLock(`${accountId}|${region}|${loadBalancerId}`, async () => {
      const { client } = await ctx.cloud.clientFor(accountId, region);
      let entry: JournalEntry;
      if (resumable) entry = structuredClone(last!);
      else {
        const cached = await ctx.store.getInventory(accountId, region);
        const { plan, live } = await liveDeletePlan(client, info.listenerIds, info.deletePool, cached);
        entry = runner.newEntry(draft, loadBalancerId, plan.steps.map((s) => ({ key: s.key, title: s.title, label: s.label })));
        before.set(entry.id, live);
      }
      entry.state = 'running';
      for (const s of entry.steps) if (s.state === 'failed') s.state = 'pending';
      await runner.saveEntry(entry);
      await runner.setDraft(draft.id, { status: 'submitting', lastError: null });
      try {
        await runner.runAll(client, entry, (step) => opsFor(client, step));
      } finally {
        if (['done', 'failed'].includes(entry.state as string)) await recordHistory(draft, entry);
      }
      await runner.setDraft(draft.id, { status: 'submitted', lastError: null, result: { listenerId: null, poolId: null, memberIds: [], healthMonitorId: null, readBack: null } });
      return structuredClone(entry);
    });
  }

  async function recordHistory(draft: Draft, entry: JournalEntry): Promise<void> {
    const cached = await ctx.store.getInventory(entry.accountId, entry.region);
    const known = before.get(entry.id) ?? [];
    const ids = draft.deletion?.listenerIds ?? [];
    const account = ctx.store.get().accounts.find((a) => a.id === entry.accountId);
    const projectId = account?.projects[entry.region];
    const requests: Record<string, { method: string; path: string }> = {};
    for (const s of entry.steps) {
      const p = parseDeleteStepKey(s.key);
      if (p) requests[s.key] = deleteStepRequest(p, projectId);
    }
    await history.record({
      kind: 'delete',
      entry,
      listenerIds: ids,
      requests,
      changes: ids.map((id) => {
        const l = known.find((x) => x.id === id) ?? cached?.listeners.find((x) => x.id === id);
        return { listenerId: id, before: l ? fieldsFromListener(l) : null, after: null };
      }),
    });
    before.delete(entry.id);
  }

  return { apply };
}
