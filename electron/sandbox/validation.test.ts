import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

let h: SandboxHandle;
let c: TestClient;
let c2: TestClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startSandbox({});
  c = new TestClient(h);
  c2 = new TestClient(h, 1);
  for (const n of ['web-prod', 'tcp-gateway', 'app-frontend', 'ip-backends', 'staging-idle']) ids[n] = await c.idOf('loadbalancers', n);
  for (const n of ['web-http-pool', 'web-spare-tcp', 'mysql-primary', 'edge-dualstack', 'redis-ip', 'dns-udp']) ids[n] = await c.idOf('pools', n);
  for (const n of ['office-nets', 'blocked-scanners', 'empty-group']) ids[n] = await c.idOf('ipgroups', n);
});
beforeEach(() => h.reset());
afterAll(() => h.close());

/** POSTs a listener on `lb` (default staging-idle, which has no listeners) with extra fields. */
function listener(extra: Record<string, unknown>, lb = 'staging-idle', client = c) {
  return client.post('/listeners', { listener: { loadbalancer_id: ids[lb] ?? lb, protocol: 'TCP', protocol_port: 7001, ...extra } });
}

function expectError(r: { status: number; body: { error_code: string; error_msg: string } }, status: number, msg?: RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error_code).toBe(status === 400 ? 'ELB.8902' : status === 404 ? 'ELB.8904' : 'ELB.8907');
  if (msg) expect(r.body.error_msg).toMatch(msg);
}

describe('listener rules', () => {
  it('protocol: unknown and shared-only protocols are refused, TCP is accepted', async () => {
    expectError(await listener({ protocol: 'FTP' }), 400, /listener\.protocol/);
    expectError(await listener({ protocol: 'TERMINATED_HTTPS' }), 400, /shared/);
    expect((await listener({})).status).toBe(201);
  });

  it('an L7-only load balancer refuses TCP (both null and "" l4_flavor_id) but takes HTTP', async () => {
    expectError(await listener({}, 'app-frontend'), 400, /network \(TCP\/UDP\) flavor/);
    const euWeb = await c2.idOf('loadbalancers', 'eu-web');
    expectError(await listener({}, euWeb, c2), 400, /cannot have TCP listeners/);
    expect((await listener({ protocol: 'HTTP', protocol_port: 8081 }, 'app-frontend')).status).toBe(201);
    expectError(await listener({ protocol: 'HTTP', protocol_port: 8081 }, 'tcp-gateway'), 400, /application/);
  });

  it('protocol_port: 1-65535 integers', async () => {
    expectError(await listener({ protocol_port: 65536 }), 400, /protocol_port.*0 to 65535/);
    expectError(await listener({ protocol_port: '80' }), 400, /protocol_port/);
    expectError(await listener({ protocol_port: 80.5 }), 400, /protocol_port/);
    expectError(await listener({ protocol_port: 0 }), 400, /required/);
    expectError(await listener({ protocol_port: undefined }), 400, /required/);
    expect((await listener({ protocol_port: 65535 })).status).toBe(201);
  });

  it('port_ranges: ≤10, start ≤ end, no overlap, TCP/UDP/TLS only, only without a port', async () => {
    const r = (s: number, e: number) => ({ start_port: s, end_port: e });
    expectError(await listener({ protocol_port: 0, port_ranges: Array.from({ length: 11 }, (_, i) => r(1000 + i * 10, 1005 + i * 10)) }), 400, /at most 10/);
    expectError(await listener({ protocol_port: 0, port_ranges: [r(2000, 1999)] }), 400, /start_port/);
    expectError(await listener({ protocol_port: 0, port_ranges: [r(2000, 2010), r(2010, 2020)] }), 400, /overlap/);
    expectError(await listener({ protocol_port: 80, port_ranges: [r(2000, 2010)] }), 400, /protocol_port is 0 or omitted/);
    expectError(await listener({ protocol: 'HTTP', protocol_port: 0, port_ranges: [r(2000, 2010)] }, 'web-prod'), 400, /TCP, UDP and TLS/);
    expectError(await listener({ protocol_port: 0, port_ranges: [r(0, 10)] }), 400, /start_port/);
    const ok = await listener({ protocol_port: undefined, port_ranges: [r(20000, 20010), r(20020, 20030)] });
    expect(ok.status).toBe(201);
    expect(ok.body.listener).toMatchObject({ protocol_port: 0, port_ranges: [r(20000, 20010), r(20020, 20030)] });
  });

  it('region sandbox-2 refuses port ranges and nat64', async () => {
    const lb = await c2.idOf('loadbalancers', 'eu-l4-edge');
    expectError(await listener({ protocol_port: 0, port_ranges: [{ start_port: 100, end_port: 200 }] }, lb, c2), 400, /sandbox-2/);
    expectError(await listener({ nat64_enable: true }, lb, c2), 400, /sandbox-2/);
    expect((await listener({}, lb, c2)).status).toBe(201);
  });

  it('port clash: TCP/HTTP/HTTPS share one port space (409), UDP is separate', async () => {
    expectError(await listener({ protocol_port: 3306 }, 'tcp-gateway'), 409, /Port 3306 is already used/);
    expectError(await listener({ protocol: 'HTTP', protocol_port: 8080 }, 'web-prod'), 409, /8080/);
    expectError(await listener({ protocol_port: 80 }, 'web-prod'), 409, /HTTP/);
    expectError(await listener({ protocol_port: 443 }, 'web-prod'), 409);
    expectError(await listener({ protocol_port: 10050 }, 'tcp-gateway'), 409, /10050/);
    expectError(await listener({ protocol_port: 0, port_ranges: [{ start_port: 3300, end_port: 3310 }] }, 'tcp-gateway'), 409, /3306/);
    expect((await listener({ protocol: 'UDP', protocol_port: 3306 }, 'tcp-gateway')).status).toBe(201);
    expectError(await listener({ protocol: 'UDP', protocol_port: 53 }, 'tcp-gateway'), 409, /53/);
    expect((await listener({ protocol_port: 53 }, 'tcp-gateway')).status).toBe(201);
  });

  it('name/description ≤255 characters', async () => {
    expectError(await listener({ name: 'x'.repeat(256) }), 400, /listener\.name.*255/);
    expectError(await listener({ description: 'é'.repeat(256) }), 400, /description/);
    expect((await listener({ name: 'ü'.repeat(255), description: 'd'.repeat(255) })).status).toBe(201);
  });

  it('keepalive_timeout 10-4000 (default 300); cps/connection 0-1,000,000', async () => {
    expectError(await listener({ keepalive_timeout: 9 }), 400, /keepalive_timeout.*10 to 4000/);
    expectError(await listener({ keepalive_timeout: 4001 }), 400, /keepalive_timeout/);
    expectError(await listener({ cps: 1_000_001 }), 400, /cps/);
    expectError(await listener({ connection: -1 }), 400, /connection/);
    const ok = await listener({ keepalive_timeout: 10, cps: 1_000_000, connection: 0 });
    expect(ok.body.listener).toMatchObject({ keepalive_timeout: 10, cps: 1_000_000, connection: 0 });
    expect((await listener({ protocol_port: 7002 })).body.listener.keepalive_timeout).toBe(300);
  });

  it('tags: key 1-36, value ≤255 without = * < > \\ , | /, unique keys, ≤20', async () => {
    expectError(await listener({ tags: [{ key: 'k'.repeat(37), value: '' }] }), 400, /key/);
    expectError(await listener({ tags: [{ key: '', value: 'v' }] }), 400, /key/);
    expectError(await listener({ tags: [{ key: 'a', value: 'x=y' }] }), 400, /must not contain/);
    expectError(await listener({ tags: [{ key: 'a/b', value: '' }] }), 400, /must not contain/);
    expectError(await listener({ tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }), 400, /unique/);
    expectError(await listener({ tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: '' })) }), 400, /at most 20/);
    expect((await listener({ tags: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(255) })) })).status).toBe(201);
  });

  it('ipgroup: must exist, white|black, ≤5 groups', async () => {
    expectError(await listener({ ipgroup: { ipgroup_id: '11111111-1111-4111-8111-111111111111' } }), 404, /IP address group/);
    expectError(await listener({ ipgroup: { ipgroup_id: ids['office-nets'], type: 'grey' } }), 400, /white, black/);
    expectError(await listener({ ipgroup: { type: 'white' } }), 400, /ipgroup_id/);
    const six = Array.from({ length: 6 }, () => ids['office-nets']).join(',');
    expectError(await listener({ ipgroup: { ipgroup_id: six } }), 400);
    const ok = await listener({ ipgroup: { ipgroup_id: `${ids['office-nets']},${ids['empty-group']}`, type: 'black', enable_ipgroup: false } });
    expect(ok.status).toBe(201);
    expect(ok.body.listener.ipgroup).toEqual({ ipgroup_id: `${ids['office-nets']},${ids['empty-group']}`, type: 'black', enable_ipgroup: false });
  });

  it('default_pool_id: must exist, be TCP for a TCP listener, and be on the same LB', async () => {
    expectError(await listener({ default_pool_id: '11111111-1111-4111-8111-111111111111' }), 404, /Pool/);
    expectError(await listener({ default_pool_id: ids['web-http-pool'] }, 'web-prod'), 400, /needs a TCP pool/);
    expectError(await listener({ default_pool_id: ids['web-spare-tcp'] }, 'tcp-gateway'), 400, /another load balancer/);
    const ok = await listener({ default_pool_id: ids['web-spare-tcp'], protocol_port: 7003 }, 'web-prod');
    expect(ok.status).toBe(201);
    expect((await c.get(`/pools/${ids['web-spare-tcp']}`)).body.pool.listeners).toEqual([{ id: ok.body.listener.id }]);
  });

  it('transparent client IP (only true on dedicated) and nat64 (not together)', async () => {
    expectError(await listener({ transparent_client_ip_enable: false }), 400, /only accept true/);
    expectError(await listener({ nat64_enable: true, transparent_client_ip_enable: true }), 400, /cannot be true together/);
    expectError(await listener({ protocol: 'HTTP', protocol_port: 8082, nat64_enable: true }), 400, /TCP and UDP/);
    const ok = await listener({ nat64_enable: true });
    expect(ok.body.listener).toMatchObject({ nat64_enable: true, transparent_client_ip_enable: false });
    expect((await listener({ protocol_port: 7002, transparent_client_ip_enable: true })).status).toBe(201);
  });

  it('HTTP-only fields and unknown fields are refused for TCP', async () => {
    expectError(await listener({ client_timeout: 60 }), 400, /client_timeout/);
    expectError(await listener({ enable_member_retry: true }), 400, /enable_member_retry/);
    expectError(await listener({ http2_enable: true }), 400, /http2_enable/);
    expectError(await listener({ protocl_port: 80 }), 400, /Unrecognized attribute 'listener\.protocl_port'/);
    expectError(await c.post('/listeners', { listner: {} }), 400, /listener/);
    expectError(await c.post('/listeners', { listener: { protocol: 'TCP', protocol_port: 80 } }), 400, /loadbalancer_id/);
    expectError(await listener({}, '11111111-1111-4111-8111-111111111111'), 404, /Load balancer/);
  });

  it('PUT: immutable fields refused, ranges checked, accepted changes applied', async () => {
    const id = (await listener({})).body.listener.id;
    expectError(await c.put(`/listeners/${id}`, { listener: { protocol_port: 81 } }), 400, /cannot be changed/);
    expectError(await c.put(`/listeners/${id}`, { listener: { keepalive_timeout: 5 } }), 400, /keepalive_timeout/);
    const ok = await c.put(`/listeners/${id}`, { listener: { keepalive_timeout: 4000, default_pool_id: null, nat64_enable: true } });
    expect(ok.body.listener).toMatchObject({ keepalive_timeout: 4000, nat64_enable: true, transparent_client_ip_enable: false });
  });

  it('quota full → 409 ELB.8907 "Quota exceeded"', async () => {
    const ps = h.state().region('sandbox-1');
    ps.quota.listener = ps.listeners.size;
    expectError(await listener({}), 409, /Quota exceeded for resource 'listener'/);
    ps.quota.listener = ps.listeners.size + 1;
    expect((await listener({})).status).toBe(201);
  });
});

describe('pool rules', () => {
  const pool = (extra: Record<string, unknown>) =>
    c.post('/pools', { pool: { loadbalancer_id: ids['tcp-gateway'], protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', ...extra } });

  it('protocol, algorithm and the LB/listener/type requirement', async () => {
    expectError(await pool({ protocol: 'SCTP' }), 400, /pool\.protocol/);
    expectError(await pool({ lb_algorithm: 'RANDOM' }), 400, /lb_algorithm/);
    expectError(await pool({ lb_algorithm: 'QUIC_CID' }), 400, /QUIC/);
    expectError(await pool({ loadbalancer_id: undefined }), 400, /at least one of/);
    expect((await pool({ loadbalancer_id: undefined, type: 'ip' })).status).toBe(201);
    expect((await pool({ lb_algorithm: 'SOURCE_IP' })).status).toBe(201);
  });

  it('session_persistence SOURCE_IP 1-60 for TCP; connection_drain 10-4000; slow start not for TCP', async () => {
    expectError(await pool({ session_persistence: { type: 'HTTP_COOKIE' } }), 400, /SOURCE_IP/);
    expectError(await pool({ session_persistence: { type: 'SOURCE_IP', persistence_timeout: 61 } }), 400, /persistence_timeout.*1 to 60/);
    expectError(await pool({ connection_drain: { enable: true, timeout: 9 } }), 400, /timeout.*10 to 4000/);
    expectError(await pool({ connection_drain: { enable: true } }), 400, /required/);
    expectError(await pool({ slow_start: { enable: true, duration: 30 } }), 400, /HTTP/);
    const ok = await pool({ session_persistence: { type: 'SOURCE_IP', persistence_timeout: 60 }, connection_drain: { enable: true, timeout: 4000 } });
    expect(ok.body.pool).toMatchObject({ session_persistence: { type: 'SOURCE_IP', persistence_timeout: 60 }, connection_drain: { enable: true, timeout: 4000 } });
    const def = await pool({ session_persistence: { type: 'SOURCE_IP' } });
    expect(def.body.pool.session_persistence.persistence_timeout).toBe(1);
  });

  it('listener_id: protocol must fit, and a listener with a default pool refuses another (409)', async () => {
    const mysql = await c.idOf('listeners', 'mysql');
    expectError(await pool({ listener_id: mysql }), 409, /already has a default pool/);
    const free = (await listener({}, 'tcp-gateway')).body.listener.id;
    expectError(await pool({ listener_id: free, protocol: 'UDP' }), 400, /cannot serve TCP/);
    expect((await pool({ listener_id: free })).status).toBe(201);
  });
});

describe('member rules', () => {
  let subnets: { name: string; id: string; neutron_subnet_id: string; neutron_network_id: string }[];
  beforeAll(async () => {
    subnets = (await c.get(`/v1/${c.projectId}/subnets`)).body.subnets;
  });
  const sub = (name: string) => subnets.find((s) => s.name === name) as (typeof subnets)[number];
  const member = (pool: string, extra: Record<string, unknown>) =>
    c.post(`/pools/${ids[pool]}/members`, { member: { address: '192.168.2.77', protocol_port: 3306, subnet_cidr_id: sub('subnet-db').neutron_subnet_id, ...extra } });

  it('address, port and weight ranges (weight 0 kept)', async () => {
    expectError(await member('mysql-primary', { address: '300.1.1.1' }), 400, /address/);
    expectError(await member('mysql-primary', { protocol_port: 0 }), 400, /protocol_port/);
    expectError(await member('mysql-primary', { protocol_port: undefined }), 400, /protocol_port/);
    expectError(await member('mysql-primary', { weight: 101 }), 400, /weight.*0 to 100/);
    const ok = await member('mysql-primary', { weight: 0 });
    expect(ok.status).toBe(201);
    expect(ok.body.member.weight).toBe(0);
  });

  it('subnet: neutron_subnet_id for IPv4, neutron_network_id for IPv6, address inside the CIDR', async () => {
    expectError(await member('mysql-primary', { subnet_cidr_id: sub('subnet-db').id }), 400, /neutron_subnet_id/);
    expectError(await member('mysql-primary', { subnet_cidr_id: '22222222-2222-4222-8222-222222222222' }), 404, /Subnet/);
    expectError(await member('mysql-primary', { address: '192.168.1.77' }), 400, /inside the subnet/);
    expectError(await member('mysql-primary', { subnet_cidr_id: sub('subnet-ops').neutron_subnet_id, address: '172.16.0.9' }), 400, /VPC/);
    expectError(await member('edge-dualstack', { address: '2001:db8:10::99', subnet_cidr_id: sub('subnet-web').neutron_subnet_id }), 400, /neutron_network_id/);
    expect((await member('edge-dualstack', { address: '2001:db8:10::99', subnet_cidr_id: sub('subnet-web').neutron_network_id })).status).toBe(201);
    expectError(await member('web-http-pool', { address: '2001:db8:10::99', protocol_port: 80, subnet_cidr_id: sub('subnet-web').neutron_network_id }), 400, /IPv4/);
  });

  it('IP-type backends need ip_target_enable and a private IPv4', async () => {
    expectError(await member('mysql-primary', { subnet_cidr_id: undefined }), 400, /ip_target_enable/);
    expectError(await member('redis-ip', { subnet_cidr_id: undefined, address: '8.8.8.8', protocol_port: 6379 }), 400, /private IPv4/);
    expectError(await member('redis-ip', { protocol_port: 6379 }), 400, /type 'ip'/);
    expect((await member('redis-ip', { subnet_cidr_id: undefined, address: '10.20.0.13', protocol_port: 6379 })).status).toBe(201);
  });

  it('address+port unique per pool (409); batch-add ≤200', async () => {
    expectError(await member('mysql-primary', { address: '192.168.2.10' }), 409, /already exists/);
    expect((await member('mysql-primary', { address: '192.168.2.10', protocol_port: 3307 })).status).toBe(201);
    const many = Array.from({ length: 201 }, (_, i) => ({ address: `192.168.2.${(i % 250) + 1}`, protocol_port: 1000 + i, subnet_cidr_id: sub('subnet-db').neutron_subnet_id }));
    expectError(await c.post(`/pools/${ids['mysql-primary']}/members/batch-add`, { members: many }), 400, /at most 200/);
    const two = many.slice(0, 200);
    const r = await c.post(`/pools/${ids['mysql-primary']}/members/batch-add`, { members: two });
    expect(r.status).toBe(200);
    expect(r.body.members.filter((m: { ret_status: string }) => m.ret_status === 'successful')).toHaveLength(200);
  });

  it('removal protection refuses member deletion (409)', async () => {
    const m = (await c.get(`/pools/${ids['mysql-primary']}/members`)).body.members[0];
    expectError(await c.del(`/pools/${ids['mysql-primary']}/members/${m.id}`), 409, /removal protection/);
  });
});

describe('health monitor rules', () => {
  const freshPool = async (protocol = 'TCP') =>
    (await c.post('/pools', { pool: { loadbalancer_id: ids['tcp-gateway'], protocol, lb_algorithm: 'ROUND_ROBIN' } })).body.pool.id as string;
  const hm = (pool: string, extra: Record<string, unknown>) =>
    c.post('/healthmonitors', { healthmonitor: { pool_id: pool, type: 'TCP', delay: 5, timeout: 3, max_retries: 3, ...extra } });

  it('ranges: delay/timeout 1-50, max_retries 1-10, max_retries_down 1-10 (default 3)', async () => {
    const p = await freshPool();
    expectError(await hm(p, { delay: 0 }), 400, /delay.*1 to 50/);
    expectError(await hm(p, { delay: 51 }), 400, /delay/);
    expectError(await hm(p, { timeout: 51 }), 400, /timeout/);
    expectError(await hm(p, { max_retries: 11 }), 400, /max_retries/);
    expectError(await hm(p, { max_retries_down: 0 }), 400, /max_retries_down/);
    expectError(await hm(p, { delay: undefined }), 400, /required/);
    const ok = await hm(p, { delay: 50, timeout: 50, max_retries: 10 });
    expect(ok.status).toBe(201);
    expect(ok.body.healthmonitor.max_retries_down).toBe(3);
  });

  it('one monitor per pool (409); types allowed for TCP pools', async () => {
    expectError(await hm(ids['mysql-primary'] ?? '', {}), 409, /already has health monitor/);
    const p = await freshPool();
    expectError(await hm(p, { type: 'UDP_CONNECT' }), 400, /TCP, HTTP, HTTPS/);
    expectError(await hm(p, { type: 'PING' }), 400, /type/);
    expect((await hm(p, { type: 'HTTPS' })).status).toBe(201);
  });

  it('url_path/expected_codes/http_method/domain_name only for HTTP(S), with their formats', async () => {
    const p = await freshPool();
    expectError(await hm(p, { url_path: '/x' }), 400, /only for HTTP/);
    expectError(await hm(p, { type: 'HTTP', url_path: 'health' }), 400, /start with \//);
    expectError(await hm(p, { type: 'HTTP', url_path: '/a=b' }), 400, /url_path/);
    expectError(await hm(p, { type: 'HTTP', expected_codes: '200-' }), 400, /expected_codes/);
    expectError(await hm(p, { type: 'HTTP', expected_codes: '600' }), 400, /expected_codes/);
    expectError(await hm(p, { type: 'HTTP', http_method: 'PUT' }), 400, /http_method/);
    expectError(await hm(p, { type: 'HTTP', domain_name: '-bad.example' }), 400, /domain_name/);
    const ok = await hm(p, { type: 'HTTP', url_path: '/healthz?full&v1', expected_codes: '200,202', http_method: 'HEAD', domain_name: 'www.example.com' });
    expect(ok.status).toBe(201);
    expect(ok.body.healthmonitor).toMatchObject({ url_path: '/healthz?full&v1', expected_codes: '200,202', http_method: 'HEAD', domain_name: 'www.example.com' });
  });
});

describe('IP group rules', () => {
  const group = (ip_list: unknown[]) => c.post('/ipgroups', { ipgroup: { name: 'g', ip_list } });

  it('entries: IPv4/IPv6/CIDR/range; ≤300 entries; 0.0.0.0 ≡ 0.0.0.0/32', async () => {
    expectError(await group([{ ip: '10.0.0.256' }]), 400, /ip_list\[0\]\.ip/);
    expectError(await group([{ ip: '10.0.0.9-10.0.0.1' }]), 400, /greater/);
    expectError(await group([{ ip: '10.0.0.0/33' }]), 400, /CIDR/);
    expectError(await group([{ ip: '10.0.0.1-2001:db8::1' }]), 400, /same IP version/);
    expectError(await c.post('/ipgroups', { ipgroup: { name: 'g' } }), 400, /ip_list/);
    const many = Array.from({ length: 301 }, (_, i) => ({ ip: `10.${i >> 8}.${i & 255}.1` }));
    expectError(await group(many), 400, /at most 300/);
    expect((await group(many.slice(0, 300))).status).toBe(201);
    const same = await group([{ ip: '0.0.0.0' }, { ip: '0.0.0.0/32' }, { ip: '::1' }, { ip: '0:0::1/128' }, { ip: '10.0.0.1-10.0.0.5' }]);
    expect(same.status).toBe(201);
    expect(same.body.ipgroup.ip_list).toHaveLength(3);
  });
});

describe('robustness', () => {
  it('random field values never cause a 5xx and always give the error shape (fast-check)', async () => {
    const fc = await import('fast-check');
    const targets: { path: string; key: string; fields: string[] }[] = [
      { path: '/listeners', key: 'listener', fields: ['loadbalancer_id', 'protocol', 'protocol_port', 'port_ranges', 'name', 'keepalive_timeout', 'ipgroup', 'tags', 'default_pool_id', 'nat64_enable', 'cps', '__proto__'] },
      { path: '/pools', key: 'pool', fields: ['loadbalancer_id', 'listener_id', 'protocol', 'lb_algorithm', 'session_persistence', 'connection_drain', 'type', 'vpc_id'] },
      { path: `/pools/${'POOL'}/members`, key: 'member', fields: ['address', 'protocol_port', 'weight', 'subnet_cidr_id', 'name'] },
      { path: '/healthmonitors', key: 'healthmonitor', fields: ['pool_id', 'type', 'delay', 'timeout', 'max_retries', 'url_path', 'expected_codes', 'domain_name'] },
      { path: '/ipgroups', key: 'ipgroup', fields: ['name', 'ip_list', 'description'] },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(targets.length - 1),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.boolean(),
        async (ti, extra, wrap) => {
          const t = targets[ti] as (typeof targets)[number];
          const inner: Record<string, unknown> = { loadbalancer_id: ids['staging-idle'], protocol: 'TCP', protocol_port: 7100, pool_id: ids['web-spare-tcp'] };
          const keys = Object.keys(extra);
          keys.forEach((k, i) => {
            inner[t.fields[(k.charCodeAt(0) + i) % t.fields.length] ?? 'name'] = extra[k];
          });
          const body = wrap ? { [t.key]: inner } : inner;
          const r = await c.post(t.path.replace('POOL', ids['web-spare-tcp'] ?? ''), body);
          expect(r.status, JSON.stringify(body)).toBeLessThan(500);
          if (r.status >= 400) expect(r.body).toMatchObject({ error_code: expect.any(String), error_msg: expect.any(String), request_id: expect.any(String) });
        },
      ),
      { numRuns: 150, seed: 20250303 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
