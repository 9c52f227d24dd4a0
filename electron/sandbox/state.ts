/**
 * The sandbox's in-memory state: one `ProjectState` per region, records in ELB v3 field names (snake_case),
 * plus indexes kept in step by the add/remove methods (per-LB port index, pool members by address+port, …),
 * so that checks stay O(1)-ish with tens of thousands of listeners.
 */
import { formatIp, parseIp } from './net';
import type { RegionId } from './types';
import type { Tag } from './validate';

/** A public IP of a load balancer. */
export interface Eip {
  eip_id: string;
  eip_address: string;
  ip_version: 4 | 6;
}

/** A dedicated load balancer (read-only through the API). */
export interface LoadBalancerRec {
  id: string;
  name: string;
  description: string;
  vpc_id: string;
  vip_subnet_cidr_id: string;
  vip_address: string;
  vip_port_id: string;
  ipv6_vip_address: string | null;
  ipv6_vip_virsubnet_id: string | null;
  ipv6_vip_port_id: string | null;
  availability_zone_list: string[];
  /** null or "" means the LB has no network (L4) flavor and cannot take TCP/UDP/TLS listeners. */
  l4_flavor_id: string | null;
  l7_flavor_id: string | null;
  eips: Eip[];
  elb_virsubnet_ids: string[];
  ip_target_enable: boolean;
  guaranteed: boolean;
  operating_status: 'ONLINE' | 'FROZEN';
  deletion_protection_enable: boolean;
  tags: Tag[];
  created_at: string;
  updated_at: string;
}

/** A listener port range. */
export interface PortRange {
  start_port: number;
  end_port: number;
}

/** Access control of a listener. `ipgroup_id` may hold several comma-separated IDs. */
export interface ListenerIpGroup {
  ipgroup_id: string;
  enable_ipgroup: boolean;
  type: 'white' | 'black';
}

/** A listener. */
export interface ListenerRec {
  id: string;
  name: string;
  description: string;
  loadbalancer_id: string;
  protocol: string;
  /** 0 in port-range mode. */
  protocol_port: number;
  port_ranges: PortRange[];
  default_pool_id: string | null;
  keepalive_timeout: number;
  client_timeout: number | null;
  member_timeout: number | null;
  ipgroup: ListenerIpGroup | null;
  transparent_client_ip_enable: boolean;
  proxy_protocol_enable: boolean;
  nat64_enable: boolean;
  enable_member_retry: boolean;
  cps: number;
  connection: number;
  tags: Tag[];
  default_tls_container_ref: string | null;
  http2_enable: boolean;
  protection_status: 'nonProtection' | 'consoleProtection';
  protection_reason: string;
  created_at: string;
  updated_at: string;
}

/** A backend server group. */
export interface PoolRec {
  id: string;
  name: string;
  description: string;
  protocol: string;
  lb_algorithm: string;
  /** The LB the pool belongs to; null for a pool created with `type` only and not yet used. */
  loadbalancer_id: string | null;
  healthmonitor_id: string | null;
  session_persistence: { type: string; persistence_timeout: number; cookie_name: string | null } | null;
  slow_start: { enable: boolean; duration: number } | null;
  connection_drain: { enable: boolean; timeout: number } | null;
  ip_version: 'v4' | 'dualstack';
  type: '' | 'instance' | 'ip';
  vpc_id: string;
  any_port_enable: boolean;
  member_deletion_protection_enable: boolean;
  protection_status: 'nonProtection' | 'consoleProtection';
  protection_reason: string;
  pool_health: { minimum_healthy_member_count: number } | null;
  created_at: string;
  updated_at: string;
}

/** A backend server. */
export interface MemberRec {
  id: string;
  pool_id: string;
  name: string;
  address: string;
  /** null when the pool forwards all ports (any_port_enable). */
  protocol_port: number | null;
  weight: number;
  /** null for an IP-type (cross-VPC) backend. */
  subnet_cidr_id: string | null;
  ip_version: 'v4' | 'v6';
  operating_status: 'ONLINE' | 'OFFLINE' | 'NO_MONITOR' | 'INITIAL' | 'UNKNOWN';
  member_type: 'ip' | 'instance';
  instance_id: string;
  availability_zone: string;
  created_at: string;
  updated_at: string;
}

/** A health check. */
export interface HealthMonitorRec {
  id: string;
  pool_id: string;
  name: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
  max_retries_down: number;
  monitor_port: number | null;
  /** HTTP(S)/GRPC checks only; null for TCP and UDP_CONNECT. */
  url_path: string | null;
  expected_codes: string | null;
  http_method: string | null;
  /** null = the LB's private IP is used as Host. */
  domain_name: string | null;
  admin_state_up: boolean;
  created_at: string;
  updated_at: string;
}

/** One entry of an IP address group. */
export interface IpListEntry {
  ip: string;
  description: string;
}

/** An IP address group. */
export interface IpGroupRec {
  id: string;
  name: string;
  description: string;
  ip_list: IpListEntry[];
  created_at: string;
  updated_at: string;
}

/** A flavor (static per region). */
export interface FlavorRec {
  id: string;
  name: string;
  type: 'L4' | 'L7' | 'L4_elastic_max' | 'L7_elastic_max';
  shared: boolean;
  flavor_sold_out: boolean;
  public_border_group: string;
  category: number;
  info: {
    connection: number;
    cps: number;
    qps?: number;
    https_cps?: number;
    bandwidth: number;
    lcu: number;
  };
}

/** A VPC subnet (static per region), used to check member `subnet_cidr_id` and addresses. */
export interface SubnetRec {
  /** The console/VPC subnet ID (NOT what members take). */
  id: string;
  name: string;
  vpc_id: string;
  cidr: string;
  gateway_ip: string;
  /** What an IPv4 member's `subnet_cidr_id` must be. */
  neutron_subnet_id: string;
  /** What an IPv6 member's `subnet_cidr_id` must be. */
  neutron_network_id: string;
  ipv6_enable: boolean;
  cidr_v6: string | null;
  availability_zone: string;
}

/** Quota limits by key (−1 = no limit). */
export type QuotaLimits = Record<string, number>;

/** What a region supports. */
export interface RegionFeatures {
  portRanges: boolean;
  nat64: boolean;
}

/** The protocol family that shares the port space of an LB. */
export type PortFamily = 'tcp' | 'udp';

/** TCP, HTTP, HTTPS and TLS share one port space; UDP and QUIC another. */
export function portFamily(protocol: string): PortFamily {
  return protocol === 'UDP' || protocol === 'QUIC' ? 'udp' : 'tcp';
}

interface RangeEntry extends PortRange {
  id: string;
}

/** Ports in use on one LB, per family: single ports in a map, ranges in a short list. */
export class PortIndex {
  private readonly single: Record<PortFamily, Map<number, string>> = { tcp: new Map(), udp: new Map() };
  private readonly ranges: Record<PortFamily, RangeEntry[]> = { tcp: [], udp: [] };

  /** Records a listener's ports. */
  add(l: ListenerRec): void {
    const f = portFamily(l.protocol);
    if (l.protocol_port > 0) this.single[f].set(l.protocol_port, l.id);
    for (const r of l.port_ranges) this.ranges[f].push({ ...r, id: l.id });
  }

  /** Forgets a listener's ports. */
  remove(l: ListenerRec): void {
    const f = portFamily(l.protocol);
    if (l.protocol_port > 0 && this.single[f].get(l.protocol_port) === l.id) this.single[f].delete(l.protocol_port);
    this.ranges[f] = this.ranges[f].filter((r) => r.id !== l.id);
  }

  /** The first clash of a new listener's ports with existing ones: the port and the listener using it. */
  clash(family: PortFamily, port: number, ranges: PortRange[]): { port: number; listenerId: string } | null {
    const single = this.single[family];
    const existingRanges = this.ranges[family];
    const inRanges = (p: number): string | null => existingRanges.find((r) => p >= r.start_port && p <= r.end_port)?.id ?? null;
    if (port > 0) {
      const id = single.get(port) ?? inRanges(port);
      if (id) return { port, listenerId: id };
    }
    for (const nr of ranges) {
      const overlap = existingRanges.find((r) => nr.start_port <= r.end_port && r.start_port <= nr.end_port);
      if (overlap) return { port: Math.max(nr.start_port, overlap.start_port), listenerId: overlap.id };
      const width = nr.end_port - nr.start_port + 1;
      if (width <= single.size) {
        for (let p = nr.start_port; p <= nr.end_port; p++) {
          const id = single.get(p);
          if (id) return { port: p, listenerId: id };
        }
      } else {
        for (const [p, id] of single) if (p >= nr.start_port && p <= nr.end_port) return { port: p, listenerId: id };
      }
    }
    return null;
  }

  /** Whether a single port is free in a family. */
  isFree(family: PortFamily, port: number): boolean {
    return this.clash(family, port, []) === null;
  }
}

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
