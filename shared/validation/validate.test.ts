import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DraftContentSchema, type DraftContent } from '../model/draft';
import type { Listener } from '../model/inventory';
import { buildContext } from './context';
import { makeInventory, makeIpGroup, makeListener, makeLoadBalancer, makePool, validDraft } from './fixtures';
import { hasErrors, type Issue } from './issue';
import { IssueSchema } from './issue.schema';
import { RULES, ruleFor } from './rules';
import { healthCheckTiming, issuesForStep, validateDraft } from './validate';

const codes = (issues: Issue[]) => issues.map((i) => i.code);

describe('target load balancer', () => {
  it('no LB chosen is an error on target.loadBalancerId', () => {
    const d = validDraft();
    d.target.loadBalancerId = null;
    const issues = validateDraft(d);
    expect(issues).toEqual([expect.objectContaining({ code: 'target.loadBalancerId.required', path: 'target.loadBalancerId', severity: 'error' })]);
  });

  it('an application-only LB is an error quoting the seed constraint', () => {
    const inv = makeInventory({ loadBalancers: [makeLoadBalancer({ type: 'application', l4FlavorId: null, l7FlavorId: 'f7' })] });
    const issues = validateDraft(validDraft(), buildContext(inv, 'lb-1', 'sandbox-1'));
    expect(codes(issues)).toEqual(['target.loadBalancer.applicationOnly']);
    expect(issues[0]!.message).toContain('cannot add TCP listeners to a load balancer with only the application load balancing type');
  });

  it('an LB of unknown type is a warning; network and both are fine', () => {
    const ctx = (type: 'unknown' | 'network' | 'both') =>
      buildContext(makeInventory({ loadBalancers: [makeLoadBalancer({ type })] }), 'lb-1', 'sandbox-1');
    expect(validateDraft(validDraft(), ctx('unknown'))).toEqual([expect.objectContaining({ code: 'target.loadBalancer.typeUnknown', severity: 'warning' })]);
    expect(validateDraft(validDraft(), ctx('network'))).toEqual([]);
    expect(validateDraft(validDraft(), ctx('both'))).toEqual([]);
  });

  it('an LB missing from the cache is not an error (offline), and its ID still scopes the clash check', () => {
    const inv = makeInventory({ loadBalancers: [], listeners: [makeListener({ port: 8080 })] });
    const issues = validateDraft(validDraft(), buildContext(inv, 'lb-1', 'sandbox-1'));
    expect(codes(issues)).toEqual(['listener.port.clash']);
  });

  it('a context LB other than the target is not used for LB-specific rules', () => {
    const ctx = buildContext(makeInventory({ loadBalancers: [makeLoadBalancer({ type: 'application' })] }), 'lb-1', 'sandbox-1');
    const d = validDraft();
    d.target.loadBalancerId = 'lb-other';
    expect(validateDraft(d, ctx)).toEqual([]);
  });
});

describe('validateDraft without context', () => {
  it('the default draft reports the empty port, unnamed listener and missing group', () => {
    const d: DraftContent = { ...validDraft(), listener: { ...validDraft().listener, port: null, name: '' } };
    d.routing.mode = 'existing';
    expect(codes(validateDraft(d))).toEqual(['listener.port.required', 'listener.name.empty', 'routing.existingPoolId.required']);
  });
});

describe('issuesForStep', () => {
  const d = validDraft();
  d.target.loadBalancerId = null;
  d.listener.idleTimeout = 1;
  d.routing.members[0]!.weight = 500;
  const all = validateDraft(d);

  it('listener step gets target.* and listener.*; routing gets routing.*; confirm gets all', () => {
    expect(codes(issuesForStep(all, 'listener'))).toEqual(['target.loadBalancerId.required', 'listener.idleTimeout.range']);
    expect(codes(issuesForStep(all, 'routing'))).toEqual(['routing.members.weight.range']);
    expect(issuesForStep(all, 'confirm')).toEqual(all);
    expect(issuesForStep(all, 'confirm')).not.toBe(all);
  });
});

describe('healthCheckTiming', () => {
  const base = validDraft().routing.healthCheck;
  it('computes up/down times from the console formula', () => {
    // interval 5, timeout 3, healthy 3, unhealthy 3 → 3×3 + 5×2 = 19
    expect(healthCheckTiming(base)).toEqual({ upSeconds: 19, downSeconds: 19 });
    expect(healthCheckTiming({ ...base, interval: 10, timeout: 2, healthyThreshold: 1, unhealthyThreshold: 4 })).toEqual({ upSeconds: 2, downSeconds: 38 });
  });
  it('is null when a figure is missing or not a positive whole number', () => {
    expect(healthCheckTiming({ ...base, interval: null })).toBeNull();
    expect(healthCheckTiming({ ...base, timeout: 0 })).toBeNull();
    expect(healthCheckTiming({ ...base, healthyThreshold: 1.5 })).toBeNull();
    expect(healthCheckTiming({ ...base, unhealthyThreshold: -1 })).toBeNull();
  });
});

describe('RULES catalogue', () => {
  it('codes are unique, and every rule has a label and a description', () => {
    const all = RULES.map((r) => r.code);
    expect(new Set(all).size).toBe(all.length);
    for (const r of RULES) {
      expect(r.label.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(r.severity);
    }
    expect(RULES.length).toBeGreaterThanOrEqual(90);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property test: whatever the draft holds, validation does not throw, every issue is a catalogued rule with the
// catalogue's severity, and its path names a field that exists in the draft.

const num = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2, max: 70_000 }),
  fc.constantFrom(0, 1, 9, 10, 50, 51, 100, 101, 4000, 4001, 65535, 65536, 1_000_000, 1_000_001),
  fc.double({ min: -10, max: 100, noNaN: true }),
);
const text = (max: number) => fc.oneof(fc.string({ maxLength: max }), fc.constantFrom('', 'a<b', '/path', '200-204', '10.0.0.1', '::1', 'x'.repeat(max)));
const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('', '10.0.0.0/24', 'bad', '192.168.1.1'));

const draftArb = fc
  .record({
    lb: fc.constantFrom<string | null>('lb-1', 'lb-2', null),
    portMode: fc.constantFrom<'single' | 'ranges'>('single', 'ranges'),
    port: num,
    ranges: fc.array(fc.record({ start: num, end: num }), { maxLength: 12 }),
    name: text(300),
    description: text(300),
    nat64: fc.boolean(),
    transparentClientIp: fc.boolean(),
    proxyProtocol: fc.boolean(),
    acMode: fc.constantFrom<'all' | 'whitelist' | 'blacklist'>('all', 'whitelist', 'blacklist'),
    ipGroupId: fc.constantFrom<string | null>(null, 'ipg-1', 'ipg-empty', 'ipg-x'),
    idle: num,
    cpsMode: fc.constantFrom<'unlimited' | 'limit'>('unlimited', 'limit'),
    cps: num,
    connMode: fc.constantFrom<'unlimited' | 'limit'>('unlimited', 'limit'),
    conn: num,
    tags: fc.array(fc.record({ key: text(40), value: text(260) }), { maxLength: 22 }),
    mode: fc.constantFrom<'existing' | 'new'>('existing', 'new'),
    poolId: fc.constantFrom<string | null>(null, 'pool-1', 'pool-udp', 'pool-other-lb', 'pool-x'),
    algorithm: fc.constantFrom<'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP'>('ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'),
    sticky: fc.boolean(),
    stickyMin: num,
    drain: fc.boolean(),
    drainSec: num,
    members: fc.array(
      fc.record({ name: text(300), address, port: num, weight: num, subnet: fc.constantFrom<string | null>(null, 'subnet-1') }),
      { maxLength: 8 },
    ),
    hcEnabled: fc.boolean(),
    hcType: fc.constantFrom<'TCP' | 'HTTP' | 'HTTPS'>('TCP', 'HTTP', 'HTTPS'),
    hcPort: num,
    interval: num,
    timeout: num,
    up: num,
    down: num,
    path: text(100),
    codes: text(20),
    domain: text(120),
    method: fc.constantFrom<'GET' | 'HEAD' | 'POST'>('GET', 'HEAD', 'POST'),
  })
  .map((r): DraftContent => {
    const d = validDraft();
    d.target.loadBalancerId = r.lb;
    Object.assign(d.listener, {
      portMode: r.portMode,
      port: r.port,
      portRanges: r.ranges,
      name: r.name,
      description: r.description,
      nat64: r.nat64,
      transparentClientIp: r.transparentClientIp,
      proxyProtocol: r.proxyProtocol,
      accessControl: { mode: r.acMode, ipGroupId: r.ipGroupId },
      idleTimeout: r.idle,
      maxNewConnections: { mode: r.cpsMode, value: r.cps },
      maxConcurrentConnections: { mode: r.connMode, value: r.conn },
      tags: r.tags,
    });
    d.routing.mode = r.mode;
    d.routing.existingPoolId = r.poolId;
    Object.assign(d.routing.newPool, {
      algorithm: r.algorithm,
      stickySession: { enabled: r.sticky, timeoutMinutes: r.stickyMin },
      connectionDrain: { enabled: r.drain, timeoutSeconds: r.drainSec },
    });
    d.routing.members = r.members.map((m, i) => ({ rowId: `r${i}`, name: m.name, address: m.address, port: m.port, weight: m.weight, subnetId: m.subnet }));
    Object.assign(d.routing.healthCheck, {
      enabled: r.hcEnabled,
      type: r.hcType,
      port: r.hcPort,
      interval: r.interval,
      timeout: r.timeout,
      healthyThreshold: r.up,
      unhealthyThreshold: r.down,
      path: r.path,
      expectedCodes: r.codes,
      domainName: r.domain,
      httpMethod: r.method,
    });
    return d;
  });

function pathExists(root: unknown, path: string): boolean {
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return true;
}

describe('property: any draft', () => {
  const inv = makeInventory({
    listeners: [makeListener({ port: 80 }), makeListener({ id: 'l2', port: null, portRanges: [{ start: 1000, end: 2000 }] })],
    pools: [makePool(), makePool({ id: 'pool-udp', protocol: 'UDP' }), makePool({ id: 'pool-other-lb', loadBalancerIds: ['lb-2'], type: 'ip' })],
    ipGroups: [makeIpGroup(), makeIpGroup({ id: 'ipg-empty', entries: [] })],
  });
  const ctx = buildContext(inv, 'lb-1', 'sandbox-2');

  it('yields only catalogued issues, with valid shape and existing paths', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        expect(DraftContentSchema.safeParse(d).success).toBe(true);
        const issues = validateDraft(d, ctx);
        for (const issue of issues) {
          expect(IssueSchema.safeParse(issue).success).toBe(true);
          const rule = ruleFor(issue.code);
          expect(rule, issue.code).toBeDefined();
          expect(issue.severity).toBe(rule!.severity);
          expect(pathExists(d, issue.path), issue.path).toBe(true);
          expect(issue.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 400, seed: 20240115 },
    );
  });
});

describe('performance sanity: 10,000 cached listeners', () => {
  it('validates a full draft against them (timing is measured by the benchmarks)', () => {
    const listeners: Listener[] = [];
    for (let i = 0; i < 10_000; i++) {
      const lb = i % 2 === 0 ? 'lb-1' : 'lb-2';
      listeners.push(
        i % 10 === 0
          ? makeListener({ id: `l${i}`, loadBalancerId: lb, port: null, portRanges: [{ start: 20000 + i, end: 20000 + i + 3 }] })
          : makeListener({ id: `l${i}`, loadBalancerId: lb, port: 1 + (i % 60000), protocol: i % 3 === 0 ? 'UDP' : 'TCP' }),
      );
    }
    const inv = makeInventory({ listeners });
    const ctx = buildContext(inv, 'lb-1', 'sandbox-1');
    const d = validDraft();
    d.listener.port = 3; // taken by l2 (TCP on lb-1); 4 is used only on lb-2
    let issues: Issue[] = [];
    for (let k = 0; k < 200; k++) issues = validateDraft(d, ctx);
    const clash = issues.find((i) => i.code === 'listener.port.clash');
    expect(clash?.params).toMatchObject({ listenerId: 'l2', nextFreePort: 4 });
    expect(hasErrors(issues)).toBe(true);
    d.listener.port = 65000;
    expect(validateDraft(d, ctx)).toEqual([]);
  });
});
