/**
 * What the rules are checked against (the cached inventory), and the indexes that keep a full validation fast:
 * each index is built once per inventory array and kept in a WeakMap, so validating on every keystroke against
 * 10,000 listeners does no repeated sorting or scanning.
 */
import type { Flavor, Inventory, IpGroup, Listener, LoadBalancer, Member, Pool } from '../model/inventory';
import { capabilitiesFor, type RegionCapabilities } from '../model/regions';

/** The cached state a draft is validated against. */
export interface ValidationContext {
  /** The target LB from the cache (null = not known/offline). */
  loadBalancer: LoadBalancer | null;
  /** Cached listeners (any LB; rules pick those of the target LB). */
  listeners: readonly Listener[];
  pools: readonly Pool[];
  members: readonly Member[];
  ipGroups: readonly IpGroup[];
  flavors: readonly Flavor[];
  capabilities: RegionCapabilities;
}

/** Protocols that cannot share a port with a TCP listener on the same LB (elb-v3-api.md §4). */
export const TCP_PORT_FAMILY: readonly string[] = ['TCP', 'HTTP', 'HTTPS'];

const PORT_MIN = 1;
const PORT_MAX = 65535;

/** Capabilities when nothing is known about the region: everything allowed, unverified. */
const UNKNOWN_CAPABILITIES: RegionCapabilities = capabilitiesFor('');

/** Fills the missing parts of a partial context with "nothing known". */
export function completeContext(ctx: Partial<ValidationContext> | undefined): ValidationContext {
  return {
    loadBalancer: ctx?.loadBalancer ?? null,
    listeners: ctx?.listeners ?? [],
    pools: ctx?.pools ?? [],
    members: ctx?.members ?? [],
    ipGroups: ctx?.ipGroups ?? [],
    flavors: ctx?.flavors ?? [],
    capabilities: ctx?.capabilities ?? UNKNOWN_CAPABILITIES,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Generic ID indexes

const idIndexes = new WeakMap<readonly { id: string }[], Map<string, { id: string }>>();

/** The item with this ID; the array is indexed on first use. */
export function byId<T extends { id: string }>(items: readonly T[], id: string): T | undefined {
  let index = idIndexes.get(items);
  if (!index) {
    index = new Map();
    for (const item of items) if (!index.has(item.id)) index.set(item.id, item);
    idIndexes.set(items, index);
  }
  return index.get(id) as T | undefined;
}

const memberIndexes = new WeakMap<readonly Member[], Map<string, Member[]>>();

/** The cached members of a pool; the array is indexed on first use. */
export function membersOfPool(members: readonly Member[], poolId: string): readonly Member[] {
  let index = memberIndexes.get(members);
  if (!index) {
    index = new Map();
    for (const m of members) {
      const list = index.get(m.poolId);
      if (list) list.push(m);
      else index.set(m.poolId, [m]);
    }
    memberIndexes.set(members, index);
  }
  return index.get(poolId) ?? [];
}

// ---------------------------------------------------------------------------------------------------------------
// Port occupancy per load balancer

interface Occupied {
  start: number;
  end: number;
  listener: Listener;
}

/** The ports used by TCP/HTTP/HTTPS listeners of one LB. */
interface PortIndex {
  /** Every port or range, sorted by start. */
  spans: Occupied[];
  /** prefixMaxEnd[i] = max(spans[0..i].end): lets an overlap query stop early. */
  prefixMaxEnd: number[];
  /** Disjoint, non-adjacent merged spans, sorted: for next-free-port search. */
  merged: Array<[number, number]>;
}

const portIndexes = new WeakMap<readonly Listener[], Map<string, PortIndex>>();

function buildPortIndexes(listeners: readonly Listener[]): Map<string, PortIndex> {
  const spansByLb = new Map<string, Occupied[]>();
  for (const l of listeners) {
    if (!TCP_PORT_FAMILY.includes(l.protocol.toUpperCase())) continue;
    let spans = spansByLb.get(l.loadBalancerId);
    if (!spans) {
      spans = [];
      spansByLb.set(l.loadBalancerId, spans);
    }
    if (l.port !== null && l.port > 0) spans.push({ start: l.port, end: l.port, listener: l });
    for (const r of l.portRanges) {
      if (r.start > 0 && r.end >= r.start) spans.push({ start: r.start, end: r.end, listener: l });
    }
  }
  const result = new Map<string, PortIndex>();
  for (const [lbId, spans] of spansByLb) {
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    const prefixMaxEnd: number[] = [];
    let max = -Infinity;
    for (const s of spans) {
      max = Math.max(max, s.end);
      prefixMaxEnd.push(max);
    }
    const merged: Array<[number, number]> = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start <= last[1] + 1) last[1] = Math.max(last[1], s.end);
      else merged.push([s.start, s.end]);
    }
    result.set(lbId, { spans, prefixMaxEnd, merged });
  }
  return result;
}

const EMPTY_INDEX: PortIndex = { spans: [], prefixMaxEnd: [], merged: [] };

/** The port index of one LB, built once per listeners array (for all LBs at once). */
function portIndex(listeners: readonly Listener[], loadBalancerId: string): PortIndex {
  let byLb = portIndexes.get(listeners);
  if (!byLb) {
    byLb = buildPortIndexes(listeners);
    portIndexes.set(listeners, byLb);
  }
  return byLb.get(loadBalancerId) ?? EMPTY_INDEX;
}

/** Index of the last element whose value is ≤ x in an ascending sequence, or -1. */
function lastAtOrBelow(length: number, valueAt: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (valueAt(mid) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A port or range of an existing listener that a new port or range overlaps. */
export interface PortClash {
  listener: Listener;
  /** The clashing port (start = end) or range of that listener. */
  start: number;
  end: number;
}

/**
 * An existing TCP/HTTP/HTTPS listener of the LB whose port or range overlaps [start, end], or null.
 * UDP and QUIC listeners never clash with TCP.
 */
export function findPortClash(listeners: readonly Listener[], loadBalancerId: string, start: number, end: number): PortClash | null {
  const idx = portIndex(listeners, loadBalancerId);
  let i = lastAtOrBelow(idx.spans.length, (k) => idx.spans[k]!.start, end);
  let best: Occupied | null = null;
  while (i >= 0 && idx.prefixMaxEnd[i]! >= start) {
    const span = idx.spans[i]!;
    // Keep the lowest-starting clash so messages are stable.
    if (span.end >= start) best = span;
    i--;
  }
  return best ? { listener: best.listener, start: best.start, end: best.end } : null;
}

/**
 * The first port at or after `from` (wrapping round to 1) that no TCP, HTTP or HTTPS listener of the LB uses,
 * or null when every port is taken.
 */
export function nextFreePort(listeners: readonly Listener[], loadBalancerId: string, from: number): number | null {
  const { merged } = portIndex(listeners, loadBalancerId);
  const start = Number.isFinite(from) ? Math.min(Math.max(Math.trunc(from), PORT_MIN), PORT_MAX) : PORT_MIN;
  const freeFrom = (p: number): number => {
    const i = lastAtOrBelow(merged.length, (k) => merged[k]![0], p);
    const span = i >= 0 ? merged[i] : undefined;
    // Merged spans are non-adjacent, so the port after a span is always free.
    return span && span[1] >= p ? span[1] + 1 : p;
  };
  const p = freeFrom(start);
  if (p <= PORT_MAX) return p;
  const q = freeFrom(PORT_MIN);
  return q < start ? q : null;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The validation context for a draft targeting `loadBalancerId` in `region`, from a cached inventory
 * (null = nothing cached). Builds the port, ID and member indexes once, so later validations reuse them.
 */
export function buildContext(inv: Inventory | null, loadBalancerId: string | null, region: string | null): ValidationContext {
  const listeners = inv?.listeners ?? [];
  const pools = inv?.pools ?? [];
  const members = inv?.members ?? [];
  const ipGroups = inv?.ipGroups ?? [];
  const flavors = inv?.flavors ?? [];
  const loadBalancers = inv?.loadBalancers ?? [];
  const loadBalancer = loadBalancerId ? (byId(loadBalancers, loadBalancerId) ?? null) : null;
  // Warm the indexes now rather than on the first keystroke.
  if (loadBalancerId) portIndex(listeners, loadBalancerId);
  byId(pools, '');
  byId(ipGroups, '');
  byId(flavors, '');
  membersOfPool(members, '');
  return {
    loadBalancer,
    listeners,
    pools,
    members,
    ipGroups,
    flavors,
    capabilities: capabilitiesFor(region ?? inv?.region ?? ''),
  };
}
