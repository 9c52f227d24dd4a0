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
