/** Seeded backend server groups, their backend servers and health checks. */
import { stableId } from './seed-ids';
import type { HealthMonitorRec, LoadBalancerRec, MemberRec, PoolRec, SubnetRec } from './records';
import type { ProjectState } from './state';

/** Builds a backend server group of `lb` in `ps`; `o` overrides any field. */
export function addSeedPool(ps: ProjectState, lb: LoadBalancerRec, name: string, time: string, o: Partial<PoolRec> & { protocol: string; lb_algorithm: string }): PoolRec {
  const rec: PoolRec = {
    id: stableId(ps.region, 'pool', name),
    name,
    description: '',
    loadbalancer_id: lb.id,
    healthmonitor_id: null,
    session_persistence: null,
    slow_start: null,
    connection_drain: null,
    ip_version: ['TCP', 'UDP', 'QUIC'].includes(o.protocol) ? 'dualstack' : 'v4',
    type: '',
    vpc_id: lb.vpc_id,
    any_port_enable: false,
    member_deletion_protection_enable: false,
    protection_status: 'nonProtection',
    protection_reason: '',
    pool_health: null,
    created_at: time,
    updated_at: time,
    ...o,
  };
  ps.addPool(rec);
  return rec;
}

/** What a seeded backend server is besides its address, port and weight. */
export interface MemberSpec {
  /** The subnet of an ECS backend server; none: an IP backend server. */
  subnet?: SubnetRec | null;
  name?: string;
  status?: MemberRec['operating_status'];
  az?: string;
}

/** Builds a backend server of `pool` in `ps`. */
export function addSeedMember(ps: ProjectState, pool: PoolRec, address: string, port: number | null, weight: number, time: string, o: MemberSpec = {}): MemberRec {
  const region = ps.region;
  const v6 = address.includes(':');
  const s = o.subnet ?? null;
  const rec: MemberRec = {
    id: stableId(region, 'member', pool.name, address, String(port)),
    pool_id: pool.id,
    name: o.name ?? '',
    address,
    protocol_port: port,
    weight,
    subnet_cidr_id: s ? (v6 ? s.neutron_network_id : s.neutron_subnet_id) : null,
    ip_version: v6 ? 'v6' : 'v4',
    operating_status: o.status ?? 'ONLINE',
    member_type: s ? 'instance' : 'ip',
    instance_id: s ? stableId(region, 'ecs', o.name ?? address) : '',
    availability_zone: s ? '' : (o.az ?? ''),
    created_at: time,
    updated_at: time,
  };
  ps.addMember(rec);
  return rec;
}

/** Builds the health check of `pool` in `ps`; `o` overrides any field. */
export function addSeedMonitor(ps: ProjectState, pool: PoolRec, type: string, time: string, o: Partial<HealthMonitorRec> = {}): HealthMonitorRec {
  const http = type === 'HTTP' || type === 'HTTPS';
  const rec: HealthMonitorRec = {
    id: stableId(ps.region, 'healthmonitor', pool.name),
    pool_id: pool.id,
    name: `${pool.name}-check`,
    type,
    delay: 5,
    timeout: 3,
    max_retries: 3,
    max_retries_down: 3,
    monitor_port: null,
    url_path: http ? '/' : null,
    expected_codes: http ? '200' : null,
    http_method: http ? 'GET' : null,
    domain_name: null,
    admin_state_up: true,
    created_at: time,
    updated_at: time,
    ...o,
  };
  ps.addHealthMonitor(rec);
  return rec;
}
