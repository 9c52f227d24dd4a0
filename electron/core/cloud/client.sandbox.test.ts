/**
 * The client against the real local sandbox (electron/sandbox), which verifies signatures itself: the fault
 * scenarios of reliability.md §3 (S3.1–S3.3, S3.6–S3.8, S3.10) plus a full read of the seeded inventory through
 * normalize.ts validated with the shared schemas. client.test.ts has the same scenarios (and more edge cases)
 * against a small stub.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FlavorSchema,
  HealthMonitorSchema,
  IpGroupSchema,
  ListenerSchema,
  LoadBalancerSchema,
  MemberSchema,
  PoolSchema,
  QuotaSchema,
} from '../../../shared/model/inventory';
import { startSandbox } from '../../sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { createElbClient, discoverProjectId, type ClientOptions, type ElbClient } from './client';
import { CLOCK_SKEW_HINT } from './errors';
import * as N from './normalize';
import { failure } from './testing/failure';

let sbx: SandboxHandle;
let lbId: string;
const clients: ElbClient[] = [];

beforeAll(async () => {
  sbx = await startSandbox({ port: 0, listeners: 5 });
  const c = harness().client;
  const flavors = new Map((await c.listFlavors()).map((f) => [f.id, f]));
  const lb = (await c.listLoadBalancers()).find((l) => ['network', 'both'].includes(N.toLoadBalancer(l, flavors).type) && l.provisioning_status === 'ACTIVE');
  lbId = lb!.id;
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sbx.close();
});
afterEach(async () => {
  sbx.reset();
});

let nextPort = 31_000; // the seed's bulk listeners start at 20000
const listener = () => ({ listener: { protocol: 'TCP', protocol_port: nextPort++, loadbalancer_id: lbId, name: 'elb-desk-test' } });

function harness(over: Partial<ClientOptions> = {}, skewMs = 0) {
  let now = Date.now() + skewMs;
  const sleeps: number[] = [];
  const client = createElbClient({
    endpoint: sbx.url,
    region: 'sandbox-1',
    projectId: sbx.regions[0]!.projectId,
    credentials: async () => ({ ak: sbx.ak, sk: sbx.sk }),
    clock: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    connectTimeoutMs: 1_000,
    timeoutMs: 2_000,
    ...over,
  });
  clients.push(client);
  return { client, sleeps };
}

const api = () => sbx.requests();

describe('request IDs of successful replies', () => {
  it('onRequestId gets the X-Request-Id of the reply that succeeded (each create); a failed call reports none', async () => {
    const { client } = harness();
    const seen: Array<string | null> = [];
    const created = await client.createListener(listener(), { onRequestId: (id) => seen.push(id) });
    const pool = await client.createPool({ pool: { protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', loadbalancer_id: lbId } }, { onRequestId: (id) => seen.push(id) });
    await client.createHealthMonitor({ healthmonitor: { pool_id: pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 } }, { onRequestId: (id) => seen.push(id) });
    const posts = sbx.requests().filter((r) => r.method === 'POST' && r.status < 300);
    expect(seen).toEqual(posts.map((r) => r.requestId));
    expect(seen.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(created.id).toBeTruthy();
    const failed: Array<string | null> = [];
    await failure(client.createListener({ listener: { protocol: 'TCP', protocol_port: 1, loadbalancer_id: 'nope' } }, { onRequestId: (id) => failed.push(id) }));
    expect(failed).toEqual([]);
  });
});

describe('sandbox: reads and normalisation', () => {
  it('discovers the project and reads the whole seeded inventory into schema-valid shapes', async () => {
    const pid = await discoverProjectId({ iamEndpoint: sbx.url, region: 'sandbox-1', credentials: async () => ({ ak: sbx.ak, sk: sbx.sk }) });
    expect(pid).toBe(sbx.regions[0]!.projectId);
    const { client } = harness();
    const flavorsApi = await client.listFlavors();
    const byId = new Map(flavorsApi.map((f) => [f.id, f]));
    for (const f of flavorsApi) FlavorSchema.parse(N.toFlavor(f));
    const lbs = (await client.listLoadBalancers()).map((l) => LoadBalancerSchema.parse(N.toLoadBalancer(l, byId)));
    expect(lbs.length).toBeGreaterThan(1);
    expect(new Set(lbs.map((l) => l.type)).size).toBeGreaterThan(1);
    let pages = 0;
    let listeners = 0;
    for await (const page of client.iterateListeners({ limit: 4 })) {
      pages++;
      for (const l of page) ListenerSchema.parse(N.toListener(l));
      listeners += page.length;
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(listeners / 4));
    expect(pages).toBeLessThanOrEqual(Math.ceil(listeners / 4) + 1);
    expect(api().filter((r) => r.path.endsWith('/listeners')).length).toBe(pages);
    expect(listeners).toBe((await client.listAllListeners()).length);
    for (const p of await client.listPools()) PoolSchema.parse(N.toPool(p));
    const members = await client.listAllMembers();
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(MemberSchema.parse(N.toMember(m, m.pool_id ?? '')).poolId).not.toBe('');
    for (const h of await client.listHealthMonitors()) HealthMonitorSchema.parse(N.toHealthMonitor(h));
    for (const g of await client.listIpGroups()) IpGroupSchema.parse(N.toIpGroup(g));
    const q = QuotaSchema.parse(N.toQuota(await client.getQuotas()));
    expect(q.listener?.used).toBe(listeners);
    expect(api().every((r) => r.authType === 'aksk')).toBe(true);
  });

  it('create → get → delete a listener', async () => {
    const { client } = harness();
    const l = await client.createListener(listener());
    expect((await client.getListener(l.id)).id).toBe(l.id);
    await client.deleteListener(l.id);
    expect((await failure(client.getListener(l.id))).status).toBe(404);
  });
});

describe('sandbox: S3.1 throttling', () => {
  it('429 twice, then 201: exactly 3 requests, waits ≥ 2 s, fresh signature each time', async () => {
    const { client, sleeps } = harness();
    sbx.faults.add({ method: 'POST', path: /\/listeners$/, times: 2, fault: { kind: 'throttle' } });
    const l = await client.createListener(listener());
    expect(l.id).toBeTruthy();
    const posts = api().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 429, 201]);
    expect(sleeps).toHaveLength(2);
    for (const s of sleeps) expect(s).toBeGreaterThanOrEqual(2_000);
    expect(new Set(posts.map((r) => r.authorization)).size).toBe(3);
    expect(new Set(posts.map((r) => r.sdkDate)).size).toBe(3);
  });
});

describe('sandbox: S3.2 503 forever', () => {
  it('GET: maxAttempts requests then a retryable error', async () => {
    const { client, sleeps } = harness();
    sbx.faults.add({ method: 'GET', times: Infinity, fault: { kind: 'status', status: 503 } });
    const e = await failure(client.listLoadBalancers());
    expect(api()).toHaveLength(4);
    expect(e.retryable).toBe(true);
    expect(e.status).toBe(503);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(60_000);
  });

  it('POST: one request, retryable and ambiguous', async () => {
    const { client } = harness();
    sbx.faults.add({ method: 'POST', times: Infinity, fault: { kind: 'status', status: 503 } });
    const e = await failure(client.createListener(listener()));
    expect(api()).toHaveLength(1);
    expect(e).toMatchObject({ retryable: true, ambiguous: true, status: 503 });
  });
});

describe('sandbox: S3.3 permanent errors', () => {
  for (const status of [400, 401, 403, 404, 409]) {
    it(`${status}: exactly 1 request with error_code and request_id`, async () => {
      const { client } = harness();
      sbx.faults.add({ times: Infinity, fault: { kind: 'status', status } });
      const e = await failure(client.createListener(listener()));
      expect(api()).toHaveLength(1);
      expect(e.status).toBe(status);
      expect(e.errorCode).toBeTruthy();
      expect(e.requestId).toBe(api()[0]!.requestId);
    });
  }

  it('a real 409 (port in use) and a real 400 from validation', async () => {
    const { client } = harness();
    const body = listener();
    await client.createListener(body);
    const dup = await failure(client.createListener(body));
    expect(dup).toMatchObject({ status: 409, errorCode: 'ELB.8907' });
    const bad = await failure(client.createListener({ listener: { ...body.listener, protocol_port: 70000 } }));
    expect(bad).toMatchObject({ status: 400, errorCode: 'ELB.8902' });
    expect(api().filter((r) => r.method === 'POST')).toHaveLength(3);
  });
});

describe('sandbox: S3.6 stall', () => {
  it('aborted at the deadline; POST is ambiguous and not retried', async () => {
    const { client } = harness({ timeoutMs: 300 });
    sbx.faults.add({ method: 'POST', times: Infinity, fault: { kind: 'stall' } });
    const t0 = Date.now();
    const e = await failure(client.createListener(listener()));
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(e).toMatchObject({ kind: 'timeout', ambiguous: true });
    expect(api()).toHaveLength(1);
  });
});

describe('sandbox: S3.7 malformed replies', () => {
  for (const body of ['html', 'truncated-json', 'empty-200', 'no-id'] as const) {
    it(`${body} on create → malformed, never created-without-id`, async () => {
      const { client } = harness();
      sbx.faults.add({ method: 'POST', fault: { kind: 'malformed', body } });
      const e = await failure(client.createListener(listener()));
      expect(e.kind).toBe('malformed');
      expect(e.ambiguous).toBe(true);
      expect(api()).toHaveLength(1);
    });
  }
});

describe('sandbox: S3.8 clock skew', () => {
  it('clock +20 min → clock-skew after 1 attempt', async () => {
    const { client } = harness({}, 20 * 60_000);
    const e = await failure(client.listLoadBalancers());
    expect(e.kind).toBe('clock-skew');
    expect(e.hint).toBe(CLOCK_SKEW_HINT);
    expect(api()).toHaveLength(1);
  });
});

describe('sandbox: S3.10 offline and dropped connections', () => {
  it('closed port → network (retried for GET, once for POST)', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const { client, sleeps } = harness({ endpoint: `http://127.0.0.1:${port}` });
    expect((await failure(client.listLoadBalancers())).kind).toBe('network');
    expect(sleeps).toHaveLength(3);
    const post = await failure(client.createListener(listener()));
    expect(post).toMatchObject({ kind: 'network', ambiguous: false, attempts: 1 });
  });

  it('POST + drop-after-commit → ambiguous, one request; reconciling by listing finds the listener', async () => {
    const { client } = harness();
    sbx.faults.add({ method: 'POST', fault: { kind: 'drop-after-commit' } });
    const body = listener();
    const e = await failure(client.createListener(body));
    expect(e.ambiguous).toBe(true);
    expect(api().filter((r) => r.method === 'POST')).toHaveLength(1);
    const found = await client.listAllListeners({ loadbalancer_id: lbId, protocol: 'TCP', protocol_port: body.listener.protocol_port });
    expect(found).toHaveLength(1);
  });

  it('POST + drop-after-commit mid-body → ambiguous too', async () => {
    const { client } = harness();
    sbx.faults.add({ method: 'POST', fault: { kind: 'drop-after-commit', atByte: 10 } });
    const e = await failure(client.createListener(listener()));
    expect(e.ambiguous).toBe(true);
  });

  it('GET + drop-before-commit → retried, succeeds', async () => {
    const { client } = harness();
    sbx.faults.add({ method: 'GET', fault: { kind: 'drop-before-commit' } });
    expect((await client.getLoadBalancer(lbId)).id).toBe(lbId);
    expect(api()).toHaveLength(2);
  });
});
