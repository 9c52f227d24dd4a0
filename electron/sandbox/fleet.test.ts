import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from './cli';
import { fleetKind, fleetName } from './fleet-seed';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import { Throttle, throttleFromJson } from './throttle';
import type { SandboxHandle } from './types';

let h: SandboxHandle | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('--load-balancers N', () => {
  it('parses the flag (0 and 5000 at the limits) and refuses out-of-range values', () => {
    expect(parseArgs(['--load-balancers', '12'])).toMatchObject({ ok: true, options: { loadBalancers: 12 } });
    expect(parseArgs(['--load-balancers=0'])).toMatchObject({ ok: true, options: { loadBalancers: 0 } });
    expect(parseArgs(['--load-balancers', '5000'])).toMatchObject({ ok: true, options: { loadBalancers: 5000 } });
    expect(parseArgs(['--load-balancers', '5001'])).toEqual({ ok: false, message: '--load-balancers must be from 0 to 5000 (got 5001)' });
    expect(parseArgs(['--load-balancers', '-1'])).toMatchObject({ ok: false });
    expect(parseArgs(['--throttle-rps', '20'])).toMatchObject({ ok: true, options: { throttle: { ratePerSecond: 20 } } });
    expect(parseArgs(['--throttle-rps', '0'])).toMatchObject({ ok: false, message: '--throttle-rps must be from 1 to 100000 (got 0)' });
  });

  it('seeds N load balancers over both regions, deterministically, with L7-only and inactive ones', async () => {
    h = await startSandbox({ loadBalancers: 20 });
    const r1 = h.state().region('sandbox-1');
    const r2 = h.state().region('sandbox-2');
    const fleet = (ps: typeof r1) => [...ps.loadbalancers.values()].filter((lb) => lb.name.startsWith('fleet-'));
    expect(fleet(r1)).toHaveLength(10);
    expect(fleet(r2)).toHaveLength(10);
    const c1 = new TestClient(h, 0);
    const c2 = new TestClient(h, 1);
    // i = 7 (fleet-0008, odd → sandbox-2) is L7-only; i = 9 (fleet-0010, sandbox-2) is frozen; i = 2 has 5432 taken
    const l7 = (await c2.get('/loadbalancers', { query: { name: fleetName(7) } })).body.loadbalancers[0];
    expect(fleetKind(7)).toBe('l7');
    expect(l7.l4_flavor_id).toBeNull();
    expect(l7.l7_flavor_id).toBeTruthy();
    const frozen = (await c2.get('/loadbalancers', { query: { name: fleetName(9) } })).body.loadbalancers[0];
    expect(frozen.operating_status).toBe('FROZEN');
    const clash = await c1.idOf('loadbalancers', fleetName(2));
    expect((await c1.post('/listeners', { listener: { loadbalancer_id: clash, protocol: 'TCP', protocol_port: 5432 } })).status).toBe(409);
    const free = await c1.idOf('loadbalancers', fleetName(0));
    expect((await c1.post('/listeners', { listener: { loadbalancer_id: free, protocol: 'TCP', protocol_port: 5432 } })).status).toBe(201);
    // the same name has a different ID in each region's IP groups
    const g1 = await c1.idOf('ipgroups', 'fleet-allow');
    const g2 = await c2.idOf('ipgroups', 'fleet-allow');
    expect(g1).not.toBe(g2);
    // stable IDs across runs
    const id0 = free;
    await h.close();
    h = await startSandbox({ loadBalancers: 20 });
    expect(await new TestClient(h, 0).idOf('loadbalancers', fleetName(0))).toBe(id0);
  });

  it('raises the load balancer quota to hold them (200 LBs)', async () => {
    h = await startSandbox({ loadBalancers: 200 });
    const r1 = h.state().region('sandbox-1');
    expect([...r1.loadbalancers.values()].filter((lb) => lb.name.startsWith('fleet-'))).toHaveLength(100);
    expect(r1.quota.loadbalancer).toBeGreaterThanOrEqual(r1.loadbalancers.size);
  });
});

describe('throttling', () => {
  it('is a token bucket per account: refuses with 429 after the burst, refills at the rate', () => {
    let now = 0;
    const t = new Throttle({ ratePerSecond: 2, burst: 3 }, () => now);
    t.take('a');
    t.take('a');
    t.take('a');
    expect(() => t.take('a')).toThrow(expect.objectContaining({ status: 429, code: 'APIG.0308', headers: { 'Retry-After': '1' } }));
    t.take('b'); // another account has its own bucket
    now = 499;
    expect(() => t.take('a')).toThrow();
    now = 1000; // refusals take no token: 2 tokens refilled over the second
    t.take('a');
    t.take('a');
    expect(() => t.take('a')).toThrow();
    expect(t.refused).toBe(3);
  });

  it('validates the spec (limits exactly)', () => {
    expect(throttleFromJson(null)).toBeNull();
    expect(throttleFromJson({ ratePerSecond: 100_000, burst: 100_000 })).toEqual({ ratePerSecond: 100_000, burst: 100_000 });
    expect(() => throttleFromJson({ ratePerSecond: 100_001 })).toThrow(/ratePerSecond/);
    expect(() => throttleFromJson({ ratePerSecond: 0 })).toThrow(/ratePerSecond/);
    expect(() => throttleFromJson({ ratePerSecond: 1, burst: 0 })).toThrow(/burst/);
    expect(() => throttleFromJson({ ratePerSecond: 1, burst: 1.5 })).toThrow(/burst/);
  });

  it('answers 429 APIG.0308 with Retry-After in the API error shape and changes nothing', async () => {
    h = await startSandbox({ throttle: { ratePerSecond: 1, burst: 2 } });
    const c = new TestClient(h);
    const lb = await c.idOf('loadbalancers', 'staging-idle'); // 1 token
    expect((await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 7001 } })).status).toBe(201);
    const r = await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 7002 } });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.body).toMatchObject({ error_code: 'APIG.0308', error_msg: expect.stringContaining('throttling') });
    expect(typeof r.body.request_id).toBe('string');
    expect([...h.state().region('sandbox-1').listeners.values()].some((l) => l.protocol_port === 7002)).toBe(false);
    expect(h.throttleRefused()).toBe(1);
    expect(h.requests().at(-1)?.fault).toBe('throttle-rate');
  });

  it('is set and cleared through the admin endpoint; reset goes back to the option', async () => {
    h = await startSandbox({ adminToken: 'fleet-admin-token' });
    const admin = (method: string, body?: unknown) =>
      fetch(`${h!.url}/__sandbox/throttle`, {
        method,
        headers: { 'Content-Type': 'application/json', 'x-sandbox-admin': 'fleet-admin-token' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const c = new TestClient(h);
    expect((await admin('PUT', { ratePerSecond: 0.5, burst: 1 })).status).toBe(200);
    expect((await c.get('/loadbalancers')).status).toBe(200);
    expect((await c.get('/loadbalancers')).status).toBe(429);
    expect(await (await admin('GET')).json()).toMatchObject({ throttle: { ratePerSecond: 0.5, burst: 1 }, refused: 1 });
    const bad = await admin('PUT', { ratePerSecond: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error_msg).toMatch(/ratePerSecond/);
    expect((await admin('PUT', null)).status).toBe(200);
    expect((await c.get('/loadbalancers')).status).toBe(200);
    h.throttle({ ratePerSecond: 1, burst: 1 });
    h.reset();
    expect((await c.get('/loadbalancers')).status).toBe(200);
    expect((await c.get('/loadbalancers')).status).toBe(200);
  });
});
