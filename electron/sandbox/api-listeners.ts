/** Listener handlers: POST/GET /listeners, GET/PUT/DELETE /listeners/{id}, DELETE /listeners/{id}/force. */
import {
  assertNotBusy,
  checkQuota,
  type Ctx,
  hasFlavor,
  L4_PROTOCOLS,
  L7_PROTOCOLS,
  newId,
  type Reply,
  requireLb,
  touchLb,
} from './api-common';
import { badRequest, conflict, notFound } from './errors';
import type { FilterSpec } from './list';
import { apiTime, renderListener } from './render';
import { resource } from './resource';
import { portFamily } from './port-index';
import type { ListenerIpGroup, ListenerRec, LoadBalancerRec, PoolRec, PortRange } from './records';
import { ipgroupIds } from './state';
import {
  has,
  invalid,
  isObj,
  type Obj,
  onlyKnown,
  optBool,
  optEnum,
  optInt,
  optObj,
  optString,
  readTags,
  reqEnum,
  reqString,
  wrapped,
} from './validate';

export const P = 'listener';

/** Fields of HTTPS/TLS/QUIC/HTTP listeners that a TCP or UDP listener must not carry. */
const L7_ONLY_FIELDS = [
  'http2_enable',
  'default_tls_container_ref',
  'client_ca_tls_container_ref',
  'sni_container_refs',
  'sni_match_algo',
  'tls_ciphers_policy',
  'security_policy_id',
  'insert_headers',
  'enhance_l7policy_enable',
  'quic_config',
  'gzip_enable',
  'ssl_early_data_enable',
] as const;

export const UPDATABLE = [
  'name',
  'description',
  'default_pool_id',
  'admin_state_up',
  'keepalive_timeout',
  'client_timeout',
  'member_timeout',
  'enable_member_retry',
  'ipgroup',
  'transparent_client_ip_enable',
  'proxy_protocol_enable',
  'nat64_enable',
  'cps',
  'connection',
  'protection_status',
  'protection_reason',
  ...L7_ONLY_FIELDS,
] as const;

const CREATE_FIELDS = [
  ...UPDATABLE,
  'loadbalancer_id',
  'protocol',
  'protocol_port',
  'port_ranges',
  'tags',
  'project_id',
  'enterprise_project_id',
] as const;

export const IMMUTABLE = ['loadbalancer_id', 'protocol', 'protocol_port', 'port_ranges', 'project_id'];

const PROTOCOLS = ['TCP', 'UDP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS', 'QUIC', 'TLS', 'IP'] as const;

const FILTERS: FilterSpec<ListenerRec> = {
  id: (l) => l.id,
  name: (l) => l.name,
  description: (l) => l.description,
  loadbalancer_id: (l) => l.loadbalancer_id,
  protocol: (l) => l.protocol,
  protocol_port: (l) => l.protocol_port,
  default_pool_id: (l) => l.default_pool_id,
  keepalive_timeout: (l) => l.keepalive_timeout,
  client_timeout: (l) => l.client_timeout,
  member_timeout: (l) => l.member_timeout,
  transparent_client_ip_enable: (l) => l.transparent_client_ip_enable,
  enable_member_retry: (l) => l.enable_member_retry,
  default_tls_container_ref: (l) => l.default_tls_container_ref,
};

/** Which pool protocols a listener protocol accepts as its default pool. */
const POOL_FOR_LISTENER: Record<string, string[]> = {
  TCP: ['TCP'],
  UDP: ['UDP'],
  TLS: ['TLS', 'TCP'],
  HTTP: ['HTTP'],
  HTTPS: ['HTTP', 'HTTPS'],
  QUIC: ['UDP', 'QUIC'],
};

export function isL4(protocol: string): boolean {
  return protocol === 'TCP' || protocol === 'UDP';
}

export function isHttp(protocol: string): boolean {
  return protocol === 'HTTP' || protocol === 'HTTPS';
}

export function keepaliveRange(protocol: string): { min: number; max: number; def: number } {
  return isHttp(protocol) ? { min: 0, max: 4000, def: 60 } : { min: 10, max: 4000, def: 300 };
}

/** Whether an L7-only field carries a real value (null/false/''/[]/{} count as absent). */
function meaningful(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

export function readPortRanges(b: Obj, prefix = P): PortRange[] {
  const v = b.port_ranges;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) invalid(`${prefix}.port_ranges`, 'must be an array of {start_port, end_port}', v);
  if (v.length > 10) invalid(`${prefix}.port_ranges`, 'must have at most 10 ranges', `${v.length} ranges`);
  const ranges = v.map((r, i) => {
    const p = `${prefix}.port_ranges[${i}]`;
    if (!isObj(r)) invalid(p, 'must be an object {start_port, end_port}', r);
    onlyKnown(r, ['start_port', 'end_port'], p);
    const start = optInt(r, 'start_port', p, 1, 65535);
    const end = optInt(r, 'end_port', p, 1, 65535);
    if (start === undefined) invalid(`${p}.start_port`, 'is required (1-65535)');
    if (end === undefined) invalid(`${p}.end_port`, 'is required (1-65535)');
    if (start > end) invalid(p, 'start_port must not be greater than end_port', `${start}-${end}`);
    return { start_port: start, end_port: end };
  });
  const sorted = [...ranges].sort((a, b2) => a.start_port - b2.start_port);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.start_port <= prev.end_port) {
      invalid(`${prefix}.port_ranges`, 'ranges must not overlap', `${prev.start_port}-${prev.end_port} and ${cur.start_port}-${cur.end_port}`);
    }
  }
  return ranges;
}

export function readProtection(b: Obj, current?: ListenerRec): { status: ListenerRec['protection_status']; reason: string } {
  const status = optEnum(b, 'protection_status', P, ['nonProtection', 'consoleProtection'] as const) ?? current?.protection_status ?? 'nonProtection';
  const reason = optString(b, 'protection_reason', P, 255) ?? (current ? current.protection_reason : '');
  if (/[<>]/.test(reason)) invalid(`${P}.protection_reason`, 'must not contain < or >', reason);
  if (reason !== '' && status !== 'consoleProtection') invalid(`${P}.protection_reason`, 'is only used with protection_status consoleProtection');
  return { status, reason: status === 'consoleProtection' ? reason : '' };
}

/** Checks and resolves `default_pool_id` for a listener (404 / 400 / quota). */
export function checkDefaultPool(ctx: Ctx, poolId: string, protocol: string, lbId: string, listenerId: string | null): PoolRec {
  const pool = ctx.ps.pools.get(poolId);
  if (!pool) throw notFound('Pool', poolId);
  const ok = POOL_FOR_LISTENER[protocol] ?? [];
  if (!ok.includes(pool.protocol)) {
    invalid(`${P}.default_pool_id`, `a ${protocol} listener needs a ${ok.join(' or ')} pool, but pool ${poolId} is ${pool.protocol}`);
  }
  if (pool.loadbalancer_id && pool.loadbalancer_id !== lbId) {
    invalid(`${P}.default_pool_id`, `pool ${poolId} belongs to another load balancer (${pool.loadbalancer_id})`);
  }
  const users = ctx.ps.poolListeners.get(poolId);
  const already = listenerId !== null && users?.has(listenerId) === true;
  if (!already) {
    const limit = ctx.ps.quota.listeners_per_pool;
    const used = users?.size ?? 0;
    if (limit !== undefined && limit >= 0 && used + 1 > limit) {
      throw conflict(`Quota exceeded for resource 'listeners_per_pool': pool ${poolId} already serves ${used} listeners (limit ${limit}).`);
    }
  }
  return pool;
}

/** Checks and resolves `ipgroup` (every ID must exist; ≤ ipgroups_per_listener; bindings quota). */
export function readIpGroup(ctx: Ctx, b: Obj, current: ListenerIpGroup | null, listenerId: string | null): ListenerIpGroup | null {
  if (!('ipgroup' in b)) return current;
  const update = listenerId !== null;
  const off = 'to turn access control off send {"enable_ipgroup": false}';
  if (b.ipgroup === null) {
    if (update) invalid(`${P}.ipgroup`, `must not be null on update; ${off}`, null);
    return null;
  }
  const ig = optObj(b, 'ipgroup', P);
  if (!ig) return current;
  const p = `${P}.ipgroup`;
  onlyKnown(ig, ['ipgroup_id', 'enable_ipgroup', 'type'], p);
  if (update && 'ipgroup_id' in ig && ig.ipgroup_id === null) invalid(`${p}.ipgroup_id`, `must not be null; ${off}`, null);
  const idRaw = optString(ig, 'ipgroup_id', p, 200) ?? current?.ipgroup_id;
  if (idRaw === undefined || idRaw.trim() === '') invalid(`${p}.ipgroup_id`, 'is required (one ID, or several separated by commas)');
  const groupIds = ipgroupIds({ ipgroup_id: idRaw, enable_ipgroup: true, type: 'white' });
  if (groupIds.length === 0) invalid(`${p}.ipgroup_id`, 'is required (one ID, or several separated by commas)');
  if (new Set(groupIds).size !== groupIds.length) invalid(`${p}.ipgroup_id`, 'must not repeat an ID', idRaw);
  const perListener = ctx.ps.quota.ipgroups_per_listener ?? 5;
  if (perListener >= 0 && groupIds.length > perListener) {
    invalid(`${p}.ipgroup_id`, `at most ${perListener} IP address groups per listener`, `${groupIds.length} groups`);
  }
  const bindingLimit = ctx.ps.quota.ipgroup_bindings ?? -1;
  for (const gid of groupIds) {
    if (!ctx.ps.ipgroups.has(gid)) throw notFound('IP address group', gid);
    const bound = ctx.ps.ipgroupListeners.get(gid);
    const already = listenerId !== null && bound?.has(listenerId) === true;
    if (!already && bindingLimit >= 0 && (bound?.size ?? 0) + 1 > bindingLimit) {
      throw conflict(`Quota exceeded for resource 'ipgroup_bindings': IP address group ${gid} is already used by ${bound?.size ?? 0} listeners (limit ${bindingLimit}).`);
    }
  }
  const enable = optBool(ig, 'enable_ipgroup', p) ?? current?.enable_ipgroup ?? true;
  const type = optEnum(ig, 'type', p, ['white', 'black'] as const) ?? current?.type ?? 'white';
  return { ipgroup_id: groupIds.join(','), enable_ipgroup: enable, type };
}

/** Transparent client IP and nat64 on a dedicated LB: transparent is always on unless nat64 is on. */
export function resolveTransparentNat64(
  ctx: Ctx,
  b: Obj,
  protocol: string,
  current: { transparent: boolean; nat64: boolean } | null,
): { transparent: boolean; nat64: boolean } {
  const nat64In = optBool(b, 'nat64_enable', P);
  const transparentIn = optBool(b, 'transparent_client_ip_enable', P);
  const nat64 = nat64In ?? current?.nat64 ?? false;
  if (nat64In === true) {
    if (!isL4(protocol)) invalid(`${P}.nat64_enable`, 'IPv4/IPv6 translation is only available for TCP and UDP listeners', true);
    if (!ctx.ps.features.nat64) invalid(`${P}.nat64_enable`, `IPv4/IPv6 translation is not supported in region ${ctx.ps.region}`, true);
  }
  if (nat64 && transparentIn === true) {
    invalid(`${P}.transparent_client_ip_enable`, 'cannot be true together with nat64_enable (IPv4/IPv6 translation)', true);
  }
  if (!nat64 && transparentIn === false) {
    invalid(`${P}.transparent_client_ip_enable`, 'dedicated load balancers only accept true (false is only possible with nat64_enable)', false);
  }
  return { transparent: !nat64, nat64 };
}

export function checkL7Fields(b: Obj, protocol: string): void {
  if (isL4(protocol)) {
    for (const f of L7_ONLY_FIELDS) {
      if (meaningful(b[f])) invalid(`${P}.${f}`, `is not supported for ${protocol} listeners`, b[f]);
    }
  }
}

export function lbAccepts(lb: LoadBalancerRec, protocol: string): boolean {
  const l4 = hasFlavor(lb.l4_flavor_id);
  const l7 = hasFlavor(lb.l7_flavor_id);
  if (!l4 && !l7) return true;
  if (L4_PROTOCOLS.includes(protocol)) return l4;
  if (L7_PROTOCOLS.includes(protocol)) return l7;
  return false;
}

/** POST /listeners */
export function createListener(ctx: Ctx): Reply {
  const b = wrapped(ctx.body, P);
  onlyKnown(b, CREATE_FIELDS, P);
  const lbId = reqString(b, 'loadbalancer_id', P, 36);
  const protocol = reqEnum(b, 'protocol', P, PROTOCOLS);
  if (protocol === 'TERMINATED_HTTPS') invalid(`${P}.protocol`, 'TERMINATED_HTTPS is only for shared load balancers', protocol);
  if (protocol === 'IP') invalid(`${P}.protocol`, 'IP listeners are only for gateway load balancers', protocol);
  const portIn = optInt(b, 'protocol_port', P, 0, 65535);
  const ranges = readPortRanges(b);
  const port = portIn ?? 0;
  if (port > 0 && ranges.length > 0) invalid(`${P}.port_ranges`, 'can only be given when protocol_port is 0 or omitted');
  if (port === 0) {
    if (ranges.length === 0) invalid(`${P}.protocol_port`, 'is required (1-65535) unless port_ranges is given', portIn);
    if (!['TCP', 'UDP', 'TLS'].includes(protocol)) invalid(`${P}.port_ranges`, 'port ranges are only for TCP, UDP and TLS listeners', protocol);
    if (!ctx.ps.features.portRanges) invalid(`${P}.port_ranges`, `listening on port ranges is not supported in region ${ctx.ps.region}`);
  }
  const name = optString(b, 'name', P, 255) ?? '';
  const description = optString(b, 'description', P, 255) ?? '';
  if (optBool(b, 'admin_state_up', P) === false) invalid(`${P}.admin_state_up`, 'only true is supported', false);
  const ka = keepaliveRange(protocol);
  const keepalive = optInt(b, 'keepalive_timeout', P, ka.min, ka.max) ?? ka.def;
  let clientTimeout: number | null = null;
  let memberTimeout: number | null = null;
  if (isHttp(protocol)) {
    clientTimeout = optInt(b, 'client_timeout', P, 1, 300) ?? 60;
    memberTimeout = optInt(b, 'member_timeout', P, 1, 300) ?? 60;
  } else {
    if (has(b, 'client_timeout')) invalid(`${P}.client_timeout`, 'is only for HTTP and HTTPS listeners', b.client_timeout);
    if (has(b, 'member_timeout')) invalid(`${P}.member_timeout`, 'is only for HTTP and HTTPS listeners', b.member_timeout);
  }
  const retryIn = optBool(b, 'enable_member_retry', P);
  if (retryIn !== undefined && !['HTTP', 'HTTPS', 'QUIC'].includes(protocol)) {
    invalid(`${P}.enable_member_retry`, 'dedicated load balancers accept it only for HTTP, HTTPS and QUIC listeners', retryIn);
  }
  const proxy = optBool(b, 'proxy_protocol_enable', P) ?? false;
  if (proxy && !['TCP', 'TLS'].includes(protocol)) invalid(`${P}.proxy_protocol_enable`, 'is only for TCP and TLS listeners', true);
  const cps = optInt(b, 'cps', P, 0, 1_000_000) ?? 0;
  const connection = optInt(b, 'connection', P, 0, 1_000_000) ?? 0;
  const tags = readTags(b, P) ?? [];
  const prot = readProtection(b);
  checkL7Fields(b, protocol);
  const tlsRef = optString(b, 'default_tls_container_ref', P, 128);
  if (['HTTPS', 'TLS', 'QUIC'].includes(protocol) && !tlsRef) {
    invalid(`${P}.default_tls_container_ref`, `is required for ${protocol} listeners (the sandbox does not model certificates: any non-empty ID is accepted)`);
  }
  const { transparent, nat64 } = resolveTransparentNat64(ctx, b, protocol, null);

  const lb = requireLb(ctx, lbId);
  if (!lbAccepts(lb, protocol)) {
    const kind = L4_PROTOCOLS.includes(protocol) ? 'network (TCP/UDP) flavor' : 'application (HTTP/HTTPS) flavor';
    throw badRequest(
      `Invalid input for field '${P}.protocol': load balancer ${lb.id} (${lb.name}) has no ${kind}, so it cannot have ${protocol} listeners.`,
    );
  }
  const poolId = optString(b, 'default_pool_id', P, 36);
  const pool = poolId ? checkDefaultPool(ctx, poolId, protocol, lb.id, null) : null;
  const ipgroup = readIpGroup(ctx, b, null, null);

  assertNotBusy(ctx, lb.id);
  checkQuota(ctx, 'listener', ctx.ps.listeners.size);
  checkQuota(ctx, 'listeners_per_loadbalancer', ctx.ps.lbListeners.get(lb.id)?.size ?? 0);
  const clash = ctx.ps.portIndex(lb.id).clash(portFamily(protocol), port, ranges);
  if (clash) {
    const other = ctx.ps.listeners.get(clash.listenerId);
    throw conflict(
      `Port ${clash.port} is already used by listener ${clash.listenerId} (${other?.protocol ?? '?'}${other?.name ? ` "${other.name}"` : ''}) on load balancer ${lb.id}.`,
    );
  }

  const time = apiTime(ctx.now);
  const rec: ListenerRec = {
    id: newId(),
    name,
    description,
    loadbalancer_id: lb.id,
    protocol,
    protocol_port: port,
    port_ranges: ranges,
    default_pool_id: null,
    keepalive_timeout: keepalive,
    client_timeout: clientTimeout,
    member_timeout: memberTimeout,
    ipgroup: null,
    transparent_client_ip_enable: transparent,
    proxy_protocol_enable: proxy,
    nat64_enable: nat64,
    enable_member_retry: ['HTTP', 'HTTPS', 'QUIC'].includes(protocol) ? (retryIn ?? true) : false,
    cps,
    connection,
    tags,
    default_tls_container_ref: tlsRef ?? null,
    http2_enable: isHttp(protocol) ? (optBool(b, 'http2_enable', P) ?? false) : false,
    protection_status: prot.status,
    protection_reason: prot.reason,
    created_at: time,
    updated_at: time,
  };
  ctx.ps.addListener(rec);
  if (pool) {
    ctx.ps.setListenerPool(rec, pool.id);
    if (!pool.loadbalancer_id) ctx.ps.setPoolLoadBalancer(pool, lb.id);
  }
  if (ipgroup) ctx.ps.setListenerIpgroup(rec, ipgroup);
  touchLb(ctx, lb.id);
  return { status: 201, body: { listener: renderListener(ctx.ps, rec) } };
}

/** Listeners: find/list/show and busy-guarded changes. */
export const LISTENERS = resource<ListenerRec>({
  one: 'listener',
  many: 'listeners',
  label: 'Listener',
  records: (ps) => ps.listeners,
  render: (ctx, l) => renderListener(ctx.ps, l),
  filters: FILTERS,
  lbOf: (_ctx, l) => l.loadbalancer_id,
});

/** GET /listeners */
export const listListeners = LISTENERS.list;

/** GET /listeners/{id} */
export const showListener = LISTENERS.show;
