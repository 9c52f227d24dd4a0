/**
 * Seeded load balancers and what they stand on: the flavors and subnets of a region, and the one function that builds
 * a sandbox load balancer (used by the inventory seed, seed-regions.ts, and the fleet seed, fleet-seed.ts).
 */
import { stableId } from './seed-ids';
import type { FlavorRec, LoadBalancerRec, SubnetRec } from './records';
import type { ProjectState } from './state';
import type { RegionId } from './types';

/** The flavors of a region. */
export function flavors(region: RegionId): FlavorRec[] {
  const f = (name: string, type: FlavorRec['type'], info: FlavorRec['info']): FlavorRec => ({
    id: flavorId(region, name),
    name,
    type,
    shared: false,
    flavor_sold_out: false,
    public_border_group: 'center',
    category: 0,
    info,
  });
  return [
    f('L4_flavor.elb.s1.small', 'L4', { connection: 500_000, cps: 10_000, bandwidth: 50_000, lcu: 1 }),
    f('L4_flavor.elb.s2.medium', 'L4', { connection: 1_000_000, cps: 20_000, bandwidth: 100_000, lcu: 2 }),
    f('L7_flavor.elb.s1.small', 'L7', { connection: 200_000, cps: 2_000, qps: 4_000, https_cps: 200, bandwidth: 50_000, lcu: 1 }),
    f('L7_flavor.elb.s2.medium', 'L7', { connection: 400_000, cps: 4_000, qps: 8_000, https_cps: 400, bandwidth: 100_000, lcu: 2 }),
  ];
}

/** The ID of a flavor, by name. */
export function flavorId(region: RegionId, name: string): string {
  return stableId(region, 'flavor', name);
}

/** A subnet record (its gateway is the first address of `cidr`). */
export function subnet(region: RegionId, vpcName: string, name: string, cidr: string, az: string, cidrV6: string | null): SubnetRec {
  const gw = cidr.replace(/\.0\/\d+$/, '.1');
  return {
    id: stableId(region, 'vpc-subnet', name),
    name,
    vpc_id: stableId(region, 'vpc', vpcName),
    cidr,
    gateway_ip: gw,
    neutron_subnet_id: stableId(region, 'neutron-subnet', name),
    neutron_network_id: stableId(region, 'neutron-network', name),
    ipv6_enable: cidrV6 !== null,
    cidr_v6: cidrV6,
    availability_zone: az,
  };
}

/** The subnets every project of a region starts with. */
export function subnets(region: RegionId): SubnetRec[] {
  if (region === 'sandbox-1') {
    return [
      subnet(region, 'vpc-prod', 'subnet-web', '192.168.0.0/24', 'sandbox-1a', '2001:db8:10::/64'),
      subnet(region, 'vpc-prod', 'subnet-app', '192.168.1.0/24', 'sandbox-1b', null),
      subnet(region, 'vpc-prod', 'subnet-db', '192.168.2.0/24', 'sandbox-1a', null),
      subnet(region, 'vpc-shared-services', 'subnet-ops', '172.16.0.0/24', 'sandbox-1a', null),
    ];
  }
  return [
    subnet(region, 'vpc-eu', 'subnet-eu-a', '10.1.0.0/24', 'sandbox-2a', '2001:db8:20::/64'),
    subnet(region, 'vpc-eu', 'subnet-eu-b', '10.1.1.0/24', 'sandbox-2a', null),
  ];
}

/** What a seeded load balancer is made of. */
export interface LoadBalancerSpec {
  name: string;
  description: string;
  subnet: SubnetRec;
  vip: string;
  azs: string[];
  /** Flavor names; null = none, '' = the empty string some regions answer for none. */
  l4: string | null;
  l7: string | null;
  eips?: [string, 4 | 6][];
  /** An IPv6 VIP (on the subnet's IPv6 network). */
  ipv6?: string;
  ipTarget?: boolean;
  tags?: { key: string; value: string }[];
  status?: LoadBalancerRec['operating_status'];
  /** created_at = updated_at. */
  time: string;
}

/** Builds a sandbox load balancer in `ps` (IDs derived from the region and the name). */
export function addSeedLoadBalancer(ps: ProjectState, o: LoadBalancerSpec): LoadBalancerRec {
  const region = ps.region;
  const s = o.subnet;
  const flavor = (name: string | null) => (name === null ? null : name === '' ? '' : flavorId(region, name));
  const rec: LoadBalancerRec = {
    id: stableId(region, 'lb', o.name),
    name: o.name,
    description: o.description,
    vpc_id: s.vpc_id,
    vip_subnet_cidr_id: s.neutron_subnet_id,
    vip_address: o.vip,
    vip_port_id: stableId(region, 'port', o.name),
    ipv6_vip_address: o.ipv6 ?? null,
    ipv6_vip_virsubnet_id: o.ipv6 ? s.neutron_network_id : null,
    ipv6_vip_port_id: o.ipv6 ? stableId(region, 'port6', o.name) : null,
    availability_zone_list: o.azs,
    l4_flavor_id: flavor(o.l4),
    l7_flavor_id: flavor(o.l7),
    eips: (o.eips ?? []).map(([addr, v]) => ({ eip_id: stableId(region, 'eip', addr), eip_address: addr, ip_version: v })),
    elb_virsubnet_ids: [s.neutron_network_id],
    ip_target_enable: o.ipTarget ?? false,
    guaranteed: true,
    operating_status: o.status ?? 'ONLINE',
    deletion_protection_enable: false,
    tags: o.tags ?? [],
    created_at: o.time,
    updated_at: o.time,
  };
  ps.addLoadBalancer(rec);
  return rec;
}
