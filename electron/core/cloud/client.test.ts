/**
 * Fault tests of the ELB client (reliability.md S3.1–S3.3, S3.6–S3.8, S3.10) against a local stub server that
 * verifies every signature. Waits use an injected sleep recorder (no real backoff time); the clock advances with it.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel } from '../ports';
import { createElbClient, discoverProjectId, type ClientOptions, type ElbClient } from './client';
import { CLOCK_SKEW_HINT, toAppError } from './errors';
import { startStub, type StubHandle } from './testing/stub-server';
import { failure } from './testing/failure';

let stub: StubHandle;
const clients: ElbClient[] = [];

beforeAll(async () => {
  stub = await startStub({ seedListeners: 5 });
});
afterAll(async () => {
  await stub.close();
});
afterEach(async () => {
  stub.reset();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const LISTENER = { protocol: 'TCP', protocol_port: 8080, loadbalancer_id: 'lb-1', name: 'tcp-8080' };

function harness(over: Partial<ClientOptions> = {}, skewMs = 0) {
  let now = Date.now() + skewMs;
  const sleeps: number[] = [];
  const logs: Array<{ level: LogLevel; tag: string; message: string; data: unknown }> = [];
  let credentialCalls = 0;
  const client = createElbClient({
    endpoint: stub.url,
    region: 'sandbox-1',
    projectId: stub.regions[0]!.projectId,
    credentials: async () => {
      credentialCalls++;
      return { ak: stub.ak, sk: stub.sk };
    },
    clock: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    logger: { log: (level, tag, message, data) => logs.push({ level, tag, message, data }) },
    connectTimeoutMs: 1_000,
    timeoutMs: 2_000,
    ...over,
  });
  clients.push(client);
  return { client, sleeps, logs, credentialCalls: () => credentialCalls };
}

const count = (method: string, re: RegExp) => stub.requests().filter((r) => r.method === method && re.test(r.path)).length;

describe('happy path and signing on the wire', () => {
  it('creates, reads, updates, lists and deletes a listener (every request verified by the stub)', async () => {
    const { client } = harness();
    const created = await client.createListener({ listener: LISTENER });
    expect(created.id).toMatch(/[0-9a-f-]{36}/);
    expect((await client.getListener(created.id)).protocol_port).toBe(8080);
    expect((await client.updateListener(created.id, { name: 'renamed' })).name).toBe('renamed');
    const all = await client.listAllListeners({ loadbalancer_id: 'lb-1' });
    expect(all.map((l) => l.id)).toContain(created.id);
    await client.deleteListener(created.id);
    const e = await failure(client.getListener(created.id));
    expect(e.status).toBe(404);
    expect(stub.requests().every((r) => r.status !== 401)).toBe(true);
  });

  it('accepts the bare object as well as the wrapped body', async () => {
    const { client } = harness();
    const created = await client.createListener(LISTENER);
    expect(created.name).toBe('tcp-8080');
  });

  it('signs odd path segments and repeated query keys exactly as sent (404 from the API, not 401)', async () => {
    const { client } = harness();
    const e = await failure(client.getListener('a b/ü*(x)'));
    expect(e.status).toBe(404);
    expect(e.errorCode).toBe('ELB.8904');
    const page = await client.listListeners({ protocol: ['UDP', 'TCP'], protocol_port: [1000, 1001] }, { limit: 10 });
    expect(page.items.map((l) => l.protocol_port).sort()).toEqual([1000, 1001]);
    const last = stub.requests().at(-1)!;
    expect(last.query).toBe('protocol=UDP&protocol=TCP&protocol_port=1000&protocol_port=1001&limit=10');
  });

  it('wrong secret key → 401 after exactly one request', async () => {
    const { client } = harness({ credentials: async () => ({ ak: stub.ak, sk: 'wrong' }) });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('http');
    expect(e.status).toBe(401);
    expect(e.errorCode).toBe('APIGW.0301');
    expect(stub.requests()).toHaveLength(1);
  });

  it('no credentials → kind credentials and no request', async () => {
    const { client } = harness({ credentials: async () => null });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('credentials');
    expect(stub.requests()).toHaveLength(0);
    expect(toAppError(e).code).toBe('CREDENTIALS');
  });

  it('token auth sends X-Auth-Token and no signature', async () => {
    const { client } = harness({ authType: 'token', token: async () => stub.token });
    await client.listLoadBalancers();
    const r = stub.requests()[0]!;
    expect(r.authorization).toBeNull();
    expect(r.headers['x-auth-token']).toBe(stub.token);
    expect(r.headers['x-sdk-date']).toBeUndefined();
  });

  it('discovers the project ID with a signed IAM call', async () => {
    const id = await discoverProjectId({ iamEndpoint: stub.url, region: 'sandbox-1', credentials: async () => ({ ak: stub.ak, sk: stub.sk }) });
    expect(id).toBe(stub.regions[0]!.projectId);
    const r = stub.requests()[0]!;
    expect(r.path).toBe('/v3/projects');
    expect(r.query).toBe('name=sandbox-1');
    const none = await failure(discoverProjectId({ iamEndpoint: stub.url, region: 'nowhere-9', credentials: async () => ({ ak: stub.ak, sk: stub.sk }) }));
    expect(none.errorCode).toBe('PROJECT_NOT_FOUND');
  });

  it('pools, members, batch-add, health monitors, IP groups, flavors, quotas', async () => {
    const { client } = harness();
    const pool = await client.createPool({ pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', loadbalancer_id: 'lb-1' } });
    const added = await client.batchAddMembers(pool.id, { members: [{ address: '10.0.0.1', protocol_port: 80 }, { address: '10.0.0.2', protocol_port: 80 }] });
    expect(added.map((m) => m.ret_status)).toEqual(['successful', 'successful']);
    const again = await client.batchAddMembers(pool.id, [{ address: '10.0.0.1', protocol_port: 80 }]);
    expect(again[0]!.ret_status).toBe('existed');
    const members = await client.listMembers(pool.id);
    expect(members).toHaveLength(2);
    expect((await client.listAllMembers()).every((m) => m.pool_id === pool.id)).toBe(true);
    await client.deleteMember(pool.id, members[0]!.id);
    expect(await client.listMembers(pool.id)).toHaveLength(1);
    const hm = await client.createHealthMonitor({ healthmonitor: { pool_id: pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 } });
    expect((await client.getHealthMonitor(hm.id)).type).toBe('TCP');
    expect(await client.listHealthMonitors()).toHaveLength(1);
    await client.deleteHealthMonitor(hm.id);
    const ipg = await client.createIpGroup({ ipgroup: { name: 'office', ip_list: [{ ip: '192.0.2.0/24' }] } });
    expect((await client.updateIpGroup(ipg.id, { ip_list: [] })).ip_list).toEqual([]);
    expect(await client.listIpGroups()).toHaveLength(1);
    expect((await client.listFlavors()).map((f) => f.type)).toEqual(['L4', 'L7']);
    const q = await client.getQuotas();
    expect(q.quota.listener).toBe(100);
    expect(q.details?.[0]?.quota_key).toBe('listener');
    await client.updatePool(pool.id, { name: 'p2' });
    expect((await client.getPool(pool.id)).name).toBe('p2');
    await client.deletePool(pool.id);
    expect(await client.listPools()).toHaveLength(0);
  });
});

describe('pagination', () => {
  it('iterateListeners streams pages by marker until the last short page', async () => {
    const { client } = harness();
    const sizes: number[] = [];
    for await (const page of client.iterateListeners({ limit: 2 })) sizes.push(page.length);
    expect(sizes).toEqual([2, 2, 1]);
    const markers = stub.requests().map((r) => new URLSearchParams(r.query).get('marker'));
    expect(markers).toEqual([null, 'lis-0001', 'lis-0003']);
  });

  it('stops on a full last page without next_marker (one request)', async () => {
    const { client } = harness();
    const sizes: number[] = [];
    for await (const page of client.iterateListeners({ limit: 5 })) sizes.push(page.length);
    expect(sizes).toEqual([5]);
    expect(stub.requests()).toHaveLength(1);
  });

  it('a repeated marker is a malformed reply, not an endless loop', async () => {
    const { client } = harness();
    const body = JSON.stringify({ listeners: [{ id: 'x1' }], page_info: { next_marker: 'x1', current_count: 1 } });
    stub.faults.add({ method: 'GET', path: /\/listeners$/, fault: { kind: 'body', status: 200, body } });
    const e = await failure(
      (async () => {
        for await (const page of client.iterateListeners({ limit: 1 })) expect(page).toHaveLength(1);
      })(),
    );
    expect(stub.requests()).toHaveLength(2);
    expect(e.kind).toBe('malformed');
  });
});

describe('S3.1 throttling', () => {
  it('429 APIG.0308 twice, then 201: exactly 3 requests, waits ≥ 2 s, fresh signature each time', async () => {
    const { client, sleeps, credentialCalls } = harness();
    stub.faults.add({ method: 'POST', path: /\/listeners$/, times: 2, fault: { kind: 'throttle' } });
    const created = await client.createListener({ listener: LISTENER });
    expect(created.id).toBeTruthy();
    expect(count('POST', /\/listeners$/)).toBe(3);
    expect(sleeps).toHaveLength(2);
    for (const s of sleeps) expect(s).toBeGreaterThanOrEqual(2_000);
    const auths = stub.requests().map((r) => r.authorization);
    expect(new Set(auths).size).toBe(3);
    const dates = stub.requests().map((r) => r.headers['x-sdk-date']);
    expect(new Set(dates).size).toBe(3);
    expect(credentialCalls()).toBe(3);
  });

  it('waits are jittered', async () => {
    const rnd = [0.1, 0.9];
    const { client, sleeps } = harness({ random: () => rnd.shift() ?? 0 });
    stub.faults.add({ method: 'GET', times: 2, fault: { kind: 'throttle' } });
    await client.listLoadBalancers();
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).not.toBe(sleeps[1]);
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(2_000);
  });

  it('honours a longer Retry-After', async () => {
    const { client, sleeps } = harness();
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'status', status: 429, errorCode: 'APIGW.0308', retryAfterSeconds: 7 } });
    await client.listLoadBalancers();
    expect(sleeps[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('throttled forever: gives up after maxAttempts with a retryable error', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'GET', fault: { kind: 'throttle' } });
    const e = await failure(client.listLoadBalancers());
    expect(e.status).toBe(429);
    expect(e.retryable).toBe(true);
    expect(e.attempts).toBe(4);
    expect(stub.requests()).toHaveLength(4);
  });
});

describe('S3.2 503 forever', () => {
  it('GET: ≤ maxAttempts requests, then a retryable error; backoff well under 60 s', async () => {
    const { client, sleeps } = harness();
    stub.faults.add({ method: 'GET', fault: { kind: 'status', status: 503, errorCode: 'APIGW.0201' } });
    const e = await failure(client.listLoadBalancers());
    expect(stub.requests()).toHaveLength(4);
    expect(e.kind).toBe('http');
    expect(e.status).toBe(503);
    expect(e.retryable).toBe(true);
    expect(e.ambiguous).toBe(false);
    expect(sleeps).toHaveLength(3);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(60_000);
  });

  it('respects a smaller maxAttempts', async () => {
    const { client } = harness({ retry: { maxAttempts: 2 } });
    stub.faults.add({ method: 'GET', fault: { kind: 'status', status: 502 } });
    await failure(client.getLoadBalancer('lb-1'));
    expect(stub.requests()).toHaveLength(2);
  });

  it('POST: one request, retryable and ambiguous (reconcile before resending)', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'POST', fault: { kind: 'status', status: 503 } });
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(count('POST', /listeners/)).toBe(1);
    expect(e.retryable).toBe(true);
    expect(e.ambiguous).toBe(true);
  });

  it('500 ELB.8906 is retried for GET; other 500s are not', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'status', status: 500, errorCode: 'ELB.8906' } });
    expect((await client.getLoadBalancer('lb-1')).id).toBe('lb-1');
    expect(stub.requests()).toHaveLength(2);
    stub.clearRequests();
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'status', status: 500, errorCode: 'ELB.0000' } });
    const e = await failure(client.getLoadBalancer('lb-1'));
    expect(e.status).toBe(500);
    expect(stub.requests()).toHaveLength(1);
  });
});

describe('S3.3 permanent errors', () => {
  for (const status of [400, 401, 403, 404, 409]) {
    it(`${status}: exactly one request; error_code and request_id kept`, async () => {
      const { client, sleeps } = harness();
      stub.faults.add({ fault: { kind: 'status', status, errorCode: `ELB.${status}`, errorMsg: `nope ${status}` } });
      const e = await failure(client.createListener({ listener: LISTENER }));
      expect(stub.requests()).toHaveLength(1);
      expect(sleeps).toHaveLength(0);
      expect(e.kind).toBe('http');
      expect(e.status).toBe(status);
      expect(e.errorCode).toBe(`ELB.${status}`);
      expect(e.errorMsg).toBe(`nope ${status}`);
      expect(e.requestId).toMatch(/^req-/);
      expect(e.retryable).toBe(false);
      expect(e.ambiguous).toBe(false);
      const g = await failure(client.getLoadBalancer('lb-1'));
      expect(g.status).toBe(status);
      expect(stub.requests()).toHaveLength(2);
    });
  }

  it('parses {error:{code,message}} with the request ID from X-Request-Id', async () => {
    const { client } = harness();
    stub.faults.add({ fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg: 'bad port', classic: true } });
    const e = await failure(client.getLoadBalancer('lb-1'));
    expect(e.errorCode).toBe('ELB.8902');
    expect(e.errorMsg).toBe('bad port');
    expect(e.requestId).toMatch(/^req-/);
    expect(toAppError(e)).toMatchObject({ code: 'CLOUD', cloud: { httpStatus: 400, errorCode: 'ELB.8902', requestId: e.requestId } });
  });

  it('409 maps to CONFLICT, 404 to NOT_FOUND for IPC', async () => {
    const { client } = harness();
    await client.createListener({ listener: LISTENER });
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(e.status).toBe(409);
    expect(toAppError(e).code).toBe('CONFLICT');
  });
});

describe('S3.6 hung server: deadlines', () => {
  it('stall on GET: each attempt aborted at the deadline; the caller is never blocked past attempts × deadline', async () => {
    const { client } = harness({ timeoutMs: 300, retry: { maxAttempts: 2 } });
    stub.faults.add({ method: 'GET', fault: { kind: 'stall' } });
    const t0 = Date.now();
    const e = await failure(client.listLoadBalancers());
    const took = Date.now() - t0;
    expect(e.kind).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(stub.requests()).toHaveLength(2);
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(2_000);
  });

  it('stall on POST: one attempt, aborted at the deadline, ambiguous', async () => {
    const { client } = harness({ timeoutMs: 300 });
    stub.faults.add({ method: 'POST', fault: { kind: 'stall' } });
    const t0 = Date.now();
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(e.kind).toBe('timeout');
    expect(e.ambiguous).toBe(true);
    expect(count('POST', /listeners/)).toBe(1);
  });

  it('a raw TCP server that accepts and never answers is aborted at the deadline', async () => {
    const sockets: import('node:net').Socket[] = [];
    const srv = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as import('node:net').AddressInfo).port;
    try {
      const { client } = harness({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 300, retry: { maxAttempts: 1 } });
      const t0 = Date.now();
      const e = await failure(client.listLoadBalancers());
      expect(e.kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(1_500);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => srv.close(r));
    }
  });

  it('connect timeout: a TLS endpoint that accepts TCP but never handshakes fails at connectTimeoutMs, not ambiguous', async () => {
    const sockets: import('node:net').Socket[] = [];
    const srv = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as import('node:net').AddressInfo).port;
    try {
      const { client } = harness({ endpoint: `https://127.0.0.1:${port}`, connectTimeoutMs: 250, timeoutMs: 5_000 });
      const t0 = Date.now();
      const e = await failure(client.createListener({ listener: LISTENER }));
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(e.kind).toBe('timeout');
      expect(e.ambiguous).toBe(false);
      expect(e.attempts).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => srv.close(r));
    }
  });

  it('a slow but in-time reply succeeds', async () => {
    const { client } = harness({ timeoutMs: 1_000 });
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'latency', ms: 200 } });
    expect((await client.getLoadBalancer('lb-1')).id).toBe('lb-1');
  });

  it('the caller can cancel', async () => {
    const { client } = harness({ timeoutMs: 5_000 });
    stub.faults.add({ method: 'GET', fault: { kind: 'stall' } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await failure(client.listLoadBalancers(undefined, { signal: ac.signal }));
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(stub.requests()).toHaveLength(1);
  });
});

describe('S3.7 malformed replies', () => {
  it('proxy HTML 502 → malformed, retried for GET, never a success', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'GET', fault: { kind: 'malformed', body: 'html' } });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('malformed');
    expect(e.status).toBe(502);
    expect(stub.requests()).toHaveLength(4);
  });

  it('proxy HTML 502 on POST → malformed, one request, ambiguous', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'POST', fault: { kind: 'malformed', body: 'html' } });
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(e.kind).toBe('malformed');
    expect(e.ambiguous).toBe(true);
    expect(stub.requests()).toHaveLength(1);
  });

  for (const body of ['truncated-json', 'empty-200', 'no-id'] as const) {
    it(`${body} on a create → malformed and ambiguous, never "created"`, async () => {
      const { client } = harness();
      stub.faults.add({ method: 'POST', fault: { kind: 'malformed', body } });
      const e = await failure(client.createListener({ listener: LISTENER }));
      expect(e.kind).toBe('malformed');
      expect(e.ambiguous).toBe(true);
      expect(stub.requests()).toHaveLength(1);
    });
    it(`${body} on a read → malformed`, async () => {
      const { client } = harness();
      stub.faults.add({ method: 'GET', fault: { kind: 'malformed', body } });
      const e = await failure(client.getLoadBalancer('lb-1'));
      expect(e.kind).toBe('malformed');
      expect(e.ambiguous).toBe(false);
    });
  }

  it('wrong wrapper key, a list that is not a list, and a 200 carrying an error body → malformed', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'POST', times: 1, fault: { kind: 'body', status: 201, body: JSON.stringify({ pool: { id: 'p' } }) } });
    expect((await failure(client.createListener({ listener: LISTENER }))).kind).toBe('malformed');
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'body', status: 200, body: JSON.stringify({ listeners: { id: 'x' } }) } });
    expect((await failure(client.listAllListeners())).kind).toBe('malformed');
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'body', status: 200, body: JSON.stringify({ error_code: 'ELB.8904', error_msg: 'gone' }) } });
    const e = await failure(client.getListener('x'));
    expect(e.kind).toBe('malformed');
    expect(e.errorCode).toBe('ELB.8904');
  });

  it('a non-JSON 4xx is malformed with its status, one request', async () => {
    const { client } = harness();
    stub.faults.add({ fault: { kind: 'body', status: 403, body: '<html>Forbidden by proxy</html>', contentType: 'text/html' } });
    const e = await failure(client.getLoadBalancer('lb-1'));
    expect(e.kind).toBe('malformed');
    expect(e.status).toBe(403);
    expect(stub.requests()).toHaveLength(1);
  });
});

describe('S3.8 clock skew', () => {
  it('local clock +20 min → clock-skew with the hint after 1 attempt', async () => {
    const { client } = harness({}, 20 * 60_000);
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('clock-skew');
    expect(e.hint).toBe(CLOCK_SKEW_HINT);
    expect(stub.requests()).toHaveLength(1);
  });

  it('server clock −20 min (sandbox clockSkewMs) → clock-skew', async () => {
    const skewed = await startStub({ clockSkewMs: -20 * 60_000 });
    try {
      const c = createElbClient({ endpoint: skewed.url, region: 'sandbox-1', projectId: skewed.regions[0]!.projectId, credentials: async () => ({ ak: skewed.ak, sk: skewed.sk }) });
      clients.push(c);
      const e = await failure(c.getLoadBalancer('lb-1'));
      expect(e.kind).toBe('clock-skew');
      expect(skewed.requests()).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });
});

describe('expired temporary credentials', () => {
  it('401 "security token expired" is a credentials problem, not clock skew', async () => {
    const { client } = harness();
    stub.faults.add({ fault: { kind: 'status', status: 401, errorCode: 'APIGW.0301', errorMsg: 'Incorrect IAM authentication information: the security token has expired' } });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('credentials');
    expect(e.hint).toMatch(/temporary credentials/);
    expect(stub.requests()).toHaveLength(1);
  });
});

describe('S3.10 offline', () => {
  async function closedPort(): Promise<number> {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as import('node:net').AddressInfo).port;
    await new Promise((r) => srv.close(r));
    return port;
  }

  it('refused connection: GET → network, retried, retryable', async () => {
    const port = await closedPort();
    const { client, sleeps } = harness({ endpoint: `http://127.0.0.1:${port}` });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.ambiguous).toBe(false);
    expect(e.attempts).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(toAppError(e).code).toBe('NETWORK');
  });

  it('refused connection: POST → network, one attempt, not ambiguous (nothing was sent)', async () => {
    const port = await closedPort();
    const { client, sleeps } = harness({ endpoint: `http://127.0.0.1:${port}` });
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(e.kind).toBe('network');
    expect(e.ambiguous).toBe(false);
    expect(e.attempts).toBe(1);
    expect(sleeps).toHaveLength(0);
  });

  it('DNS failure → network, retryable', async () => {
    const { client } = harness({ endpoint: 'http://elb.no-such-region.invalid', retry: { maxAttempts: 2 } });
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/DNS|reached/);
  });
});

describe('S3.4 building blocks: dropped connections', () => {
  it('POST + drop-after-commit → ambiguous, no retry; the listener does exist', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'POST', fault: { kind: 'drop-after-commit' } });
    const e = await failure(client.createListener({ listener: LISTENER }));
    expect(e.ambiguous).toBe(true);
    expect(e.kind).toBe('network');
    expect(count('POST', /listeners/)).toBe(1);
    const found = await client.listAllListeners({ loadbalancer_id: 'lb-1', protocol_port: 8080 });
    expect(found).toHaveLength(1);
  });

  it('GET + drop-before-commit → retried and succeeds', async () => {
    const { client } = harness();
    stub.faults.add({ method: 'GET', times: 1, fault: { kind: 'drop-before-commit' } });
    expect((await client.getLoadBalancer('lb-1')).id).toBe('lb-1');
    expect(stub.requests()).toHaveLength(2);
  });

  it('DELETE whose reply was lost: the retry sees 404 and counts it as done', async () => {
    const { client } = harness();
    const l = await client.createListener({ listener: LISTENER });
    stub.faults.add({ method: 'DELETE', times: 1, fault: { kind: 'drop-after-commit' } });
    await client.deleteListener(l.id);
    expect(count('DELETE', /listeners/)).toBe(2);
  });
});

describe('logging', () => {
  it('logs method, path, status, request id and duration — never secrets', async () => {
    const token = 'STS-TOKEN-CANARY-9f8e7d';
    const sk = 'SK-CANARY-0123456789abcdefghijklmnopqrstu';
    const { client, logs } = harness({ credentials: async () => ({ ak: stub.ak, sk, securityToken: token }) });
    await failure(client.listLoadBalancers()); // 401: the stub does not know this SK
    stub.faults.add({ method: 'POST', times: 1, fault: { kind: 'status', status: 400 } });
    await failure(client.createListener({ listener: { ...LISTENER, description: 'BODY-CANARY' } }));
    expect(logs.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(logs);
    for (const secret of [sk, token, 'Authorization', 'SDK-HMAC-SHA256', 'Signature=', 'BODY-CANARY', 'X-Security-Token']) {
      expect(text).not.toContain(secret);
    }
    const first = logs[0]!.data as Record<string, unknown>;
    expect(first).toMatchObject({ method: 'GET', status: 401 });
    expect(typeof first.durationMs).toBe('number');
    expect(first.requestId).toBeTruthy();
    expect(String(first.path)).toMatch(/\/elb\/loadbalancers$/);
    // The token is sent (signed) on the wire.
    expect(stub.requests()[0]!.headers['x-security-token']).toBe(token);
  });
});
