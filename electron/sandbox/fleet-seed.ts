/**
 * Fleet-scale seeding (`--load-balancers N`): N extra load balancers spread over both regions, for fleet rollout
 * tests and the bench. Deterministic: the i-th load balancer (from 0) goes to sandbox-1 when i is even and to
 * sandbox-2 when odd, and by `i % 10`:
 * - 7 → L7-only (application load balancing only: refused for TCP listeners),
 * - 9 → L4 but FROZEN (inactive: refused),
 * - otherwise L4 (every third one L4+L7); when `i % 5 === 2` it already has a TCP listener on 5432 (a port clash
 *   for "open 5432 everywhere").
 * Each region also gets a `/16` subnet for the fleet's VIPs and, with the full seed, an IP address group
 * `fleet-allow` (same name, different IDs per region).
 */
import { apiTime } from './render';
import { stableId } from './seed';
import type { LoadBalancerRec, ProjectState, SubnetRec } from './state';
import type { RegionId } from './types';

/** The kind of the i-th fleet load balancer (see the module comment). */
export function fleetKind(i: number): 'l4' | 'l4l7' | 'l7' | 'frozen' {
  if (i % 10 === 7) return 'l7';
  if (i % 10 === 9) return 'frozen';
  return i % 3 === 0 ? 'l4l7' : 'l4';
}

/** Name of the i-th fleet load balancer: `fleet-0001`… */
export function fleetName(i: number): string {
  return `fleet-${String(i + 1).padStart(4, '0')}`;
}

const FLEET_EPOCH = Date.UTC(2025, 5, 1, 0, 0, 0);

function fleetSubnet(ps: ProjectState): SubnetRec {
  const name = 'subnet-fleet';
  const existing = ps.subnets.find((s) => s.name === name);
  if (existing) return existing;
  const region = ps.region;
  const cidr = region === 'sandbox-1' ? '10.50.0.0/16' : '10.60.0.0/16';
  const vpcName = region === 'sandbox-1' ? 'vpc-prod' : 'vpc-eu';
  const rec: SubnetRec = {
    id: stableId(region, 'vpc-subnet', name),
    name,
    vpc_id: stableId(region, 'vpc', vpcName),
    cidr,
    gateway_ip: cidr.replace(/\.0\.0\/16$/, '.0.1'),
    neutron_subnet_id: stableId(region, 'neutron-subnet', name),
    neutron_network_id: stableId(region, 'neutron-network', name),
    ipv6_enable: false,
    cidr_v6: null,
    availability_zone: region === 'sandbox-1' ? 'sandbox-1a' : 'sandbox-2a',
  };
  ps.subnets.push(rec);
  return rec;
}

/** Adds `n` fleet load balancers over the two regions (see the module comment). */
export function addFleetLoadBalancers(r1: ProjectState, r2: ProjectState, n: number, full: boolean): void {
  if (n <= 0) return;
  const flavor = (region: RegionId, name: string) => stableId(region, 'flavor', name);
  for (const ps of [r1, r2]) {
    fleetSubnet(ps);
    if (full && ![...ps.ipgroups.values()].some((g) => g.name === 'fleet-allow')) {
      const t = apiTime(FLEET_EPOCH);
      ps.addIpGroup({
        id: stableId(ps.region, 'ipgroup', 'fleet-allow'),
        name: 'fleet-allow',
        description: 'Sources allowed on fleet listeners',
        ip_list: [{ ip: '203.0.113.0/24', description: 'operators' }],
        created_at: t,
        updated_at: t,
      });
    }
  }
  const perRegion = { 'sandbox-1': 0, 'sandbox-2': 0 };
  for (let i = 0; i < n; i++) {
    const ps = i % 2 === 0 ? r1 : r2;
    const region = ps.region;
    const k = perRegion[region]++;
    const s = fleetSubnet(ps);
    const kind = fleetKind(i);
    const name = fleetName(i);
    const t = apiTime(FLEET_EPOCH + (i + 1) * 60_000);
    const octets = s.cidr.split('.');
    const vip = `${octets[0]}.${octets[1]}.${Math.floor((k + 10) / 250)}.${((k + 10) % 250) + 2}`;
    const rec: LoadBalancerRec = {
      id: stableId(region, 'lb', name),
      name,
      description: `Fleet load balancer ${i + 1} (${kind})`,
      vpc_id: s.vpc_id,
      vip_subnet_cidr_id: s.neutron_subnet_id,
      vip_address: vip,
      vip_port_id: stableId(region, 'port', name),
      ipv6_vip_address: null,
      ipv6_vip_virsubnet_id: null,
      ipv6_vip_port_id: null,
      availability_zone_list: [s.availability_zone],
      l4_flavor_id: kind === 'l7' ? null : flavor(region, 'L4_flavor.elb.s1.small'),
      l7_flavor_id: kind === 'l7' || kind === 'l4l7' ? flavor(region, 'L7_flavor.elb.s1.small') : null,
      eips: [],
      elb_virsubnet_ids: [s.neutron_network_id],
      ip_target_enable: false,
      guaranteed: true,
      operating_status: kind === 'frozen' ? 'FROZEN' : 'ONLINE',
      deletion_protection_enable: false,
      tags: [{ key: 'fleet', value: i % 4 === 0 ? 'staging' : 'prod' }],
      created_at: t,
      updated_at: t,
    };
    ps.addLoadBalancer(rec);
    if (full && kind !== 'l7' && i % 5 === 2) {
      ps.addListener({
        id: stableId(region, 'listener', `${name}-pg`),
        name: `${name}-pg`,
        description: 'Already on 5432',
        loadbalancer_id: rec.id,
        protocol: 'TCP',
        protocol_port: 5432,
        port_ranges: [],
        default_pool_id: null,
        keepalive_timeout: 300,
        client_timeout: null,
        member_timeout: null,
        ipgroup: null,
        transparent_client_ip_enable: true,
        proxy_protocol_enable: false,
        nat64_enable: false,
        enable_member_retry: false,
        cps: 0,
        connection: 0,
        tags: [],
        default_tls_container_ref: null,
        http2_enable: false,
        protection_status: 'nonProtection',
        protection_reason: '',
        created_at: t,
        updated_at: t,
      });
    }
  }
  for (const ps of [r1, r2]) ps.quota.loadbalancer = Math.max(ps.quota.loadbalancer ?? 0, ps.loadbalancers.size + 50);
}
