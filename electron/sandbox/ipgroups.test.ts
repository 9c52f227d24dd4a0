import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

const list = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ ip: `10.60.${(i + from) >> 8}.${(i + from) & 255}` }));

describe('IP address group create / PUT / iplist calls: rules and limits (§8)', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({});
    c = new TestClient(h);
  });
  afterAll(() => h.close());

  it('holds exactly ipgroup_max_length entries on create, PUT and create-or-update, and refuses one more with ELB.8902', async () => {
    const g = await c.post('/ipgroups', { ipgroup: { name: 'at-limit', ip_list: list(300) } });
    expect(g.status).toBe(201);
    expect(g.body.ipgroup.ip_list).toHaveLength(300);
    const over = await c.post('/ipgroups', { ipgroup: { name: 'over', ip_list: list(301) } });
    expect(over.status).toBe(400);
    expect(over.body.error_code).toBe('ELB.8902');
    expect(over.body.error_msg).toMatch(/at most 300 entries/);
    const id = g.body.ipgroup.id;
    // one more entry through create-or-update is refused and changes nothing
    const up = await c.post(`/ipgroups/${id}/iplist/create-or-update`, { ipgroup: { ip_list: [{ ip: '192.0.2.1' }] } });
    expect(up.status).toBe(400);
    expect((await c.get(`/ipgroups/${id}`)).body.ipgroup.ip_list).toHaveLength(300);
    // an existing entry (in its /32 form) only changes its description: still 300
    const same = await c.post(`/ipgroups/${id}/iplist/create-or-update`, { ipgroup: { ip_list: [{ ip: '10.60.0.0/32', description: 'first' }] } });
    expect(same.status).toBe(200);
    expect(same.body.ipgroup.ip_list).toHaveLength(300);
    expect(same.body.ipgroup.ip_list[0]).toEqual({ ip: '10.60.0.0', description: 'first' });
    expect((await c.put(`/ipgroups/${id}`, { ipgroup: { ip_list: list(301) } })).status).toBe(400);
    const put = await c.put(`/ipgroups/${id}`, { ipgroup: { ip_list: list(2, 500) } });
    expect(put.body.ipgroup.ip_list.map((e: { ip: string }) => e.ip)).toEqual(['10.60.1.244', '10.60.1.245']);
  });

  it('follows a lowered live quota', async () => {
    h.state().region('sandbox-1').quota.ipgroup_max_length = 3;
    try {
      expect((await c.post('/ipgroups', { ipgroup: { name: 'q3', ip_list: list(3) } })).status).toBe(201);
      const r = await c.post('/ipgroups', { ipgroup: { name: 'q4', ip_list: list(4) } });
      expect(r.status).toBe(400);
      expect(r.body.error_msg).toMatch(/at most 3 entries/);
    } finally {
      h.state().region('sandbox-1').quota.ipgroup_max_length = 300;
    }
  });

  it('treats 0.0.0.0 and 0.0.0.0/32 (and ::1 and ::1/128) as one entry; batch-delete takes either form', async () => {
    const g = await c.post('/ipgroups', { ipgroup: { name: 'dedupe', ip_list: [{ ip: '0.0.0.0' }, { ip: '0.0.0.0/32', description: 'd' }, { ip: '::1' }, { ip: '::1/128' }] } });
    expect(g.body.ipgroup.ip_list).toEqual([
      { ip: '0.0.0.0', description: 'd' },
      { ip: '::1', description: '' },
    ]);
    const bd = await c.post(`/ipgroups/${g.body.ipgroup.id}/iplist/batch-delete`, { ipgroup: { ip_list: [{ ip: '0.0.0.0/32' }, { ip: '::1/128' }] } });
    expect(bd.body.ipgroup.ip_list).toEqual([]);
  });

  it('refuses bad entries naming the field, and needs ip_list on create and on the iplist calls', async () => {
    const cases: Array<[string, RegExp]> = [
      ['10.0.0.256', /ip_list\[0\]\.ip/],
      ['10.0.0.9-10.0.0.1', /greater than its start/],
      ['10.0.0.1-::2', /same IP version/],
      ['10.0.0.0/33', /CIDR/],
    ];
    for (const [ip, msg] of cases) {
      const r = await c.post('/ipgroups', { ipgroup: { name: 'bad', ip_list: [{ ip }] } });
      expect(r.status, ip).toBe(400);
      expect(r.body.error_msg, ip).toMatch(msg);
    }
    expect((await c.post('/ipgroups', { ipgroup: { name: 'no-list' } })).status).toBe(400);
    const long = await c.post('/ipgroups', { ipgroup: { name: 'x', ip_list: [{ ip: '10.0.0.1', description: 'd'.repeat(256) }] } });
    expect(long.status).toBe(400);
    const atMax = await c.post('/ipgroups', { ipgroup: { name: 'n'.repeat(255), ip_list: [{ ip: '10.0.0.1', description: 'd'.repeat(255) }] } });
    expect(atMax.status).toBe(201);
    const id = atMax.body.ipgroup.id;
    expect((await c.post(`/ipgroups/${id}/iplist/create-or-update`, { ipgroup: {} })).status).toBe(400);
    expect((await c.post(`/ipgroups/${id}/iplist/batch-delete`, { ipgroup: { ip_list: [] } })).status).toBe(400);
    expect((await c.post(`/ipgroups/00000000-0000-4000-8000-000000000000/iplist/batch-delete`, { ipgroup: { ip_list: [{ ip: '10.0.0.1' }] } })).status).toBe(404);
  });

  it('refuses a group past the account quota with 409', async () => {
    const ps = h.state().region('sandbox-1');
    const before = ps.quota.ipgroup;
    ps.quota.ipgroup = ps.ipgroups.size + 1;
    try {
      expect((await c.post('/ipgroups', { ipgroup: { name: 'last', ip_list: [] } })).status).toBe(201);
      const r = await c.post('/ipgroups', { ipgroup: { name: 'one-too-many', ip_list: [] } });
      expect(r.status).toBe(409);
      expect(r.body.error_msg).toMatch(/Quota exceeded for resource 'ipgroup'/);
    } finally {
      if (before === undefined) delete ps.quota.ipgroup;
      else ps.quota.ipgroup = before;
    }
  });
});
