/**
 * The seeded inventory of the two regions: realistic load balancers (L4+L7, L4-only, L7-only, IPv6, IP backends),
 * TCP/UDP/HTTP listeners including a port range, server groups with mixed weights, health checks and IP address
 * groups. Every record is built by the seed builders (seed-load-balancers.ts, seed-listeners.ts, seed-pools.ts,
 * seed-ipgroups.ts); this file says only what there is.
 */
import { apiTime } from './render';
import { addSeedIpGroup } from './seed-ipgroups';
import { addSeedListener } from './seed-listeners';
import { addSeedLoadBalancer, type LoadBalancerSpec } from './seed-load-balancers';
import { addSeedMember, addSeedMonitor, addSeedPool } from './seed-pools';
import type { HealthMonitorRec, IpGroupRec, ListenerRec, LoadBalancerRec, MemberRec, PoolRec, SubnetRec } from './records';
import type { ProjectState } from './state';

/** The time of the inventory seed's first record (each next record is 5 hours later). */
export const SEED_EPOCH = Date.UTC(2025, 2, 3, 8, 15, 0);

/** Builds the seeded records of one region, each 5 hours after the previous one. */
class Seeder {
  private hour = 0;
  constructor(readonly ps: ProjectState) {}

  private next(): string {
    this.hour += 5;
    return apiTime(SEED_EPOCH + this.hour * 3600_000);
  }

  sub(name: string): SubnetRec {
    const s = this.ps.subnets.find((x) => x.name === name);
    if (!s) throw new Error(`seed: unknown subnet ${name}`);
    return s;
  }

  lb(name: string, o: Omit<LoadBalancerSpec, 'name' | 'subnet' | 'time' | 'status'> & { subnet: string }): LoadBalancerRec {
    return addSeedLoadBalancer(this.ps, { ...o, name, subnet: this.sub(o.subnet), time: this.next() });
  }

  pool(lb: LoadBalancerRec, name: string, o: Partial<PoolRec> & { protocol: string; lb_algorithm: string }): PoolRec {
    return addSeedPool(this.ps, lb, name, this.next(), o);
  }

  member(pool: PoolRec, address: string, port: number | null, weight: number, o: { subnet?: string; name?: string; status?: MemberRec['operating_status']; az?: string } = {}): MemberRec {
    const t = this.next();
    return addSeedMember(this.ps, pool, address, port, weight, t, { ...o, subnet: o.subnet ? this.sub(o.subnet) : null });
  }

  monitor(pool: PoolRec, type: string, o: Partial<HealthMonitorRec> = {}): HealthMonitorRec {
    return addSeedMonitor(this.ps, pool, type, this.next(), o);
  }

  ipgroup(name: string, description: string, list: [string, string][]): IpGroupRec {
    return addSeedIpGroup(this.ps, name, description, list, this.next());
  }

  listener(lb: LoadBalancerRec, name: string, protocol: string, port: number, o: Partial<ListenerRec> = {}): ListenerRec {
    return addSeedListener(this.ps, lb, name, protocol, port, this.next(), o);
  }
}

export function seedRegion1(ps: ProjectState, full: boolean): void {
  const s = new Seeder(ps);
  const webProd = s.lb('web-prod', {
    description: 'Production web tier: HTTP/HTTPS plus a raw TCP port',
    subnet: 'subnet-web',
    vip: '192.168.0.10',
    azs: ['sandbox-1a', 'sandbox-1b'],
    l4: 'L4_flavor.elb.s2.medium',
    l7: 'L7_flavor.elb.s2.medium',
    eips: [['203.0.113.10', 4]],
    tags: [{ key: 'env', value: 'prod' }],
  });
  const tcpGateway = s.lb('tcp-gateway', {
    description: 'Network load balancer for databases, DNS and game servers',
    subnet: 'subnet-web',
    vip: '192.168.0.20',
    azs: ['sandbox-1a'],
    l4: 'L4_flavor.elb.s1.small',
    l7: null,
    eips: [['203.0.113.20', 4]],
  });
  const appFrontend = s.lb('app-frontend', {
    description: 'Application load balancer only (no network flavor: cannot take TCP listeners)',
    subnet: 'subnet-app',
    vip: '192.168.1.30',
    azs: ['sandbox-1a', 'sandbox-1b'],
    l4: null,
    l7: 'L7_flavor.elb.s1.small',
    eips: [['203.0.113.30', 4]],
  });
  const dualstack = s.lb('dualstack-edge', {
    description: 'IPv4 + IPv6 edge',
    subnet: 'subnet-web',
    vip: '192.168.0.40',
    ipv6: '2001:db8:10::40',
    azs: ['sandbox-1b'],
    l4: 'L4_flavor.elb.s1.small',
    l7: null,
    eips: [
      ['203.0.113.40', 4],
      ['2001:db8:ffff::40', 6],
    ],
  });
  const ipBackends = s.lb('ip-backends', {
    description: 'IP as backend servers enabled (cross-VPC backends)',
    subnet: 'subnet-web',
    vip: '192.168.0.50',
    azs: ['sandbox-1a'],
    l4: 'L4_flavor.elb.s1.small',
    l7: null,
    ipTarget: true,
  });
  s.lb('staging-idle', {
    description: 'Staging load balancer without listeners',
    subnet: 'subnet-app',
    vip: '192.168.1.60',
    azs: ['sandbox-1b'],
    l4: 'L4_flavor.elb.s1.small',
    l7: 'L7_flavor.elb.s1.small',
  });
  if (!full) return;

  const office = s.ipgroup('office-nets', 'Office networks allowed to reach admin ports', [
    ['203.0.113.0/24', 'HQ'],
    ['198.51.100.0/25', 'Branch office'],
    ['192.0.2.10', 'VPN gateway'],
    ['10.10.0.0/16', 'Corporate WAN'],
    ['198.51.100.200-198.51.100.220', 'Contractors'],
    ['2001:db8:abcd::/48', 'HQ IPv6'],
  ]);
  const blocked = s.ipgroup('blocked-scanners', 'Sources seen scanning or brute-forcing', [
    ['192.0.2.66', 'port scanner'],
    ['198.51.100.99', 'SSH brute force'],
    ['203.0.113.128/25', 'abusive range'],
  ]);
  s.ipgroup('empty-group', 'No entries yet (as a whitelist it blocks everyone)', []);

  // web-prod
  const webHttp = s.pool(webProd, 'web-http-pool', { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', description: 'Nginx fleet' });
  s.member(webHttp, '192.168.1.11', 8080, 1, { subnet: 'subnet-app', name: 'web-01' });
  s.member(webHttp, '192.168.1.12', 8080, 1, { subnet: 'subnet-app', name: 'web-02' });
  s.monitor(webHttp, 'HTTP', { url_path: '/healthz', expected_codes: '200' });
  const webTcp = s.pool(webProd, 'web-tcp-8080-pool', {
    protocol: 'TCP',
    lb_algorithm: 'LEAST_CONNECTIONS',
    connection_drain: { enable: true, timeout: 60 },
  });
  s.member(webTcp, '192.168.1.21', 8080, 10, { subnet: 'subnet-app', name: 'api-01' });
  s.member(webTcp, '192.168.1.22', 8080, 5, { subnet: 'subnet-app', name: 'api-02' });
  s.member(webTcp, '192.168.1.23', 8080, 0, { subnet: 'subnet-app', name: 'api-03-drained' });
  s.monitor(webTcp, 'HTTP', { url_path: '/health', expected_codes: '200-204', delay: 10, timeout: 5, max_retries: 2 });
  s.pool(webProd, 'web-spare-tcp', { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', description: 'Unused TCP group, ready for a new listener' });
  s.listener(webProd, 'web-http', 'HTTP', 80, { default_pool_id: webHttp.id, description: 'Redirects to HTTPS' });
  s.listener(webProd, 'web-https', 'HTTPS', 443, { default_pool_id: webHttp.id, http2_enable: true });
  s.listener(webProd, 'web-tcp-8080', 'TCP', 8080, {
    default_pool_id: webTcp.id,
    ipgroup: { ipgroup_id: blocked.id, enable_ipgroup: true, type: 'black' },
    description: 'Public API (raw TCP)',
  });

  // tcp-gateway
  const mysql = s.pool(tcpGateway, 'mysql-primary', {
    protocol: 'TCP',
    lb_algorithm: 'ROUND_ROBIN',
    session_persistence: { type: 'SOURCE_IP', persistence_timeout: 20, cookie_name: null },
    connection_drain: { enable: true, timeout: 300 },
    member_deletion_protection_enable: true,
  });
  s.member(mysql, '192.168.2.10', 3306, 10, { subnet: 'subnet-db', name: 'db-primary' });
  s.member(mysql, '192.168.2.11', 3306, 5, { subnet: 'subnet-db', name: 'db-replica-1', status: 'OFFLINE' });
  s.member(mysql, '192.168.2.12', 3306, 0, { subnet: 'subnet-db', name: 'db-replica-2-maintenance' });
  s.monitor(mysql, 'TCP', { delay: 5, timeout: 3, max_retries: 3, max_retries_down: 2 });
  const dns = s.pool(tcpGateway, 'dns-udp', { protocol: 'UDP', lb_algorithm: 'ROUND_ROBIN' });
  s.member(dns, '192.168.1.53', 53, 1, { subnet: 'subnet-app', name: 'dns-a' });
  s.member(dns, '192.168.1.54', 53, 1, { subnet: 'subnet-app', name: 'dns-b' });
  s.monitor(dns, 'UDP_CONNECT', { delay: 10, timeout: 5 });
  const game = s.pool(tcpGateway, 'game-any-port', { protocol: 'TCP', lb_algorithm: 'SOURCE_IP', any_port_enable: true });
  s.member(game, '192.168.2.31', null, 1, { subnet: 'subnet-db', name: 'game-1' });
  s.member(game, '192.168.2.32', null, 1, { subnet: 'subnet-db', name: 'game-2' });
  s.monitor(game, 'TCP', { monitor_port: 10000 });
  const bastion = s.pool(tcpGateway, 'bastion', { protocol: 'TCP', lb_algorithm: 'SOURCE_IP' });
  s.member(bastion, '192.168.1.5', 22, 1, { subnet: 'subnet-app', name: 'bastion-01' });
  s.monitor(bastion, 'TCP', { delay: 15, timeout: 10 });
  s.listener(tcpGateway, 'mysql', 'TCP', 3306, {
    default_pool_id: mysql.id,
    keepalive_timeout: 900,
    cps: 5000,
    connection: 20000,
    tags: [
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'dba' },
    ],
    description: 'MySQL primary + replicas',
  });
  s.listener(tcpGateway, 'dns', 'UDP', 53, { default_pool_id: dns.id });
  s.listener(tcpGateway, 'game-range', 'TCP', 0, {
    port_ranges: [{ start_port: 10000, end_port: 10100 }],
    default_pool_id: game.id,
    description: 'Game servers on a port range',
  });
  s.listener(tcpGateway, 'ssh-bastion', 'TCP', 22, {
    default_pool_id: bastion.id,
    ipgroup: { ipgroup_id: office.id, enable_ipgroup: true, type: 'white' },
    keepalive_timeout: 1800,
  });

  // app-frontend (L7 only)
  const app = s.pool(appFrontend, 'app-http-pool', { protocol: 'HTTP', lb_algorithm: 'LEAST_CONNECTIONS' });
  s.member(app, '192.168.1.41', 3000, 1, { subnet: 'subnet-app', name: 'app-01' });
  s.member(app, '192.168.1.42', 3000, 1, { subnet: 'subnet-app', name: 'app-02' });
  s.monitor(app, 'HTTP', { url_path: '/ready', http_method: 'HEAD' });
  s.listener(appFrontend, 'app-http', 'HTTP', 80, { default_pool_id: app.id });

  // dualstack-edge
  const edge = s.pool(dualstack, 'edge-dualstack', { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' });
  s.member(edge, '192.168.0.71', 443, 1, { subnet: 'subnet-web', name: 'edge-v4' });
  s.member(edge, '2001:db8:10::71', 443, 1, { subnet: 'subnet-web', name: 'edge-v6' });
  s.monitor(edge, 'TCP');
  s.listener(dualstack, 'edge-tcp-443', 'TCP', 443, { default_pool_id: edge.id });
  s.listener(dualstack, 'edge-nat64', 'TCP', 8443, { nat64_enable: true, transparent_client_ip_enable: false, description: 'IPv6 clients to IPv4 backends' });

  // ip-backends
  const redis = s.pool(ipBackends, 'redis-ip', { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', type: 'ip', vpc_id: '' });
  s.member(redis, '10.20.0.11', 6379, 1, { name: 'redis-a', az: 'sandbox-1a' });
  s.member(redis, '10.20.0.12', 6379, 1, { name: 'redis-b', az: 'sandbox-1a' });
  s.monitor(redis, 'TCP');
  s.listener(ipBackends, 'redis-cross-vpc', 'TCP', 6379, { default_pool_id: redis.id, proxy_protocol_enable: true });
}

export function seedRegion2(ps: ProjectState, full: boolean): void {
  const s = new Seeder(ps);
  const l4 = s.lb('eu-l4-edge', {
    description: 'Network load balancer (region without port ranges)',
    subnet: 'subnet-eu-a',
    vip: '10.1.0.10',
    azs: ['sandbox-2a'],
    l4: 'L4_flavor.elb.s1.small',
    l7: null,
    eips: [['198.51.100.10', 4]],
  });
  const web = s.lb('eu-web', {
    description: 'Application load balancer (l4_flavor_id is an empty string)',
    subnet: 'subnet-eu-a',
    vip: '10.1.0.20',
    azs: ['sandbox-2a'],
    l4: '',
    l7: 'L7_flavor.elb.s1.small',
  });
  if (!full) return;
  s.ipgroup('eu-partners', 'Partner networks', [['192.0.2.0/28', 'partner A']]);
  const tcp = s.pool(l4, 'eu-web-tcp', { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' });
  s.member(tcp, '10.1.1.10', 80, 1, { subnet: 'subnet-eu-b', name: 'eu-web-1' });
  s.member(tcp, '10.1.1.11', 80, 3, { subnet: 'subnet-eu-b', name: 'eu-web-2' });
  s.monitor(tcp, 'TCP');
  const udp = s.pool(l4, 'eu-udp', { protocol: 'UDP', lb_algorithm: 'SOURCE_IP' });
  s.member(udp, '10.1.1.20', 5000, 1, { subnet: 'subnet-eu-b', name: 'eu-media' });
  s.listener(l4, 'eu-tcp-80', 'TCP', 80, { default_pool_id: tcp.id });
  s.listener(l4, 'eu-tcp-443', 'TCP', 443);
  s.listener(l4, 'eu-udp-5000', 'UDP', 5000, { default_pool_id: udp.id });
  const http = s.pool(web, 'eu-http', { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' });
  s.member(http, '10.1.1.30', 8080, 1, { subnet: 'subnet-eu-b', name: 'eu-app' });
  s.listener(web, 'eu-http', 'HTTP', 80, { default_pool_id: http.id });
}
