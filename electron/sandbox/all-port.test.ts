/**
 * All-port forwarding (`any_port_enable`, elb-v3-api.md §5–7): TCP/UDP/QUIC pools only, member port ignored,
 * health check `monitor_port` required; errors in the API's `{error_code, error_msg, request_id}` shape.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient, type TestReply } from './testkit';
import type { SandboxHandle } from './types';

let h: SandboxHandle;
let c: TestClient;
let lbId: string;
let subnetDb: { neutron_subnet_id: string; neutron_network_id: string };

beforeAll(async () => {
  h = await startSandbox({});
  c = new TestClient(h);
  lbId = await c.idOf('loadbalancers', 'tcp-gateway');
  const subnets = (await c.get(`/v1/${c.projectId}/subnets`)).body.subnets as Array<{ name: string; neutron_subnet_id: string; neutron_network_id: string }>;
  subnetDb = subnets.find((s) => s.name === 'subnet-db')!;
});
beforeEach(() => h.reset());
afterAll(() => h.close());

function expect400(r: TestReply, msg: RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(Object.keys(r.body as object).sort()).toEqual(['error_code', 'error_msg', 'request_id']);
  expect(r.body.error_code).toBe('ELB.8902');
  expect(r.body.error_msg).toMatch(msg);
  expect(typeof r.body.request_id).toBe('string');
}

async function pool(extra: Record<string, unknown> = {}): Promise<TestReply> {
  return c.post('/pools', { pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', loadbalancer_id: lbId, name: 'ap', any_port_enable: true, ...extra } });
}

describe('pools with all-port forwarding', () => {
  it('a TCP pool is created with any_port_enable and shows it in GET and in the listing', async () => {
    const r = await pool();
    expect(r.status).toBe(201);
    expect(r.body.pool.any_port_enable).toBe(true);
    expect((await c.get(`/pools/${r.body.pool.id}`)).body.pool.any_port_enable).toBe(true);
    const listed = (await c.get('/pools', { query: { loadbalancer_id: lbId } })).body.pools as Array<{ name: string; any_port_enable: boolean }>;
    expect(listed.find((p) => p.name === 'ap')?.any_port_enable).toBe(true);
    expect(listed.find((p) => p.name === 'game-any-port')?.any_port_enable).toBe(true);
    expect(listed.find((p) => p.name === 'mysql-primary')?.any_port_enable).toBe(false);
  });

  it('is refused for an HTTP pool, and cannot be changed later', async () => {
    expect400(await pool({ protocol: 'HTTP' }), /pool\.any_port_enable.*TCP, UDP and QUIC/);
    const id = (await pool()).body.pool.id as string;
    expect400(await c.put(`/pools/${id}`, { pool: { any_port_enable: false } }), /any_port_enable.*cannot be changed/);
  });

  it('members: the port may be left out, and a port sent is ignored (stored as null)', async () => {
    const id = (await pool()).body.pool.id as string;
    const r = await c.post(`/pools/${id}/members/batch-add`, {
      members: [
        { address: '192.168.2.41', subnet_cidr_id: subnetDb.neutron_subnet_id },
        { address: '192.168.2.42', protocol_port: 8080, subnet_cidr_id: subnetDb.neutron_subnet_id },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.members.map((m: { protocol_port: unknown; ret_status: string }) => [m.protocol_port, m.ret_status])).toEqual([
      [null, 'successful'],
      [null, 'successful'],
    ]);
    // The address alone identifies a server: the same address with another port is the same member.
    const again = await c.post(`/pools/${id}/members/batch-add`, { members: [{ address: '192.168.2.42', protocol_port: 9090, subnet_cidr_id: subnetDb.neutron_subnet_id }] });
    expect(again.body.members[0].ret_status).toBe('existed');
  });

  it('members of a pool without all-port forwarding still need a port (400 otherwise)', async () => {
    const id = (await pool({ any_port_enable: false })).body.pool.id as string;
    expect400(
      await c.post(`/pools/${id}/members/batch-add`, { members: [{ address: '192.168.2.41', subnet_cidr_id: subnetDb.neutron_subnet_id }] }),
      /members\[0\]\.protocol_port.*required/,
    );
  });

  it('health check: monitor_port is required on create and cannot be cleared; with it the monitor is created', async () => {
    const id = (await pool()).body.pool.id as string;
    const hm = { pool_id: id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 };
    expect400(await c.post('/healthmonitors', { healthmonitor: hm }), /healthmonitor\.monitor_port.*any_port_enable/);
    expect400(await c.post('/healthmonitors', { healthmonitor: { ...hm, monitor_port: 0 } }), /monitor_port/);
    const ok = await c.post('/healthmonitors', { healthmonitor: { ...hm, monitor_port: 65535 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.healthmonitor.monitor_port).toBe(65535);
    expect400(await c.put(`/healthmonitors/${ok.body.healthmonitor.id}`, { healthmonitor: { monitor_port: null } }), /monitor_port.*any_port_enable/);
    // Without all-port forwarding the port stays optional.
    const plain = (await pool({ any_port_enable: false, name: 'plain' })).body.pool.id as string;
    expect((await c.post('/healthmonitors', { healthmonitor: { ...hm, pool_id: plain } })).status).toBe(201);
  });
});

describe('ip_version of a TCP pool', () => {
  it('a v4 pool refuses an IPv6 server (a dualstack one takes it: validation.test.ts); dualstack is echoed back', async () => {
    const v4 = (await pool({ ip_version: 'v4', name: 'v4' })).body.pool.id as string;
    expect((await pool({ ip_version: 'dualstack', name: 'dual' })).body.pool.ip_version).toBe('dualstack');
    const subnets = (await c.get(`/v1/${c.projectId}/subnets`)).body.subnets as Array<{ name: string; neutron_network_id: string }>;
    const web = subnets.find((s) => s.name === 'subnet-web')!;
    expect400(await c.post(`/pools/${v4}/members`, { member: { address: '2001:db8:10::99', subnet_cidr_id: web.neutron_network_id } }), /ip_version v4 and only takes IPv4 members/);
  });
});
