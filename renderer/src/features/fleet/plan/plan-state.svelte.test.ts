/**
 * FleetPlanState against a fake main: an in-memory plan store with revision checks, a check that marks a row whose
 * port is 5432 as an error, and "next free port" moving such rows to 5433. Runes: compiled by the renderer's vitest
 * project (the Svelte plugin), like wizard-state.svelte.test.ts.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Channel, Req } from '../../../../../shared/ipc/contract';
import type { FleetValidationReply } from '../../../../../shared/ipc/contract-fleet';
import type { Result } from '../../../../../shared/ipc/result';
import { defaultListenerConfig, defaultRouting } from '../../../../../shared/model/draft-values';
import type { FleetPlan, FleetPlanContent } from '../../../../../shared/model/fleet';
import type { FleetCall } from './create';
import { FleetPlanState } from './plan-state.svelte';
import { toFleetTargets } from './selection';

const CELLS = { target: [], port: [], group: [], servers: [], ipGroup: [], other: [] };

function fakeMain(initial: FleetPlanContent) {
  let plan: FleetPlan = { ...structuredClone(initial), id: 'p1', createdAt: 't0', updatedAt: 't0', revision: 1 };
  const calls: string[] = [];
  const portOf = (p: FleetPlanContent, i: number) => p.targets[i]!.port ?? p.listener.port;
  const ok = <T>(value: T): Result<T> => ({ ok: true, value: structuredClone(value) });
  const call = (async (channel: Channel, req: Req<Channel>): Promise<Result<unknown>> => {
    calls.push(channel);
    const r = req as Record<string, unknown>;
    switch (channel) {
      case 'fleet:get':
        return ok(plan);
      case 'fleet:save': {
        if (r.revision !== plan.revision) return { ok: false, error: { code: 'CONFLICT', message: 'saved elsewhere' } };
        plan = { ...structuredClone(r.content as FleetPlanContent), id: 'p1', createdAt: 't0', updatedAt: `t${plan.revision + 1}`, revision: plan.revision + 1 };
        return ok(plan);
      }
      case 'fleet:validate': {
        const rows = plan.targets.map((t, i) => {
          const clash = !t.excluded && portOf(plan, i) === 5432;
          return {
            key: t.key,
            status: t.excluded ? 'excluded' : clash ? 'error' : 'ok',
            refusal: null,
            cells: { ...CELLS, port: clash ? [{ path: 'listener.port', code: 'listener.port.clash', severity: 'error', message: 'clash' }] : [] },
            port: portOf(plan, i),
            poolId: null,
            ipGroupId: null,
          };
        });
        const errors = rows.some((x) => x.status === 'error');
        return ok({ rows, planIssues: [], totals: { targets: rows.length, listeners: 0, groups: 0, servers: 0, healthChecks: 0 }, canStart: !errors } as FleetValidationReply);
      }
      case 'fleet:nextFreePort': {
        if (r.revision !== plan.revision) return { ok: false, error: { code: 'CONFLICT', message: 'changed' } };
        const changed: { key: string; from: number; to: number }[] = [];
        const targets = plan.targets.map((t, i) => {
          if (t.excluded || portOf(plan, i) !== 5432) return t;
          changed.push({ key: t.key, from: 5432, to: 5433 });
          return { ...t, port: 5433 };
        });
        if (changed.length) plan = { ...plan, targets, revision: plan.revision + 1 };
        return ok({ plan, changed, full: [] });
      }
      default:
        throw new Error(`unexpected ${channel}`);
    }
  }) as unknown as FleetCall;
  return { call, calls, stored: () => plan, saveElsewhere: (title: string) => (plan = { ...plan, title, revision: plan.revision + 1 }) };
}

function initial(port: number | null): FleetPlanContent {
  const targets = toFleetTargets([
    { accountId: 'a', region: 'r1', loadBalancerId: 'lb-1', loadBalancerName: 'one' },
    { accountId: 'a', region: 'r1', loadBalancerId: 'lb-2', loadBalancerName: 'two' },
  ]);
  targets[1]!.port = 5432;
  return { title: 'plan', listener: { ...defaultListenerConfig(), port }, routing: { ...defaultRouting(), mode: 'new' }, groupName: '', ipGroupName: '', targets, concurrency: 2 };
}

describe('FleetPlanState', () => {
  it('loads, checks, and blocks Review while a row has an error; an edit is saved with its revision, then checked again', async () => {
    const main = fakeMain(initial(80));
    const s = new FleetPlanState('p1', main.call);
    await s.load();
    expect(s.phase).toBe('ready');
    expect(s.dirty).toBe(false);
    expect(s.errorRows).toBe(1);
    expect(s.canStart).toBe(false);

    s.targets[1]!.port = 8080;
    flushSync();
    expect(s.dirty).toBe(true);
    expect(s.fresh).toBe(false);
    expect(s.canStart).toBe(false);
    await s.check();
    expect(main.stored().revision).toBe(2);
    expect(main.stored().targets[1]!.port).toBe(8080);
    expect(s.dirty).toBe(false);
    expect(s.fresh).toBe(true);
    expect(s.canStart).toBe(true);
    expect(main.calls.slice(-2)).toEqual(['fleet:save', 'fleet:validate']);
  });

  it('edits the template through its WizardState: the rows use the new port', async () => {
    const main = fakeMain(initial(80));
    const s = new FleetPlanState('p1', main.call);
    await s.load();
    s.template.content.listener.port = 5432;
    s.targets[1]!.port = null;
    flushSync();
    await s.check();
    expect(main.stored().listener.port).toBe(5432);
    expect(s.errorRows).toBe(2);
    expect(s.template.issues.some((i) => i.path.startsWith('target'))).toBe(false);
  });

  it('after a CONFLICT reloads the stored plan and says so; the next save names the new revision', async () => {
    const main = fakeMain(initial(80));
    const s = new FleetPlanState('p1', main.call);
    await s.load();
    main.saveElsewhere('renamed elsewhere');
    s.title = 'mine';
    flushSync();
    await s.check();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.conflict).toEqual({ kind: 'reloaded', revision: 2 });
    expect(s.title).toBe('renamed elsewhere');
    s.title = 'after reload';
    flushSync();
    await s.check();
    expect(main.stored().title).toBe('after reload');
    expect(main.stored().revision).toBe(3);
  });

  it('"Use the next free port on each" takes the moved ports, reports them by name, and Review is allowed again', async () => {
    const main = fakeMain(initial(80));
    const s = new FleetPlanState('p1', main.call);
    await s.load();
    await s.useNextFreePort();
    expect(s.portMoves).toEqual({ moves: [{ key: s.targets[1]!.key, name: 'two', from: 5432, to: 5433 }], full: [] });
    expect(s.targets[1]!.port).toBe(5433);
    expect(s.dirty).toBe(false);
    expect(s.canStart).toBe(true);
    s.title = 'next';
    flushSync();
    await s.check();
    expect(s.conflict).toBeNull();
    expect(main.stored().title).toBe('next');
  });

  it('an excluded row does not block Review', async () => {
    const main = fakeMain(initial(80));
    const s = new FleetPlanState('p1', main.call);
    await s.load();
    s.targets[1]!.excluded = true;
    flushSync();
    await s.check();
    expect(s.errorRows).toBe(0);
    expect(s.canStart).toBe(true);
  });
});
