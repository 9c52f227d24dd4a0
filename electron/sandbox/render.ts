/** Turns state records into ELB v3 JSON (relations such as `listeners[{id}]` are derived from the indexes). */
import type { FlavorRec, HealthMonitorRec, IpGroupRec, ListenerRec, LoadBalancerRec, MemberRec, PoolRec } from './records';
import type { ProjectState } from './state';

/** `yyyy-MM-ddTHH:mm:ssZ` (UTC, no milliseconds). */
export function apiTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ids = (set: Iterable<string> | undefined): { id: string }[] => [...(set ?? [])].map((id) => ({ id }));

/** A load balancer as the API returns it. */
export function renderLoadBalancer(ps: ProjectState, lb: LoadBalancerRec, now: number): Record<string, unknown> {
  return {
    id: lb.id,
    name: lb.name,
    description: lb.description,
    provisioning_status: ps.isBusy(lb.id, now) ? 'PENDING_UPDATE' : 'ACTIVE',
    operating_status: lb.operating_status,
    admin_state_up: true,
    provider: 'vlb',
    project_id: ps.projectId,
    enterprise_project_id: '0',
    guaranteed: lb.guaranteed,
    vpc_id: lb.vpc_id,
    vip_subnet_cidr_id: lb.vip_subnet_cidr_id,
    vip_address: lb.vip_address,
    vip_port_id: lb.vip_port_id,
    ipv6_vip_address: lb.ipv6_vip_address,
    ipv6_vip_virsubnet_id: lb.ipv6_vip_virsubnet_id,
    ipv6_vip_port_id: lb.ipv6_vip_port_id,
    availability_zone_list: [...lb.availability_zone_list],
    l4_flavor_id: lb.l4_flavor_id,
    l7_flavor_id: lb.l7_flavor_id,
    l4_scale_flavor_id: null,
    l7_scale_flavor_id: null,
    eips: lb.eips.map((e) => ({ ...e })),
    publicips: lb.eips.map((e) => ({ publicip_id: e.eip_id, publicip_address: e.eip_address, ip_version: e.ip_version })),
    listeners: ids(ps.lbListeners.get(lb.id)),
    pools: ids(ps.lbPools.get(lb.id)),
    elb_virsubnet_ids: [...lb.elb_virsubnet_ids],
    elb_virsubnet_type: lb.ipv6_vip_address ? 'dualstack' : 'ipv4',
    ip_target_enable: lb.ip_target_enable,
    autoscaling: { enable: false, min_l7_flavor_id: '' },
    deletion_protection_enable: lb.deletion_protection_enable,
    protection_status: 'nonProtection',
    protection_reason: '',
    charge_mode: 'flavor',
    billing_info: null,
    frozen_scene: null,
    public_border_group: 'center',
    waf_failure_action: '',
    tags: lb.tags.map((t) => ({ ...t })),
    created_at: lb.created_at,
    updated_at: lb.updated_at,
  };
}

/** A listener as the API returns it. */
export function renderListener(ps: ProjectState, l: ListenerRec): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    protocol: l.protocol,
    protocol_port: l.protocol_port,
    port_ranges: l.port_ranges.map((r) => ({ ...r })),
    loadbalancers: [{ id: l.loadbalancer_id }],
    default_pool_id: l.default_pool_id,
    admin_state_up: true,
    connection_limit: -1,
    keepalive_timeout: l.keepalive_timeout,
    client_timeout: l.client_timeout,
    member_timeout: l.member_timeout,
    ipgroup: l.ipgroup ? { ...l.ipgroup } : null,
    transparent_client_ip_enable: l.transparent_client_ip_enable,
    proxy_protocol_enable: l.proxy_protocol_enable,
    nat64_enable: l.nat64_enable,
    enable_member_retry: l.enable_member_retry,
    cps: l.cps,
    connection: l.connection,
    tags: l.tags.map((t) => ({ ...t })),
    default_tls_container_ref: l.default_tls_container_ref,
    client_ca_tls_container_ref: null,
    sni_container_refs: [],
    sni_match_algo: '',
    tls_ciphers_policy: null,
    security_policy_id: null,
    http2_enable: l.http2_enable,
    insert_headers: {},
    enhance_l7policy_enable: false,
    quic_config: null,
    gzip_enable: false,
    ssl_early_data_enable: false,
    protection_status: l.protection_status,
    protection_reason: l.protection_reason,
    project_id: ps.projectId,
    created_at: l.created_at,
    updated_at: l.updated_at,
  };
}

/** A pool as the API returns it. */
export function renderPool(ps: ProjectState, p: PoolRec): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    protocol: p.protocol,
    lb_algorithm: p.lb_algorithm,
    admin_state_up: true,
    loadbalancers: p.loadbalancer_id ? [{ id: p.loadbalancer_id }] : [],
    listeners: ids(ps.poolListeners.get(p.id)),
    members: ids(ps.poolMembers.get(p.id)?.values()),
    healthmonitor_id: p.healthmonitor_id,
    session_persistence: p.session_persistence ? { ...p.session_persistence } : null,
    slow_start: p.slow_start ? { ...p.slow_start } : null,
    connection_drain: p.connection_drain ? { ...p.connection_drain } : null,
    ip_version: p.ip_version,
    type: p.type,
    vpc_id: p.vpc_id,
    any_port_enable: p.any_port_enable,
    member_deletion_protection_enable: p.member_deletion_protection_enable,
    protection_status: p.protection_status,
    protection_reason: p.protection_reason,
    pool_health: p.pool_health ? { ...p.pool_health } : null,
    enterprise_project_id: '0',
    public_border_group: 'center',
    project_id: ps.projectId,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

/** A member as the API returns it. */
export function renderMember(ps: ProjectState, m: MemberRec): Record<string, unknown> {
  const listenerIds = [...(ps.poolListeners.get(m.pool_id) ?? [])];
  return {
    id: m.id,
    name: m.name,
    pool_id: m.pool_id,
    project_id: ps.projectId,
    address: m.address,
    protocol_port: m.protocol_port,
    weight: m.weight,
    subnet_cidr_id: m.subnet_cidr_id,
    ip_version: m.ip_version,
    admin_state_up: true,
    operating_status: m.operating_status,
    status: listenerIds.map((listener_id) => ({ listener_id, operating_status: m.operating_status, reason: null })),
    member_type: m.member_type,
    instance_id: m.instance_id,
    availability_zone: m.availability_zone,
    reason: null,
    created_at: m.created_at,
    updated_at: m.updated_at,
  };
}

/** A health monitor as the API returns it (no `pool_id`; the pool is in `pools`). */
export function renderHealthMonitor(ps: ProjectState, h: HealthMonitorRec): Record<string, unknown> {
  return {
    id: h.id,
    name: h.name,
    type: h.type,
    delay: h.delay,
    timeout: h.timeout,
    max_retries: h.max_retries,
    max_retries_down: h.max_retries_down,
    monitor_port: h.monitor_port,
    url_path: h.url_path,
    expected_codes: h.expected_codes,
    http_method: h.http_method,
    domain_name: h.domain_name,
    admin_state_up: h.admin_state_up,
    pools: [{ id: h.pool_id }],
    project_id: ps.projectId,
    created_at: h.created_at,
    updated_at: h.updated_at,
  };
}

/** An IP address group as the API returns it. */
export function renderIpGroup(ps: ProjectState, g: IpGroupRec): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    ip_list: g.ip_list.map((e) => ({ ...e })),
    listeners: ids(ps.ipgroupListeners.get(g.id)),
    project_id: ps.projectId,
    enterprise_project_id: '0',
    created_at: g.created_at,
    updated_at: g.updated_at,
  };
}

/** A flavor as the API returns it. */
export function renderFlavor(ps: ProjectState, f: FlavorRec): Record<string, unknown> {
  return { ...f, info: { ...f.info }, project_id: ps.projectId };
}
