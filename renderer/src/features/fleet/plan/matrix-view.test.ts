import { describe, expect, it } from 'vitest';
import type { FleetValidationReply } from '../../../../../shared/ipc/contract-fleet';
import { FLEET_FILE_FORMAT, exportFleetJson } from '../../../../../shared/fleet/export';
import { makeFleet } from '../../../../../shared/fleet/fixtures';
import { validateFleet } from '../../../../../shared/fleet/validate';
import { describePortMoves, issueKey, matrixRows, ownIssues, parseRanges, rangesText, summaryOf, templatePortText, withoutRow } from './matrix-view';
import { FLEET_FILE_FORMAT_NAME, isFleetPlanFile } from './fleet-file';
import { templateIssues } from './template-state.svelte';

const cells = { target: [], port: [], group: [], servers: [], ipGroup: [], other: [] };

describe('target matrix view', () => {
  it('joins rows with their check by key: pending until checked, excluded rows as excluded, counts per cell', () => {
    const { plan } = makeFleet(3);
    plan.targets[2]!.excluded = true;
    const reply: FleetValidationReply = {
      rows: [
        { key: plan.targets[0]!.key, status: 'error', refusal: null, cells: { ...cells, port: [{ path: 'listener.port', code: 'listener.port.clash', severity: 'error', message: 'clash' }] }, port: 8080, poolId: null, ipGroupId: null },
      ],
      planIssues: [],
      totals: { targets: 2, listeners: 1, groups: 1, servers: 0, healthChecks: 1 },
      canStart: false,
    };
    const rows = matrixRows(plan.targets, reply);
    expect(rows.map((r) => r.status)).toEqual(['error', 'pending', 'excluded']);
    expect(rows[0]!.errors).toBe(1);
    expect(summaryOf(rows)).toEqual({ ok: 0, warning: 0, error: 1, excluded: 1, pending: 1 });
    expect(matrixRows(plan.targets, null).map((r) => r.status)).toEqual(['pending', 'pending', 'excluded']);
  });

  it('shows the template port or ranges as the placeholder and reads ranges as typed', () => {
    expect(templatePortText({ portMode: 'single', port: 443, portRanges: [] })).toBe('443');
    expect(templatePortText({ portMode: 'single', port: null, portRanges: [] })).toBe('');
    expect(templatePortText({ portMode: 'ranges', port: null, portRanges: [{ start: 1000, end: 2000 }, { start: 3000, end: 3000 }] })).toBe('1000-2000, 3000');
    expect(parseRanges('')).toBeNull();
    expect(parseRanges(' 1000-2000, 3000 ')).toEqual([{ start: 1000, end: 2000 }, { start: 3000, end: 3000 }]);
    expect(parseRanges('1000–1010;2000')).toEqual([{ start: 1000, end: 1010 }, { start: 2000, end: 2000 }]);
    expect(parseRanges('1000-')).toBe('invalid');
    expect(parseRanges('abc')).toBe('invalid');
    expect(rangesText(parseRanges('1-65535, 8080') as never)).toBe('1-65535, 8080');
  });

  it('names the moves of "use the next free port on each" by load balancer', () => {
    const { plan } = makeFleet(2);
    const [a, b] = plan.targets;
    const r = describePortMoves(plan.targets, [{ key: a!.key, from: 80, to: 81 }], [b!.key, 'gone']);
    expect(r.moves).toEqual([{ key: a!.key, from: 80, to: 81, name: a!.loadBalancerName }]);
    expect(r.full).toEqual([b!.loadBalancerName, 'gone']);
    expect(withoutRow(plan.targets, a!.key).map((t) => t.key)).toEqual([b!.key]);
  });

  it('builds 200 rows from a real check quickly (the matrix scales to 200 targets)', () => {
    const { plan, lookup } = makeFleet(200);
    const v = validateFleet(plan, lookup);
    const reply = { rows: v.rows.map((r) => ({ key: r.key, status: r.status, refusal: r.refusal, cells: r.cells, port: null, poolId: null, ipGroupId: null })), planIssues: v.planIssues, totals: v.totals, canStart: v.canStart };
    const t0 = performance.now();
    const rows = matrixRows(plan.targets, reply);
    const ms = performance.now() - t0;
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status !== 'pending')).toBe(true);
    expect(ms).toBeLessThan(50);
  });
});

describe('fleet plan file detection', () => {
  it('uses the envelope format of shared/fleet/export.ts', () => {
    expect(FLEET_FILE_FORMAT_NAME).toBe(FLEET_FILE_FORMAT);
  });
  it('tells a fleet plan file from a draft file and from junk', () => {
    const { plan } = makeFleet(2);
    expect(isFleetPlanFile(exportFleetJson(plan))).toBe(true);
    expect(isFleetPlanFile('\ufeff' + exportFleetJson(plan))).toBe(true);
    expect(isFleetPlanFile(JSON.stringify({ format: 'elb-desk-draft', version: 1, draft: {} }))).toBe(false);
    expect(isFleetPlanFile(`["${FLEET_FILE_FORMAT}"]`)).toBe(false);
    expect(isFleetPlanFile(`{"format": "${FLEET_FILE_FORMAT}"`)).toBe(false);
  });
});

describe('fleet template issues', () => {
  it('leaves the target, the group and the IP address group by ID to the rows', () => {
    const mk = (path: string) => ({ path, code: 'x', severity: 'error' as const, message: path });
    const kept = templateIssues([mk('target.loadBalancerId'), mk('routing.existingPoolId'), mk('listener.accessControl.ipGroupId'), mk('listener.port'), mk('routing.members.0.address'), mk('listener.accessControl.mode')]);
    expect(kept.map((i) => i.path)).toEqual(['listener.port', 'routing.members.0.address', 'listener.accessControl.mode']);
  });
});

describe('row messages caused by the template', () => {
  it('are left to the template and only counted in the row', () => {
    const warn = (code: string, path: string) => ({ code, path, severity: 'warning' as const, message: code });
    const row = { cells: { ...cells, port: [warn('listener.port.clash', 'listener.port')], other: [warn('listener.name.empty', 'listener.name')], servers: [warn('routing.members.none', 'routing.members')] } };
    const keys = new Set([issueKey(warn('listener.name.empty', 'listener.name')), issueKey(warn('routing.members.none', 'routing.members'))]);
    const own = ownIssues(row, keys);
    expect(own.fromTemplate).toBe(2);
    expect(own.cells.port.map((i) => i.code)).toEqual(['listener.port.clash']);
    expect(own.cells.other).toEqual([]);
    expect(own.cells.servers).toEqual([]);
    expect(ownIssues(row, new Set()).fromTemplate).toBe(0);
  });
});
