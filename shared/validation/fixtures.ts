/**
 * Builders of cached resources and of a fully valid draft, for tests (here and in other folders).
 * Not used by the app itself.
 */
import { defaultDraftContent } from '../model/draft-values';
import type { DraftContent } from '../model/draft';
import {
  emptyInventory,
  type Flavor,
  type Inventory,
  type IpGroup,
  type Listener,
  type LoadBalancer,
  type Member,
  type Pool,
} from '../model/inventory';

/** The LB every fixture targets. */
export const FIXTURE_LB_ID = 'lb-1';
/** The L4 flavor of the fixture LB (cps 10,000, connection 500,000). */
export const FIXTURE_FLAVOR_ID = 'flavor-l4-small';

/** A cached dedicated LB (network type, IP as a Backend off) with overrides. */
export function makeLoadBalancer(over: Partial<LoadBalancer> = {}): LoadBalancer {
  return {
    id: FIXTURE_LB_ID,
    name: 'lb-one',
    description: '',
    provisioningStatus: 'ACTIVE',
    operatingStatus: 'ONLINE',
    availabilityZones: ['az1'],
    vipAddress: '192.168.0.10',
    ipv6VipAddress: null,
    publicIps: [],
    l4FlavorId: FIXTURE_FLAVOR_ID,
    l7FlavorId: null,
    type: 'network',
    ipTargetEnable: false,
    vpcId: 'vpc-1',
    listenerIds: [],
    poolIds: [],
    ...over,
  };
}

/** A cached listener (TCP on port 80 of the fixture LB unless overridden). */
export function makeListener(over: Partial<Listener> = {}): Listener {
  return {
    id: 'listener-1',
    name: 'existing',
    description: '',
    loadBalancerId: FIXTURE_LB_ID,
    protocol: 'TCP',
    port: 80,
    portRanges: [],
    defaultPoolId: null,
    keepaliveTimeout: 300,
    cps: 0,
    connection: 0,
    ipGroup: null,
    transparentClientIp: true,
    proxyProtocol: false,
    nat64: false,
    tags: [],
    createdAt: null,
    ...over,
  };
}

/** A cached TCP pool of the fixture LB. */
export function makePool(over: Partial<Pool> = {}): Pool {
  return {
    id: 'pool-1',
    name: 'pool-one',
    description: '',
    protocol: 'TCP',
    algorithm: 'ROUND_ROBIN',
    loadBalancerIds: [FIXTURE_LB_ID],
    listenerIds: [],
    healthMonitorId: null,
    sessionPersistence: null,
    connectionDrain: null,
    ipVersion: 'v4',
    type: null,
    anyPortEnable: false,
    memberRemovalProtection: false,
    ...over,
  };
}

/** A cached member. */
export function makeMember(over: Partial<Member> = {}): Member {
  return {
    id: 'member-1',
    poolId: 'pool-1',
    name: '',
    address: '192.168.1.10',
    port: 80,
    weight: 1,
    operatingStatus: 'ONLINE',
    subnetId: 'subnet-1',
    ipVersion: 'v4',
    memberType: 'instance',
    ...over,
  };
}

/** A cached IP address group with one entry. */
export function makeIpGroup(over: Partial<IpGroup> = {}): IpGroup {
  return { id: 'ipg-1', name: 'office', description: '', entries: [{ ip: '203.0.113.0/24', description: '' }], listenerIds: [], ...over };
}

/** The fixture LB's L4 flavor. */
export function makeFlavor(over: Partial<Flavor> = {}): Flavor {
  return { id: FIXTURE_FLAVOR_ID, name: 'L4_flavor.elb.s1.small', type: 'L4', connection: 500_000, cps: 10_000, ...over };
}

/** An inventory of `sandbox-1` holding the given resources (the fixture LB and flavor by default). */
export function makeInventory(parts: Partial<Inventory> = {}): Inventory {
  return { ...emptyInventory('acct-1', 'sandbox-1'), loadBalancers: [makeLoadBalancer()], flavors: [makeFlavor()], ...parts };
}

/**
 * A draft with no issues at all against {@link makeInventory}: TCP 8080 on the fixture LB, a new group with
 * two servers in a subnet and a TCP health check.
 */
export function validDraft(): DraftContent {
  const d = defaultDraftContent({ accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: FIXTURE_LB_ID }, 'Web 8080');
  d.listener.port = 8080;
  d.listener.name = 'web-8080';
  d.routing.mode = 'new';
  d.routing.newPool.name = 'web-pool';
  d.routing.members = [
    { rowId: 'r1', name: 'web-a', address: '192.168.1.11', port: 8080, weight: 1, subnetId: 'subnet-1' },
    { rowId: 'r2', name: 'web-b', address: '192.168.1.12', port: 8080, weight: 1, subnetId: 'subnet-1' },
  ];
  return d;
}
