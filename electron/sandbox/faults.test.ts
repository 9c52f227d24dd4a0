import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { AKSKSigner, TestClient } from './testkit';
import type { SandboxHandle } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PENDING_UPDATE', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({ pendingMs: 300 });
    c = new TestClient(h);
  });
  afterAll(() => h.close());

  it('a change makes the LB busy (409) for pendingMs, then it is ACTIVE and accepts changes again', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const other = await c.idOf('loadbalancers', 'web-prod');
    const first = await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 9001 } });
    expect(first.status).toBe(201);
    expect((await c.get(`/loadbalancers/${lb}`)).body.loadbalancer.provisioning_status).toBe('PENDING_UPDATE');
    const busy = await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 9002 } });
    expect(busy.status).toBe(409);
    expect(busy.body.error_code).toBe('ELB.8907');
    expect(busy.body.error_msg).toMatch(/busy/);
    expect((await c.put(`/listeners/${first.body.listener.id}`, { listener: { name: 'x' } })).status).toBe(409);
    // another LB is not affected
    expect((await c.post('/listeners', { listener: { loadbalancer_id: other, protocol: 'TCP', protocol_port: 9002 } })).status).toBe(201);
    await sleep(350);
    expect((await c.get(`/loadbalancers/${lb}`)).body.loadbalancer.provisioning_status).toBe('ACTIVE');
    expect((await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 9002 } })).status).toBe(201);
  });
});

describe('fault injection', () => {
  let h: SandboxHandle;
  let c: TestClient;
  let lb: string;
  let port = 9100;
  const create = (o: { signal?: AbortSignal } = {}) => c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: ++port } }, o);
  const listenersOnPort = (p: number) => [...h.state().region('sandbox-1').listeners.values()].filter((l) => l.loadbalancer_id === lb && l.protocol_port === p);

  beforeAll(async () => {
    h = await startSandbox({});
    c = new TestClient(h);
    lb = await c.idOf('loadbalancers', 'tcp-gateway');
  });
  beforeEach(() => h.faults.clear());
  afterAll(() => h.close());

  it('latency delays the reply', async () => {
    h.faults.add({ method: 'GET', path: /\/listeners$/, fault: { kind: 'latency', ms: 300 } });
    const t0 = Date.now();
    const r = await c.get('/listeners', { query: { limit: '1' } });
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(h.faults.pending()).toBe(0);
  });

  it('latency past the client deadline: the slow backend still commits (an ambiguous create)', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'latency', ms: 400 } });
    await expect(create({ signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(listenersOnPort(port)).toHaveLength(0);
    await sleep(450);
    expect(listenersOnPort(port)).toHaveLength(1);
    expect(h.requests().at(-1)).toMatchObject({ method: 'POST', status: 0, fault: 'latency' });
  });

  it('status: 503 twice then the real reply; custom code and Retry-After; nothing created', async () => {
    h.faults.add({ method: 'POST', path: '/listeners$', times: 2, fault: { kind: 'status', status: 503 } });
    const a = await create();
    expect(a.status).toBe(503);
    expect(a.body).toMatchObject({ error_code: 'APIGW.0201', request_id: expect.any(String) });
    expect(listenersOnPort(port)).toHaveLength(0);
    expect((await create()).status).toBe(503);
    expect((await create()).status).toBe(201);
    h.faults.add({ fault: { kind: 'status', status: 429, errorCode: 'APIG.0308', errorMsg: 'slow down', retryAfterSeconds: 3 } });
    const t = await c.get('/flavors');
    expect(t).toMatchObject({ status: 429, body: { error_code: 'APIG.0308', error_msg: 'slow down' } });
    expect(t.headers.get('retry-after')).toBe('3');
  });

  it('throttle: 429 APIG.0308 with Retry-After: 1', async () => {
    h.faults.add({ method: 'POST', fault: { kind: 'throttle' } });
    const r = await create();
    expect(r.status).toBe(429);
    expect(r.body.error_code).toBe('APIG.0308');
    expect(r.headers.get('retry-after')).toBe('1');
    expect(listenersOnPort(port)).toHaveLength(0);
  });

  it('drop-before-commit: the socket dies and nothing is created', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'drop-before-commit' } });
    await expect(create()).rejects.toThrow();
    expect(listenersOnPort(port)).toHaveLength(0);
    expect(h.requests().at(-1)).toMatchObject({ status: 0, fault: 'drop-before-commit' });
  });

  it('drop-after-commit: the listener IS created but the client gets no reply', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'drop-after-commit' } });
    await expect(create()).rejects.toThrow();
    expect(listenersOnPort(port)).toHaveLength(1);
  });

  it('drop-after-commit atByte: status line + headers + N body bytes, then the socket dies', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'drop-after-commit', atByte: 10 } });
    const p = ++port;
    const body = JSON.stringify({ listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: p } });
    const url = new URL(`${h.url}${c.elb}/listeners`);
    const headers = AKSKSigner.sign(
      { method: 'POST', endpoint: url.toString(), queryParams: {}, headers: { 'Content-Type': 'application/json' }, data: JSON.parse(body) },
      { getAk: () => h.ak, getSk: () => h.sk },
    );
    const result = await new Promise<{ status: number; got: string; error: boolean }>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
        let got = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (got += d));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, got, error: true }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, got, error: true }));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, got, error: false }));
      });
      req.on('error', () => resolve({ status: 0, got: '', error: true }));
      req.end(body);
    });
    expect(result.status).toBe(201);
    expect(result.error).toBe(true);
    expect(result.got).toHaveLength(10);
    expect(listenersOnPort(p)).toHaveLength(1);
  });

  it('stall: no answer until the client gives up; nothing created', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'stall' } });
    const t0 = Date.now();
    await expect(create({ signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(listenersOnPort(port)).toHaveLength(0);
  });

  it('malformed html: a 502 HTML page, nothing created', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'malformed', body: 'html' } });
    const r = await create();
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(String(r.body)).toMatch(/^<html>/);
    expect(listenersOnPort(port)).toHaveLength(0);
  });

  it('malformed truncated-json / empty-200 / no-id: the change is made, the reply is unusable', async () => {
    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'malformed', body: 'truncated-json' } });
    const t = await create();
    expect(t.status).toBe(201);
    expect(typeof t.body).toBe('string');
    expect(() => JSON.parse(t.body as string)).toThrow();
    expect(listenersOnPort(port)).toHaveLength(1);

    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'malformed', body: 'empty-200' } });
    const e = await create();
    expect(e.status).toBe(200);
    expect(e.body).toBeNull();
    expect(listenersOnPort(port)).toHaveLength(1);

    h.faults.add({ method: 'POST', path: /listeners/, fault: { kind: 'malformed', body: 'no-id' } });
    const n = await create();
    expect(n.status).toBe(201);
    expect(n.body.listener).toBeDefined();
    expect(n.body.listener.id).toBeUndefined();
    expect(n.body.listener.protocol_port).toBe(port);
    expect(listenersOnPort(port)).toHaveLength(1);
  });

  it('rules match by method and path; times: Infinity lasts until cleared', async () => {
    h.faults.add({ method: 'DELETE', path: /listeners/, times: Infinity, fault: { kind: 'throttle' } });
    expect((await c.get('/listeners', { query: { limit: '1' } })).status).toBe(200);
    expect((await create()).status).toBe(201);
    const id = listenersOnPort(port)[0]?.id ?? '';
    expect((await c.del(`/listeners/${id}`)).status).toBe(429);
    expect((await c.del(`/listeners/${id}`)).status).toBe(429);
    expect(h.faults.pending()).toBe(1);
    h.faults.clear();
    expect((await c.del(`/listeners/${id}`)).status).toBe(204);
  });

  it('the request log records method, path, query, status, time, Authorization and the fault', async () => {
    h.clearRequests();
    h.faults.add({ method: 'GET', fault: { kind: 'throttle' } });
    await c.get('/listeners', { query: { limit: '5', protocol: ['TCP', 'UDP'] } });
    await c.get('/listeners', { query: { limit: '5' } });
    const log = h.requests();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: 'GET', path: `${c.elb}/listeners`, status: 429, fault: 'throttle', authType: 'none' });
    expect(new URLSearchParams(log[0]?.query).getAll('protocol')).toEqual(['TCP', 'UDP']);
    expect(log[1]).toMatchObject({ status: 200, fault: null, authType: 'aksk' });
    expect(log[1]?.authorization).toMatch(/^SDK-HMAC-SHA256 Access=SANDBOXAK/);
    expect(log[1]?.authorization).not.toContain(h.sk);
    expect(log[1]?.at).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe('admin endpoints', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({ adminToken: 'test-admin-token' });
    c = new TestClient(h);
  });
  afterAll(() => h.close());
  const admin = (method: string, path: string, body?: unknown, token: string | null = 'test-admin-token') =>
    fetch(`${h.url}/__sandbox/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { 'x-sandbox-admin': token }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('refuses a missing or wrong admin token with 403', async () => {
    expect((await admin('GET', 'state', undefined, null)).status).toBe(403);
    expect((await admin('POST', 'faults', { fault: { kind: 'throttle' } }, 'wrong')).status).toBe(403);
    expect((await admin('POST', 'reset', undefined, 'test-admin-tokeN')).status).toBe(403);
    expect(h.faults.pending()).toBe(0);
  });

  it('adds faults (path as a regex string, times "Infinity"), clears them, lists requests, shows state, resets', async () => {
    const add = await admin('POST', 'faults', { method: 'GET', path: '/flavors$', times: 'Infinity', fault: { kind: 'status', status: 500 } });
    expect(add.status).toBe(201);
    expect((await c.get('/flavors')).status).toBe(500);
    expect((await c.get('/flavors')).status).toBe(500);
    expect((await admin('POST', 'faults', { fault: { kind: 'nope' } })).status).toBe(400);
    expect((await admin('POST', 'faults', { path: '([', fault: { kind: 'stall' } })).status).toBe(400);
    expect((await admin('DELETE', 'faults')).status).toBe(204);
    expect((await c.get('/flavors')).status).toBe(200);

    const reqs = (await (await admin('GET', 'requests')).json()) as { requests: { path: string; status: number }[] };
    expect(reqs.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(reqs.requests.every((r) => !r.path.startsWith('/__sandbox'))).toBe(true);

    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 9999 } });
    const st = (await (await admin('GET', 'state')).json()) as { state: { regions: Record<string, { listeners: { protocol_port: number }[] }> } };
    expect(st.state.regions['sandbox-1']?.listeners.some((l) => l.protocol_port === 9999)).toBe(true);
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect([...h.state().region('sandbox-1').listeners.values()].some((l) => l.protocol_port === 9999)).toBe(false);
  });
});

describe('state file and close()', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'elb-sandbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves on close and loads on the next start; never writes credentials', async () => {
    const file = join(dir, 'state.json');
    const h1 = await startSandbox({ stateFile: file });
    const c1 = new TestClient(h1);
    const lb = await c1.idOf('loadbalancers', 'tcp-gateway');
    const created = await c1.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 4242, name: 'persisted' } });
    await h1.close();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('persisted');
    expect(text).not.toContain(h1.sk);
    const h2 = await startSandbox({ stateFile: file });
    const c2 = new TestClient(h2);
    const r = await c2.get(`/listeners/${created.body.listener.id}`);
    expect(r.body.listener.name).toBe('persisted');
    // the port index was rebuilt: the port is taken
    expect((await c2.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 4242 } })).status).toBe(409);
    await h2.close();
  });

  it('refuses to start on a corrupt state file (instead of silently replacing it)', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"format":"elb-sandbox-state","version":1,"regions":');
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toContain('"regions":');
  });

  it('close() returns promptly even with a stalled request open', async () => {
    const h = await startSandbox({});
    const c = new TestClient(h);
    h.faults.add({ fault: { kind: 'stall' } });
    const pending = c.get('/listeners').catch(() => 'aborted');
    await sleep(50);
    const t0 = Date.now();
    await h.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await pending).toBe('aborted');
  });
});
