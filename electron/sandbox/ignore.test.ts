import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

describe('ignored fields (accepted, not applied)', () => {
  let h: SandboxHandle;
  let c: TestClient;
  let lb: string;
  beforeAll(async () => {
    h = await startSandbox({ adminToken: 'test-admin-token', ignoreFields: { listener: ['proxy_protocol_enable'] } });
    c = new TestClient(h);
    lb = await c.idOf('loadbalancers', 'tcp-gateway');
  });
  afterAll(() => h.close());
  const admin = (body: unknown) =>
    fetch(`${h.url}/__sandbox/ignore-fields`, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'x-sandbox-admin': 'test-admin-token' }, body: JSON.stringify(body) });
  const tcp = (port: number) => ({ listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: port, proxy_protocol_enable: true, cps: 100 } });

  it('startSandbox option: a TCP listener create succeeds and holds the default for the ignored field only', async () => {
    const r = await c.post('/listeners', tcp(9301));
    expect(r.status).toBe(201);
    expect(r.body.listener.proxy_protocol_enable).toBe(false);
    expect(r.body.listener.cps).toBe(100);
    expect((await c.get(`/listeners/${r.body.listener.id}`)).body.listener.proxy_protocol_enable).toBe(false);
  });

  it('admin endpoint switches it off and on; bad specs are refused with 400', async () => {
    expect((await admin({})).status).toBe(200);
    const on = await c.post('/listeners', tcp(9302));
    expect(on.body.listener.proxy_protocol_enable).toBe(true);
    expect((await admin({ pool: ['lb_algorithm', 'description'] })).status).toBe(200);
    const pool = await c.post('/pools', { pool: { loadbalancer_id: lb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', description: 'as typed' } });
    expect(pool.status).toBe(400); // lb_algorithm is required: dropping it is visible
    expect((await admin({ pool: ['description'] })).status).toBe(200);
    const pool2 = await c.post('/pools', { pool: { loadbalancer_id: lb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', description: 'as typed' } });
    expect(pool2.status).toBe(201);
    expect(pool2.body.pool.description).toBe('');
    expect((await admin({ nope: ['x'] })).status).toBe(400);
    expect((await admin({ listener: 'proxy_protocol_enable' })).status).toBe(400);
    h.ignoreFields({});
    const off = await c.post('/pools', { pool: { loadbalancer_id: lb, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', description: 'as typed' } });
    expect(off.body.pool.description).toBe('as typed');
  });
});
