import { describe, expect, it } from 'vitest';
import { buildContext, completeContext, findPortClash, nextFreePort } from './context';
import { makeInventory, makeIpGroup, makeListener, makeLoadBalancer, makePool } from './fixtures';

describe('nextFreePort', () => {
  const listeners = [
    makeListener({ id: 'a', port: 80 }),
    makeListener({ id: 'b', port: 81, protocol: 'HTTPS' }),
    makeListener({ id: 'c', port: 82, protocol: 'UDP' }),
    makeListener({ id: 'd', port: null, portRanges: [{ start: 100, end: 200 }, { start: 201, end: 210 }] }),
    makeListener({ id: 'e', port: 83, loadBalancerId: 'lb-2' }),
  ];

  it('skips TCP/HTTP/HTTPS ports and ranges of the LB, not UDP or other LBs', () => {
    expect(nextFreePort(listeners, 'lb-1', 80)).toBe(82);
    expect(nextFreePort(listeners, 'lb-1', 79)).toBe(79);
    expect(nextFreePort(listeners, 'lb-1', 150)).toBe(211);
    expect(nextFreePort(listeners, 'lb-2', 83)).toBe(84);
    expect(nextFreePort(listeners, 'lb-unknown', 80)).toBe(80);
  });

  it('wraps round to 1 past 65535, and returns null when every port is taken', () => {
    const top = [makeListener({ port: null, portRanges: [{ start: 65000, end: 65535 }] })];
    expect(nextFreePort(top, 'lb-1', 65100)).toBe(1);
    const full = [makeListener({ port: null, portRanges: [{ start: 1, end: 65535 }] })];
    expect(nextFreePort(full, 'lb-1', 1)).toBeNull();
    const allButOne = [makeListener({ port: null, portRanges: [{ start: 1, end: 499 }, { start: 501, end: 65535 }] })];
    expect(nextFreePort(allButOne, 'lb-1', 600)).toBe(500);
  });

  it('clamps odd starting points', () => {
    expect(nextFreePort([], 'lb-1', 0)).toBe(1);
    expect(nextFreePort([], 'lb-1', 70000)).toBe(65535);
    expect(nextFreePort([], 'lb-1', Number.NaN)).toBe(1);
    expect(nextFreePort([], 'lb-1', 10.7)).toBe(10);
  });

  it('sees a changed listener list (the index is per array)', () => {
    const first = [makeListener({ port: 80 })];
    expect(nextFreePort(first, 'lb-1', 80)).toBe(81);
    const second = [...first, makeListener({ id: 'x', port: 81 })];
    expect(nextFreePort(second, 'lb-1', 80)).toBe(82);
  });
});

describe('findPortClash', () => {
  const listeners = [
    makeListener({ id: 'p', port: 443, protocol: 'HTTPS' }),
    makeListener({ id: 'r', port: null, portRanges: [{ start: 1000, end: 1999 }] }),
    makeListener({ id: 'u', port: 3000, protocol: 'UDP' }),
  ];
  it('finds ports and ranges overlapping a query, inclusive at the edges', () => {
    expect(findPortClash(listeners, 'lb-1', 443, 443)?.listener.id).toBe('p');
    expect(findPortClash(listeners, 'lb-1', 1, 443)?.listener.id).toBe('p');
    expect(findPortClash(listeners, 'lb-1', 1999, 1999)).toMatchObject({ start: 1000, end: 1999 });
    expect(findPortClash(listeners, 'lb-1', 900, 1000)?.listener.id).toBe('r');
    expect(findPortClash(listeners, 'lb-1', 2000, 2999)).toBeNull();
    expect(findPortClash(listeners, 'lb-1', 3000, 3000)).toBeNull();
  });
  it('reports the lowest clashing span when several overlap', () => {
    expect(findPortClash(listeners, 'lb-1', 400, 1500)?.listener.id).toBe('p');
  });
});

describe('buildContext', () => {
  it('picks the LB, the inventory arrays and the region capabilities', () => {
    const inv = makeInventory({ pools: [makePool()], ipGroups: [makeIpGroup()] });
    const ctx = buildContext(inv, 'lb-1', 'sandbox-2');
    expect(ctx.loadBalancer?.id).toBe('lb-1');
    expect(ctx.pools).toBe(inv.pools);
    expect(ctx.capabilities).toMatchObject({ region: 'sandbox-2', portRanges: false, verified: true });
  });

  it('falls back to the inventory region, and copes with no inventory', () => {
    expect(buildContext(makeInventory(), null, null).capabilities.region).toBe('sandbox-1');
    const empty = buildContext(null, 'lb-1', 'ap-southeast-1');
    expect(empty).toMatchObject({ loadBalancer: null, listeners: [], pools: [] });
    expect(empty.capabilities).toMatchObject({ region: 'ap-southeast-1', verified: false, portRanges: true });
  });

  it('an LB missing from the inventory gives loadBalancer null', () => {
    expect(buildContext(makeInventory({ loadBalancers: [makeLoadBalancer({ id: 'other' })] }), 'lb-1', null).loadBalancer).toBeNull();
  });
});

describe('completeContext', () => {
  it('fills missing parts with "nothing known" and unverified capabilities', () => {
    const ctx = completeContext(undefined);
    expect(ctx).toMatchObject({ loadBalancer: null, listeners: [], flavors: [] });
    expect(ctx.capabilities).toMatchObject({ portRanges: true, nat64: true, verified: false });
  });
});
