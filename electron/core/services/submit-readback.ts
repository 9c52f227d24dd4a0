/**
 * Read-back after a submit: the API can accept a field and not apply it (the SDK's create model says
 * `proxy_protocol_enable` only takes effect on TLS listeners; flavor caps lower connection limits). So the created
 * listener and group (servers, health check) are read again and compared, field by field, with the bodies that were
 * sent. Only what was asked is compared (a field the cloud adds is not a difference); lists whose order carries no
 * meaning (port ranges, tags) are compared as sets.
 */
import type { ReadBack, ReadBackDifference } from '../../../shared/model/draft';
import { healthMonitorBody, listenerBody, membersBatchBody, poolBody } from '../../../shared/mapping/api';
import type { Draft } from '../../../shared/model/draft';
import type { ApiHealthMonitor, ApiListener, ApiMember, ApiPool } from '../cloud/api-types';
import type { ElbClient } from '../cloud/client';

/** The IDs the submit ended with. */
export interface CreatedIds {
  listenerId: string | null;
  poolId: string | null;
  /** Only when the submit created the group (an existing group is not compared). */
  createdPool: boolean;
  healthMonitorId: string | null;
}

const MISSING = '(missing)';
/** Fields of a body that name where a resource lives, not what it is (the response says it differently). */
const SKIP = new Set(['loadbalancer_id', 'pool_id']);
/** Lists compared as sets. */
const UNORDERED = new Set(['port_ranges', 'tags']);

/** A value as JSON text for the result page (cut to fit the journal's field size). */
function text(v: unknown): string {
  if (v === undefined) return MISSING;
  const s = JSON.stringify(v);
  return s.length > 1000 ? `${s.slice(0, 999)}…` : s;
}

function sortedJson(list: unknown[]): string[] {
  return list.map((x) => JSON.stringify(sortKeys(x))).sort();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** Differences between what was asked (`asked`, a request body object) and what the cloud holds, under `prefix`. */
export function compareFields(prefix: string, asked: Record<string, unknown>, held: Record<string, unknown> | null): ReadBackDifference[] {
  const out: ReadBackDifference[] = [];
  for (const [key, want] of Object.entries(asked)) {
    if (SKIP.has(key) || want === undefined) continue;
    const field = `${prefix}.${key}`;
    const have = held ? held[key] : undefined;
    if (UNORDERED.has(key) && Array.isArray(want)) {
      const a = sortedJson(want);
      const h = Array.isArray(have) ? sortedJson(have.map((x) => pick(x, want[0]))) : null;
      if (!h || a.join('\n') !== h.join('\n')) out.push({ field, asked: text(want), cloud: text(have) });
      continue;
    }
    if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
      if (have === null || typeof have !== 'object' || Array.isArray(have)) {
        out.push({ field, asked: text(want), cloud: text(have) });
        continue;
      }
      out.push(...compareFields(field, want as Record<string, unknown>, have as Record<string, unknown>));
      continue;
    }
    if (have === undefined || JSON.stringify(sortKeys(want)) !== JSON.stringify(sortKeys(have))) {
      out.push({ field, asked: text(want), cloud: text(have) });
    }
  }
  return out;
}

/** Only the keys the asked list items have (a tag read back may carry more). */
function pick(x: unknown, shape: unknown): unknown {
  if (!x || typeof x !== 'object' || !shape || typeof shape !== 'object') return x;
  return Object.fromEntries(Object.keys(shape).map((k) => [k, (x as Record<string, unknown>)[k]]));
}

/** What the cloud holds for the created resources (null: not read, or not found). */
export interface HeldResources {
  listener: ApiListener | null;
  pool: ApiPool | null;
  members: ApiMember[];
  healthmonitor: ApiHealthMonitor | null;
}

/** The differences between what the draft asked and what the cloud holds (`held`, read by the caller). */
export function compareCreated(draft: Draft, lbId: string, ids: CreatedIds, held: HeldResources): ReadBackDifference[] {
  const differences: ReadBackDifference[] = [];
  if (ids.listenerId) {
    const asked = listenerBody({ ...draft, target: { ...draft.target, loadBalancerId: lbId } }, { poolId: ids.poolId }).listener;
    differences.push(...compareFields('listener', asked as unknown as Record<string, unknown>, held.listener as unknown as Record<string, unknown> | null));
  }
  if (ids.createdPool && ids.poolId) {
    const asked = poolBody(draft, lbId).pool;
    differences.push(...compareFields('pool', asked as unknown as Record<string, unknown>, held.pool as unknown as Record<string, unknown> | null));
    if (draft.routing.members.length > 0) {
      for (const m of membersBatchBody(draft.routing.members).members) {
        const label = `members[${m.address}:${m.protocol_port ?? ''}]`;
        const have = held.members.find((x) => x.address === m.address && (m.protocol_port === undefined || x.protocol_port === m.protocol_port));
        if (!have) differences.push({ field: label, asked: text(m), cloud: MISSING });
        else differences.push(...compareFields(label, m as unknown as Record<string, unknown>, have as unknown as Record<string, unknown>));
      }
    }
    if (draft.routing.healthCheck.enabled && ids.healthMonitorId) {
      const asked = healthMonitorBody(draft.routing.healthCheck, ids.poolId).healthmonitor;
      differences.push(...compareFields('healthmonitor', asked as unknown as Record<string, unknown>, held.healthmonitor as unknown as Record<string, unknown> | null));
    }
  }
  return differences.slice(0, 500);
}

/** Reads the created resources back and compares them with what the draft asked. Never throws: a failed read is reported. */
export async function readBack(client: ElbClient, draft: Draft, lbId: string, ids: CreatedIds, now: () => string): Promise<ReadBack> {
  const differences: ReadBackDifference[] = [];
  try {
    if (ids.listenerId) {
      const asked = listenerBody({ ...draft, target: { ...draft.target, loadBalancerId: lbId } }, { poolId: ids.poolId }).listener;
      const held = await client.getListener(ids.listenerId);
      differences.push(...compareFields('listener', asked as unknown as Record<string, unknown>, held as unknown as Record<string, unknown>));
    }
    if (ids.createdPool && ids.poolId) {
      const asked = poolBody(draft, lbId).pool;
      const held = await client.getPool(ids.poolId);
      differences.push(...compareFields('pool', asked as unknown as Record<string, unknown>, held as unknown as Record<string, unknown>));
      if (draft.routing.members.length > 0) {
        const members = await client.listMembers(ids.poolId);
        for (const m of membersBatchBody(draft.routing.members).members) {
          const label = `members[${m.address}:${m.protocol_port ?? ''}]`;
          const have = members.find((x) => x.address === m.address && (m.protocol_port === undefined || x.protocol_port === m.protocol_port));
          if (!have) differences.push({ field: label, asked: text(m), cloud: MISSING });
          else differences.push(...compareFields(label, m as unknown as Record<string, unknown>, have as unknown as Record<string, unknown>));
        }
      }
      if (draft.routing.healthCheck.enabled && ids.healthMonitorId) {
        const asked = healthMonitorBody(draft.routing.healthCheck, ids.poolId).healthmonitor;
        const held = await client.getHealthMonitor(ids.healthMonitorId);
        differences.push(...compareFields('healthmonitor', asked as unknown as Record<string, unknown>, held as unknown as Record<string, unknown>));
      }
    }
    return { checkedAt: now(), differences: differences.slice(0, 500), error: null };
  } catch (e) {
    return { checkedAt: now(), differences: differences.slice(0, 500), error: (e as Error).message.slice(0, 4000) };
  }
}

/** IDs per list call: repeated `id=` filters keep the URL well under common limits at this count. */
const IDS_PER_CALL = 50;

async function listByIds<T>(ids: string[], list: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) chunks.push(ids.slice(i, i + IDS_PER_CALL));
  for (const part of await Promise.all(chunks.map(list))) out.push(...part);
  return out;
}

/** One item of a batched read-back. */
export interface ReadBackItem {
  draft: Draft;
  lbId: string;
  ids: CreatedIds;
}

/**
 * The read-back of many submits of one account + region at once: one list call per kind of resource (listeners,
 * pools, health checks, members; `id=`/`pool_id=` filters, 50 per call) instead of a GET per resource. Returns the
 * read-back of each item (in order) and what was read (the caller merges it into the cache). Never throws: a failed
 * read is reported on every item.
 */
export async function readBackBatch(client: ElbClient, items: readonly ReadBackItem[], now: () => string): Promise<{ results: ReadBack[]; held: HeldResources[] }> {
  const listenerIds = items.flatMap((x) => (x.ids.listenerId ? [x.ids.listenerId] : []));
  const created = items.filter((x) => x.ids.createdPool && x.ids.poolId);
  const poolIds = created.map((x) => x.ids.poolId!);
  const hmIds = created.flatMap((x) => (x.draft.routing.healthCheck.enabled && x.ids.healthMonitorId ? [x.ids.healthMonitorId] : []));
  const memberPools = created.filter((x) => x.draft.routing.members.length > 0).map((x) => x.ids.poolId!);
  try {
    const [listeners, pools, hms, members] = await Promise.all([
      listByIds(listenerIds, (id) => client.listAllListeners({ id })),
      listByIds(poolIds, (id) => client.listPools({ id })),
      listByIds(hmIds, (id) => client.listHealthMonitors({ id })),
      listByIds(memberPools, (pool_id) => client.listAllMembers({ pool_id })),
    ]);
    const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
    const L = byId(listeners);
    const P = byId(pools);
    const H = byId(hms);
    const held = items.map((x): HeldResources => ({
      listener: (x.ids.listenerId && L.get(x.ids.listenerId)) || null,
      pool: (x.ids.poolId && P.get(x.ids.poolId)) || null,
      members: x.ids.poolId ? members.filter((m) => (m as { pool_id?: unknown }).pool_id === x.ids.poolId) : [],
      healthmonitor: (x.ids.healthMonitorId && H.get(x.ids.healthMonitorId)) || null,
    }));
    const results = items.map((x, i): ReadBack => {
      const h = held[i]!;
      const missing = [
        x.ids.listenerId && !h.listener ? `listener ${x.ids.listenerId}` : null,
        x.ids.createdPool && x.ids.poolId && !h.pool ? `backend server group ${x.ids.poolId}` : null,
      ].filter((m): m is string => m !== null);
      if (missing.length > 0) return { checkedAt: now(), differences: [], error: `Not found when read back: ${missing.join(', ')}.` };
      return { checkedAt: now(), differences: compareCreated(x.draft, x.lbId, x.ids, h), error: null };
    });
    return { results, held };
  } catch (e) {
    const error = (e as Error).message.slice(0, 4000);
    return { results: items.map(() => ({ checkedAt: now(), differences: [], error })), held: items.map(() => ({ listener: null, pool: null, members: [], healthmonitor: null })) };
  }
}
