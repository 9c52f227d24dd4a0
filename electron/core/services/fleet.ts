/**
 * Fleet plans (issue 12): saved offline as their own records (fleet/plans/), validated against each target's cached
 * inventory with the shared rules, exported (JSON, API requests per target), imported, and started as runs by the
 * apply engine (fleet-apply.ts). Results export as CSV or JSON.
 */
import { randomUUID } from 'node:crypto';
import type { Parsed, Res } from '../../../shared/ipc/contract';
import type { FleetValidationReply } from '../../../shared/ipc/contract-fleet';
import { AppFailure } from '../../../shared/ipc/result';
import { exportFleetJson, fleetApiRequestsText, fleetTerraform, parseFleetJson, useNextFreePortOnEach, validateFleet, type FleetValidation, type InventoryLookup } from '../../../shared/fleet';
import { appMessage } from '../../../shared/mapping/app-messages';
import { defaultListenerConfig, defaultRouting } from '../../../shared/model/draft-values';
import { emptyFleetPlanContent, type FleetPlan, type FleetPlanContent, type FleetRun } from '../../../shared/model/fleet';
import type { Inventory } from '../../../shared/model/inventory';
import { planRequests } from '../../../shared/mapping/api';
import { toAppFailure } from './cloud-access';
import type { FleetFiles } from '../state/fleet-files';
import type { ServiceContext } from './context';
import type { FleetApplyService } from './fleet-apply';

/** A file name made of the title (letters, digits, `-`), or `fleet-plan`. */
function baseName(title: string): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s || 'fleet-plan';
}

/** One CSV field (RFC 4180), with formula-leading characters neutralised for spreadsheets. */
function csvField(v: string | null): string {
  let s = v ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The results table of a run as CSV (header + one line per target). */
export function runResultsCsv(run: FleetRun): string {
  const head = ['target', 'load_balancer_id', 'account_id', 'region', 'status', 'listener_id', 'pool_id', 'healthmonitor_id', 'request_ids', 'error'];
  const lines = run.targets.map((t) =>
    [t.loadBalancerName, t.loadBalancerId, t.accountId, t.region, t.state, t.listenerId, t.poolId, t.healthMonitorId, t.requestIds.join(' '), t.error].map(csvField).join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Reads an account + region live and refreshes its cache (the inventory service's sync). */
export type LiveSync = (accountId: string, region: string) => Promise<Inventory>;

export function fleetService(ctx: ServiceContext, files: FleetFiles, engine: FleetApplyService, liveSync: LiveSync) {
  const now = () => ctx.clock.now().toISOString();

  function find(id: string): FleetPlan {
    const p = files.plans.get(id);
    if (!p) throw new AppFailure('NOT_FOUND', appMessage('noFleetPlan', { id }));
    return p;
  }

  /** The cached inventories the plan's targets need, as a synchronous lookup. */
  async function lookupFor(plan: FleetPlanContent): Promise<InventoryLookup> {
    const invs = new Map<string, Inventory | null>();
    for (const t of plan.targets) {
      const k = `${t.accountId}|${t.region}`;
      if (!invs.has(k)) invs.set(k, await ctx.store.getInventory(t.accountId, t.region).catch(() => null));
    }
    return (a, r) => invs.get(`${a}|${r}`) ?? null;
  }

  async function put(plan: FleetPlan): Promise<FleetPlan> {
    await files.plans.put(plan);
    return structuredClone(plan);
  }

  function toReply(v: FleetValidation): FleetValidationReply {
    return {
      rows: v.rows.map((r) => ({
        key: r.key,
        status: r.status,
        refusal: r.refusal,
        cells: r.cells,
        port: r.resolved && r.resolved.draft.listener.portMode === 'single' ? r.resolved.draft.listener.port : null,
        poolId: r.resolved?.draft.routing.existingPoolId ?? null,
        ipGroupId: r.resolved?.draft.listener.accessControl.ipGroupId ?? null,
      })),
      planIssues: v.planIssues,
      totals: v.totals,
      canStart: v.canStart,
    };
  }

  function newPlan(content: FleetPlanContent): FleetPlan {
    const t = now();
    return { ...structuredClone(content), id: randomUUID(), createdAt: t, updatedAt: t, revision: 1 };
  }

  return {
    async list(): Promise<Res<'fleet:list'>> {
      return files.plans
        .list()
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .map((p) => ({ id: p.id, title: p.title, targets: p.targets.length, excluded: p.targets.filter((t) => t.excluded).length, updatedAt: p.updatedAt, revision: p.revision }));
    },

    async get(req: Parsed<'fleet:get'>): Promise<Res<'fleet:get'>> {
      return find(req.id);
    },

    async create(req: Parsed<'fleet:create'>): Promise<Res<'fleet:create'>> {
      return put(newPlan(req.content ?? emptyFleetPlanContent(defaultListenerConfig(), defaultRouting())));
    },

    async save(req: Parsed<'fleet:save'>): Promise<Res<'fleet:save'>> {
      const cur = find(req.id);
      if (cur.revision !== req.revision) {
        throw new AppFailure('CONFLICT', appMessage('fleetPlanSavedElsewhere', { current: cur.revision, yours: req.revision }));
      }
      return put({ ...structuredClone(req.content), id: cur.id, createdAt: cur.createdAt, updatedAt: now(), revision: cur.revision + 1 });
    },

    async remove(req: Parsed<'fleet:delete'>): Promise<Res<'fleet:delete'>> {
      if (!files.plans.get(req.id)) return { deleted: false };
      await files.plans.remove(req.id);
      return { deleted: true };
    },

    async validate(req: Parsed<'fleet:validate'>): Promise<Res<'fleet:validate'>> {
      const plan = find(req.id);
      return toReply(validateFleet(plan, await lookupFor(plan)));
    },

    /**
     * The live preflight: each account + region of the included rows is synced (read live, cache refreshed), every
     * row checked against that, quotas compared with what the plan creates there; plus each target's requests.
     */
    async preflight(req: Parsed<'fleet:preflight'>): Promise<Res<'fleet:preflight'>> {
      const plan = find(req.id);
      const included = plan.targets.filter((t) => !t.excluded);
      const keys = [...new Set(included.map((t) => `${t.accountId}|${t.region}`))];
      const live = new Map<string, Inventory | null>();
      const regions: Res<'fleet:preflight'>['regions'] = [];
      for (const k of keys) {
        const [accountId, region] = k.split('|') as [string, string];
        try {
          live.set(k, await liveSync(accountId, region));
          regions.push({ accountId, region, live: true, error: null, issues: [] });
        } catch (e) {
          live.set(k, await ctx.store.getInventory(accountId, region).catch(() => null));
          regions.push({ accountId, region, live: false, error: toAppFailure(e).appError.message, issues: [] });
        }
      }
      const lookup: InventoryLookup = (a, r) => live.get(`${a}|${r}`) ?? null;
      const v = validateFleet(plan, lookup);
      // Quotas: what the rows without errors create in each account + region.
      const newGroups = plan.routing.mode === 'new';
      for (const r of regions) {
        const inv = lookup(r.accountId, r.region);
        const rows = plan.targets.map((t, i) => ({ t, row: v.rows[i]! })).filter(({ t, row }) => !t.excluded && row.status !== 'error' && t.accountId === r.accountId && t.region === r.region);
        const needs: Array<[string, number]> = [['listener', rows.length]];
        if (newGroups) {
          needs.push(['pool', rows.length], ['member', rows.reduce((sum, { t }) => sum + (t.members ?? plan.routing.members).length, 0)]);
          if (plan.routing.healthCheck.enabled) needs.push(['healthmonitor', rows.length]);
        }
        for (const [key, n] of needs) {
          const q = inv?.quotas[key];
          if (n > 0 && q && q.limit >= 0 && q.used !== null && q.used + n > q.limit) {
            r.issues.push({
              path: 'targets',
              code: 'preflight.quota',
              severity: 'error',
              message: `The ${key} quota of ${r.region} is too small for this plan (${q.used} of ${q.limit} used; the plan needs ${n} more there).`,
              params: { resource: key, used: q.used, limit: q.limit, needed: n },
            });
          }
        }
      }
      const accounts = ctx.store.get().accounts;
      const requests = plan.targets.flatMap((t, i) => {
        const row = v.rows[i]!;
        if (row.excluded || !row.resolved) return [];
        const projectId = accounts.find((a) => a.id === t.accountId)?.projects[t.region];
        return [{ key: t.key, requests: planRequests({ ...row.resolved.draft, id: t.key }, t.loadBalancerId, projectId) }];
      });
      const canStart = v.canStart && regions.every((r) => r.live && r.issues.length === 0);
      return { validation: toReply(v), regions, requests, checkedAt: now(), canStart };
    },

    async nextFreePort(req: Parsed<'fleet:nextFreePort'>): Promise<Res<'fleet:nextFreePort'>> {
      const cur = find(req.id);
      if (cur.revision !== req.revision) throw new AppFailure('CONFLICT', appMessage('fleetPlanChanged'));
      const r = useNextFreePortOnEach(cur, await lookupFor(cur));
      const plan = r.changed.length > 0 ? await put({ ...cur, targets: r.targets, updatedAt: now(), revision: cur.revision + 1 }) : cur;
      return { plan, changed: r.changed, full: r.full };
    },

    async exportPlan(req: Parsed<'fleet:export'>): Promise<Res<'fleet:export'>> {
      const plan = find(req.id);
      if (req.format === 'json') return { filename: `${baseName(plan.title)}.fleet.json`, mime: 'application/json', content: exportFleetJson(plan) };
      const accounts = ctx.store.get().accounts;
      if (req.format === 'terraform') {
        const hcl = fleetTerraform(plan, await lookupFor(plan), (id) => accounts.find((a) => a.id === id)?.name ?? id);
        return { filename: `${baseName(plan.title)}.tf`, mime: 'text/plain', content: hcl };
      }
      const text = fleetApiRequestsText(plan, await lookupFor(plan), (a, r) => accounts.find((x) => x.id === a)?.projects[r]);
      return { filename: `${baseName(plan.title)}.requests.txt`, mime: 'text/plain', content: text };
    },

    async importPlan(req: Parsed<'fleet:import'>): Promise<Res<'fleet:import'>> {
      const r = parseFleetJson(req.text);
      if (!r.ok) throw new AppFailure('VALIDATION', `The file is not a valid fleet plan: ${r.issues[0]?.message ?? 'unknown problem'}`, { fields: r.issues });
      return put(newPlan(r.content));
    },

    /** Validates offline (refused with every row error while any included row has one), then starts a run. */
    async apply(req: Parsed<'fleet:apply'>): Promise<Res<'fleet:apply'>> {
      const plan = find(req.id);
      const going = engine.activeRunOf(plan.id);
      if (going) {
        throw new AppFailure('CONFLICT', appMessage('fleetPlanRunGoing', { run: going.id }));
      }
      const v = validateFleet(plan, await lookupFor(plan));
      if (!v.canStart) {
        const fields = v.planIssues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
        v.rows.forEach((row, idx) => {
          for (const i of row.issues) if (i.severity === 'error') fields.push({ path: `targets.${idx}.${i.path}`, code: i.code, message: i.message });
        });
        const bad = v.rows.filter((r) => r.status === 'error').length;
        throw new AppFailure(
          'VALIDATION',
          bad > 0 ? `${bad} target${bad === 1 ? ' has' : 's have'} errors; fix or exclude ${bad === 1 ? 'it' : 'them'} before applying.` : (v.planIssues[0]?.message ?? 'The plan cannot start.'),
          { fields: fields.slice(0, 500) },
        );
      }
      const targets = plan.targets.flatMap((t, i) => {
        const row = v.rows[i]!;
        if (row.excluded || !row.resolved) return [];
        return [{ row: t, content: row.resolved.draft }];
      });
      return engine.start({ planId: plan.id, planTitle: plan.title, concurrency: req.concurrency ?? plan.concurrency, targets });
    },

    async results(req: Parsed<'fleet:results'>): Promise<Res<'fleet:results'>> {
      const run = engine.get(req.runId);
      const base = `${baseName(run.planTitle)}-results`;
      if (req.format === 'csv') return { filename: `${base}.csv`, mime: 'text/csv', content: runResultsCsv(run) };
      const rows = run.targets.map((t) => ({
        target: t.loadBalancerName,
        loadBalancerId: t.loadBalancerId,
        accountId: t.accountId,
        region: t.region,
        status: t.state,
        listenerId: t.listenerId,
        poolId: t.poolId,
        healthMonitorId: t.healthMonitorId,
        requestIds: t.requestIds,
        error: t.error,
      }));
      return { filename: `${base}.json`, mime: 'application/json', content: JSON.stringify({ runId: run.id, plan: run.planTitle, state: run.state, targets: rows }, null, 2) + '\n' };
    },
  };
}
