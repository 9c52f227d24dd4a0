import { describe, expect, it } from 'vitest';
import { PlannedRequestSchema } from '../ipc/contract';
import type { DraftContent } from '../model/draft';
import { makeListener, validDraft } from '../validation/fixtures';
import {
  POOL_ID_PLACEHOLDER,
  draftMarker,
  draftMarkerHex,
  fillPoolId,
  hasDraftMarker,
  healthMonitorBody,
  listenerBody,
  membersBatchBody,
  planRequests,
  poolBody,
} from './api';

const DRAFT_ID = '7d9f2c1e-3b4a-4c5d-8e6f-0a1b2c3d4e5f';

function draft(mutate: (d: DraftContent) => void = () => {}): DraftContent & { id: string } {
  const d = validDraft();
  mutate(d);
  return { ...d, id: DRAFT_ID };
}

describe('draftMarker', () => {
  it('is elbdesk: + 12 hex, deterministic and pinned (journals store it)', () => {
    expect(draftMarker(DRAFT_ID)).toMatch(/^elbdesk:[0-9a-f]{12}$/);
    expect(draftMarker(DRAFT_ID)).toBe(draftMarker(DRAFT_ID));
    expect(draftMarker('d-1')).toBe('elbdesk:1b57ba1f8f1d');
    expect(draftMarkerHex('d-1')).toBe('1b57ba1f8f1d');
  });

  it('differs between drafts (no collisions among 5,000 similar IDs)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(draftMarker(`0190b2c4-5d6e-7000-8000-${String(i).padStart(12, '0')}`));
    expect(seen.size).toBe(5000);
  });
});

describe('listenerBody', () => {
  it('single port: protocol_port, no port_ranges, TCP, LB, pool, timeout, flags; no HTTP-only fields', () => {
    const { listener } = listenerBody(draft(), { poolId: 'pool-9' });
    expect(listener).toEqual({
      protocol: 'TCP',
      protocol_port: 8080,
      loadbalancer_id: 'lb-1',
      default_pool_id: 'pool-9',
      name: 'web-8080',
      description: '',
      keepalive_timeout: 300,
      cps: 0,
      connection: 0,
      transparent_client_ip_enable: true,
      proxy_protocol_enable: false,
      nat64_enable: false,
    });
    for (const k of ['client_timeout', 'member_timeout', 'enable_member_retry', 'port_ranges', 'ipgroup', 'tags']) expect(listener).not.toHaveProperty(k);
  });

  it('port ranges: port_ranges with protocol_port left out', () => {
    const { listener } = listenerBody(
      draft((d) => {
        d.listener.portMode = 'ranges';
        d.listener.port = 80; // stale single port must not leak
        d.listener.portRanges = [
          { start: 1000, end: 2000 },
          { start: 3000, end: 3000 },
        ];
      }),
      { poolId: null },
    );
    expect(listener.port_ranges).toEqual([
      { start_port: 1000, end_port: 2000 },
      { start_port: 3000, end_port: 3000 },
    ]);
    expect(listener).not.toHaveProperty('protocol_port');
    expect(listener).not.toHaveProperty('default_pool_id');
  });

  it('limits: unlimited → 0, limit → the value', () => {
    const { listener } = listenerBody(
      draft((d) => {
        d.listener.maxNewConnections = { mode: 'limit', value: 5000 };
        d.listener.maxConcurrentConnections = { mode: 'unlimited', value: 77 };
      }),
      { poolId: null },
    );
    expect(listener.cps).toBe(5000);
    expect(listener.connection).toBe(0);
  });

  it('ipgroup only when access control is not "all"', () => {
    const body = (mode: 'all' | 'whitelist' | 'blacklist') =>
      listenerBody(draft((d) => (d.listener.accessControl = { mode, ipGroupId: 'ipg-1' })), { poolId: null }).listener;
    expect(body('all')).not.toHaveProperty('ipgroup');
    expect(body('whitelist').ipgroup).toEqual({ ipgroup_id: 'ipg-1', enable_ipgroup: true, type: 'white' });
    expect(body('blacklist').ipgroup).toEqual({ ipgroup_id: 'ipg-1', enable_ipgroup: true, type: 'black' });
  });

  it('passes the three client-IP flags through', () => {
    const { listener } = listenerBody(
      draft((d) => Object.assign(d.listener, { nat64: true, transparentClientIp: false, proxyProtocol: true })),
      { poolId: null },
    );
    expect(listener).toMatchObject({ nat64_enable: true, transparent_client_ip_enable: false, proxy_protocol_enable: true });
  });

  it('sends name, description and tags exactly as typed: a 255-character description and 20 tags get no marker', () => {
    const desc = 'd'.repeat(254) + '界';
    const twenty = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: '' }));
    const a = listenerBody(
      draft((d) => {
        d.listener.description = desc;
        d.listener.tags = twenty;
      }),
      { poolId: null },
    ).listener;
    expect(a.description).toBe(desc);
    expect(a.description).toHaveLength(255);
    expect(a.tags).toEqual(twenty);
    const b = listenerBody(draft((d) => (d.listener.description = 'web')), { poolId: null }).listener;
    expect(b.description).toBe('web');
    expect(b).not.toHaveProperty('tags');
    expect(JSON.stringify(b)).not.toContain('elbdesk');
  });

  it('does not alias the draft tags', () => {
    const d = draft((x) => (x.listener.tags = [{ key: 'a', value: 'b' }]));
    const { listener } = listenerBody(d, { poolId: null });
    listener.tags!.push({ key: 'z', value: 'z' });
    expect(d.listener.tags).toHaveLength(1);
  });
});

describe('hasDraftMarker', () => {
  it('finds the legacy marker older versions wrote in a description or tag, and in an inventory listener', () => {
    const legacy = { description: `hello [${draftMarker(DRAFT_ID)}]` };
    expect(hasDraftMarker(legacy, DRAFT_ID)).toBe(true);
    expect(hasDraftMarker(legacy, 'other-draft')).toBe(false);
    expect(hasDraftMarker(listenerBody(draft((d) => (d.listener.description = 'hello')), { poolId: null }).listener, DRAFT_ID)).toBe(false);
    expect(hasDraftMarker({ description: 'x', tags: [{ key: 'elbdesk', value: draftMarkerHex(DRAFT_ID) }] }, DRAFT_ID)).toBe(true);
    expect(hasDraftMarker(makeListener({ description: `web [${draftMarker(DRAFT_ID)}]` }), DRAFT_ID)).toBe(true);
    expect(hasDraftMarker({ description: null, tags: null }, DRAFT_ID)).toBe(false);
    // the bare hex without brackets (e.g. typed by a user) does not count
    expect(hasDraftMarker({ description: draftMarker(DRAFT_ID) }, DRAFT_ID)).toBe(false);
  });
});

describe('poolBody', () => {
  it('TCP pool with algorithm, LB, name, description as typed; no sticky session → null', () => {
    const { pool } = poolBody(draft(), 'lb-1');
    expect(pool).toEqual({
      protocol: 'TCP',
      lb_algorithm: 'ROUND_ROBIN',
      loadbalancer_id: 'lb-1',
      name: 'web-pool',
      description: '',
      session_persistence: null,
    });
    expect(pool).not.toHaveProperty('connection_drain');
    expect(pool).not.toHaveProperty('slow_start');
  });

  it('sticky session → SOURCE_IP with the timeout in minutes; drain → enable + timeout', () => {
    const { pool } = poolBody(
      draft((d) => {
        d.routing.newPool.algorithm = 'LEAST_CONNECTIONS';
        d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: 45 };
        d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: 600 };
        d.routing.newPool.description = 'api';
      }),
      'lb-1',
    );
    expect(pool.lb_algorithm).toBe('LEAST_CONNECTIONS');
    expect(pool.session_persistence).toEqual({ type: 'SOURCE_IP', persistence_timeout: 45 });
    expect(pool.connection_drain).toEqual({ enable: true, timeout: 600 });
    expect(pool.description).toBe('api');
  });

  it('a 255-character description is sent byte for byte', () => {
    const desc = 'g'.repeat(255);
    expect(poolBody(draft((d) => (d.routing.newPool.description = desc)), 'lb-1').pool.description).toBe(desc);
  });
});

describe('membersBatchBody', () => {
  it('maps servers; weight 0 stays 0; no subnet → no subnet_cidr_id', () => {
    const body = membersBatchBody([
      { rowId: 'a', name: 'a', address: '10.0.0.1', port: 80, weight: 0, subnetId: 'sub-1' },
      { rowId: 'b', name: '', address: '2001:db8::1', port: 8080, weight: 100, subnetId: null },
    ]);
    expect(body).toEqual({
      members: [
        { address: '10.0.0.1', protocol_port: 80, weight: 0, name: 'a', subnet_cidr_id: 'sub-1' },
        { address: '2001:db8::1', protocol_port: 8080, weight: 100, name: '' },
      ],
    });
    expect(JSON.stringify(body)).toContain('"weight":0');
    expect(body.members[1]).not.toHaveProperty('subnet_cidr_id');
    expect(body.members[0]).not.toHaveProperty('rowId');
  });
});

describe('healthMonitorBody', () => {
  const hc = validDraft().routing.healthCheck;

  it('TCP: delay/timeout/retries only; no HTTP fields; no monitor_port when unset', () => {
    const { healthmonitor } = healthMonitorBody({ ...hc, path: '/x', expectedCodes: '200', domainName: 'a.com' }, 'pool-1');
    expect(healthmonitor).toEqual({ pool_id: 'pool-1', type: 'TCP', delay: 5, timeout: 3, max_retries: 3, max_retries_down: 3 });
    for (const k of ['url_path', 'expected_codes', 'http_method', 'domain_name', 'monitor_port']) expect(healthmonitor).not.toHaveProperty(k);
  });

  it('HTTP: adds url_path, expected_codes, http_method, domain_name (when set) and monitor_port (when set)', () => {
    const { healthmonitor } = healthMonitorBody(
      { ...hc, type: 'HTTP', port: 9000, path: '/health', expectedCodes: '200-204', httpMethod: 'HEAD', domainName: 'www.example.com' },
      'pool-1',
    );
    expect(healthmonitor).toMatchObject({
      type: 'HTTP',
      monitor_port: 9000,
      url_path: '/health',
      expected_codes: '200-204',
      http_method: 'HEAD',
      domain_name: 'www.example.com',
    });
    const noDomain = healthMonitorBody({ ...hc, type: 'HTTPS', domainName: '' }, 'p').healthmonitor;
    expect(noDomain).not.toHaveProperty('domain_name');
    expect(noDomain.url_path).toBe('/');
  });
});

describe('planRequests', () => {
  it('new group: pool → members → health monitor → listener, with {pool.id} placeholders and the project ID', () => {
    const plan = planRequests(draft(), 'lb-1', '0123456789abcdef0123456789abcdef');
    for (const r of plan) expect(PlannedRequestSchema.safeParse(r).success).toBe(true);
    expect(plan.map((r) => [r.key, r.method, r.path])).toEqual([
      ['pool', 'POST', '/v3/0123456789abcdef0123456789abcdef/elb/pools'],
      ['members', 'POST', `/v3/0123456789abcdef0123456789abcdef/elb/pools/${POOL_ID_PLACEHOLDER}/members/batch-add`],
      ['healthmonitor', 'POST', '/v3/0123456789abcdef0123456789abcdef/elb/healthmonitors'],
      ['listener', 'POST', '/v3/0123456789abcdef0123456789abcdef/elb/listeners'],
    ]);
    expect((plan[2]!.body as { healthmonitor: { pool_id: string } }).healthmonitor.pool_id).toBe(POOL_ID_PLACEHOLDER);
    expect((plan[3]!.body as { listener: { default_pool_id: string } }).listener.default_pool_id).toBe(POOL_ID_PLACEHOLDER);
    expect(plan[3]!.title).toBe('Create TCP listener on port 8080');
    expect(plan[1]!.title).toBe('Add 2 backend servers');
  });

  it('uses {project_id} when no project is given, and the explicit LB over the draft target', () => {
    const plan = planRequests(draft(), 'lb-explicit');
    expect(plan[0]!.path).toBe('/v3/{project_id}/elb/pools');
    expect((plan[0]!.body as { pool: { loadbalancer_id: string } }).pool.loadbalancer_id).toBe('lb-explicit');
    expect((plan[3]!.body as { listener: { loadbalancer_id: string } }).listener.loadbalancer_id).toBe('lb-explicit');
  });

  it('leaves out members when there are none and the monitor when the check is off', () => {
    const plan = planRequests(
      draft((d) => {
        d.routing.members = [];
        d.routing.healthCheck.enabled = false;
      }),
      'lb-1',
    );
    expect(plan.map((r) => r.key)).toEqual(['pool', 'listener']);
  });

  it('existing group: the listener only, pointing at that group', () => {
    const plan = planRequests(
      draft((d) => {
        d.routing.mode = 'existing';
        d.routing.existingPoolId = 'pool-7';
      }),
      'lb-1',
      'p',
    );
    expect(plan).toHaveLength(1);
    expect(plan[0]!.key).toBe('listener');
    expect((plan[0]!.body as { listener: { default_pool_id: string } }).listener.default_pool_id).toBe('pool-7');
    expect(JSON.stringify(plan)).not.toContain(POOL_ID_PLACEHOLDER);
  });

  it('fillPoolId replaces the placeholder in path and body, leaving the plan untouched', () => {
    const plan = planRequests(draft(), 'lb-1', 'p');
    const filled = plan.map((r) => fillPoolId(r, 'pool-abc'));
    expect(filled[1]!.path).toBe('/v3/p/elb/pools/pool-abc/members/batch-add');
    expect((filled[3]!.body as { listener: { default_pool_id: string } }).listener.default_pool_id).toBe('pool-abc');
    expect(JSON.stringify(filled)).not.toContain(POOL_ID_PLACEHOLDER);
    expect(JSON.stringify(plan)).toContain(POOL_ID_PLACEHOLDER);
  });
});

describe('all-port forwarding (port ranges + new group)', () => {
  function rangesDraft(mutate: (d: DraftContent) => void = () => {}): DraftContent & { id: string } {
    return draft((d) => {
      d.listener.portMode = 'ranges';
      d.listener.portRanges = [{ start: 10000, end: 10100 }];
      d.routing.healthCheck.port = 10050;
      mutate(d);
    });
  }

  it('the pool is created with any_port_enable: true; single-port drafts never send the field', () => {
    expect(poolBody(rangesDraft(), 'lb-1').pool.any_port_enable).toBe(true);
    expect(poolBody(draft(), 'lb-1').pool).not.toHaveProperty('any_port_enable');
  });

  it('the servers are sent without protocol_port, even when the draft still holds a port', () => {
    const plan = planRequests(rangesDraft(), 'lb-1');
    const members = plan.find((r) => r.key === 'members')?.body as { members: Array<Record<string, unknown>> };
    expect(members.members).toEqual([
      { address: '192.168.1.11', weight: 1, name: 'web-a', subnet_cidr_id: 'subnet-1' },
      { address: '192.168.1.12', weight: 1, name: 'web-b', subnet_cidr_id: 'subnet-1' },
    ]);
    expect(membersBatchBody(validDraft().routing.members, true).members[0]).not.toHaveProperty('protocol_port');
    expect(membersBatchBody(validDraft().routing.members, false).members[0]).toHaveProperty('protocol_port', 8080);
  });

  it('the health check carries monitor_port, and the pool title says the group forwards all ports', () => {
    const plan = planRequests(rangesDraft(), 'lb-1');
    expect(plan.map((r) => r.key)).toEqual(['pool', 'members', 'healthmonitor', 'listener']);
    expect(plan[0]?.title).toBe('Create backend server group "web-pool" (TCP, ROUND_ROBIN, all-port forwarding)');
    expect((plan[2]?.body as { healthmonitor: { monitor_port?: number } }).healthmonitor.monitor_port).toBe(10050);
    expect(planRequests(draft(), 'lb-1')[0]?.title).toBe('Create backend server group "web-pool" (TCP, ROUND_ROBIN)');
  });

  it('an existing group with port ranges: only the listener request, no pool body to change', () => {
    const plan = planRequests(
      rangesDraft((d) => {
        d.routing.mode = 'existing';
        d.routing.existingPoolId = 'pool-7';
      }),
      'lb-1',
    );
    expect(plan.map((r) => r.key)).toEqual(['listener']);
  });
});

describe('ip_version of a new group', () => {
  it('a group with an IPv6 server is created dualstack; an IPv4-only group leaves ip_version to the API', () => {
    const v6 = poolBody(draft((d) => (d.routing.members[1]!.address = '2001:db8::12')), 'lb-1').pool;
    expect(v6.ip_version).toBe('dualstack');
    expect(poolBody(draft(), 'lb-1').pool).not.toHaveProperty('ip_version');
  });
});
