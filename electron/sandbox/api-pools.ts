/** Pool handlers: POST/GET /pools, GET/PUT/DELETE /pools/{id}, DELETE /pools/{id}/delete-cascade. */
import { assertNotBusy, checkQuota, type Ctx, newId, type Reply, requireLb, touchLb } from './api-common';
import { badRequest, conflict, notFound } from './errors';
import type { FilterSpec } from './list';
import { apiTime, renderPool } from './render';
import { resource } from './resource';
import type { ListenerRec, PoolRec } from './records';
import {
  type Obj,
  invalid,
  onlyKnown,
  optBool,
  optEnum,
  optInt,
  optObj,
  optString,
  reqEnum,
  wrapped,
} from './validate';

const P = 'pool';

const PROTOCOLS = ['TCP', 'UDP', 'IP', 'TLS', 'GRPC', 'HTTP', 'HTTPS', 'QUIC'] as const;
const ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'QUIC_CID', '2_TUPLE_HASH', '3_TUPLE_HASH', '5_TUPLE_HASH'] as const;
/** Pools that behave as L4 (session persistence is SOURCE_IP only, 1–60 min). */
const L4_POOLS = ['TCP', 'UDP', 'QUIC', 'TLS'];

const UPDATABLE = [
  'name',
  'description',
  'lb_algorithm',
  'session_persistence',
  'slow_start',
  'connection_drain',
  'type',
  'vpc_id',
  'admin_state_up',
  'member_deletion_protection_enable',
  'protection_status',
  'protection_reason',
  'pool_health',
  'az_affinity',
] as const;
const CREATE_FIELDS = [
  ...UPDATABLE,
  'protocol',
  'loadbalancer_id',
  'listener_id',
  'ip_version',
  'any_port_enable',
  'public_border_group',
  'quic_cid_hash_strategy',
  'enterprise_project_id',
  'project_id',
] as const;
const IMMUTABLE = ['protocol', 'loadbalancer_id', 'listener_id', 'ip_version', 'any_port_enable', 'project_id'];

/** Which listener protocols can use a pool protocol as default pool. */
const LISTENER_FOR_POOL: Record<string, string[]> = {
  TCP: ['TCP', 'TLS'],
  UDP: ['UDP', 'QUIC'],
  TLS: ['TLS'],
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTPS'],
  QUIC: ['QUIC'],
  GRPC: ['HTTPS'],
};

function filters(ctx: Ctx): FilterSpec<PoolRec> {
  return {
    id: (p) => p.id,
    name: (p) => p.name,
    description: (p) => p.description,
    loadbalancer_id: (p) => p.loadbalancer_id,
    listener_id: (p) => [...(ctx.ps.poolListeners.get(p.id) ?? [])],
    protocol: (p) => p.protocol,
    lb_algorithm: (p) => p.lb_algorithm,
    healthmonitor_id: (p) => p.healthmonitor_id,
    ip_version: (p) => p.ip_version,
    type: (p) => p.type,
    vpc_id: (p) => p.vpc_id,
    member_address: (p) => ctx.ps.membersOf(p.id).map((m) => m.address),
    member_deletion_protection_enable: (p) => p.member_deletion_protection_enable,
    protection_status: (p) => p.protection_status,
  };
}

function readSessionPersistence(b: Obj, protocol: string): PoolRec['session_persistence'] | undefined {
  if (!('session_persistence' in b)) return undefined;
  const sp = optObj(b, 'session_persistence', P);
  if (!sp) return null;
  const p = `${P}.session_persistence`;
  onlyKnown(sp, ['type', 'persistence_timeout', 'cookie_name'], p);
  const type = reqEnum(sp, 'type', p, ['SOURCE_IP', 'HTTP_COOKIE', 'APP_COOKIE'] as const);
  const l4 = L4_POOLS.includes(protocol);
  if (l4 && type !== 'SOURCE_IP') invalid(`${p}.type`, `${protocol} pools only support SOURCE_IP`, type);
  const timeout = l4 ? optInt(sp, 'persistence_timeout', p, 1, 60) ?? 1 : optInt(sp, 'persistence_timeout', p, 1, 1440) ?? 1440;
  const cookie = optString(sp, 'cookie_name', p, 1024);
  if (cookie !== undefined && type !== 'APP_COOKIE') invalid(`${p}.cookie_name`, 'is only used with type APP_COOKIE', cookie);
  if (type === 'APP_COOKIE' && !cookie) invalid(`${p}.cookie_name`, 'is required with type APP_COOKIE');
  return { type, persistence_timeout: timeout, cookie_name: cookie ?? null };
}

function readSlowStart(b: Obj, protocol: string): PoolRec['slow_start'] | undefined {
  if (!('slow_start' in b)) return undefined;
  const ss = optObj(b, 'slow_start', P);
  if (!ss) return null;
  const p = `${P}.slow_start`;
  onlyKnown(ss, ['enable', 'duration'], p);
  const enable = optBool(ss, 'enable', p) ?? false;
  const duration = optInt(ss, 'duration', p, 30, 1200) ?? 30;
  if (enable && protocol !== 'HTTP' && protocol !== 'HTTPS') invalid(`${p}.enable`, 'slow start is only for HTTP and HTTPS pools', true);
  return { enable, duration };
}

function readConnectionDrain(b: Obj, protocol: string): PoolRec['connection_drain'] | undefined {
  if (!('connection_drain' in b)) return undefined;
  const cd = optObj(b, 'connection_drain', P);
  if (!cd) return null;
  const p = `${P}.connection_drain`;
  onlyKnown(cd, ['enable', 'timeout'], p);
  const enable = optBool(cd, 'enable', p);
  if (enable === undefined) invalid(`${p}.enable`, 'is required');
  const timeout = optInt(cd, 'timeout', p, 10, 4000);
  if (enable && !['TCP', 'UDP', 'QUIC'].includes(protocol)) invalid(`${p}.enable`, 'connection drain is only for TCP, UDP and QUIC pools', true);
  if (enable && timeout === undefined) invalid(`${p}.timeout`, 'is required (10-4000 s) when enable is true');
  return { enable, timeout: timeout ?? 300 };
}

function readProtection(b: Obj, cur?: PoolRec): { status: PoolRec['protection_status']; reason: string } {
  const status = optEnum(b, 'protection_status', P, ['nonProtection', 'consoleProtection'] as const) ?? cur?.protection_status ?? 'nonProtection';
  const reason = optString(b, 'protection_reason', P, 255) ?? cur?.protection_reason ?? '';
  if (/[<>]/.test(reason)) invalid(`${P}.protection_reason`, 'must not contain < or >', reason);
  return { status, reason: status === 'consoleProtection' ? reason : '' };
}

function readPoolHealth(b: Obj): PoolRec['pool_health'] | undefined {
  if (!('pool_health' in b)) return undefined;
  const ph = optObj(b, 'pool_health', P);
  if (!ph) return null;
  onlyKnown(ph, ['minimum_healthy_member_count'], `${P}.pool_health`);
  return { minimum_healthy_member_count: optInt(ph, 'minimum_healthy_member_count', `${P}.pool_health`, 0, 1) ?? 0 };
}

function checkAlgorithm(alg: string, protocol: string): void {
  if (alg === 'QUIC_CID' && protocol !== 'QUIC') invalid(`${P}.lb_algorithm`, 'QUIC_CID is only for QUIC pools', alg);
  if (alg.endsWith('_TUPLE_HASH')) invalid(`${P}.lb_algorithm`, `${alg} is only for IP pools of gateway load balancers`, alg);
}

function knownVpc(ctx: Ctx, vpcId: string): boolean {
  return ctx.ps.subnets.some((s) => s.vpc_id === vpcId) || [...ctx.ps.loadbalancers.values()].some((lb) => lb.vpc_id === vpcId);
}

/** POST /pools */
export function createPool(ctx: Ctx): Reply {
  const b = wrapped(ctx.body, P);
  onlyKnown(b, CREATE_FIELDS, P);
  const protocol = reqEnum(b, 'protocol', P, PROTOCOLS);
  if (protocol === 'IP') invalid(`${P}.protocol`, 'IP pools are only for gateway load balancers', protocol);
  const alg = reqEnum(b, 'lb_algorithm', P, ALGORITHMS);
  checkAlgorithm(alg, protocol);
  const lbIdIn = optString(b, 'loadbalancer_id', P, 36);
  const listenerId = optString(b, 'listener_id', P, 36);
  const type = optEnum(b, 'type', P, ['instance', 'ip', ''] as const);
  if (!lbIdIn && !listenerId && type === undefined) {
    throw badRequest(`Invalid input for field '${P}': at least one of loadbalancer_id, listener_id and type is required.`);
  }
  const vpcId = optString(b, 'vpc_id', P, 36) ?? '';
  if (type === 'instance' && !vpcId) invalid(`${P}.vpc_id`, "is required when type is 'instance'");
  if (type === 'ip' && vpcId) invalid(`${P}.vpc_id`, "must not be given when type is 'ip'", vpcId);
  const name = optString(b, 'name', P, 255) ?? '';
  const description = optString(b, 'description', P, 255) ?? '';
  if (optBool(b, 'admin_state_up', P) === false) invalid(`${P}.admin_state_up`, 'only true is supported', false);
  const sp = readSessionPersistence(b, protocol) ?? null;
  const ss = readSlowStart(b, protocol) ?? null;
  const cd = readConnectionDrain(b, protocol) ?? null;
  const ipv = optEnum(b, 'ip_version', P, ['dualstack', 'v4'] as const) ?? (['TCP', 'UDP', 'QUIC'].includes(protocol) ? 'dualstack' : 'v4');
  if (ipv === 'dualstack' && !['TCP', 'UDP', 'QUIC'].includes(protocol)) invalid(`${P}.ip_version`, 'dualstack is only for TCP, UDP and QUIC pools', ipv);
  const anyPort = optBool(b, 'any_port_enable', P) ?? false;
  if (anyPort && !['TCP', 'UDP', 'QUIC'].includes(protocol)) invalid(`${P}.any_port_enable`, 'is only for TCP, UDP and QUIC pools', true);
  const delProt = optBool(b, 'member_deletion_protection_enable', P) ?? false;
  const prot = readProtection(b);
  const health = readPoolHealth(b) ?? null;

  let listener: ListenerRec | null = null;
  if (listenerId) {
    listener = ctx.ps.listeners.get(listenerId) ?? null;
    if (!listener) throw notFound('Listener', listenerId);
  }
  let lbId: string | null = null;
  if (lbIdIn) lbId = requireLb(ctx, lbIdIn).id;
  if (listener) {
    if (lbId && lbId !== listener.loadbalancer_id) {
      invalid(`${P}.loadbalancer_id`, `listener ${listener.id} belongs to load balancer ${listener.loadbalancer_id}`, lbId);
    }
    lbId = listener.loadbalancer_id;
    const ok = LISTENER_FOR_POOL[protocol] ?? [];
    if (!ok.includes(listener.protocol)) {
      invalid(`${P}.protocol`, `a ${protocol} pool cannot serve ${listener.protocol} listener ${listener.id}`, protocol);
    }
  }
  if (vpcId) {
    if (!knownVpc(ctx, vpcId)) throw notFound('VPC', vpcId);
    const lb = lbId ? ctx.ps.loadbalancers.get(lbId) : undefined;
    if (lb && lb.vpc_id !== vpcId) invalid(`${P}.vpc_id`, `must be the VPC of load balancer ${lb.id} (${lb.vpc_id})`, vpcId);
  }

  assertNotBusy(ctx, lbId);
  if (listener?.default_pool_id) {
    throw conflict(`Listener ${listener.id} already has a default pool (${listener.default_pool_id}).`);
  }
  checkQuota(ctx, 'pool', ctx.ps.pools.size);

  const time = apiTime(ctx.now);
  const rec: PoolRec = {
    id: newId(),
    name,
    description,
    protocol,
    lb_algorithm: alg,
    loadbalancer_id: lbId,
    healthmonitor_id: null,
    session_persistence: sp,
    slow_start: ss,
    connection_drain: cd,
    ip_version: ipv,
    type: type ?? '',
    vpc_id: vpcId,
    any_port_enable: anyPort,
    member_deletion_protection_enable: delProt,
    protection_status: prot.status,
    protection_reason: prot.reason,
    pool_health: health,
    created_at: time,
    updated_at: time,
  };
  ctx.ps.addPool(rec);
  if (listener) ctx.ps.setListenerPool(listener, rec.id);
  touchLb(ctx, lbId);
  return { status: 201, body: { pool: renderPool(ctx.ps, rec) } };
}

/** Pools: find/list/show and busy-guarded changes. */
export const POOLS = resource<PoolRec>({
  one: 'pool',
  many: 'pools',
  label: 'Pool',
  records: (ps) => ps.pools,
  render: (ctx, p) => renderPool(ctx.ps, p),
  filters,
  lbOf: (_ctx, p) => p.loadbalancer_id,
});

/** The pool in the path (or with this ID) or 404. */
export function requirePool(ctx: Ctx, id?: string): PoolRec {
  return POOLS.get(ctx, id);
}

/** GET /pools */
export const listPools = POOLS.list;

/** GET /pools/{id} */
export const showPool = POOLS.show;

/** PUT /pools/{id} */
export function updatePool(ctx: Ctx): Reply {
  const pool = POOLS.get(ctx);
  const b = wrapped(ctx.body, P);
  for (const k of Object.keys(b)) {
    if (IMMUTABLE.includes(k)) throw badRequest(`Invalid input for field '${P}.${k}': it cannot be changed.`);
  }
  onlyKnown(b, UPDATABLE, P);
  const name = optString(b, 'name', P, 255);
  const description = optString(b, 'description', P, 255);
  const alg = optEnum(b, 'lb_algorithm', P, ALGORITHMS);
  if (alg) checkAlgorithm(alg, pool.protocol);
  if (optBool(b, 'admin_state_up', P) === false) invalid(`${P}.admin_state_up`, 'only true is supported', false);
  const sp = readSessionPersistence(b, pool.protocol);
  const ss = readSlowStart(b, pool.protocol);
  const cd = readConnectionDrain(b, pool.protocol);
  const type = optEnum(b, 'type', P, ['instance', 'ip', ''] as const);
  if (type !== undefined && type !== pool.type && pool.type !== '') invalid(`${P}.type`, 'can only be set while it is still empty', type);
  const vpcId = optString(b, 'vpc_id', P, 36);
  if (vpcId !== undefined && vpcId !== pool.vpc_id && pool.vpc_id !== '') invalid(`${P}.vpc_id`, 'can only be set while it is still empty', vpcId);
  if (vpcId && !knownVpc(ctx, vpcId)) throw notFound('VPC', vpcId);
  const delProt = optBool(b, 'member_deletion_protection_enable', P);
  const prot = readProtection(b, pool);
  const health = readPoolHealth(b);

  return POOLS.change(ctx, pool, () => {
    if (name !== undefined) pool.name = name;
    if (description !== undefined) pool.description = description;
    if (alg) pool.lb_algorithm = alg;
    if (sp !== undefined) pool.session_persistence = sp;
    if (ss !== undefined) pool.slow_start = ss;
    if (cd !== undefined) pool.connection_drain = cd;
    if (type !== undefined) pool.type = type;
    if (vpcId !== undefined) pool.vpc_id = vpcId;
    if (delProt !== undefined) pool.member_deletion_protection_enable = delProt;
    if (health !== undefined) pool.pool_health = health;
    pool.protection_status = prot.status;
    pool.protection_reason = prot.reason;
  });
}

function checkDeletable(ctx: Ctx, pool: PoolRec, cascade: boolean): void {
  const users = ctx.ps.poolListeners.get(pool.id);
  if (users && users.size > 0) {
    throw conflict(`Pool ${pool.id} is still the default pool of listener(s) ${[...users].join(', ')}.`);
  }
  if (!cascade && pool.healthmonitor_id) {
    throw conflict(`Pool ${pool.id} still has health monitor ${pool.healthmonitor_id}; delete it first.`);
  }
  if (pool.member_deletion_protection_enable && (ctx.ps.poolMembers.get(pool.id)?.size ?? 0) > 0) {
    throw conflict(`Pool ${pool.id} has removal protection on (member_deletion_protection_enable) and still has members.`);
  }
}

/** DELETE /pools/{id}: refused while a listener or a health monitor still uses it; members go with it. */
export function deletePool(ctx: Ctx): Reply {
  const pool = POOLS.get(ctx);
  checkDeletable(ctx, pool, false);
  return POOLS.remove(ctx, pool, () => ctx.ps.removePool(pool.id));
}

/** DELETE /pools/{id}/delete-cascade: the pool with its members and health monitor. */
export function deletePoolCascade(ctx: Ctx): Reply {
  const pool = POOLS.get(ctx);
  checkDeletable(ctx, pool, true);
  return POOLS.remove(ctx, pool, () => ctx.ps.removePool(pool.id));
}
