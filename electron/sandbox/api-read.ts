/** Read-only handlers: load balancers (list/show/statuses), flavors, quotas, VPC subnets. */
import { type Ctx, param, type Reply, requireLb } from './api-common';
import type { FilterSpec } from './list';
import { renderFlavor, renderLoadBalancer } from './render';
import { resource } from './resource';
import type { FlavorRec, LoadBalancerRec, SubnetRec } from './records';
import type { ProjectState } from './state';

const LB_FILTERS: FilterSpec<LoadBalancerRec> = {
  id: (lb) => lb.id,
  name: (lb) => lb.name,
  description: (lb) => lb.description,
  guaranteed: (lb) => lb.guaranteed,
  vpc_id: (lb) => lb.vpc_id,
  vip_address: (lb) => lb.vip_address,
  vip_subnet_cidr_id: (lb) => lb.vip_subnet_cidr_id,
  vip_port_id: (lb) => lb.vip_port_id,
  ipv6_vip_address: (lb) => lb.ipv6_vip_address,
  l4_flavor_id: (lb) => lb.l4_flavor_id,
  l7_flavor_id: (lb) => lb.l7_flavor_id,
  availability_zone_list: (lb) => lb.availability_zone_list,
  operating_status: (lb) => lb.operating_status,
  ip_target_enable: (lb) => lb.ip_target_enable,
  publicips: (lb) => lb.eips.map((e) => e.eip_address),
  eips: (lb) => lb.eips.map((e) => e.eip_address),
};

const FLAVOR_FILTERS: FilterSpec<FlavorRec> = {
  id: (f) => f.id,
  name: (f) => f.name,
  type: (f) => f.type,
  shared: (f) => f.shared,
  public_border_group: (f) => f.public_border_group,
  category: (f) => f.category,
  flavor_sold_out: (f) => f.flavor_sold_out,
};

const LOADBALANCERS = resource<LoadBalancerRec>({
  one: 'loadbalancer',
  many: 'loadbalancers',
  label: 'Load balancer',
  records: (ps) => ps.loadbalancers,
  render: (ctx, lb) => renderLoadBalancer(ctx.ps, lb, ctx.now),
  filters: LB_FILTERS,
  lbOf: (_ctx, lb) => lb.id,
});

const FLAVORS = resource<FlavorRec>({
  one: 'flavor',
  many: 'flavors',
  label: 'Flavor',
  records: (ps) => ps.flavors,
  render: (ctx, f) => renderFlavor(ctx.ps, f),
  filters: FLAVOR_FILTERS,
  lbOf: () => null,
});

/** GET /loadbalancers */
export const listLoadBalancers = LOADBALANCERS.list;

/** GET /loadbalancers/{id} */
export const showLoadBalancer = LOADBALANCERS.show;

/** GET /loadbalancers/{id}/statuses: the status tree LB → listeners → pools → members/monitor. */
export function loadBalancerStatuses(ctx: Ctx): Reply {
  const ps = ctx.ps;
  const lb = requireLb(ctx, param(ctx, 0));
  const prov = ps.isBusy(lb.id, ctx.now) ? 'PENDING_UPDATE' : 'ACTIVE';
  const poolTree = (poolId: string): Record<string, unknown> | null => {
    const p = ps.pools.get(poolId);
    if (!p) return null;
    const hm = p.healthmonitor_id ? ps.healthmonitors.get(p.healthmonitor_id) : undefined;
    return {
      id: p.id,
      name: p.name,
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
      healthmonitor: hm ? { id: hm.id, name: hm.name, type: hm.type, provisioning_status: 'ACTIVE' } : {},
      members: ps.membersOf(p.id).map((m) => ({
        id: m.id,
        name: m.name,
        address: m.address,
        protocol_port: m.protocol_port,
        provisioning_status: 'ACTIVE',
        operating_status: m.operating_status,
      })),
    };
  };
  const listeners = [...(ps.lbListeners.get(lb.id) ?? [])].map((lid) => {
    const l = ps.listeners.get(lid);
    return {
      id: lid,
      name: l?.name ?? '',
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
      pools: l?.default_pool_id ? [poolTree(l.default_pool_id)].filter((x) => x !== null) : [],
      l7policies: [],
    };
  });
  const pools = [...(ps.lbPools.get(lb.id) ?? [])].map(poolTree).filter((x) => x !== null);
  return {
    status: 200,
    body: {
      statuses: {
        loadbalancer: {
          id: lb.id,
          name: lb.name,
          provisioning_status: prov,
          operating_status: lb.operating_status,
          listeners,
          pools,
        },
      },
    },
  };
}

/** GET /flavors */
export const listFlavors = FLAVORS.list;

/** GET /flavors/{id} */
export const showFlavor = FLAVORS.show;

/** GET /quotas: limits only (−1 = no limit). */
export function showQuota(ctx: Ctx): Reply {
  return { status: 200, body: { quota: { ...ctx.ps.quota, project_id: ctx.ps.projectId } } };
}

function maxSize(m: Map<string, { size: number }>): number {
  let max = 0;
  for (const s of m.values()) if (s.size > max) max = s.size;
  return max;
}

/**
 * Usage per quota key. Per-resource keys (members_per_pool, listeners_per_loadbalancer, …) report the largest
 * current value (e.g. the pool with the most members).
 */
export function quotaUsage(ps: ProjectState): Record<string, number> {
  return {
    loadbalancer: ps.loadbalancers.size,
    listener: ps.listeners.size,
    pool: ps.pools.size,
    member: ps.members.size,
    healthmonitor: ps.healthmonitors.size,
    ipgroup: ps.ipgroups.size,
    certificate: 0,
    l7policy: 0,
    security_policy: 0,
    condition_per_policy: 0,
    members_per_pool: maxSize(ps.poolMembers),
    listeners_per_pool: maxSize(ps.poolListeners),
    listeners_per_loadbalancer: maxSize(ps.lbListeners),
    ipgroup_bindings: maxSize(ps.ipgroupListeners),
    ipgroup_max_length: Math.max(0, ...[...ps.ipgroups.values()].map((g) => g.ip_list.length)),
    ipgroups_per_listener: Math.max(
      0,
      ...[...ps.listeners.values()].filter((l) => l.ipgroup).map((l) => (l.ipgroup?.ipgroup_id.split(',').length ?? 0)),
    ),
  };
}

/** GET /quotas/details?quota_key=…: limits + usage. */
export function quotaDetails(ctx: Ctx): Reply {
  const keys = ctx.query.getAll('quota_key');
  const usage = quotaUsage(ctx.ps);
  const all = Object.keys(ctx.ps.quota);
  const wanted = keys.length > 0 ? all.filter((k) => keys.includes(k)) : all;
  return {
    status: 200,
    body: {
      quotas: wanted.map((k) => ({ quota_key: k, quota_limit: ctx.ps.quota[k] ?? -1, used: usage[k] ?? 0, unit: 'count' })),
    },
  };
}

/** GET /v1/{project_id}/subnets (VPC API, for the member subnet picker): neutron IDs included. */
export function listSubnets(ps: ProjectState, query: URLSearchParams): Record<string, unknown> {
  const vpc = query.getAll('vpc_id');
  const subnets = ps.subnets.filter((s) => vpc.length === 0 || vpc.includes(s.vpc_id));
  return { subnets: subnets.map((s: SubnetRec) => ({ ...s, status: 'ACTIVE', tenant_id: ps.projectId })) };
}
