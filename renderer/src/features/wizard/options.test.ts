import { describe, expect, it } from 'vitest';
import { emptyInventory, type Inventory, type LoadBalancer, type Pool } from '../../../../shared/model/inventory';
import { findLoadBalancer, flavorFigures, ipGroupOptions, loadBalancerOptions, poolLabel, tcpPoolOptions } from './options';

function lb(p: Partial<LoadBalancer>): LoadBalancer {
  return {
    id: 'lb',
    name: 'lb',
    description: '',
    provisioningStatus: 'ACTIVE',
    operatingStatus: 'ONLINE',
    availabilityZones: [],
    vipAddress: null,
    ipv6VipAddress: null,
    publicIps: [],
    l4FlavorId: null,
    l7FlavorId: null,
    type: 'network',
    ipTargetEnable: false,
    vpcId: null,
    listenerIds: [],
    poolIds: [],
    ...p,
  };
}
function pool(p: Partial<Pool>): Pool {
  return {
    id: 'p',
    name: 'p',
    description: '',
    protocol: 'TCP',
    algorithm: 'ROUND_ROBIN',
    loadBalancerIds: ['lb1'],
    listenerIds: [],
    healthMonitorId: null,
    sessionPersistence: null,
    connectionDrain: null,
    ipVersion: null,
    type: null,
    anyPortEnable: false,
    ...p,
  };
}
function inv(p: Partial<Inventory>): Inventory {
  return { ...emptyInventory('a', 'sandbox-1'), ...p };
}

describe('loadBalancerOptions', () => {
  it('disables L7-only load balancers and sorts by name', () => {
    const out = loadBalancerOptions(inv({ loadBalancers: [lb({ id: '2', name: 'web-l7', type: 'application' }), lb({ id: '1', name: 'app', type: 'both' }), lb({ id: '3', name: '', type: 'unknown' })] }));
    expect(out.map((o) => [o.id, o.disabledReason])).toEqual([
      ['3', null],
      ['1', null],
      ['2', 'l7-only'],
    ]);
    expect(out[0]?.name).toBe('3');
  });
  it('finds the target LB', () => {
    const i = inv({ loadBalancers: [lb({ id: 'x' })] });
    expect(findLoadBalancer(i, 'x')?.id).toBe('x');
    expect(findLoadBalancer(i, 'y')).toBeNull();
    expect(findLoadBalancer(null, 'x')).toBeNull();
  });
});

describe('tcpPoolOptions', () => {
  const i = inv({
    pools: [
      pool({ id: 'p1', name: 'tcp-b' }),
      pool({ id: 'p2', name: 'http', protocol: 'HTTP' }),
      pool({ id: 'p3', name: 'tcp-other-lb', loadBalancerIds: ['lb2'] }),
      pool({ id: 'p4', name: 'tcp-a' }),
      pool({ id: 'p5', name: 'udp', protocol: 'UDP' }),
    ],
  });
  it('lists only TCP groups of this LB as "name (ID)"', () => {
    expect(tcpPoolOptions(i, 'lb1', null).map((o) => o.label)).toEqual(['tcp-a (p4)', 'tcp-b (p1)']);
  });
  it('keeps a selected group that is not eligible, flagged unavailable', () => {
    const out = tcpPoolOptions(i, 'lb1', 'p2');
    expect(out.at(-1)).toEqual({ id: 'p2', label: 'http (p2)', unavailable: true, noAllPort: false });
    expect(tcpPoolOptions(i, 'lb1', 'gone').at(-1)).toEqual({ id: 'gone', label: 'gone', unavailable: true, noAllPort: false });
  });
  it('offers nothing without a target LB', () => {
    expect(tcpPoolOptions(i, null, null)).toEqual([]);
  });
  it('with port ranges, groups without all-port forwarding are marked noAllPort; single port marks none', () => {
    const j = inv({ pools: [pool({ id: 'p1', name: 'fixed' }), pool({ id: 'p2', name: 'any', anyPortEnable: true })] });
    expect(tcpPoolOptions(j, 'lb1', null, true).map((o) => [o.id, o.noAllPort])).toEqual([
      ['p2', false],
      ['p1', true],
    ]);
    expect(tcpPoolOptions(j, 'lb1', null, false).some((o) => o.noAllPort)).toBe(false);
    const other = inv({ pools: [pool({ id: 'p3', name: 'x', loadBalancerIds: ['lb2'] })] });
    expect(tcpPoolOptions(other, 'lb1', 'p3', true)).toEqual([{ id: 'p3', label: 'x (p3)', unavailable: true, noAllPort: true }]);
  });
  it('labels unnamed groups by ID', () => {
    expect(poolLabel('', 'abc')).toBe('abc');
  });
});

describe('ipGroupOptions', () => {
  it('lists groups with entry counts and keeps an uncached choice', () => {
    const i = inv({
      ipGroups: [
        { id: 'g2', name: 'office', description: '', entries: [{ ip: '10.0.0.0/8', description: '' }, { ip: '1.1.1.1', description: '' }], listenerIds: [] },
        { id: 'g1', name: 'empty', description: '', entries: [], listenerIds: [] },
      ],
    });
    expect(ipGroupOptions(i, null).map((g) => [g.name, g.entries])).toEqual([
      ['empty', 0],
      ['office', 2],
    ]);
    expect(ipGroupOptions(i, 'g9').at(-1)).toEqual({ id: 'g9', name: 'g9', entries: 0, missing: true });
  });
});

describe('flavorFigures', () => {
  it('reads the L4 flavor figures of the LB', () => {
    const i = inv({ flavors: [{ id: 'f4', name: 'L4_flavor.elb.s1.small', type: 'L4', connection: 500000, cps: 10000 }] });
    expect(flavorFigures(i, lb({ l4FlavorId: 'f4' }))).toEqual({ flavorName: 'L4_flavor.elb.s1.small', cps: 10000, connection: 500000 });
    expect(flavorFigures(i, lb({ l4FlavorId: 'nope' }))).toEqual({ flavorName: null, cps: null, connection: null });
    expect(flavorFigures(i, null).cps).toBeNull();
  });
});
