/** Seeded listeners: the one listener builder, and the extra listeners of scale tests (`--listeners N`). */
import { apiTime } from './render';
import { stableId } from './seed-ids';
import { portFamily } from './port-index';
import type { ListenerRec, LoadBalancerRec } from './records';
import type { ProjectState } from './state';

/**
 * Builds a listener in `ps` with the API's defaults for its protocol (HTTP/HTTPS: timeouts of 60 s, member retry, a
 * certificate for HTTPS; others: keep-alive 300 s). `o` overrides any field, the ID included (by default derived
 * from the region and the name).
 */
export function addSeedListener(ps: ProjectState, lb: LoadBalancerRec, name: string, protocol: string, port: number, time: string, o: Partial<ListenerRec> = {}): ListenerRec {
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  const rec: ListenerRec = {
    id: stableId(ps.region, 'listener', name),
    name,
    description: '',
    loadbalancer_id: lb.id,
    protocol,
    protocol_port: port,
    port_ranges: [],
    default_pool_id: null,
    keepalive_timeout: http ? 60 : 300,
    client_timeout: http ? 60 : null,
    member_timeout: http ? 60 : null,
    ipgroup: null,
    transparent_client_ip_enable: true,
    proxy_protocol_enable: false,
    nat64_enable: false,
    enable_member_retry: http,
    cps: 0,
    connection: 0,
    tags: [],
    default_tls_container_ref: protocol === 'HTTPS' ? stableId(ps.region, 'cert', name) : null,
    http2_enable: false,
    protection_status: 'nonProtection',
    protection_reason: '',
    created_at: time,
    updated_at: time,
    ...o,
  };
  ps.addListener(rec);
  return rec;
}

/**
 * Adds `n` TCP/UDP listeners (every 4th one UDP) spread round-robin over the L4-capable LBs, on free ports from
 * 20000 up, timed from `epochMs`. Linear time: ports are checked in the per-LB port index.
 */
export function addExtraListeners(ps: ProjectState, n: number, epochMs: number): void {
  if (n <= 0) return;
  const lbs = [...ps.loadbalancers.values()].filter((lb) => lb.l4_flavor_id);
  if (lbs.length === 0) throw new Error('no L4-capable load balancer to add listeners to');
  const cursors = new Map<string, { tcp: number; udp: number }>();
  for (const lb of lbs) cursors.set(lb.id, { tcp: 20000, udp: 20000 });
  for (let i = 0; i < n; i++) {
    const lb = lbs[i % lbs.length] as LoadBalancerRec;
    const protocol = i % 4 === 3 ? 'UDP' : 'TCP';
    const fam = portFamily(protocol);
    const cur = cursors.get(lb.id) as { tcp: number; udp: number };
    const idx = ps.portIndex(lb.id);
    while (cur[fam] <= 65535 && !idx.isFree(fam, cur[fam])) cur[fam]++;
    if (cur[fam] > 65535) throw new Error(`no free ${protocol} port left on ${lb.name}`);
    const port = cur[fam]++;
    addSeedListener(ps, lb, `bulk-${protocol.toLowerCase()}-${port}`, protocol, port, apiTime(epochMs + i * 1000), { id: stableId(ps.region, 'bulk-listener', String(i)) });
  }
  // make room for the extra listeners in the quotas
  ps.quota.listener = Math.max(ps.quota.listener ?? 0, ps.listeners.size + 1000);
  let maxPerLb = 0;
  for (const set of ps.lbListeners.values()) maxPerLb = Math.max(maxPerLb, set.size);
  ps.quota.listeners_per_loadbalancer = Math.max(ps.quota.listeners_per_loadbalancer ?? 0, maxPerLb + 100);
}
