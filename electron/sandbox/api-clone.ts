/**
 * POST /listeners/{id}/clone `{"target_listener_params":[CloneListenerOption…]}` (SDK clone_listener_request_body.py,
 * clone_listener_option.py) → 201 `{"listener_list":[{id, loadbalancer_id, protocol_port, port_ranges}], "job_id"}`
 * (clone_listener_response.py). All targets are checked before anything is created (all or nothing).
 */
import { assertNotBusy, checkQuota, type Ctx, newId, type Reply, requireLb, touchLb } from './api-common';
import { LISTENERS, lbAccepts, readPortRanges } from './api-listeners';
import { badRequest, conflict } from './errors';
import { apiTime } from './render';
import { PortIndex, portFamily } from './port-index';
import type { ListenerRec, LoadBalancerRec, MemberRec, PoolRec } from './records';
import { ipgroupIds } from './state';
import { invalid, isObj, onlyKnown, optArray, optBool, optInt, optString, reqString } from './validate';

/** Most targets in one clone call (the SDK gives no limit; the sandbox's choice). */
export const MAX_CLONE_TARGETS = 10;

interface Target {
  lb: LoadBalancerRec;
  rec: ListenerRec;
  /** Copy the source's pool (with members and monitor) onto the target LB; false = reuse it or there is none. */
  copyPool: boolean;
}

function readTarget(ctx: Ctx, src: ListenerRec, srcLb: LoadBalancerRec, srcPool: PoolRec | null, raw: unknown, p: string): Target {
  if (!isObj(raw)) invalid(p, 'must be an object', raw);
  onlyKnown(raw, ['name', 'loadbalancer_id', 'protocol_port', 'port_ranges', 'reuse_pool', 'subnet_mapping_list'], p);
  const nameIn = optString(raw, 'name', p, 255);
  const lbId = reqString(raw, 'loadbalancer_id', p, 36);
  const portIn = optInt(raw, 'protocol_port', p, 0, 65535);
  const ranges = readPortRanges(raw, p);
  const reuse = optBool(raw, 'reuse_pool', p) ?? false;
  if (raw.subnet_mapping_list !== undefined && raw.subnet_mapping_list !== null) {
    invalid(`${p}.subnet_mapping_list`, 'is not modelled by the sandbox (clone within the same VPC)');
  }
  const port = portIn ?? 0;
  if (port > 0 && ranges.length > 0) invalid(`${p}.port_ranges`, 'can only be given when protocol_port is 0 or omitted');
  if (port === 0) {
    if (ranges.length === 0) invalid(`${p}.protocol_port`, 'is required (1-65535) unless port_ranges is given', portIn);
    if (!['TCP', 'UDP', 'TLS'].includes(src.protocol)) invalid(`${p}.port_ranges`, 'port ranges are only for TCP, UDP and TLS listeners', src.protocol);
    if (!ctx.ps.features.portRanges) invalid(`${p}.port_ranges`, `listening on port ranges is not supported in region ${ctx.ps.region}`);
  }
  const lb = requireLb(ctx, lbId);
  if (!lbAccepts(lb, src.protocol)) {
    invalid(`${p}.loadbalancer_id`, `load balancer ${lb.id} (${lb.name}) cannot take ${src.protocol} listeners (wrong flavor type)`, lbId);
  }
  if (srcLb.ip_target_enable && !lb.ip_target_enable) {
    invalid(`${p}.loadbalancer_id`, `the source load balancer forwards to IP-type backends, so the target needs ip_target_enable too`, lbId);
  }
  if (srcPool && lb.vpc_id !== srcLb.vpc_id) {
    invalid(`${p}.loadbalancer_id`, `load balancer ${lb.id} is in another VPC: that needs subnet_mapping_list, which the sandbox does not model`, lbId);
  }
  if (reuse && srcPool && lb.id !== src.loadbalancer_id) {
    invalid(`${p}.reuse_pool`, 'true only works on the same load balancer in the sandbox (a group serving several load balancers is not modelled); send false to copy the group', true);
  }
  const time = apiTime(ctx.now);
  const rec: ListenerRec = {
    ...structuredClone(src),
    id: newId(),
    name: nameIn ? nameIn : `${src.name}-copy`,
    loadbalancer_id: lb.id,
    protocol_port: port,
    port_ranges: ranges,
    default_pool_id: null,
    ipgroup: null,
    created_at: time,
    updated_at: time,
  };
  return { lb, rec, copyPool: srcPool !== null && !reuse };
}

/** Refuses the clone when a quota would overflow. */
function checkCloneQuotas(ctx: Ctx, src: ListenerRec, srcPool: PoolRec | null, targets: Target[]): void {
  checkQuota(ctx, 'listener', ctx.ps.listeners.size, targets.length);
  const perLb = new Map<string, number>();
  for (const t of targets) perLb.set(t.lb.id, (perLb.get(t.lb.id) ?? 0) + 1);
  for (const [lbId, n] of perLb) checkQuota(ctx, 'listeners_per_loadbalancer', ctx.ps.lbListeners.get(lbId)?.size ?? 0, n);
  const copies = targets.filter((t) => t.copyPool).length;
  if (srcPool && copies > 0) {
    checkQuota(ctx, 'pool', ctx.ps.pools.size, copies);
    checkQuota(ctx, 'member', ctx.ps.members.size, copies * ctx.ps.membersOf(srcPool.id).length);
    if (srcPool.healthmonitor_id) checkQuota(ctx, 'healthmonitor', ctx.ps.healthmonitors.size, copies);
  }
  const reusing = targets.length - copies;
  if (srcPool && reusing > 0) {
    const users = ctx.ps.poolListeners.get(srcPool.id)?.size ?? 0;
    const limit = ctx.ps.quota.listeners_per_pool;
    if (limit !== undefined && limit >= 0 && users + reusing > limit) {
      throw conflict(`Quota exceeded for resource 'listeners_per_pool': pool ${srcPool.id} already serves ${users} listeners (limit ${limit}).`);
    }
  }
  const bindingLimit = ctx.ps.quota.ipgroup_bindings ?? -1;
  for (const gid of ipgroupIds(src.ipgroup)) {
    const bound = ctx.ps.ipgroupListeners.get(gid)?.size ?? 0;
    if (bindingLimit >= 0 && bound + targets.length > bindingLimit) {
      throw conflict(`Quota exceeded for resource 'ipgroup_bindings': IP address group ${gid} is already used by ${bound} listeners (limit ${bindingLimit}).`);
    }
  }
}

/** Refuses a target whose port is taken on its LB, by an existing listener or by an earlier target. */
function checkPorts(ctx: Ctx, targets: Target[]): void {
  const planned = new Map<string, PortIndex>();
  for (const { lb, rec } of targets) {
    const family = portFamily(rec.protocol);
    const clash = ctx.ps.portIndex(lb.id).clash(family, rec.protocol_port, rec.port_ranges);
    const mine = planned.get(lb.id)?.clash(family, rec.protocol_port, rec.port_ranges) ?? null;
    const hit = clash ?? mine;
    if (hit) {
      const by = clash ? `listener ${hit.listenerId}` : 'another target of this clone';
      throw conflict(`Port ${hit.port} is already used by ${by} on load balancer ${lb.id}.`);
    }
    let idx = planned.get(lb.id);
    if (!idx) {
      idx = new PortIndex();
      planned.set(lb.id, idx);
    }
    idx.add(rec);
  }
}

/** Copies a pool with its members and health monitor onto `lbId`. */
function copyPool(ctx: Ctx, src: PoolRec, lbId: string): PoolRec {
  const time = apiTime(ctx.now);
  const pool: PoolRec = { ...structuredClone(src), id: newId(), name: `${src.name}-copy`, loadbalancer_id: lbId, healthmonitor_id: null, created_at: time, updated_at: time };
  ctx.ps.addPool(pool);
  for (const m of ctx.ps.membersOf(src.id)) {
    const copy: MemberRec = { ...structuredClone(m), id: newId(), pool_id: pool.id, created_at: time, updated_at: time };
    ctx.ps.addMember(copy);
  }
  const hm = src.healthmonitor_id ? ctx.ps.healthmonitors.get(src.healthmonitor_id) : undefined;
  if (hm) ctx.ps.addHealthMonitor({ ...structuredClone(hm), id: newId(), pool_id: pool.id, created_at: time, updated_at: time });
  return pool;
}

/** POST /listeners/{id}/clone */
export function cloneListener(ctx: Ctx): Reply {
  const src = LISTENERS.get(ctx);
  const b = ctx.body;
  if (!isObj(b)) throw badRequest("The request body must be a JSON object with the key 'target_listener_params'.");
  onlyKnown(b, ['target_listener_params'], 'body');
  const arr = optArray(b, 'target_listener_params', 'body', MAX_CLONE_TARGETS);
  if (arr === undefined || arr.length === 0) invalid('target_listener_params', `is required (1-${MAX_CLONE_TARGETS} targets)`);
  const srcLb = requireLb(ctx, src.loadbalancer_id);
  const srcPool = src.default_pool_id ? (ctx.ps.pools.get(src.default_pool_id) ?? null) : null;
  const targets = arr.map((raw, i) => readTarget(ctx, src, srcLb, srcPool, raw, `target_listener_params[${i}]`));
  for (const lbId of new Set(targets.map((t) => t.lb.id))) assertNotBusy(ctx, lbId);
  checkCloneQuotas(ctx, src, srcPool, targets);
  checkPorts(ctx, targets);

  for (const t of targets) {
    ctx.ps.addListener(t.rec);
    if (srcPool) ctx.ps.setListenerPool(t.rec, t.copyPool ? copyPool(ctx, srcPool, t.lb.id).id : srcPool.id);
    if (src.ipgroup) ctx.ps.setListenerIpgroup(t.rec, { ...src.ipgroup });
    touchLb(ctx, t.lb.id);
  }
  return {
    status: 201,
    body: {
      listener_list: targets.map(({ rec }) => ({
        id: rec.id,
        loadbalancer_id: rec.loadbalancer_id,
        protocol_port: rec.protocol_port,
        port_ranges: rec.port_ranges.map((r) => ({ ...r })),
      })),
      job_id: newId(),
    },
  };
}
