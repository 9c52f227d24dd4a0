/** Day-two calls over HTTP, signed with the official SDK signer: PUT/DELETE, tags, clone, outside changes, faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: SandboxHandle;
let c: TestClient;
let tcpLb: string;
let webLb: string;
beforeAll(async () => {
  h = await startSandbox({});
  c = new TestClient(h);
  tcpLb = await c.idOf('loadbalancers', 'tcp-gateway');
  webLb = await c.idOf('loadbalancers', 'web-prod');
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function newListener(port: number, extra: Record<string, unknown> = {}): Promise<{ id: string; updated_at: string; default_pool_id: string | null }> {
  const r = await c.post('/listeners', { listener: { loadbalancer_id: tcpLb, protocol: 'TCP', protocol_port: port, name: `l-${port}`, ...extra } });
  expect(r.status).toBe(201);
  return r.body.listener;
}

describe('PUT /listeners/{id}', () => {
  it('refuses each immutable field with 400 ELB.8902 naming it, and changes nothing', async () => {
    const l = await newListener(7001);
    for (const [k, v] of Object.entries({ protocol: 'UDP', protocol_port: 7002, port_ranges: [{ start_port: 1, end_port: 2 }], loadbalancer_id: webLb })) {
      const r = await c.put(`/listeners/${l.id}`, { listener: { [k]: v } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error_code: 'ELB.8902', error_msg: expect.stringContaining(`'listener.${k}'`) });
    }
    expect((await c.get(`/listeners/${l.id}`)).body.listener).toMatchObject({ protocol: 'TCP', protocol_port: 7001, port_ranges: [], loadbalancers: [{ id: tcpLb }] });
  });

  it('changes only the fields sent; updated_at moves forward on every PUT, even within one second', async () => {
    const l = await newListener(7003, { keepalive_timeout: 300, cps: 10 });
    const a = await c.put(`/listeners/${l.id}`, { listener: { keepalive_timeout: 4000 } });
    const b = await c.put(`/listeners/${l.id}`, { listener: { keepalive_timeout: 10 } });
    expect(a.status).toBe(200);
    expect(b.body.listener).toMatchObject({ keepalive_timeout: 10, cps: 10, name: 'l-7003' });
    expect(Date.parse(a.body.listener.updated_at)).toBeGreaterThan(Date.parse(l.updated_at));
    expect(Date.parse(b.body.listener.updated_at)).toBeGreaterThan(Date.parse(a.body.listener.updated_at));
    expect((await c.put(`/listeners/${l.id}`, { listener: { keepalive_timeout: 9 } })).status).toBe(400);
    expect((await c.put(`/listeners/${l.id}`, { listener: { keepalive_timeout: 4001 } })).status).toBe(400);
  });

  it('ipgroup: must exist, ipgroup_id not null, enable_ipgroup false turns it off, a new ID swaps the whitelist', async () => {
    const office = await c.idOf('ipgroups', 'office-nets');
    const empty = await c.idOf('ipgroups', 'empty-group');
    const l = await newListener(7004, { ipgroup: { ipgroup_id: office } });
    const missing = await c.put(`/listeners/${l.id}`, { listener: { ipgroup: { ipgroup_id: '11111111-1111-4111-8111-111111111111' } } });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('ELB.8904');
    const nullId = await c.put(`/listeners/${l.id}`, { listener: { ipgroup: { ipgroup_id: null } } });
    expect(nullId.status).toBe(400);
    expect(nullId.body.error_msg).toContain("'listener.ipgroup.ipgroup_id'");
    const off = await c.put(`/listeners/${l.id}`, { listener: { ipgroup: { enable_ipgroup: false } } });
    expect(off.body.listener.ipgroup).toEqual({ ipgroup_id: office, enable_ipgroup: false, type: 'white' });
    const swap = await c.put(`/listeners/${l.id}`, { listener: { ipgroup: { ipgroup_id: empty, enable_ipgroup: true } } });
    expect(swap.body.listener.ipgroup).toEqual({ ipgroup_id: empty, enable_ipgroup: true, type: 'white' });
    expect((await c.get(`/ipgroups/${office}`)).body.ipgroup.listeners).not.toContainEqual({ id: l.id });
    expect((await c.get(`/ipgroups/${empty}`)).body.ipgroup.listeners).toContainEqual({ id: l.id });
  });

  it('default_pool_id: another TCP pool of the LB rebinds, null unbinds, a pool of another LB is refused', async () => {
    const spare = await c.post('/pools', { pool: { loadbalancer_id: tcpLb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN' } });
    const l = await newListener(7005);
    expect((await c.put(`/listeners/${l.id}`, { listener: { default_pool_id: spare.body.pool.id } })).body.listener.default_pool_id).toBe(spare.body.pool.id);
    expect((await c.get(`/pools/${spare.body.pool.id}`)).body.pool.listeners).toEqual([{ id: l.id }]);
    expect((await c.put(`/listeners/${l.id}`, { listener: { default_pool_id: null } })).body.listener.default_pool_id).toBeNull();
    expect((await c.get(`/pools/${spare.body.pool.id}`)).body.pool.listeners).toEqual([]);
    const other = await c.idOf('pools', 'web-spare-tcp');
    expect((await c.put(`/listeners/${l.id}`, { listener: { default_pool_id: other } })).status).toBe(400);
  });
});

describe('DELETE listeners and pools', () => {
  it('a listener with a bound pool is refused (409), unbound it goes (204), then 404 ELB.8904; force takes the pool too', async () => {
    const mysql = await c.idOf('listeners', 'mysql');
    const pool = await c.idOf('pools', 'mysql-primary');
    const refused = await c.del(`/listeners/${mysql}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error_code).toBe('ELB.8907');
    expect((await c.get(`/listeners/${mysql}`)).status).toBe(200);
    await c.put(`/listeners/${mysql}`, { listener: { default_pool_id: null } });
    expect((await c.del(`/listeners/${mysql}`)).status).toBe(204);
    const gone = await c.del(`/listeners/${mysql}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error_code).toBe('ELB.8904');
    expect((await c.get(`/pools/${pool}`)).status).toBe(200);

    const bastion = await c.idOf('listeners', 'ssh-bastion');
    const bastionPool = (await c.get(`/listeners/${bastion}`)).body.listener.default_pool_id;
    expect((await c.del(`/listeners/${bastion}/force`)).status).toBe(204);
    expect((await c.get(`/pools/${bastionPool}`)).status).toBe(404);
  });

  it('a pool in use is refused; with a monitor DELETE is refused but delete-cascade takes members and monitor', async () => {
    const pool = await c.idOf('pools', 'dns-udp');
    const dns = await c.idOf('listeners', 'dns');
    const hm = (await c.get(`/pools/${pool}`)).body.pool.healthmonitor_id;
    expect((await c.del(`/pools/${pool}/delete-cascade`)).status).toBe(409);
    await c.put(`/listeners/${dns}`, { listener: { default_pool_id: null } });
    const withMonitor = await c.del(`/pools/${pool}`);
    expect(withMonitor.status).toBe(409);
    expect(withMonitor.body.error_msg).toContain(hm);
    expect((await c.del(`/pools/${pool}/delete-cascade`)).status).toBe(204);
    expect((await c.get(`/healthmonitors/${hm}`)).status).toBe(404);
    expect((await c.get('/members', { query: { pool_id: pool } })).body.members).toEqual([]);
  });

  it('PUT pool and PUT/DELETE health monitor; member delete and batch-delete', async () => {
    const pool = await c.idOf('pools', 'dns-udp');
    const before = (await c.get(`/pools/${pool}`)).body.pool;
    const up = await c.put(`/pools/${pool}`, { pool: { lb_algorithm: 'LEAST_CONNECTIONS', name: 'dns-lc' } });
    expect(up.body.pool).toMatchObject({ lb_algorithm: 'LEAST_CONNECTIONS', name: 'dns-lc', protocol: 'UDP' });
    expect(Date.parse(up.body.pool.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect((await c.put(`/pools/${pool}`, { pool: { protocol: 'TCP' } })).body.error_msg).toContain("'pool.protocol'");
    const hm = before.healthmonitor_id;
    expect((await c.put(`/healthmonitors/${hm}`, { healthmonitor: { delay: 50, max_retries: 10 } })).body.healthmonitor).toMatchObject({ delay: 50, max_retries: 10 });
    expect((await c.del(`/healthmonitors/${hm}`)).status).toBe(204);
    const members = (await c.get(`/pools/${pool}/members`)).body.members;
    expect(members.every((m: { operating_status: string }) => m.operating_status === 'NO_MONITOR')).toBe(true);
    expect((await c.del(`/pools/${pool}/members/${members[0].id}`)).status).toBe(204);
    const bd = await c.post(`/pools/${pool}/members/batch-delete`, { members: [{ id: members[1].id }, { id: members[0].id }] });
    expect(bd.body.members.map((m: { ret_status: string }) => m.ret_status)).toEqual(['successful', 'not found']);
  });
});

describe('tags API (POST /v3/{project_id}/listeners/{id}/tags/action, no /elb)', () => {
  it('create adds or replaces, delete needs key and value, GET listener reads them back', async () => {
    const l = await newListener(7010, { tags: [{ key: 'env', value: 'dev' }] });
    const path = `/v3/${c.projectId}/listeners/${l.id}/tags/action`;
    const created = await c.post(path, { action: 'create', tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: '' }] });
    expect(created.status).toBe(204);
    expect((await c.get(`/listeners/${l.id}`)).body.listener.tags).toEqual([{ key: 'env', value: 'prod' }, { key: 'team', value: '' }]);
    expect((await c.post(path, { action: 'delete', tags: [{ key: 'env', value: 'dev' }] })).status).toBe(204);
    expect((await c.get(`/listeners/${l.id}`)).body.listener.tags).toHaveLength(2);
    expect((await c.post(path, { action: 'delete', tags: [{ key: 'env', value: 'prod' }] })).status).toBe(204);
    expect((await c.get(`/listeners/${l.id}`)).body.listener.tags).toEqual([{ key: 'team', value: '' }]);
    // the /elb form is not the tags API
    expect((await c.post(`/listeners/${l.id}/tags/action`, { action: 'create', tags: [{ key: 'a', value: 'b' }] })).body.error_code).toBe('APIGW.0101');
  });

  it('key 1–36 and value 0–255 at the limits, forbidden characters, missing value, at most 20 tags', async () => {
    const l = await newListener(7011);
    const path = `/v3/${c.projectId}/listeners/${l.id}/tags/action`;
    const ok = await c.post(path, { action: 'create', tags: [{ key: 'k'.repeat(36), value: 'v'.repeat(255) }] });
    expect(ok.status).toBe(204);
    const bad = async (tags: unknown, field: RegExp) => {
      const r = await c.post(path, { action: 'create', tags });
      expect(r.status).toBe(400);
      expect(r.body.error_code).toBe('ELB.8902');
      expect(r.body.error_msg).toMatch(field);
    };
    await bad([{ key: 'k'.repeat(37), value: '' }], /tags\[0\]\.key/);
    await bad([{ key: '', value: '' }], /tags\[0\]\.key/);
    await bad([{ key: 'a', value: 'v'.repeat(256) }], /tags\[0\]\.value/);
    await bad([{ key: 'a=b', value: '' }], /tags\[0\]\.key.*must not contain/);
    await bad([{ key: 'a', value: 'x/y' }], /tags\[0\]\.value.*must not contain/);
    await bad([{ key: 'a' }], /tags\[0\]\.value.*required/);
    await bad([{ key: 'a', value: '1' }, { key: 'a', value: '2' }], /repeat/);
    const nineteen = Array.from({ length: 19 }, (_, i) => ({ key: `t${i}`, value: '' }));
    expect((await c.post(path, { action: 'create', tags: nineteen })).status).toBe(204);
    await bad([{ key: 'one-too-many', value: '' }], /at most 20 tags/);
    expect((await c.post(path, { action: 'rename', tags: [{ key: 'a', value: '' }] })).status).toBe(400);
    expect((await c.post(`/v3/${c.projectId}/listeners/nope/tags/action`, { action: 'create', tags: [{ key: 'a', value: '' }] })).status).toBe(404);
  });
});

describe('POST /listeners/{id}/clone', () => {
  it('copies the group with members and monitor onto another LB (reuse_pool false); the SDK response shape', async () => {
    const mysql = await c.idOf('listeners', 'mysql');
    const src = (await c.get(`/listeners/${mysql}`)).body.listener;
    const r = await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: webLb, protocol_port: 13306 }] });
    expect(r.status).toBe(201);
    expect(r.body.job_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.listener_list).toEqual([{ id: expect.any(String), loadbalancer_id: webLb, protocol_port: 13306, port_ranges: [] }]);
    const copy = (await c.get(`/listeners/${r.body.listener_list[0].id}`)).body.listener;
    expect(copy).toMatchObject({ name: 'mysql-copy', protocol: 'TCP', keepalive_timeout: src.keepalive_timeout, loadbalancers: [{ id: webLb }] });
    expect(copy.default_pool_id).not.toBe(src.default_pool_id);
    const pool = (await c.get(`/pools/${copy.default_pool_id}`)).body.pool;
    expect(pool).toMatchObject({ name: 'mysql-primary-copy', loadbalancers: [{ id: webLb }], listeners: [{ id: copy.id }] });
    const members = (await c.get(`/pools/${pool.id}/members`)).body.members.map((m: { address: string; weight: number }) => `${m.address}/${m.weight}`);
    const srcMembers = (await c.get(`/pools/${src.default_pool_id}/members`)).body.members.map((m: { address: string; weight: number }) => `${m.address}/${m.weight}`);
    expect(members).toEqual(srcMembers);
    const hm = (await c.get(`/healthmonitors/${pool.healthmonitor_id}`)).body.healthmonitor;
    expect(hm).toMatchObject({ type: 'TCP', delay: 5, pools: [{ id: pool.id }] });
  });

  it('reuse_pool true shares the group on the same LB; refused across LBs; port clash 409; empty list 400', async () => {
    const mysql = await c.idOf('listeners', 'mysql');
    const pool = await c.idOf('pools', 'mysql-primary');
    const r = await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: tcpLb, protocol_port: 3307, reuse_pool: true, name: 'mysql-b' }] });
    expect(r.status).toBe(201);
    expect((await c.get(`/listeners/${r.body.listener_list[0].id}`)).body.listener).toMatchObject({ name: 'mysql-b', default_pool_id: pool });
    expect((await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: webLb, protocol_port: 3308, reuse_pool: true }] })).body.error_msg).toContain('reuse_pool');
    const clash = await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: tcpLb, protocol_port: 22 }] });
    expect(clash.status).toBe(409);
    const twice = await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: webLb, protocol_port: 4000 }, { loadbalancer_id: webLb, protocol_port: 4000 }] });
    expect(twice.status).toBe(409);
    expect((await c.get('/listeners', { query: { loadbalancer_id: webLb, protocol_port: '4000' } })).body.listeners).toEqual([]);
    expect((await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [] })).status).toBe(400);
    const noFlavor = await c.post(`/listeners/${mysql}/clone`, { target_listener_params: [{ loadbalancer_id: await c.idOf('loadbalancers', 'app-frontend'), protocol_port: 5000 }] });
    expect(noFlavor.status).toBe(400);
  });
});

describe('busy windows and faults on the day-two calls', () => {
  it('PUT and DELETE make the LB PENDING_UPDATE for pendingMs; calls during it get 409 busy', async () => {
    const busy = await startSandbox({ pendingMs: 300 });
    try {
      const bc = new TestClient(busy);
      const lb = await bc.idOf('loadbalancers', 'tcp-gateway');
      const ssh = await bc.idOf('listeners', 'ssh-bastion');
      await sleep(320);
      expect((await bc.put(`/listeners/${ssh}`, { listener: { name: 'ssh-2' } })).status).toBe(200);
      expect((await bc.get(`/loadbalancers/${lb}`)).body.loadbalancer.provisioning_status).toBe('PENDING_UPDATE');
      const during = await bc.put(`/listeners/${ssh}`, { listener: { name: 'ssh-3' } });
      expect(during.status).toBe(409);
      expect(during.body.error_msg).toMatch(/busy.*PENDING_UPDATE/);
      expect((await bc.post(`/listeners/${ssh}/clone`, { target_listener_params: [{ loadbalancer_id: lb, protocol_port: 2222 }] })).status).toBe(409);
      await sleep(320);
      expect((await bc.put(`/listeners/${ssh}`, { listener: { default_pool_id: null } })).status).toBe(200);
      await sleep(320);
      expect((await bc.del(`/listeners/${ssh}`)).status).toBe(204);
      expect((await bc.get(`/loadbalancers/${lb}`)).body.loadbalancer.provisioning_status).toBe('PENDING_UPDATE');
    } finally {
      await busy.close();
    }
  });

  it('drop-after-commit on PUT and DELETE: the change happened, the reply is lost; drop-before-commit changes nothing', async () => {
    const l = await newListener(7020);
    h.faults.add({ method: 'PUT', path: /\/listeners\/[^/]+$/, fault: { kind: 'drop-after-commit' } });
    await expect(c.put(`/listeners/${l.id}`, { listener: { keepalive_timeout: 77 } })).rejects.toThrow();
    expect(h.state().region('sandbox-1').listeners.get(l.id)?.keepalive_timeout).toBe(77);
    h.faults.add({ method: 'DELETE', fault: { kind: 'drop-before-commit' } });
    await expect(c.del(`/listeners/${l.id}`)).rejects.toThrow();
    expect(h.state().region('sandbox-1').listeners.has(l.id)).toBe(true);
    h.faults.add({ method: 'DELETE', fault: { kind: 'drop-after-commit' } });
    await expect(c.del(`/listeners/${l.id}`)).rejects.toThrow();
    expect(h.state().region('sandbox-1').listeners.has(l.id)).toBe(false);
    expect((await c.del(`/listeners/${l.id}`)).status).toBe(404);
    h.faults.add({ method: 'POST', path: /\/tags\/action$/, fault: { kind: 'status', status: 500 } });
    const tag = await newListener(7021);
    expect((await c.post(`/v3/${c.projectId}/listeners/${tag.id}/tags/action`, { action: 'create', tags: [{ key: 'a', value: '' }] })).status).toBe(500);
    expect(h.faults.pending()).toBe(0);
  });

  it('latency on a PUT still commits when the client gives up', async () => {
    const l = await newListener(7022);
    h.faults.add({ method: 'PUT', fault: { kind: 'latency', ms: 200 } });
    await expect(c.put(`/listeners/${l.id}`, { listener: { name: 'slow' } }, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await sleep(300);
    expect(h.state().region('sandbox-1').listeners.get(l.id)?.name).toBe('slow');
  });
});

describe('changes made by someone else', () => {
  it('handle.outside: PUT listener (tags too) and pool, DELETE listener and pool, not logged, same rules', async () => {
    const l = await newListener(7030);
    h.clearRequests();
    const changed = h.outside.updateListener(l.id, { keepalive_timeout: 900, tags: [{ key: 'owner', value: 'ops' }] });
    expect(changed).toMatchObject({ id: l.id, keepalive_timeout: 900, tags: [{ key: 'owner', value: 'ops' }] });
    expect(Date.parse(changed.updated_at as string)).toBeGreaterThan(Date.parse(l.updated_at));
    expect(() => h.outside.updateListener(l.id, { protocol_port: 1 })).toThrow(/listener\.protocol_port/);
    expect(() => h.outside.updateListener('nope', { name: 'x' })).toThrow(/could not be found/);
    const pool = await c.idOf('pools', 'web-spare-tcp');
    expect(h.outside.updatePool(pool, { lb_algorithm: 'SOURCE_IP' })).toMatchObject({ lb_algorithm: 'SOURCE_IP' });
    const mysql = await c.idOf('listeners', 'dns');
    const mysqlPool = await c.idOf('pools', 'dns-udp');
    h.clearRequests();
    h.outside.deleteListener(mysql);
    expect((await c.get(`/listeners/${mysql}`)).status).toBe(404);
    expect((await c.get(`/pools/${mysqlPool}`)).body.pool.listeners).toEqual([]);
    h.outside.deletePool(mysqlPool);
    expect((await c.get(`/pools/${mysqlPool}`)).status).toBe(404);
    expect(h.requests().map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('an outside change does not wait for a busy LB, and makes it busy for the app', async () => {
    const busy = await startSandbox({ pendingMs: 300 });
    try {
      const bc = new TestClient(busy);
      const ssh = await bc.idOf('listeners', 'ssh-bastion');
      expect(busy.outside.updateListener(ssh, { name: 'a' }).name).toBe('a');
      expect(busy.outside.updateListener(ssh, { name: 'b' }).name).toBe('b');
      expect((await bc.put(`/listeners/${ssh}`, { listener: { name: 'c' } })).status).toBe(409);
    } finally {
      await busy.close();
    }
  });

  it('admin endpoint: token required; PUT/DELETE /__sandbox/outside/{listeners|pools}/{id}', async () => {
    const l = await newListener(7031);
    const admin = (method: string, path: string, body?: unknown, token = h.adminToken) =>
      fetch(`${h.url}/__sandbox/outside/${path}`, { method, headers: { 'x-sandbox-admin': token, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await admin('PUT', `listeners/${l.id}`, { name: 'x' }, 'wrong')).status).toBe(403);
    const put = await admin('PUT', `listeners/${l.id}`, { name: 'by-console', cps: 5 });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { listener: { name: string } }).listener).toMatchObject({ name: 'by-console', cps: 5 });
    const bad = await admin('PUT', `listeners/${l.id}`, { cps: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_code: string }).error_code).toBe('ELB.8902');
    expect((await admin('DELETE', `listeners/${l.id}`)).status).toBe(204);
    expect((await admin('DELETE', `listeners/${l.id}`)).status).toBe(404);
    const spare = await c.idOf('pools', 'web-spare-tcp');
    expect((await admin('PUT', `pools/${spare}`, { name: 'renamed-outside' })).status).toBe(200);
    expect((await c.get(`/pools/${spare}`)).body.pool.name).toBe('renamed-outside');
    expect((await admin('DELETE', `pools/${spare}`)).status).toBe(204);
    expect(h.requests().some((r) => r.path.includes('__sandbox'))).toBe(false);
  });
});
