import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seed, read-only endpoints and conventions', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({});
    c = new TestClient(h);
  });
  afterAll(() => h.close());

  it('lists the seeded load balancers with flavors, AZs, VIPs and EIPs', async () => {
    const r = await c.get('/loadbalancers');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe(r.body.request_id);
    const byName = Object.fromEntries(r.body.loadbalancers.map((lb: { name: string }) => [lb.name, lb]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['web-prod', 'tcp-gateway', 'app-frontend', 'dualstack-edge', 'ip-backends']));
    expect(byName['web-prod']).toMatchObject({ guaranteed: true, provisioning_status: 'ACTIVE', availability_zone_list: ['sandbox-1a', 'sandbox-1b'] });
    expect(byName['web-prod'].l4_flavor_id).toBeTruthy();
    expect(byName['web-prod'].l7_flavor_id).toBeTruthy();
    expect(byName['web-prod'].eips[0]).toMatchObject({ eip_address: '203.0.113.10', ip_version: 4 });
    expect(byName['app-frontend'].l4_flavor_id).toBeNull();
    expect(byName['dualstack-edge'].ipv6_vip_address).toBe('2001:db8:10::40');
    expect(byName['ip-backends'].ip_target_enable).toBe(true);
    expect(byName['tcp-gateway'].listeners).toHaveLength(4);
    const f = await c.get(`/flavors/${byName['app-frontend'].l7_flavor_id}`);
    expect(f.body.flavor.type).toBe('L7');
    const l4 = await c.get('/flavors', { query: { type: 'L4' } });
    expect(l4.body.flavors.length).toBeGreaterThanOrEqual(2);
    expect(l4.body.flavors[0].info).toMatchObject({ connection: expect.any(Number), cps: expect.any(Number) });
  });

  it('seeds listeners, pools with mixed weights (one 0), health checks and IP groups', async () => {
    const ls = (await c.get('/listeners', { query: { loadbalancer_id: await c.idOf('loadbalancers', 'tcp-gateway') } })).body.listeners;
    const desc = ls.map((l: { protocol: string; protocol_port: number; port_ranges: unknown[] }) => `${l.protocol}:${l.protocol_port}:${JSON.stringify(l.port_ranges)}`);
    expect(desc).toEqual(
      expect.arrayContaining(['TCP:3306:[]', 'UDP:53:[]', 'TCP:0:[{"start_port":10000,"end_port":10100}]', 'TCP:22:[]']),
    );
    const ssh = ls.find((l: { name: string }) => l.name === 'ssh-bastion');
    expect(ssh.ipgroup).toMatchObject({ type: 'white', enable_ipgroup: true });
    const mysqlPool = await c.idOf('pools', 'mysql-primary');
    const members = (await c.get(`/pools/${mysqlPool}/members`)).body.members;
    expect(members.map((m: { weight: number }) => m.weight).sort()).toEqual([0, 10, 5].sort());
    expect((await c.get(`/pools/${mysqlPool}`)).body.pool.healthmonitor_id).toBeTruthy();
    const groups = (await c.get('/ipgroups')).body.ipgroups;
    const office = groups.find((g: { name: string }) => g.name === 'office-nets');
    expect(office.ip_list.length).toBeGreaterThanOrEqual(4);
    expect(office.listeners).toEqual([{ id: ssh.id }]);
    expect(groups.find((g: { name: string }) => g.name === 'empty-group').ip_list).toEqual([]);
    expect(groups.some((g: { name: string }) => g.name === 'blocked-scanners')).toBe(true);
    const types = (await c.get('/healthmonitors', { query: { type: ['TCP', 'HTTP'] } })).body.healthmonitors.map((m: { type: string }) => m.type);
    expect(new Set(types)).toEqual(new Set(['TCP', 'HTTP']));
  });

  it('region sandbox-2 has its own project with 2 LBs (one L4)', async () => {
    const c2 = new TestClient(h, 1);
    const lbs = (await c2.get('/loadbalancers')).body.loadbalancers;
    expect(lbs).toHaveLength(2);
    expect(lbs.filter((lb: { l4_flavor_id: string | null }) => lb.l4_flavor_id)).toHaveLength(1);
    expect((await c2.get('/listeners')).body.listeners.length).toBeGreaterThanOrEqual(3);
  });

  it('quotas and quota details with usage', async () => {
    const q = await c.get('/quotas');
    expect(q.body.quota).toMatchObject({ listener: expect.any(Number), member: expect.any(Number), ipgroup: expect.any(Number) });
    const d = await c.get('/quotas/details', { query: { quota_key: ['listener', 'member'] } });
    expect(d.body.quotas).toHaveLength(2);
    const listener = d.body.quotas.find((x: { quota_key: string }) => x.quota_key === 'listener');
    expect(listener.used).toBe((await c.get('/listeners')).body.listeners.length);
    expect(listener.quota_limit).toBe(q.body.quota.listener);
  });

  it('the LB status tree, unknown paths (404 APIGW.0101) and unknown IDs (404 ELB.8904)', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const st = await c.get(`/loadbalancers/${lb}/statuses`);
    expect(st.body.statuses.loadbalancer.listeners).toHaveLength(4);
    expect(st.body.statuses.loadbalancer.listeners[0].pools[0].members.length).toBeGreaterThan(0);
    const unknown = await c.get('/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('APIGW.0101');
    const missing = await c.get('/pools/00000000-0000-4000-8000-000000000000');
    expect(missing).toMatchObject({ status: 404, body: { error_code: 'ELB.8904' } });
    const wrongProject = await c.get(`/v3/${'f'.repeat(32)}/elb/listeners`);
    expect(wrongProject.status).toBe(403);
  });

  it('serves the VPC subnets with neutron IDs', async () => {
    const r = await c.get(`/v1/${c.projectId}/subnets`);
    expect(r.status).toBe(200);
    expect(r.body.subnets[0]).toMatchObject({ neutron_subnet_id: expect.stringMatching(UUID4), cidr: expect.any(String) });
  });
});

describe('CRUD: listener → pool → members → health monitor → IP group', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({});
    c = new TestClient(h);
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());

  it('creates the whole chain of the Add TCP Listener wizard and reads it back', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const l = await c.post('/listeners', {
      listener: {
        loadbalancer_id: lb,
        protocol: 'TCP',
        protocol_port: 9443,
        name: 'payments',
        description: 'draft 1',
        keepalive_timeout: 600,
        cps: 1000,
        connection: 5000,
        tags: [{ key: 'env', value: 'test' }],
        ipgroup: { ipgroup_id: await c.idOf('ipgroups', 'office-nets'), type: 'white' },
      },
    });
    expect(l.status).toBe(201);
    const listener = l.body.listener;
    expect(listener.id).toMatch(UUID4);
    expect(listener.created_at).toMatch(API_TIME);
    expect(listener).toMatchObject({
      protocol: 'TCP',
      protocol_port: 9443,
      keepalive_timeout: 600,
      transparent_client_ip_enable: true,
      nat64_enable: false,
      loadbalancers: [{ id: lb }],
      ipgroup: { enable_ipgroup: true, type: 'white' },
      default_pool_id: null,
    });
    const p = await c.post('/pools', {
      pool: {
        listener_id: listener.id,
        protocol: 'TCP',
        lb_algorithm: 'LEAST_CONNECTIONS',
        name: 'payments-pool',
        session_persistence: { type: 'SOURCE_IP', persistence_timeout: 30 },
        connection_drain: { enable: true, timeout: 120 },
      },
    });
    expect(p.status).toBe(201);
    const pool = p.body.pool;
    expect(pool).toMatchObject({ loadbalancers: [{ id: lb }], listeners: [{ id: listener.id }], ip_version: 'dualstack' });
    expect((await c.get(`/listeners/${listener.id}`)).body.listener.default_pool_id).toBe(pool.id);

    const subnets = (await c.get(`/v1/${c.projectId}/subnets`)).body.subnets;
    const db = subnets.find((s: { name: string }) => s.name === 'subnet-db');
    const m1 = await c.post(`/pools/${pool.id}/members`, { member: { address: '192.168.2.50', protocol_port: 8443, subnet_cidr_id: db.neutron_subnet_id } });
    expect(m1.status).toBe(201);
    expect(m1.body.member).toMatchObject({ weight: 1, operating_status: 'NO_MONITOR', member_type: 'instance', ip_version: 'v4' });
    const m0 = await c.post(`/pools/${pool.id}/members`, { member: { address: '192.168.2.51', protocol_port: 8443, weight: 0, subnet_cidr_id: db.neutron_subnet_id } });
    expect(m0.body.member.weight).toBe(0);
    const batch = await c.post(`/pools/${pool.id}/members/batch-add`, {
      members: [
        { address: '192.168.2.50', protocol_port: 8443, subnet_cidr_id: db.neutron_subnet_id },
        { address: '192.168.2.52', protocol_port: 8443, subnet_cidr_id: db.neutron_subnet_id, weight: 7 },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.members.map((m: { ret_status: string }) => m.ret_status)).toEqual(['existed', 'successful']);

    const hm = await c.post('/healthmonitors', { healthmonitor: { pool_id: pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 } });
    expect(hm.status).toBe(201);
    expect(hm.body.healthmonitor).toMatchObject({ max_retries_down: 3, pools: [{ id: pool.id }], url_path: null });
    const members = (await c.get(`/pools/${pool.id}/members`)).body.members;
    expect(members).toHaveLength(3);
    expect(members.every((m: { operating_status: string }) => m.operating_status === 'ONLINE')).toBe(true);
    const all = await c.get('/members', { query: { pool_id: pool.id } });
    expect(all.body.members).toHaveLength(3);

    // updates
    // ipgroup must not be null on PUT (SDK update_listener_ip_group_option.py): access control goes off with enable_ipgroup false
    const nullIg = await c.put(`/listeners/${listener.id}`, { listener: { ipgroup: null } });
    expect(nullIg.status).toBe(400);
    expect(nullIg.body.error_msg).toMatch(/listener\.ipgroup.*enable_ipgroup/);
    const up = await c.put(`/listeners/${listener.id}`, { listener: { name: 'payments-v2', keepalive_timeout: 30, ipgroup: { enable_ipgroup: false } } });
    expect(up.status).toBe(200);
    expect(up.body.listener).toMatchObject({ name: 'payments-v2', keepalive_timeout: 30, ipgroup: { ipgroup_id: listener.ipgroup.ipgroup_id, enable_ipgroup: false } });
    const mw = await c.put(`/pools/${pool.id}/members/${m1.body.member.id}`, { member: { weight: 42 } });
    expect(mw.body.member.weight).toBe(42);
    const hmu = await c.put(`/healthmonitors/${hm.body.healthmonitor.id}`, { healthmonitor: { type: 'HTTP', url_path: '/status', expected_codes: '200-299' } });
    expect(hmu.status).toBe(200);
    expect(hmu.body.healthmonitor).toMatchObject({ type: 'HTTP', url_path: '/status', http_method: 'GET' });

    // delete order: pool refuses while the monitor and the listener still use it
    expect((await c.del(`/pools/${pool.id}`)).status).toBe(409);
    expect((await c.del(`/healthmonitors/${hm.body.healthmonitor.id}`)).status).toBe(204);
    expect((await c.del(`/pools/${pool.id}`)).status).toBe(409);
    // the listener refuses deletion while its default pool is bound (reference §13): unbind, then delete
    const bound = await c.del(`/listeners/${listener.id}`);
    expect(bound.status).toBe(409);
    expect(bound.body).toMatchObject({ error_code: 'ELB.8907', error_msg: expect.stringContaining(pool.id) });
    expect((await c.put(`/listeners/${listener.id}`, { listener: { default_pool_id: null } })).body.listener.default_pool_id).toBeNull();
    const del = await c.del(`/listeners/${listener.id}`);
    expect(del.status).toBe(204);
    expect(del.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.del(`/pools/${pool.id}/members/${m0.body.member.id}`)).status).toBe(204);
    expect((await c.del(`/pools/${pool.id}`)).status).toBe(204);
    expect((await c.get(`/members`, { query: { pool_id: pool.id } })).body.members).toEqual([]);
    expect((await c.get(`/listeners/${listener.id}`)).status).toBe(404);
  });

  it('IP groups: create, replace with PUT, create-or-update, batch-delete, related listeners', async () => {
    const g = await c.post('/ipgroups', { ipgroup: { name: 'ops', ip_list: [{ ip: '10.0.0.0/8', description: 'a' }, { ip: '0.0.0.0' }, { ip: '0.0.0.0/32', description: 'same' }] } });
    expect(g.status).toBe(201);
    expect(g.body.ipgroup.ip_list).toHaveLength(2);
    const id = g.body.ipgroup.id;
    const put = await c.put(`/ipgroups/${id}`, { ipgroup: { ip_list: [{ ip: '192.0.2.1' }] } });
    expect(put.body.ipgroup.ip_list).toEqual([{ ip: '192.0.2.1', description: '' }]);
    const up = await c.post(`/ipgroups/${id}/iplist/create-or-update`, { ipgroup: { ip_list: [{ ip: '192.0.2.1/32', description: 'renamed' }, { ip: '2001:db8::/32' }] } });
    expect(up.body.ipgroup.ip_list).toEqual([
      { ip: '192.0.2.1', description: 'renamed' },
      { ip: '2001:db8::/32', description: '' },
    ]);
    const bd = await c.post(`/ipgroups/${id}/iplist/batch-delete`, { ipgroup: { ip_list: [{ ip: '192.0.2.1' }] } });
    expect(bd.body.ipgroup.ip_list).toEqual([{ ip: '2001:db8::/32', description: '' }]);
    const office = await c.idOf('ipgroups', 'office-nets');
    const rel = await c.get(`/ipgroups/${office}/related-listeners`);
    expect(rel.body.listeners).toHaveLength(1);
    expect((await c.del(`/ipgroups/${office}`)).status).toBe(409);
    expect((await c.del(`/ipgroups/${id}`)).status).toBe(204);
  });

  it('reset() restores the seed', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const before = h.state().region('sandbox-1').listeners.size;
    await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 7000 } });
    expect(h.state().region('sandbox-1').listeners.size).toBe(before + 1);
    h.reset();
    expect(h.state().region('sandbox-1').listeners.size).toBe(before);
    expect(h.requests()).toEqual([]);
  });
});

describe('pagination over 2500 listeners', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({ listeners: 2500 });
    c = new TestClient(h);
  });
  afterAll(() => h.close());

  it('walks every page with limit/marker; next_marker is omitted on the last page', async () => {
    const total = h.state().region('sandbox-1').listeners.size;
    expect(total).toBeGreaterThanOrEqual(2500);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    for (;;) {
      const query: Record<string, string> = { limit: '700' };
      if (marker) query.marker = marker;
      const r = await c.get('/listeners', { query });
      expect(r.status).toBe(200);
      pages++;
      const ids = r.body.listeners.map((l: { id: string }) => l.id);
      seen.push(...ids);
      expect(r.body.page_info.current_count).toBe(ids.length);
      if (ids.length > 0) expect(r.body.page_info.previous_marker).toBe(ids[0]);
      marker = r.body.page_info.next_marker;
      if (!marker) break;
      expect(marker).toBe(ids[ids.length - 1]);
    }
    expect(pages).toBe(Math.ceil(total / 700));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('defaults to 2000 per page; page_reverse goes back; a bad marker or limit is 400 ELB.8902', async () => {
    const first = await c.get('/listeners');
    expect(first.body.listeners).toHaveLength(2000);
    const second = await c.get('/listeners', { query: { limit: '10', marker: first.body.page_info.next_marker } });
    const back = await c.get('/listeners', { query: { limit: '10', marker: second.body.page_info.previous_marker, page_reverse: 'true' } });
    expect(back.body.listeners.map((l: { id: string }) => l.id)).toEqual(first.body.listeners.slice(-10).map((l: { id: string }) => l.id));
    const badMarker = await c.get('/listeners', { query: { limit: '10', marker: 'not-an-id' } });
    expect(badMarker).toMatchObject({ status: 400, body: { error_code: 'ELB.8902' } });
    expect(badMarker.body.error_msg).toMatch(/marker/);
    expect((await c.get('/listeners', { query: { limit: '2001' } })).status).toBe(400);
    expect((await c.get('/listeners', { query: { limit: '-1' } })).status).toBe(400);
    const zero = await c.get('/listeners', { query: { limit: '0' } });
    expect(zero.body.listeners).toEqual([]);
  });

  it('filters combine with pagination (repeated keys = OR)', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const udp = await c.get('/listeners', { query: { loadbalancer_id: lb, protocol: 'UDP' } });
    expect(udp.body.listeners.length).toBeGreaterThan(100);
    expect(udp.body.listeners.every((l: { protocol: string; loadbalancers: { id: string }[] }) => l.protocol === 'UDP' && l.loadbalancers[0]?.id === lb)).toBe(true);
    const both = await c.get('/listeners', { query: { protocol_port: ['3306', '53'], loadbalancer_id: lb } });
    expect(both.body.listeners.map((l: { protocol_port: number }) => l.protocol_port).sort()).toEqual([3306, 53].sort());
  });
});
