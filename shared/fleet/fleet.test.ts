import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FleetPlanContentSchema, FLEET_MAX_TARGETS } from '../model/fleet';
import { makeListener, makeLoadBalancer, makePool, makeIpGroup } from '../validation/fixtures';
import { validateDraft } from '../validation/validate';
import { buildContext } from '../validation/context';
import { exportFleetJson, fleetApiRequestsText, parseFleetJson } from './export';
import { FLEET_ACCOUNT, makeFleet, makeTarget } from './fixtures';
import { useNextFreePortOnEach } from './next-port';
import { resolveTarget } from './resolve';
import { validateFleet } from './validate';

describe('resolveTarget', () => {
  it('makes the create draft of a row: template + port override + names resolved per region', () => {
    const { plan, lookup } = makeFleet(2);
    plan.routing.mode = 'existing';
    plan.groupName = 'app-pool';
    plan.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ignored' };
    plan.ipGroupName = 'office';
    plan.targets[1]!.port = 9090;
    const r0 = resolveTarget(plan, plan.targets[0]!, lookup(FLEET_ACCOUNT, 'sandbox-1'));
    const r1 = resolveTarget(plan, plan.targets[1]!, lookup(FLEET_ACCOUNT, 'sandbox-2'));
    expect(r0.draft.target).toEqual({ accountId: FLEET_ACCOUNT, region: 'sandbox-1', loadBalancerId: 'lb-0' });
    expect(r0.draft.listener.port).toBe(8080);
    expect(r1.draft.listener.port).toBe(9090);
    expect(r0.draft.routing.existingPoolId).toBe('pool-0');
    expect(r1.draft.routing.existingPoolId).toBe('pool-1');
    expect(r0.draft.listener.accessControl.ipGroupId).toBe('ipg-sandbox-1');
    expect(r1.draft.listener.accessControl.ipGroupId).toBe('ipg-sandbox-2');
    // the template itself is untouched
    expect(plan.listener.port).toBe(8080);
    expect(plan.listener.accessControl.ipGroupId).toBe('ignored');
  });

  it('validates each resolved row exactly as a single draft would be', () => {
    const { plan, lookup } = makeFleet(4);
    plan.targets[2]!.port = 80; // clash
    const v = validateFleet(plan, lookup);
    plan.targets.forEach((t, i) => {
      const inv = lookup(t.accountId, t.region);
      const single = validateDraft(resolveTarget(plan, t, inv).draft, buildContext(inv, t.loadBalancerId, t.region));
      expect(v.rows[i]!.issues).toEqual(single);
    });
    expect(v.rows[2]!.cells.port.map((i) => i.code)).toEqual(['listener.port.clash']);
  });
});

describe('validateFleet', () => {
  it('refuses L7-only, inactive and uncached targets with the reason, and duplicate rows', () => {
    const { plan, lookup, inventories } = makeFleet(3);
    const inv1 = inventories.get(`${FLEET_ACCOUNT}|sandbox-1`)!;
    inv1.loadBalancers.push(makeLoadBalancer({ id: 'lb-l7', name: 'web-only', type: 'application', l4FlavorId: null, l7FlavorId: 'f7' }));
    inv1.loadBalancers.push(makeLoadBalancer({ id: 'lb-frozen', name: 'frozen', operatingStatus: 'FROZEN' }));
    plan.targets.push(makeTarget({ id: 'lb-l7', name: 'web-only' }, 'sandbox-1'));
    plan.targets.push(makeTarget({ id: 'lb-frozen', name: 'frozen' }, 'sandbox-1'));
    plan.targets.push(makeTarget({ id: 'lb-gone', name: 'gone' }, 'sandbox-1'));
    plan.targets.push(makeTarget({ id: 'lb-0', name: 'lb-0000' }, 'sandbox-1', { key: 'dup' }));
    plan.targets.push(makeTarget({ id: 'lb-x', name: 'x' }, 'region-not-cached'));
    const v = validateFleet(plan, lookup);
    const codes = v.rows.map((r) => r.refusal?.code ?? null);
    expect(codes).toEqual([null, null, null, 'target.loadBalancer.applicationOnly', 'fleet.target.inactive', 'fleet.target.notCached', 'fleet.target.duplicate', 'fleet.target.notCached']);
    expect(v.rows[4]!.refusal!.message).toContain('"frozen" (lb-frozen) is FROZEN');
    expect(v.rows[3]!.cells.target[0]!.message).toContain('only the application load balancing type');
    expect(v.canStart).toBe(false);
    expect(v.totals).toMatchObject({ targets: 8, listeners: 3, groups: 3, servers: 0, healthChecks: 3 });
    // excluding the refused rows lets the plan start
    for (const t of plan.targets.slice(3)) t.excluded = true;
    const ok = validateFleet(plan, lookup);
    expect(ok.canStart).toBe(true);
    expect(ok.rows.slice(3).every((r) => r.status === 'excluded' && r.issues.length === 0)).toBe(true);
  });

  it('marks names that do not resolve on a row, in the group and IP-group cells', () => {
    const { plan, lookup, inventories } = makeFleet(3);
    plan.routing.mode = 'existing';
    plan.groupName = 'app-pool';
    plan.listener.accessControl = { mode: 'blacklist', ipGroupId: null };
    plan.ipGroupName = 'office';
    inventories.get(`${FLEET_ACCOUNT}|sandbox-1`)!.pools.find((p) => p.id === 'pool-2')!.name = 'other';
    inventories.get(`${FLEET_ACCOUNT}|sandbox-2`)!.ipGroups.push(makeIpGroup({ id: 'ipg-dup', name: 'office' }));
    const v = validateFleet(plan, lookup);
    expect(v.rows[0]!.status).toBe('ok');
    expect(v.rows[2]!.cells.group.map((i) => i.code)).toEqual(['fleet.group.missing']);
    expect(v.rows[2]!.cells.group[0]!.message).toBe(
      'Backend Server Group: no backend server group named "app-pool" exists on load balancer "lb-0002" (lb-2) in the cached inventory.',
    );
    expect(v.rows[1]!.cells.ipGroup.map((i) => i.code)).toEqual(['fleet.ipGroup.ambiguous']);
    // a row override fixes it
    plan.targets[2]!.groupName = 'other';
    expect(validateFleet(plan, lookup).rows[2]!.status).toBe('ok');
    plan.groupName = '';
    expect(validateFleet(plan, lookup).rows[0]!.cells.group.map((i) => i.code)).toEqual(['fleet.group.nameRequired']);
  });

  it('a group on another load balancer with the same name is not taken', () => {
    const { plan, lookup, inventories } = makeFleet(1);
    plan.routing.mode = 'existing';
    plan.groupName = 'shared';
    inventories.get(`${FLEET_ACCOUNT}|sandbox-1`)!.pools.push(makePool({ id: 'p-other', name: 'shared', loadBalancerIds: ['lb-elsewhere'] }));
    expect(validateFleet(plan, lookup).rows[0]!.cells.group[0]!.code).toBe('fleet.group.missing');
  });

  it('says so when there is no target or every one is excluded', () => {
    const { plan, lookup } = makeFleet(0);
    expect(validateFleet(plan, lookup).planIssues[0]!.message).toBe('Targets: add at least one load balancer to the plan.');
    const two = makeFleet(2);
    for (const t of two.plan.targets) t.excluded = true;
    const v = validateFleet(two.plan, two.lookup);
    expect(v.canStart).toBe(false);
    expect(v.planIssues[0]!.code).toBe('fleet.targets.none');
  });

  it('a row may have its own backend servers (another VPC): resolved, validated and counted per row', () => {
    const { plan, lookup } = makeFleet(2);
    plan.routing.members = [{ rowId: 'r', name: 'a', address: '192.168.1.11', port: 8080, weight: 1, subnetId: 'subnet-1' }];
    plan.targets[1]!.members = [
      { rowId: 'x', name: 'eu-a', address: '10.1.1.10', port: 8080, weight: 1, subnetId: 'subnet-eu' },
      { rowId: 'y', name: 'eu-b', address: '10.1.1.11', port: 99999, weight: 1, subnetId: 'subnet-eu' },
    ];
    const r1 = resolveTarget(plan, plan.targets[1]!, lookup(FLEET_ACCOUNT, 'sandbox-2'));
    expect(r1.draft.routing.members.map((m) => m.address)).toEqual(['10.1.1.10', '10.1.1.11']);
    expect(resolveTarget(plan, plan.targets[0]!, lookup(FLEET_ACCOUNT, 'sandbox-1')).draft.routing.members.map((m) => m.address)).toEqual(['192.168.1.11']);
    const v = validateFleet(plan, lookup);
    expect(v.rows[1]!.cells.servers.map((i) => i.path)).toEqual(['routing.members.1.port']);
    expect(v.rows[0]!.cells.servers).toEqual([]);
    plan.targets[1]!.members![1]!.port = 8080;
    expect(validateFleet(plan, lookup).totals.servers).toBe(3);
    // existing-group plans ignore the row's servers
    plan.routing.mode = 'existing';
    plan.groupName = 'app-pool';
    expect(resolveTarget(plan, plan.targets[1]!, lookup(FLEET_ACCOUNT, 'sandbox-2')).draft.routing.members.map((m) => m.address)).toEqual(['192.168.1.11']);
  });

  it('counts servers and health checks of new groups', () => {
    const { plan, lookup } = makeFleet(3);
    plan.routing.members = [{ rowId: 'r', name: 'a', address: '192.168.1.11', port: 8080, weight: 1, subnetId: 'subnet-1' }];
    expect(validateFleet(plan, lookup).totals).toEqual({ targets: 3, listeners: 3, groups: 3, servers: 3, healthChecks: 3 });
    plan.routing.healthCheck.enabled = false;
    expect(validateFleet(plan, lookup).totals.healthChecks).toBe(0);
  });

  it('property: a row has an error exactly when its resolved draft has one or it is refused; canStart ⇔ no error', () => {
    const { lookup, plan: base } = makeFleet(6);
    fc.assert(
      fc.property(
        fc.array(fc.record({ port: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 70000 }), fc.constantFrom(80, 443)), excluded: fc.boolean(), lb: fc.integer({ min: 0, max: 7 }) }), {
          maxLength: 10,
        }),
        (rows) => {
          const plan = structuredClone(base);
          plan.targets = rows.map((r, i) => {
            const lbIdx = r.lb;
            const region = lbIdx % 2 === 0 ? 'sandbox-1' : 'sandbox-2';
            return makeTarget({ id: `lb-${lbIdx}`, name: `n${lbIdx}` }, region, { key: `k${i}`, port: r.port, excluded: r.excluded });
          });
          const v = validateFleet(plan, lookup);
          expect(v.rows).toHaveLength(plan.targets.length);
          const seen = new Set<string>();
          let anyError = false;
          v.rows.forEach((row, i) => {
            const t = plan.targets[i]!;
            if (t.excluded) return expect(row.status).toBe('excluded');
            const inv = lookup(t.accountId, t.region);
            const dup = seen.has(`${t.region}|${t.loadBalancerId}`);
            seen.add(`${t.region}|${t.loadBalancerId}`);
            const single = validateDraft(resolveTarget(plan, t, inv).draft, buildContext(inv, t.loadBalancerId, t.region));
            const exists = inv?.loadBalancers.some((lb) => lb.id === t.loadBalancerId) ?? false;
            const err = dup || !exists || single.some((x) => x.severity === 'error');
            expect(row.status === 'error').toBe(err);
            anyError ||= err;
            // every issue sits in exactly one cell
            expect(Object.values(row.cells).flat().length).toBe(row.issues.length);
          });
          expect(v.canStart).toBe(!anyError && v.totals.targets > 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('useNextFreePortOnEach', () => {
  it('moves only clashing rows to the next free port of their own load balancer', () => {
    const { plan, lookup, inventories } = makeFleet(3);
    plan.listener.port = 80;
    inventories.get(`${FLEET_ACCOUNT}|sandbox-1`)!.listeners.push(makeListener({ id: 'x', loadBalancerId: 'lb-2', port: 81 }));
    plan.targets[1]!.port = 8080; // no clash: kept
    const r = useNextFreePortOnEach(plan, lookup);
    expect(r.targets.map((t) => t.port)).toEqual([81, 8080, 82]);
    expect(r.changed).toEqual([
      { key: 'sandbox-1/lb-0', from: 80, to: 81 },
      { key: 'sandbox-1/lb-2', from: 80, to: 82 },
    ]);
    expect(plan.targets[0]!.port).toBeNull(); // pure
    plan.targets = r.targets;
    expect(validateFleet(plan, lookup).canStart).toBe(true);
  });

  it('wraps round at 65535 and reports a load balancer with every port taken', () => {
    const { plan, lookup, inventories } = makeFleet(2);
    const inv = inventories.get(`${FLEET_ACCOUNT}|sandbox-1`)!;
    plan.listener.port = 65535;
    inv.listeners.push(makeListener({ id: 'top', loadBalancerId: 'lb-0', port: 65535 }));
    inv.listeners.push(makeListener({ id: 'low', loadBalancerId: 'lb-0', port: null, portRanges: [{ start: 1, end: 79 }] }));
    expect(useNextFreePortOnEach(plan, lookup).targets[0]!.port).toBe(81);
    // a new array, as a sync writes (the port index is kept per listeners array)
    inv.listeners = [...inv.listeners, makeListener({ id: 'all', loadBalancerId: 'lb-0', port: null, portRanges: [{ start: 1, end: 65535 }] })];
    const r = useNextFreePortOnEach(plan, lookup);
    expect(r.full).toEqual(['sandbox-1/lb-0']);
    expect(r.targets[0]!.port).toBeNull();
  });

  it('leaves excluded rows and port-range plans alone', () => {
    const { plan, lookup } = makeFleet(2);
    plan.listener.port = 80;
    plan.targets[0]!.excluded = true;
    expect(useNextFreePortOnEach(plan, lookup).targets.map((t) => t.port)).toEqual([null, 81]);
    plan.listener.portMode = 'ranges';
    expect(useNextFreePortOnEach(plan, lookup).changed).toEqual([]);
  });

  it('property: after it, no included single-port row of a cached target clashes', () => {
    const { plan: base, lookup } = makeFleet(4, 3);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(null, 80, 443, 20000, 20001, 20002, 8080), { minLength: 4, maxLength: 4 }), (ports) => {
        const plan = structuredClone(base);
        plan.targets.forEach((t, i) => (t.port = ports[i] ?? null));
        plan.targets = useNextFreePortOnEach(plan, lookup).targets;
        const v = validateFleet(plan, lookup);
        for (const row of v.rows) expect(row.cells.port.filter((i) => i.code === 'listener.port.clash')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('exports', () => {
  it('round-trips the plan as JSON and refuses a bad file naming the field', () => {
    const { plan } = makeFleet(3);
    plan.targets[1]!.port = 9000;
    const text = exportFleetJson(plan);
    expect(parseFleetJson(text)).toEqual({ ok: true, content: plan });
    expect(parseFleetJson('{"format":"elb-desk-fleet-plan","version":1,"content":{"__proto__":{}}}')).toMatchObject({ ok: false, issues: [{ code: 'import.forbiddenKey' }] });
    const bad = JSON.parse(text);
    bad.content.concurrency = 17;
    expect(parseFleetJson(JSON.stringify(bad))).toMatchObject({ ok: false, issues: [{ path: 'concurrency', code: 'import.field' }] });
    bad.content.concurrency = 16;
    expect(parseFleetJson(JSON.stringify(bad)).ok).toBe(true);
    expect(parseFleetJson('nope')).toMatchObject({ ok: false, issues: [{ code: 'import.json' }] });
  });

  it('holds at most FLEET_MAX_TARGETS targets (exactly the limit passes)', () => {
    const { plan } = makeFleet(1);
    const t = plan.targets[0]!;
    plan.targets = Array.from({ length: FLEET_MAX_TARGETS }, (_, i) => ({ ...t, key: `k${i}` }));
    expect(FleetPlanContentSchema.safeParse(plan).success).toBe(true);
    plan.targets.push({ ...t, key: 'one-more' });
    expect(FleetPlanContentSchema.safeParse(plan).success).toBe(false);
  });

  it('lists the API requests per included target with the project IDs where known', () => {
    const { plan, lookup } = makeFleet(3);
    plan.targets[2]!.excluded = true;
    const text = fleetApiRequestsText(plan, lookup, (_a, r) => (r === 'sandbox-1' ? 'p1'.padEnd(32, '0') : undefined));
    expect(text).toContain('2 targets');
    expect(text).toContain('## lb-0000 (sandbox-1, load balancer lb-0)');
    expect(text).toContain('## lb-0001 (sandbox-2, load balancer lb-1)');
    expect(text).not.toContain('lb-0002');
    expect(text).toContain(`/v3/${'p1'.padEnd(32, '0')}/elb/pools`);
    expect(text).toContain('/v3/{project_id}/elb/pools');
  });
});
