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
import { addSeedIpGroup } from './seed-ipgroups';
import { addSeedListener } from './seed-listeners';
import { addSeedLoadBalancer, subnet } from './seed-load-balancers';
import type { SubnetRec } from './records';
import type { ProjectState } from './state';

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
  const one = ps.region === 'sandbox-1';
  const rec = subnet(ps.region, one ? 'vpc-prod' : 'vpc-eu', name, one ? '10.50.0.0/16' : '10.60.0.0/16', one ? 'sandbox-1a' : 'sandbox-2a', null);
  ps.subnets.push(rec);
  return rec;
}

/** Adds `n` fleet load balancers over the two regions (see the module comment). */
export function addFleetLoadBalancers(r1: ProjectState, r2: ProjectState, n: number, full: boolean): void {
  if (n <= 0) return;
  for (const ps of [r1, r2]) {
    fleetSubnet(ps);
    if (full && ![...ps.ipgroups.values()].some((g) => g.name === 'fleet-allow')) {
      addSeedIpGroup(ps, 'fleet-allow', 'Sources allowed on fleet listeners', [['203.0.113.0/24', 'operators']], apiTime(FLEET_EPOCH));
    }
  }
  const perRegion = { 'sandbox-1': 0, 'sandbox-2': 0 };
  for (let i = 0; i < n; i++) {
    const ps = i % 2 === 0 ? r1 : r2;
    const k = perRegion[ps.region]++;
    const s = fleetSubnet(ps);
    const kind = fleetKind(i);
    const name = fleetName(i);
    const t = apiTime(FLEET_EPOCH + (i + 1) * 60_000);
    const octets = s.cidr.split('.');
    const vip = `${octets[0]}.${octets[1]}.${Math.floor((k + 10) / 250)}.${((k + 10) % 250) + 2}`;
    const lb = addSeedLoadBalancer(ps, {
      name,
      description: `Fleet load balancer ${i + 1} (${kind})`,
      subnet: s,
      vip,
      azs: [s.availability_zone],
      l4: kind === 'l7' ? null : 'L4_flavor.elb.s1.small',
      l7: kind === 'l7' || kind === 'l4l7' ? 'L7_flavor.elb.s1.small' : null,
      tags: [{ key: 'fleet', value: i % 4 === 0 ? 'staging' : 'prod' }],
      status: kind === 'frozen' ? 'FROZEN' : 'ONLINE',
      time: t,
    });
    if (full && kind !== 'l7' && i % 5 === 2) addSeedListener(ps, lb, `${name}-pg`, 'TCP', 5432, t, { description: 'Already on 5432' });
  }
  for (const ps of [r1, r2]) ps.quota.loadbalancer = Math.max(ps.quota.loadbalancer ?? 0, ps.loadbalancers.size + 50);
}
