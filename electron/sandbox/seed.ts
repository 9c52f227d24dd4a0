/**
 * The seeded inventory: two projects = two regions, with realistic load balancers, listeners, pools, members,
 * health checks and IP address groups. Seeded IDs are stable (derived from names), so they are the same on every
 * run and for any project ID.
 */
import { createHash } from 'node:crypto';
import { addFleetLoadBalancers } from './fleet-seed';
import { apiTime } from './render';
import {
  type FlavorRec,
  type HealthMonitorRec,
  type IpGroupRec,
  type ListenerRec,
  type LoadBalancerRec,
  type MemberRec,
  type PoolRec,
  makeState,
  portFamily,
  ProjectState,
  type QuotaLimits,
  type SandboxState,
  type SubnetRec,
} from './state';
import type { RegionId } from './types';

/** A UUID v4-shaped ID derived from a name (stable across runs). */
export function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The base quota limits of a project (−1 = no limit). */
export function baseQuota(): QuotaLimits {
  return {
    loadbalancer: 50,
    listener: 1500,
    pool: 5000,
    member: 10000,
    healthmonitor: 5000,
    ipgroup: 50,
    ipgroup_bindings: 50,
    ipgroup_max_length: 300,
    ipgroups_per_listener: 5,
    listeners_per_loadbalancer: 100,
    members_per_pool: 1000,
    listeners_per_pool: 50,
    certificate: 120,
    l7policy: 2000,
    security_policy: 50,
    condition_per_policy: 10,
  };
}

const SEED_EPOCH = Date.UTC(2025, 2, 3, 8, 15, 0);
/** A fixed seed timestamp, `n` hours after the seed epoch. */
function at(n: number): string {
  return apiTime(SEED_EPOCH + n * 3600_000);
}

function flavors(region: RegionId): FlavorRec[] {
  const f = (name: string, type: FlavorRec['type'], info: FlavorRec['info']): FlavorRec => ({
    id: stableId(region, 'flavor', name),
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

function subnet(region: RegionId, vpcName: string, name: string, cidr: string, az: string, cidrV6: string | null): SubnetRec {
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

function subnets(region: RegionId): SubnetRec[] {
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

/** Builds seeded records for one region. */
class Seeder {
  private hour = 0;
  constructor(
    readonly ps: ProjectState,
    readonly region: RegionId,
  ) {}

  private next(): string {
    this.hour += 5;
    return at(this.hour);
  }

  flavorId(name: string): string {
    return stableId(this.region, 'flavor', name);
  }

  sub(name: string): SubnetRec {
    const s = this.ps.subnets.find((x) => x.name === name);
    if (!s) throw new Error(`seed: unknown subnet ${name}`);
    return s;
  }

  lb(
    name: string,
    o: {
      description: string;
      subnet: string;
      vip: string;
      azs: string[];
      l4: string | null;
      l7: string | null;
      eips?: [string, 4 | 6][];
      ipv6?: string;
      ipTarget?: boolean;
      tags?: { key: string; value: string }[];
    },
  ): LoadBalancerRec {
    const s = this.sub(o.subnet);
    const t = this.next();
    const rec: LoadBalancerRec = {
      id: stableId(this.region, 'lb', name),
      name,
      description: o.description,
      vpc_id: s.vpc_id,
      vip_subnet_cidr_id: s.neutron_subnet_id,
      vip_address: o.vip,
      vip_port_id: stableId(this.region, 'port', name),
      ipv6_vip_address: o.ipv6 ?? null,
      ipv6_vip_virsubnet_id: o.ipv6 ? s.neutron_network_id : null,
      ipv6_vip_port_id: o.ipv6 ? stableId(this.region, 'port6', name) : null,
      availability_zone_list: o.azs,
      l4_flavor_id: o.l4 === null ? null : o.l4 === '' ? '' : this.flavorId(o.l4),
      l7_flavor_id: o.l7 === null ? null : o.l7 === '' ? '' : this.flavorId(o.l7),
      eips: (o.eips ?? []).map(([addr, v]) => ({ eip_id: stableId(this.region, 'eip', addr), eip_address: addr, ip_version: v })),
      elb_virsubnet_ids: [s.neutron_network_id],
      ip_target_enable: o.ipTarget ?? false,
      guaranteed: true,
      operating_status: 'ONLINE',
      deletion_protection_enable: false,
      tags: o.tags ?? [],
      created_at: t,
      updated_at: t,
    };
    this.ps.addLoadBalancer(rec);
    return rec;
  }

  pool(lb: LoadBalancerRec, name: string, o: Partial<PoolRec> & { protocol: string; lb_algorithm: string }): PoolRec {
    const t = this.next();
    const rec: PoolRec = {
      id: stableId(this.region, 'pool', name),
      name,
      description: '',
      loadbalancer_id: lb.id,
      healthmonitor_id: null,
      session_persistence: null,
      slow_start: null,
      connection_drain: null,
      ip_version: ['TCP', 'UDP', 'QUIC'].includes(o.protocol) ? 'dualstack' : 'v4',
      type: '',
      vpc_id: lb.vpc_id,
      any_port_enable: false,
      member_deletion_protection_enable: false,
      protection_status: 'nonProtection',
      protection_reason: '',
      pool_health: null,
      created_at: t,
      updated_at: t,
      ...o,
    };
    this.ps.addPool(rec);
    return rec;
  }

  member(pool: PoolRec, address: string, port: number | null, weight: number, o: { subnet?: string; name?: string; status?: MemberRec['operating_status']; az?: string } = {}): MemberRec {
    const t = this.next();
    const v6 = address.includes(':');
    const s = o.subnet ? this.sub(o.subnet) : null;
    const rec: MemberRec = {
      id: stableId(this.region, 'member', pool.name, address, String(port)),
      pool_id: pool.id,
      name: o.name ?? '',
      address,
      protocol_port: port,
      weight,
      subnet_cidr_id: s ? (v6 ? s.neutron_network_id : s.neutron_subnet_id) : null,
      ip_version: v6 ? 'v6' : 'v4',
      operating_status: o.status ?? 'ONLINE',
      member_type: s ? 'instance' : 'ip',
      instance_id: s ? stableId(this.region, 'ecs', o.name ?? address) : '',
      availability_zone: s ? '' : (o.az ?? ''),
      created_at: t,
      updated_at: t,
    };
    this.ps.addMember(rec);
    return rec;
  }

  monitor(pool: PoolRec, type: string, o: Partial<HealthMonitorRec> = {}): HealthMonitorRec {
    const t = this.next();
    const http = type === 'HTTP' || type === 'HTTPS';
    const rec: HealthMonitorRec = {
      id: stableId(this.region, 'healthmonitor', pool.name),
      pool_id: pool.id,
      name: `${pool.name}-check`,
      type,
      delay: 5,
      timeout: 3,
      max_retries: 3,
      max_retries_down: 3,
      monitor_port: null,
      url_path: http ? '/' : null,
      expected_codes: http ? '200' : null,
      http_method: http ? 'GET' : null,
      domain_name: null,
      admin_state_up: true,
      created_at: t,
      updated_at: t,
      ...o,
    };
    this.ps.addHealthMonitor(rec);
    return rec;
  }

  ipgroup(name: string, description: string, list: [string, string][]): IpGroupRec {
    const t = this.next();
    const rec: IpGroupRec = {
      id: stableId(this.region, 'ipgroup', name),
      name,
      description,
      ip_list: list.map(([ip, d]) => ({ ip, description: d })),
      created_at: t,
      updated_at: t,
    };
    this.ps.addIpGroup(rec);
    return rec;
  }

  listener(lb: LoadBalancerRec, name: string, protocol: string, port: number, o: Partial<ListenerRec> = {}): ListenerRec {
    const t = this.next();
    const http = protocol === 'HTTP' || protocol === 'HTTPS';
    const rec: ListenerRec = {
      id: stableId(this.region, 'listener', name),
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
      default_tls_container_ref: protocol === 'HTTPS' ? stableId(this.region, 'cert', name) : null,
      http2_enable: false,
      protection_status: 'nonProtection',
      protection_reason: '',
      created_at: t,
      updated_at: t,
      ...o,
    };
    this.ps.addListener(rec);
    return rec;
  }
}

function seedRegion1(ps: ProjectState, full: boolean): void {
  const s = new Seeder(ps, 'sandbox-1');
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

function seedRegion2(ps: ProjectState, full: boolean): void {
  const s = new Seeder(ps, 'sandbox-2');
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

/**
 * Adds `n` TCP/UDP listeners (every 4th one UDP) spread round-robin over the L4-capable LBs, on free ports from
 * 20000 up. Linear time: ports are checked in the per-LB port index.
 */
export function addExtraListeners(ps: ProjectState, n: number): void {
  if (n <= 0) return;
  const lbs = [...ps.loadbalancers.values()].filter((lb) => lb.l4_flavor_id);
  if (lbs.length === 0) throw new Error('no L4-capable load balancer to add listeners to');
  const cursors = new Map<string, { tcp: number; udp: number }>();
  for (const lb of lbs) cursors.set(lb.id, { tcp: 20000, udp: 20000 });
  const base = SEED_EPOCH + 400 * 3600_000;
  for (let i = 0; i < n; i++) {
    const lb = lbs[i % lbs.length] as LoadBalancerRec;
    const protocol = i % 4 === 3 ? 'UDP' : 'TCP';
    const fam = portFamily(protocol);
    const cur = cursors.get(lb.id) as { tcp: number; udp: number };
    const idx = ps.portIndex(lb.id);
    while (cur[fam] <= 65535 && !idx.isFree(fam, cur[fam])) cur[fam]++;
    if (cur[fam] > 65535) throw new Error(`no free ${protocol} port left on ${lb.name}`);
    const port = cur[fam]++;
    const t = apiTime(base + i * 1000);
    ps.addListener({
      id: stableId(ps.region, 'bulk-listener', String(i)),
      name: `bulk-${protocol.toLowerCase()}-${port}`,
      description: '',
      loadbalancer_id: lb.id,
      protocol,
      protocol_port: port,
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
  // make room for the extra listeners in the quotas
  ps.quota.listener = Math.max(ps.quota.listener ?? 0, ps.listeners.size + 1000);
  let maxPerLb = 0;
  for (const set of ps.lbListeners.values()) maxPerLb = Math.max(maxPerLb, set.size);
  ps.quota.listeners_per_loadbalancer = Math.max(ps.quota.listeners_per_loadbalancer ?? 0, maxPerLb + 100);
}

/** Options of `buildState`. */
export interface BuildOptions {
  projectIds: Record<RegionId, string>;
  /** false: load balancers, flavors and subnets only (no listeners, pools, members, monitors, IP groups). */
  seed: boolean;
  extraListeners: number;
  /** Fleet-scale load balancers over both regions (fleet-seed.ts); 0 or absent = none. */
  loadBalancers?: number;
}

/** Creates an empty project with its static parts (flavors, subnets, quota). */
export function emptyProject(region: RegionId, projectId: string): ProjectState {
  const ps = new ProjectState(projectId, region, region === 'sandbox-1' ? { portRanges: true, nat64: true } : { portRanges: false, nat64: false });
  for (const f of flavors(region)) ps.flavors.set(f.id, f);
  ps.subnets.push(...subnets(region));
  ps.quota = baseQuota();
  return ps;
}

/** Builds the seeded state. */
export function buildState(o: BuildOptions): SandboxState {
  const r1 = emptyProject('sandbox-1', o.projectIds['sandbox-1']);
  const r2 = emptyProject('sandbox-2', o.projectIds['sandbox-2']);
  seedRegion1(r1, o.seed);
  seedRegion2(r2, o.seed);
  addExtraListeners(r1, o.extraListeners);
  addFleetLoadBalancers(r1, r2, o.loadBalancers ?? 0, o.seed);
  return makeState(r1, r2);
}

/** Replaces the live state's content with a fresh seed (the same objects are kept, so references stay valid). */
export function reseed(state: SandboxState, o: BuildOptions): void {
  const fresh = buildState(o);
  for (const r of ['sandbox-1', 'sandbox-2'] as const) state.region(r).load(fresh.region(r).dump());
}
