/**
 * The sandbox's in-memory state: one `ProjectState` per region, its records (records.ts, in ELB v3 field names)
 * plus indexes kept in step by the add/remove methods (per-LB port index (port-index.ts), pool members by
 * address+port, …), so that checks stay O(1)-ish with tens of thousands of listeners; and the state file's shape.
 */
import { formatIp, parseIp } from './net';
import { PortIndex } from './port-index';
import type { LoadBalancerRec, ListenerIpGroup, ListenerRec, PoolRec, MemberRec, HealthMonitorRec, IpGroupRec, FlavorRec, SubnetRec, QuotaLimits, RegionFeatures } from './records';
import type { RegionId } from './types';

/** Key of a member within its pool: normalised address + port. */
export function memberKey(address: string, port: number | null): string {
  const ip = parseIp(address);
  return `${ip ? formatIp(ip) : address}|${port ?? ''}`;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(v);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}

/** IDs in a listener's `ipgroup.ipgroup_id` (comma-separated). */
export function ipgroupIds(ig: ListenerIpGroup | null): string[] {
  if (!ig) return [];
  return ig.ipgroup_id
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** All resources of one project (= one region), with indexes. Mutate only through the methods. */
export class ProjectState {
  readonly loadbalancers = new Map<string, LoadBalancerRec>();
  readonly listeners = new Map<string, ListenerRec>();
  readonly pools = new Map<string, PoolRec>();
  readonly members = new Map<string, MemberRec>();
  readonly healthmonitors = new Map<string, HealthMonitorRec>();
  readonly ipgroups = new Map<string, IpGroupRec>();
  readonly flavors = new Map<string, FlavorRec>();
  readonly subnets: SubnetRec[] = [];
  quota: QuotaLimits = {};

  /** LB id → listener ids. */
  readonly lbListeners = new Map<string, Set<string>>();
  /** LB id → pool ids. */
  readonly lbPools = new Map<string, Set<string>>();
  /** Pool id → ids of listeners using it as default pool. */
  readonly poolListeners = new Map<string, Set<string>>();
  /** Pool id → (member key → member id). */
  readonly poolMembers = new Map<string, Map<string, string>>();
  /** IP group id → listener ids bound to it. */
  readonly ipgroupListeners = new Map<string, Set<string>>();
  /** LB id → ports in use. */
  readonly ports = new Map<string, PortIndex>();
  /** LB id → time (ms) until which it is PENDING_UPDATE. */
  readonly busyUntil = new Map<string, number>();

  constructor(
    readonly projectId: string,
    readonly region: RegionId,
    readonly features: RegionFeatures,
  ) {}

  /** The port index of an LB (created on demand). */
  portIndex(lbId: string): PortIndex {
    let p = this.ports.get(lbId);
    if (!p) {
      p = new PortIndex();
      this.ports.set(lbId, p);
    }
    return p;
  }

  addLoadBalancer(lb: LoadBalancerRec): void {
    this.loadbalancers.set(lb.id, lb);
  }

  addListener(l: ListenerRec): void {
    this.listeners.set(l.id, l);
    addTo(this.lbListeners, l.loadbalancer_id, l.id);
    this.portIndex(l.loadbalancer_id).add(l);
    if (l.default_pool_id) addTo(this.poolListeners, l.default_pool_id, l.id);
    for (const g of ipgroupIds(l.ipgroup)) addTo(this.ipgroupListeners, g, l.id);
  }

  removeListener(id: string): void {
    const l = this.listeners.get(id);
    if (!l) return;
    this.listeners.delete(id);
    removeFrom(this.lbListeners, l.loadbalancer_id, id);
    this.ports.get(l.loadbalancer_id)?.remove(l);
    if (l.default_pool_id) removeFrom(this.poolListeners, l.default_pool_id, id);
    for (const g of ipgroupIds(l.ipgroup)) removeFrom(this.ipgroupListeners, g, id);
  }

  /** Changes a listener's default pool, keeping the index in step. */
  setListenerPool(l: ListenerRec, poolId: string | null): void {
    if (l.default_pool_id) removeFrom(this.poolListeners, l.default_pool_id, l.id);
    l.default_pool_id = poolId;
    if (poolId) addTo(this.poolListeners, poolId, l.id);
  }

  /** Changes a listener's access control, keeping the index in step. */
  setListenerIpgroup(l: ListenerRec, ig: ListenerIpGroup | null): void {
    for (const g of ipgroupIds(l.ipgroup)) removeFrom(this.ipgroupListeners, g, l.id);
    l.ipgroup = ig;
    for (const g of ipgroupIds(ig)) addTo(this.ipgroupListeners, g, l.id);
  }

  addPool(p: PoolRec): void {
    this.pools.set(p.id, p);
    if (p.loadbalancer_id) addTo(this.lbPools, p.loadbalancer_id, p.id);
    if (!this.poolMembers.has(p.id)) this.poolMembers.set(p.id, new Map());
  }

  /** Binds a pool to an LB (a pool created with `type` only gets its LB from its first listener). */
  setPoolLoadBalancer(p: PoolRec, lbId: string): void {
    if (p.loadbalancer_id) removeFrom(this.lbPools, p.loadbalancer_id, p.id);
    p.loadbalancer_id = lbId;
    addTo(this.lbPools, lbId, p.id);
  }

  /** Removes a pool with its members and health monitor. */
  removePool(id: string): void {
    const p = this.pools.get(id);
    if (!p) return;
    for (const mid of [...(this.poolMembers.get(id)?.values() ?? [])]) this.members.delete(mid);
    this.poolMembers.delete(id);
    if (p.healthmonitor_id) this.healthmonitors.delete(p.healthmonitor_id);
    for (const lid of [...(this.poolListeners.get(id) ?? [])]) {
      const l = this.listeners.get(lid);
      if (l) l.default_pool_id = null;
    }
    this.poolListeners.delete(id);
    if (p.loadbalancer_id) removeFrom(this.lbPools, p.loadbalancer_id, id);
    this.pools.delete(id);
  }

  addMember(m: MemberRec): void {
    this.members.set(m.id, m);
    let pm = this.poolMembers.get(m.pool_id);
    if (!pm) {
      pm = new Map();
      this.poolMembers.set(m.pool_id, pm);
    }
    pm.set(memberKey(m.address, m.protocol_port), m.id);
  }

  removeMember(id: string): void {
    const m = this.members.get(id);
    if (!m) return;
    this.members.delete(id);
    this.poolMembers.get(m.pool_id)?.delete(memberKey(m.address, m.protocol_port));
  }

  /** Members of a pool, in creation order. */
  membersOf(poolId: string): MemberRec[] {
    const ids = this.poolMembers.get(poolId);
    if (!ids) return [];
    const out: MemberRec[] = [];
    for (const id of ids.values()) {
      const m = this.members.get(id);
      if (m) out.push(m);
    }
    return out;
  }

  addHealthMonitor(h: HealthMonitorRec): void {
    this.healthmonitors.set(h.id, h);
    const p = this.pools.get(h.pool_id);
    if (p) p.healthmonitor_id = h.id;
  }

  removeHealthMonitor(id: string): void {
    const h = this.healthmonitors.get(id);
    if (!h) return;
    this.healthmonitors.delete(id);
    const p = this.pools.get(h.pool_id);
    if (p && p.healthmonitor_id === id) p.healthmonitor_id = null;
  }

  addIpGroup(g: IpGroupRec): void {
    this.ipgroups.set(g.id, g);
  }

  removeIpGroup(id: string): void {
    this.ipgroups.delete(id);
    this.ipgroupListeners.delete(id);
  }

  /** Whether an LB is PENDING_UPDATE right now. */
  isBusy(lbId: string, now = Date.now()): boolean {
    const until = this.busyUntil.get(lbId);
    return until !== undefined && now < until;
  }

  /** The serialisable content (no indexes). */
  dump(): ProjectDump {
    return {
      loadbalancers: [...this.loadbalancers.values()],
      listeners: [...this.listeners.values()],
      pools: [...this.pools.values()],
      members: [...this.members.values()],
      healthmonitors: [...this.healthmonitors.values()],
      ipgroups: [...this.ipgroups.values()],
      quota: { ...this.quota },
    };
  }

  /** Replaces the resources with a dump (indexes rebuilt). Flavors and subnets are kept; so is the quota if the dump has none. */
  load(d: ProjectDump): void {
    for (const m of [this.loadbalancers, this.listeners, this.pools, this.members, this.healthmonitors, this.ipgroups]) m.clear();
    for (const m of [this.lbListeners, this.lbPools, this.poolListeners, this.poolMembers, this.ipgroupListeners, this.ports, this.busyUntil]) m.clear();
    for (const lb of d.loadbalancers) this.addLoadBalancer(lb);
    for (const p of d.pools) this.addPool({ ...p, healthmonitor_id: null });
    for (const l of d.listeners) this.addListener(l);
    for (const m of d.members) this.addMember(m);
    for (const h of d.healthmonitors) this.addHealthMonitor(h);
    for (const g of d.ipgroups) this.addIpGroup(g);
    if (d.quota && Object.keys(d.quota).length > 0) this.quota = { ...d.quota };
  }
}

/** The serialisable content of one project. */
export interface ProjectDump {
  loadbalancers: LoadBalancerRec[];
  listeners: ListenerRec[];
  pools: PoolRec[];
  members: MemberRec[];
  healthmonitors: HealthMonitorRec[];
  ipgroups: IpGroupRec[];
  quota: QuotaLimits;
}

/** The whole sandbox state: both projects (= regions). */
export interface SandboxState {
  /** Keyed by project ID (each region appears once). */
  projects: Record<string, ProjectState>;
  /** The project of a region. */
  region(id: RegionId): ProjectState;
}

/** Makes a SandboxState from the two projects. */
export function makeState(r1: ProjectState, r2: ProjectState): SandboxState {
  return {
    projects: { [r1.projectId]: r1, [r2.projectId]: r2 },
    region: (id) => (id === 'sandbox-1' ? r1 : r2),
  };
}

/** The state file format. Project IDs and credentials are not stored (they come from the options). */
export interface StateFile {
  format: 'elb-sandbox-state';
  version: 1;
  savedAt: string;
  regions: Record<RegionId, ProjectDump>;
}

/** Serialises the state for the state file and `GET /__sandbox/state`. */
export function dumpState(s: SandboxState): StateFile {
  return {
    format: 'elb-sandbox-state',
    version: 1,
    savedAt: new Date().toISOString(),
    regions: { 'sandbox-1': s.region('sandbox-1').dump(), 'sandbox-2': s.region('sandbox-2').dump() },
  };
}

/** Checks the outline of a parsed state file. */
export function isStateFile(v: unknown): v is StateFile {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.format !== 'elb-sandbox-state' || o.version !== 1) return false;
  const regions = o.regions as Record<string, unknown> | undefined;
  if (!regions) return false;
  for (const r of ['sandbox-1', 'sandbox-2']) {
    const d = regions[r] as Record<string, unknown> | undefined;
    if (!d) return false;
    for (const k of ['loadbalancers', 'listeners', 'pools', 'members', 'healthmonitors', 'ipgroups']) {
      if (!Array.isArray(d[k])) return false;
    }
  }
  return true;
}
