/**
 * Pure mapping from ELB v3 JSON (api-types.ts) to the cached inventory shapes (shared/model/inventory.ts).
 * Tolerant of missing fields: `""` and missing values become null (or the schema's empty value), never a throw.
 */
import type { Flavor, HealthMonitor, IpGroup, LbType, Listener, LoadBalancer, Member, Pool, Quota } from '../../../shared/model/inventory';
import type {
  ApiFlavor,
  ApiHealthMonitor,
  ApiIpGroup,
  ApiListener,
  ApiLoadBalancer,
  ApiMember,
  ApiPool,
  ApiQuota,
  ApiQuotaDetail,
  ApiQuotaSet,
  ApiRef,
} from './api-types';

const MAX = 4096;

/** A string, clipped to the schema's limit; null/undefined → ''. */
function text(v: unknown): string {
  if (typeof v === 'string') return v.length > MAX ? v.slice(0, MAX) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** A non-empty string or null (`""` counts as absent). */
function opt(v: unknown): string | null {
  const t = text(v);
  return t === '' ? null : t;
}

/** An integer or null. */
function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

function ids(refs: ApiRef[] | null | undefined): string[] {
  if (!Array.isArray(refs)) return [];
  const out: string[] = [];
  for (const r of refs) if (r && typeof r.id === 'string' && r.id !== '') out.push(r.id);
  return out;
}

/** Flavor lookup: a Map or a plain record of flavors (API or normalised; only `type` is read). */
export type FlavorLookup = ReadonlyMap<string, { type?: string | null }> | Readonly<Record<string, { type?: string | null } | undefined>>;

function lookup(flavors: FlavorLookup | undefined, id: string): { type?: string | null } | undefined {
  if (!flavors) return undefined;
  if (flavors instanceof Map) return (flavors as ReadonlyMap<string, { type?: string | null }>).get(id);
  return Object.prototype.hasOwnProperty.call(flavors, id) ? (flavors as Record<string, { type?: string | null } | undefined>)[id] : undefined;
}

/** The layer of a flavor type (`L4`, `L4_elastic_max` → 4; `L7…` → 7; anything else → null). */
function layerOf(type: string | null | undefined): 4 | 7 | null {
  if (!type) return null;
  if (/^L4/i.test(type)) return 4;
  if (/^L7/i.test(type)) return 7;
  return null;
}

/**
 * The load balancer type from its flavor IDs (elb-v3-api.md §3): both → 'both', only L4 → 'network', only L7 →
 * 'application', none → 'unknown'. When the flavor is known its `type` decides its layer, else its slot does.
 */
export function lbTypeOf(api: Pick<ApiLoadBalancer, 'l4_flavor_id' | 'l7_flavor_id'>, flavorsById?: FlavorLookup): LbType {
  let l4 = false;
  let l7 = false;
  for (const [slot, id] of [
    [4, opt(api.l4_flavor_id)],
    [7, opt(api.l7_flavor_id)],
  ] as const) {
    if (id === null) continue;
    const layer = layerOf(lookup(flavorsById, id)?.type) ?? slot;
    if (layer === 4) l4 = true;
    else l7 = true;
  }
  if (l4 && l7) return 'both';
  if (l4) return 'network';
  if (l7) return 'application';
  return 'unknown';
}

/** Load balancer. */
export function toLoadBalancer(api: ApiLoadBalancer, flavorsById?: FlavorLookup): LoadBalancer {
  const publicIps: LoadBalancer['publicIps'] = [];
  const seen = new Set<string>();
  const add = (address: unknown, version: unknown): void => {
    const a = opt(address);
    if (a === null || seen.has(a)) return;
    seen.add(a);
    publicIps.push({ address: a, ipVersion: int(version) ?? (a.includes(':') ? 6 : 4) });
  };
  for (const e of api.eips ?? []) add(e?.eip_address, e?.ip_version);
  for (const p of api.publicips ?? []) add(p?.publicip_address, p?.ip_version);
  return {
    id: text(api.id),
    name: text(api.name),
    description: text(api.description),
    provisioningStatus: text(api.provisioning_status),
    operatingStatus: text(api.operating_status),
    availabilityZones: Array.isArray(api.availability_zone_list) ? api.availability_zone_list.filter((z) => typeof z === 'string').map(text) : [],
    vipAddress: opt(api.vip_address),
    ipv6VipAddress: opt(api.ipv6_vip_address),
    publicIps,
    l4FlavorId: opt(api.l4_flavor_id),
    l7FlavorId: opt(api.l7_flavor_id),
    type: lbTypeOf(api, flavorsById),
    ipTargetEnable: api.ip_target_enable === true,
    vpcId: opt(api.vpc_id),
    listenerIds: ids(api.listeners),
    poolIds: ids(api.pools),
  };
}

/** Listener. Port 0/absent (port-range mode) becomes null. */
export function toListener(api: ApiListener): Listener {
  const port = int(api.protocol_port);
  const ig = api.ipgroup;
  const ipGroupId = ig ? opt(ig.ipgroup_id) : null;
  const lbId = ids(api.loadbalancers)[0] ?? opt((api as { loadbalancer_id?: unknown }).loadbalancer_id) ?? '';
  const listener: Listener = {
    id: text(api.id),
    name: text(api.name),
    description: text(api.description),
    loadBalancerId: lbId,
    protocol: text(api.protocol),
    port: port === null || port === 0 ? null : port,
    portRanges: Array.isArray(api.port_ranges) && api.port_ranges.length > 0
      ? api.port_ranges.flatMap((r) => {
          const start = int(r?.start_port);
          const end = int(r?.end_port);
          return start === null || end === null ? [] : [{ start, end }];
        })
      : [],
    defaultPoolId: opt(api.default_pool_id),
    keepaliveTimeout: int(api.keepalive_timeout),
    cps: int(api.cps),
    connection: int(api.connection),
    ipGroup: ig && ipGroupId !== null ? { id: ipGroupId, type: ig.type === 'black' ? 'black' : 'white', enabled: ig.enable_ipgroup !== false } : null,
    transparentClientIp: api.transparent_client_ip_enable === true,
    proxyProtocol: api.proxy_protocol_enable === true,
    nat64: api.nat64_enable === true,
    tags: Array.isArray(api.tags) && api.tags.length > 0 ? api.tags.filter((t) => t && typeof t.key === 'string').map((t) => ({ key: text(t.key), value: text(t.value) })) : [],
    createdAt: opt(api.created_at),
  };
  // Only when the API says: an edit draft keeps it as the base's version (conflict check).
  if (typeof api.updated_at === 'string' && api.updated_at !== '') listener.updatedAt = api.updated_at;
  return listener;
}

/** Pool (backend server group). */
export function toPool(api: ApiPool): Pool {
  const sp = api.session_persistence;
  const cd = api.connection_drain;
  return {
    id: text(api.id),
    name: text(api.name),
    description: text(api.description),
    protocol: text(api.protocol),
    algorithm: text(api.lb_algorithm),
    loadBalancerIds: ids(api.loadbalancers),
    listenerIds: ids(api.listeners),
    healthMonitorId: opt(api.healthmonitor_id),
    sessionPersistence: sp && opt(sp.type) !== null ? { type: text(sp.type), timeoutMinutes: int(sp.persistence_timeout) } : null,
    connectionDrain: cd ? { enabled: cd.enable === true, timeoutSeconds: int(cd.timeout) } : null,
    ipVersion: opt(api.ip_version),
    type: opt(api.type),
    anyPortEnable: api.any_port_enable === true,
    memberRemovalProtection: api.member_deletion_protection_enable === true,
  };
}

const STATUS_RANK: Record<string, number> = { OFFLINE: 5, UNKNOWN: 4, INITIAL: 3, NO_MONITOR: 2, ONLINE: 1 };

/**
 * Member (backend server). The per-listener `status[]` wins over `operating_status` when present; with several
 * listeners the worst one is shown (OFFLINE > UNKNOWN > INITIAL > NO_MONITOR > ONLINE).
 */
export function toMember(api: ApiMember, poolId: string): Member {
  let status = text(api.operating_status);
  const per = Array.isArray(api.status) ? api.status.map((s) => text(s?.operating_status)).filter((s) => s !== '') : [];
  if (per.length > 0) status = per.reduce((worst, s) => ((STATUS_RANK[s] ?? 0) > (STATUS_RANK[worst] ?? 0) ? s : worst));
  return {
    id: text(api.id),
    poolId: poolId || text(api.pool_id),
    name: text(api.name),
    address: text(api.address),
    port: int(api.protocol_port),
    weight: int(api.weight),
    operatingStatus: status,
    subnetId: opt(api.subnet_cidr_id),
    ipVersion: opt(api.ip_version),
    memberType: opt(api.member_type),
  };
}

/** Health monitor (health check). */
export function toHealthMonitor(api: ApiHealthMonitor): HealthMonitor {
  return {
    id: text(api.id),
    poolId: ids(api.pools)[0] ?? opt(api.pool_id),
    type: text(api.type),
    delay: int(api.delay),
    timeout: int(api.timeout),
    maxRetries: int(api.max_retries),
    maxRetriesDown: int(api.max_retries_down),
    monitorPort: int(api.monitor_port),
    urlPath: opt(api.url_path),
    expectedCodes: opt(api.expected_codes),
    httpMethod: opt(api.http_method),
    domainName: opt(api.domain_name),
  };
}

/** IP address group. */
export function toIpGroup(api: ApiIpGroup): IpGroup {
  return {
    id: text(api.id),
    name: text(api.name),
    description: text(api.description),
    entries: Array.isArray(api.ip_list)
      ? api.ip_list.filter((e) => e && typeof e.ip === 'string').map((e) => ({ ip: text(e.ip), description: text(e.description) }))
      : [],
    listenerIds: ids(api.listeners),
  };
}

/** Flavor; connection and cps come from `info`. */
export function toFlavor(api: ApiFlavor): Flavor {
  return {
    id: text(api.id),
    name: text(api.name),
    type: text(api.type),
    connection: int(api.info?.connection),
    cps: int(api.info?.cps),
  };
}

function isQuotaSet(v: ApiQuotaSet | ApiQuota): v is ApiQuotaSet {
  return typeof v === 'object' && v !== null && typeof (v as { quota?: unknown }).quota === 'object' && (v as { quota?: unknown }).quota !== null && 'details' in v;
}

/**
 * Quotas: limits from GET /quotas (numeric keys only; −1 = no limit), overlaid with limits and usage from
 * GET /quotas/details. Accepts what `ElbClient.getQuotas()` returns, or the bare `quota` object.
 */
export function toQuota(input: ApiQuotaSet | ApiQuota, details?: ApiQuotaDetail[] | null): Quota {
  const quota: ApiQuota = isQuotaSet(input) ? input.quota : input;
  const det = details ?? (isQuotaSet(input) ? input.details : null) ?? [];
  const out: Quota = {};
  for (const [k, v] of Object.entries(quota)) {
    const limit = int(v);
    if (limit === null || typeof v !== 'number' || k.length > 64) continue;
    out[k] = { limit, used: null };
  }
  for (const d of det) {
    if (!d || typeof d.quota_key !== 'string' || d.quota_key.length > 64) continue;
    const prev = out[d.quota_key];
    const limit = int(d.quota_limit) ?? prev?.limit;
    if (limit === undefined) continue;
    out[d.quota_key] = { limit, used: int(d.used) };
  }
  return out;
}
