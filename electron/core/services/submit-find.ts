/**
 * Finding what a create whose reply was lost actually made — without any marker in the user's words.
 *
 * Listener: a TCP listener's load balancer + port (or port ranges) is unique (the API refuses a second one), so the
 * listener on those ports is the one to look at. It is ours when it did not exist when the create was sent (its ID
 * is not in the step's `seen` list) and it holds what we sent (name, description, default group). Anything else on
 * those ports is someone else's: the submit stops with a clear message and never sends again.
 *
 * Backend server group: a pool has no tags API (elb-v3-api.md §13: only listeners have one) and every text field
 * (name, description) is the user's, so there is nothing we choose that we could look for. Before each create is
 * sent, the step records the IDs of the look-alike groups that already exist (same load balancer, protocol, name,
 * description and algorithm, no listener). After a lost reply, a candidate is a look-alike that is not in that list
 * and is still untouched (no listener, no servers, no health check — the later steps had not run). This uses no
 * clock (the cloud's `created_at` and ours may differ) and no free space in any field. Exactly one candidate: it is
 * ours. None: nothing was created. Several (someone made an identical group at the same moment): the submit stops,
 * lists them as possible orphans and lets the user remove the extra ones; it never creates a second group itself.
 *
 * Journals written by older versions have no `seen` list: their resources carry the `[elbdesk:…]` description
 * marker (or `elbdesk` tag), which is still read.
 */
import type { Draft } from '../../../shared/model/draft';
import type { Listener } from '../../../shared/model/inventory';
import { hasDraftMarker } from '../../../shared/mapping/api';
import { AppFailure } from '../../../shared/ipc/result';
import type { ApiListener, ApiPool } from '../cloud/api-types';
import type { ElbClient } from '../cloud/client';
import * as N from '../cloud/normalize';

/** Does an existing listener occupy the draft's port or ranges? */
export function samePorts(l: Pick<Listener, 'port' | 'portRanges'>, draft: Draft): boolean {
  const d = draft.listener;
  if (d.portMode === 'single') return l.port === d.port && (l.portRanges?.length ?? 0) === 0;
  const want = d.portRanges.map((r) => `${r.start}-${r.end}`).sort().join(',');
  const have = (l.portRanges ?? []).map((r) => `${r.start}-${r.end}`).sort().join(',');
  return want === have && want.length > 0;
}

/** The TCP listeners on the load balancer that use the draft's port or ranges (normally none or one). */
export async function listenersOnDraftPorts(client: ElbClient, lbId: string, draft: Draft): Promise<ApiListener[]> {
  const found: ApiListener[] = [];
  const filter: Record<string, string | number> = { loadbalancer_id: lbId, protocol: 'TCP' };
  if (draft.listener.portMode === 'single' && draft.listener.port !== null) filter.protocol_port = draft.listener.port;
  for await (const page of client.iterateListeners(filter)) found.push(...listenersOnDraftPortsIn(page, lbId, draft));
  return found;
}

/** Of `listeners` (any load balancers, any protocols), the TCP ones on `lbId` that use the draft's port or ranges. */
export function listenersOnDraftPortsIn(listeners: readonly ApiListener[], lbId: string, draft: Draft): ApiListener[] {
  return listeners.filter((l) => {
    if ((l.protocol ?? '').toUpperCase() !== 'TCP') return false;
    const n = N.toListener(l);
    return n.loadBalancerId === lbId && samePorts(n, draft);
  });
}

/**
 * The listener a lost create made, or null when there is none. Throws CONFLICT when another listener holds the
 * ports. `seen` is the step's list of listeners on those ports when the create was sent (undefined: older journal).
 */
export async function findCreatedListener(
  client: ElbClient,
  lbId: string,
  draft: Draft,
  poolId: string | null,
  seen: readonly string[] | undefined,
): Promise<string | null> {
  const found = await listenersOnDraftPorts(client, lbId, draft);
  if (found.length === 0) return null;
  const ours = found.find((l) => hasDraftMarker(N.toListener(l), draft.id) || (seen !== undefined && !seen.includes(l.id) && holdsWhatWeSent(l, draft, poolId)));
  if (ours) return ours.id;
  const other = found[0]!;
  throw new AppFailure(
    'CONFLICT',
    `Another listener (${other.name || other.id}) now uses this port on the load balancer, and it was not created by this draft. Choose another port.`,
  );
}

function holdsWhatWeSent(l: ApiListener, draft: Draft, poolId: string | null): boolean {
  return (l.name ?? '') === draft.listener.name && (l.description ?? '') === draft.listener.description && (l.default_pool_id ?? null) === poolId;
}

/** A pool on the load balancer that looks like the one the draft creates (protocol, name, description, algorithm). */
function looksLikeDraftPool(p: ApiPool, draft: Draft): boolean {
  const want = draft.routing.newPool;
  return (
    (p.protocol ?? '').toUpperCase() === 'TCP' &&
    (p.name ?? '') === want.name &&
    (p.description ?? '') === want.description &&
    (p.lb_algorithm ?? '') === want.algorithm
  );
}

const unused = (p: ApiPool) => (p.listeners?.length ?? 0) === 0;
const untouched = (p: ApiPool) => unused(p) && (p.members?.length ?? 0) === 0 && !p.healthmonitor_id;

/** The IDs of look-alike, unused groups on the load balancer now: recorded in the step before a create is sent. */
export async function lookAlikePools(client: ElbClient, lbId: string, draft: Draft): Promise<string[]> {
  return lookAlikePoolsIn(await client.listPools({ loadbalancer_id: lbId }), draft);
}

/** `lookAlikePools` over the pools of the load balancer already read. */
export function lookAlikePoolsIn(pools: readonly ApiPool[], draft: Draft): string[] {
  return pools.filter((p) => looksLikeDraftPool(p, draft) && unused(p)).map((p) => p.id);
}

/** The load balancers a pool belongs to (`loadbalancers` refs, or a bare `loadbalancer_id`). */
export function poolLoadBalancerIds(p: ApiPool): string[] {
  const out = (p.loadbalancers ?? []).map((r) => r?.id).filter((x): x is string => typeof x === 'string' && x !== '');
  const bare = (p as { loadbalancer_id?: unknown }).loadbalancer_id;
  if (typeof bare === 'string' && bare !== '' && !out.includes(bare)) out.push(bare);
  return out;
}

/** What a search for a lost group create found. */
export type PoolSearch = { kind: 'none' } | { kind: 'found'; id: string } | { kind: 'ambiguous'; candidates: Array<{ id: string; name: string }> };

/**
 * The group a lost create made. `seen` is the step's list of look-alikes that existed when it was sent; an older
 * journal (no list) is matched by the legacy marker only, and with no marker it counts as not created only when
 * no untouched look-alike exists (several → ambiguous, one → ours: no newer version wrote that draft's group).
 */
export async function findCreatedPool(client: ElbClient, lbId: string, draft: Draft, seen: readonly string[] | undefined): Promise<PoolSearch> {
  const pools = await client.listPools({ loadbalancer_id: lbId });
  const marked = pools.find((p) => hasDraftMarker({ description: p.description ?? null }, draft.id));
  if (marked) return { kind: 'found', id: marked.id };
  const candidates = pools.filter((p) => looksLikeDraftPool(p, draft) && untouched(p) && !(seen ?? []).includes(p.id));
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'found', id: candidates[0]!.id };
  return { kind: 'ambiguous', candidates: candidates.map((p) => ({ id: p.id, name: p.name ?? '' })) };
}
