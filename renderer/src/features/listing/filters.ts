/**
 * Pure listing logic: listener rows joined once per inventory, then search, filters and sorting — all plain
 * functions over arrays, so they are unit-tested and fast enough for 10,000 listeners on every keystroke.
 */
import type { Inventory, IpGroup, Listener, Pool } from '../../../../shared/model/inventory';
import { naturalCollator } from '../../lib/i18n/formats';
import { compareSimple, isSimpleName, listingOrder, sortKeyed } from '../../../../shared/model/natural-order';

/** A listener's tag. */
type Tag = Listener['tags'][number];

/** How a listener restricts clients. */
export type AccessMode = 'all' | 'whitelist' | 'blacklist';

/**
 * One listener with everything the table shows, joined. The display strings (`portText`, `tagsText`) are
 * computed on first read, so only rows that are actually shown pay for them.
 */
export interface ListenerRow {
  id: string;
  name: string;
  protocol: string;
  loadBalancerId: string;
  /** Name of the listener's LB, or null when it is not in the cache. */
  loadBalancerName: string | null;
  port: number | null;
  portRanges: readonly { start: number; end: number }[];
  /** "443" or "1000-2000, 3000-3005"; empty when neither is set. */
  readonly portText: string;
  /** Sort key: the single port, else the first range's start; null when neither. */
  portSort: number | null;
  access: AccessMode;
  ipGroupId: string | null;
  ipGroupName: string | null;
  idleTimeout: number | null;
  cps: number | null;
  connection: number | null;
  poolId: string | null;
  poolName: string | null;
  /** "key=value, key2=value2". */
  readonly tagsText: string;
  /** Lower-cased name + ID + LB name, for the search box. */
  haystack: string;
}

/** The listing's filters; empty/null/'any' values match everything. */
export interface ListenerFilter {
  /** Free text: matches name, ID or LB name; a number also matches the port or a range containing it. */
  query: string;
  /** Exact protocol (case-insensitive), '' = any. */
  protocol: string;
  loadBalancerId: string | null;
  access: AccessMode | 'any';
}

/** Sortable columns of the listeners table. */
export const LISTENER_SORT_KEYS = ['name', 'protocol', 'port', 'loadBalancer', 'access', 'idleTimeout', 'limits', 'pool'] as const;
export type ListenerSortKey = (typeof LISTENER_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface SortState<K extends string = ListenerSortKey> {
  key: K;
  dir: SortDirection;
}

/** The filter that shows everything. */
export const EMPTY_FILTER: ListenerFilter = { query: '', protocol: '', loadBalancerId: null, access: 'any' };

/** The access mode of a listener: no or disabled IP group = all addresses. */
export function accessMode(listener: Pick<Listener, 'ipGroup'>): AccessMode {
  const group = listener.ipGroup;
  if (!group || !group.enabled) return 'all';
  return group.type === 'white' ? 'whitelist' : 'blacklist';
}

/** "443", or the ranges as "1000-2000, 3000" (a one-port range shows once). */
export function formatPort(port: number | null, ranges: readonly { start: number; end: number }[]): string {
  if (port !== null && port > 0) return String(port);
  return ranges.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`)).join(', ');
}

/** "key=value, key2" (a tag without a value shows its key only). */
export function formatTags(tags: readonly Tag[]): string {
  return tags.map((tag) => (tag.value ? `${tag.key}=${tag.value}` : tag.key)).join(', ');
}

/** A listener row: plain fields set once, display strings formatted on first read and kept. */
class Row implements ListenerRow {
  readonly id: string;
  readonly name: string;
  readonly protocol: string;
  readonly loadBalancerId: string;
  readonly loadBalancerName: string | null;
  readonly port: number | null;
  readonly portRanges: readonly { start: number; end: number }[];
  readonly portSort: number | null;
  readonly access: AccessMode;
  readonly ipGroupId: string | null;
  readonly ipGroupName: string | null;
  readonly idleTimeout: number | null;
  readonly cps: number | null;
  readonly connection: number | null;
  readonly poolId: string | null;
  readonly poolName: string | null;
  readonly haystack: string;
  readonly #tags: readonly Tag[];
  #portText: string | undefined;
  #tagsText: string | undefined;

  constructor(l: Listener, lbName: string | null, poolName: string | null, groupName: string | null) {
    const usesPort = l.port !== null && l.port > 0;
    this.id = l.id;
    this.name = l.name;
    this.protocol = l.protocol;
    this.loadBalancerId = l.loadBalancerId;
    this.loadBalancerName = lbName;
    this.port = usesPort ? l.port : null;
    this.portRanges = l.portRanges;
    this.portSort = usesPort ? l.port : (l.portRanges[0]?.start ?? null);
    this.access = accessMode(l);
    this.ipGroupId = l.ipGroup?.id ?? null;
    this.ipGroupName = groupName;
    this.idleTimeout = l.keepaliveTimeout;
    this.cps = l.cps;
    this.connection = l.connection;
    this.poolId = l.defaultPoolId;
    this.poolName = poolName;
    this.haystack = `${l.name}\u0000${l.id}\u0000${lbName ?? ''}`.toLowerCase();
    this.#tags = l.tags;
  }

  get portText(): string {
    return (this.#portText ??= formatPort(this.port, this.portRanges));
  }

  get tagsText(): string {
    return (this.#tagsText ??= formatTags(this.#tags));
  }
}

/** Joins a cached inventory into listener rows, in cache order. O(listeners + LBs + pools + groups). */
export function buildListenerRows(inv: Pick<Inventory, 'listeners' | 'loadBalancers' | 'pools' | 'ipGroups'>): ListenerRow[] {
  const lbNames = new Map(inv.loadBalancers.map((lb) => [lb.id, lb.name]));
  const poolNames = new Map(inv.pools.map((p) => [p.id, p.name]));
  const groupNames = new Map(inv.ipGroups.map((g) => [g.id, g.name]));
  return inv.listeners.map(
    (l) =>
      new Row(
        l,
        lbNames.get(l.loadBalancerId) ?? null,
        l.defaultPoolId ? (poolNames.get(l.defaultPoolId) ?? null) : null,
        l.ipGroup ? (groupNames.get(l.ipGroup.id) ?? null) : null,
      ),
  );
}

function matchesPort(row: ListenerRow, n: number): boolean {
  if (row.port === n) return true;
  return row.portRanges.some((r) => r.start <= n && n <= r.end);
}

/** True when nothing is filtered. */
export function isFilterEmpty(filter: ListenerFilter): boolean {
  return filter.query.trim() === '' && filter.protocol === '' && filter.loadBalancerId === null && filter.access === 'any';
}

/** The rows that pass every filter, in their given order (so sort first, then filter, and only re-filter on typing). */
export function filterListeners(rows: readonly ListenerRow[], filter: ListenerFilter): readonly ListenerRow[] {
  if (isFilterEmpty(filter)) return rows;
  const query = filter.query.trim().toLowerCase();
  const portQuery = /^\d{1,5}$/.test(query) ? Number(query) : null;
  const protocol = filter.protocol.toUpperCase();
  return rows.filter((row) => {
    if (protocol && row.protocol.toUpperCase() !== protocol) return false;
    if (filter.loadBalancerId !== null && row.loadBalancerId !== filter.loadBalancerId) return false;
    if (filter.access !== 'any' && row.access !== filter.access) return false;
    if (query) {
      if (row.haystack.includes(query)) return true;
      return portQuery !== null && matchesPort(row, portQuery);
    }
    return true;
  });
}

type SortValue = string | number | null;

function sortValue(row: ListenerRow, key: ListenerSortKey): SortValue {
  switch (key) {
    case 'name':
      return row.name;
    case 'protocol':
      return row.protocol;
    case 'port':
      return row.portSort;
    case 'loadBalancer':
      return row.loadBalancerName ?? row.loadBalancerId;
    case 'access':
      return row.access;
    case 'idleTimeout':
      return row.idleTimeout;
    case 'limits':
      // 0 = unlimited: sorts above every real limit.
      return row.cps === null ? null : row.cps === 0 ? Number.MAX_SAFE_INTEGER : row.cps;
    case 'pool':
      return row.poolName ?? row.poolId;
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return naturalCollator().compare(String(a), String(b));
}

/** compareValues for values that are all numbers or simple names (shared/model/natural-order.ts): the same order, no collator. */
function compareSimpleValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareSimple(String(a), String(b));
}

/**
 * A sorted copy. Empty values (null, '') always go last, whatever the direction; ties go by ID (`byId`), so the order
 * never depends on the order the rows came in (the cloud's right after a sync, by name after a start).
 */
export function sortListeners(rows: readonly ListenerRow[], sort: SortState): ListenerRow[] {
  const keyed = rows.map((row, index) => ({ row, index, id: row.id, value: sortValue(row, sort.key) }));
  // Plain ASCII names (the usual case) are ordered without creating the collator (costly in a cold renderer).
  const compare = keyed.every((k) => typeof k.value !== 'string' || isSimpleName(k.value)) ? compareSimpleValues : compareValues;
  // The order rule main's stored order uses too; rows that come in it already (after a start) need one pass.
  return sortKeyed(keyed, listingOrder<string | number>(compare, sort.dir === 'asc' ? 1 : -1)).map((k) => k.row);
}

/** Clicking a column header: the same column flips direction, another column starts ascending. */
export function toggleSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

/** The `aria-sort` value of a column header. */
export function ariaSort<K extends string>(current: SortState<K>, key: K): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.dir === 'asc' ? 'ascending' : 'descending';
}

/** Distinct protocols present, sorted (for the protocol filter). */
export function protocolsOf(rows: readonly ListenerRow[]): string[] {
  return [...new Set(rows.map((r) => r.protocol.toUpperCase()))].sort();
}

/** Server groups whose name or ID contains the text (case-insensitive). */
export function filterPools(pools: readonly Pool[], query: string): readonly Pool[] {
  const q = query.trim().toLowerCase();
  if (!q) return pools;
  return pools.filter((p) => p.name.toLowerCase().includes(q) || p.id.toLowerCase().includes(q));
}

/** IP groups whose name or ID, or any entry's address or description, contains the text. */
export function filterIpGroups(groups: readonly IpGroup[], query: string): readonly IpGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return groups;
  return groups.filter(
    (g) =>
      g.name.toLowerCase().includes(q) ||
      g.id.toLowerCase().includes(q) ||
      g.entries.some((e) => e.ip.toLowerCase().includes(q) || e.description.toLowerCase().includes(q)),
  );
}
