import { describe, expect, it } from 'vitest';
import { acceptsTcp, lbAddresses, limitValue, statusTone } from './format';

describe('listing format', () => {
  it('lists VIPs then EIPs', () => {
    expect(
      lbAddresses({
        vipAddress: '10.0.0.1',
        ipv6VipAddress: '2001:db8::1',
        publicIps: [
          { address: '203.0.113.1', ipVersion: 4 },
          { address: '2001:db8:ffff::1', ipVersion: 6 },
        ],
      }),
    ).toEqual([
      { kind: 'ipv4', address: '10.0.0.1' },
      { kind: 'ipv6', address: '2001:db8::1' },
      { kind: 'eip4', address: '203.0.113.1' },
      { kind: 'eip6', address: '2001:db8:ffff::1' },
    ]);
    expect(lbAddresses({ vipAddress: null, ipv6VipAddress: null, publicIps: [] })).toEqual([]);
  });
  it('refuses TCP only on application-only load balancers', () => {
    expect(acceptsTcp({ type: 'application' })).toBe(false);
    expect(acceptsTcp({ type: 'network' })).toBe(true);
    expect(acceptsTcp({ type: 'both' })).toBe(true);
    expect(acceptsTcp({ type: 'unknown' })).toBe(true);
  });
  it('maps statuses to tones', () => {
    expect(statusTone('ACTIVE')).toBe('ok');
    expect(statusTone('PENDING_UPDATE')).toBe('busy');
    expect(statusTone('ERROR')).toBe('error');
    expect(statusTone('OFFLINE')).toBe('error');
    expect(statusTone('NO_MONITOR')).toBe('neutral');
    expect(statusTone('SOMETHING')).toBe('info');
  });
  it('shows 0 as unlimited', () => {
    expect(limitValue(0)).toBe('unlimited');
    expect(limitValue(null)).toBeNull();
    expect(limitValue(500)).toBe(500);
  });
});

describe('grouping', () => {
  it('counts listeners per load balancer and groups members per pool', async () => {
    const { listenerCountsByLb, membersByPool } = await import('./format');
    const counts = listenerCountsByLb([{ loadBalancerId: 'a' }, { loadBalancerId: 'b' }, { loadBalancerId: 'a' }]);
    expect(counts.get('a')).toBe(2);
    expect(counts.get('c')).toBeUndefined();
    const m = (id: string, poolId: string) => ({ id, poolId, name: id, address: '10.0.0.1', port: 80, weight: 1, operatingStatus: 'ONLINE', subnetId: null, ipVersion: 'v4', memberType: null });
    const grouped = membersByPool([m('1', 'p'), m('2', 'q'), m('3', 'p')]);
    expect(grouped.get('p')?.map((x) => x.id)).toEqual(['1', '3']);
  });
});
