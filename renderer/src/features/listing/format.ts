/** Pure display helpers for the listing pages (numbers and statuses → tone + i18n key). */
import type { Listener, LoadBalancer, Member } from '../../../../shared/model/inventory';
import type { Tone } from '../../lib/tone';

/** One address of a load balancer, labelled by kind. */
export interface LbAddress {
  kind: 'ipv4' | 'ipv6' | 'eip4' | 'eip6';
  address: string;
}

/** Private VIPs first (IPv4, IPv6), then public EIPs. */
export function lbAddresses(lb: Pick<LoadBalancer, 'vipAddress' | 'ipv6VipAddress' | 'publicIps'>): LbAddress[] {
  const out: LbAddress[] = [];
  if (lb.vipAddress) out.push({ kind: 'ipv4', address: lb.vipAddress });
  if (lb.ipv6VipAddress) out.push({ kind: 'ipv6', address: lb.ipv6VipAddress });
  for (const ip of lb.publicIps) out.push({ kind: ip.ipVersion === 6 ? 'eip6' : 'eip4', address: ip.address });
  return out;
}

/** True when the LB can take TCP listeners (it has a network flavor, or its type is not known). */
export function acceptsTcp(lb: Pick<LoadBalancer, 'type'>): boolean {
  return lb.type !== 'application';
}

/** Tone of a provisioning/operating status string from the API. */
export function statusTone(status: string): Tone {
  const s = status.toUpperCase();
  if (s === 'ACTIVE' || s === 'ONLINE') return 'ok';
  if (s.startsWith('PENDING')) return 'busy';
  if (s === 'ERROR' || s === 'OFFLINE' || s === 'FROZEN') return 'error';
  if (s === 'DEGRADED') return 'warn';
  if (s === 'NO_MONITOR' || s === '' || s === 'UNKNOWN') return 'neutral';
  return 'info';
}

/** A connection limit as shown: null → null (unknown), 0 → 'unlimited', else the number. */
export function limitValue(n: number | null): number | 'unlimited' | null {
  if (n === null) return null;
  return n === 0 ? 'unlimited' : n;
}

/** Number of cached listeners per load balancer ID. */
export function listenerCountsByLb(listeners: readonly Pick<Listener, 'loadBalancerId'>[]): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const l of listeners) counts.set(l.loadBalancerId, (counts.get(l.loadBalancerId) ?? 0) + 1);
  return counts;
}

/** Cached members grouped by pool ID, in cache order. */
export function membersByPool(members: readonly Member[]): ReadonlyMap<string, Member[]> {
  const map = new Map<string, Member[]>();
  for (const m of members) {
    const list = map.get(m.poolId);
    if (list) list.push(m);
    else map.set(m.poolId, [m]);
  }
  return map;
}
