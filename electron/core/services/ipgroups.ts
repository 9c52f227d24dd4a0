/**
 * IP address group workbench: builds the exact requests of a change from the live group (shared/ipgroups/plan) with
 * its warnings, and runs them as a journaled plan in the store's journal (the same entries and step states as a
 * submit; entries of this service have a `draftId` starting with `ipgroups:`, so the submit service never resumes them).
 *
 * Exactly-once: every step is journaled before it is sent and after it returns. The steps of an update
 * (create-or-update, batch-delete, PUT) are idempotent: a rerun re-plans from the live group. A create whose outcome is
 * unknown is reconciled before anything is sent again: groups with exactly that name created since shortly before the
 * request was sent are looked for; only when none exists and the request's deadline has passed is it sent again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IpGroupPlanView, IpGroupWarning, JournalEntry, Parsed, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { buildPlan, countAgainstLimit, groupQuota, PLAN_STEP_TITLES, type ApiEntry, type PlanInput, type PlanStepKey } from '../../../shared/ipgroups';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { ElbClient } from '../cloud/client';
import type { ApiIpGroup } from '../cloud/api-types';
import { CloudError } from '../cloud/errors';
import * as N from '../cloud/normalize';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';

/** Journal entries of this service: `draftId` = this prefix + a random ID. */
export const IPGROUP_JOURNAL_PREFIX = 'ipgroups:';


/** How far before the journaled send time a reconciled group's `created_at` may be (clock skew). */
const CREATED_SKEW_MS = 5 * 60_000;

export interface IpGroupsOptions {
  /** The longest a request can be in flight: nothing is re-sent before it has passed. */
  requestDeadlineMs?: number;
}

interface Live {
  client: ElbClient;
  projectId: string;
  group: ApiIpGroup | null;
  plan: IpGroupPlanView;
  groupName: string;
}

export function ipGroupsService(ctx: ServiceContext, opts: IpGroupsOptions = {}) {
  const requestDeadlineMs = opts.requestDeadlineMs ?? 32_000;
  const now = () => ctx.clock.now().toISOString();
  const locks = new Map<string, Promise<unknown>>();

  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    locks.set(key, next);
    try {
      return await next;
    } finally {
      if (locks.get(key) === next) locks.delete(key);
    }
  }

  async function saveEntry(entry: JournalEntry): Promise<void> {
    entry.updatedAt = now();
    const copy = structuredClone(entry);
    await ctx.store.update((s) => {
      const i = s.journal.findIndex((j) => j.id === copy.id);
      if (i >= 0) s.journal[i] = copy;
      else s.journal.push(copy);
    });
  }

  /** The listeners using a group, with their access-control type. */
  async function usersOf(client: ElbClient, group: ApiIpGroup): Promise<IpGroupWarning['listeners']> {
    const out: IpGroupWarning['listeners'] = [];
    for (const ref of group.listeners ?? []) {
      if (!ref || typeof ref.id !== 'string') continue;
      try {
        const l = N.toListener(await client.getListener(ref.id));
        out.push({ id: l.id, name: l.name, type: l.ipGroup?.type ?? 'white', enabled: l.ipGroup?.enabled ?? true });
      } catch (e) {
        if (!(e instanceof CloudError && e.status === 404)) throw e;
      }
    }
    return out;
  }

  function fingerprintOf(steps: IpGroupPlanView['steps'], warnings: IpGroupWarning[]): string {
    const h = createHash('sha256');
    h.update(JSON.stringify({ steps, warnings: warnings.map((w) => [w.code, w.listeners.map((l) => `${l.id}|${l.type}|${l.enabled}`)]) }));
    return h.digest('hex').slice(0, 32);
  }

  async function live(accountId: string, region: string, input: PlanInput): Promise<Live> {
    const { client, projectId } = await ctx.cloud.clientFor(accountId, region);
    const quotas = N.toQuota(await client.getQuotas());
    const warnings: IpGroupWarning[] = [];
    let group: ApiIpGroup | null = null;
    let existing: ApiEntry[] | null = null;
    if (input.mode === 'update') {
      try {
        group = await client.getIpGroup(input.groupId);
      } catch (e) {
        if (e instanceof CloudError && e.status === 404) throw new AppFailure('NOT_FOUND', appMessage('ipGroupGone'));
        throw e;
      }
      existing = N.toIpGroup(group).entries;
    }
    const limit = countAgainstLimit(input.entries.length, quotas);
    const plan = buildPlan(input, projectId, existing, limit.limit);
    const resultLimit = countAgainstLimit(plan.resultCount, quotas);
    if (resultLimit.over) warnings.push({ code: 'overLimit', severity: 'error', listeners: [], count: resultLimit.count, limit: resultLimit.limit });
    if (input.mode === 'create') {
      const groups = await client.listIpGroups();
      const q = groupQuota(quotas, groups.length);
      if (q.over) warnings.push({ code: 'groupQuota', severity: 'error', listeners: [], count: q.count, limit: q.limit });
      if (groups.some((g) => g.name === input.name)) warnings.push({ code: 'nameExists', severity: 'warning', listeners: [], count: null, limit: null });
    } else if (group && plan.steps.length > 0) {
      const users = await usersOf(client, group);
      const whitelists = users.filter((u) => u.type === 'white' && u.enabled);
      if (plan.resultCount === 0 && whitelists.length > 0) {
        warnings.push({ code: 'emptiesWhitelist', severity: 'warning', listeners: whitelists, count: 0, limit: null });
      }
      if (users.length > 0) warnings.push({ code: 'sharedGroup', severity: 'warning', listeners: users, count: users.length, limit: null });
    }
    const steps = plan.steps.map((s) => ({ key: s.key, title: PLAN_STEP_TITLES[s.key], method: s.method, path: s.path, body: s.body }));
    const view: IpGroupPlanView = {
      steps,
      diff: plan.diff
        ? {
            added: plan.diff.added.map(({ ip, description }) => ({ ip, description })),
            removed: plan.diff.removed.map(({ ip, description }) => ({ ip, description })),
            changed: plan.diff.changed.map(({ ip, description, previousDescription }) => ({ ip, description, previousDescription: previousDescription ?? '' })),
            unchanged: plan.diff.unchanged.map(({ ip, description }) => ({ ip, description })),
          }
        : null,
      resultCount: plan.resultCount,
      limit: resultLimit,
      warnings,
      fingerprint: fingerprintOf(steps, warnings),
    };
    const groupName = input.mode === 'create' ? input.name : (group?.name ?? '');
    return { client, projectId, group, plan: view, groupName };
  }

  /** A group created by a create step whose outcome was unknown: exact name, created since shortly before it was sent. */
  async function findCreated(client: ElbClient, name: string, sentAt: string | null | undefined): Promise<ApiIpGroup | null> {
    const since = sentAt ? Date.parse(sentAt) - CREATED_SKEW_MS : Number.NEGATIVE_INFINITY;
    const groups = await client.listIpGroups({ name });
    const hits = groups.filter((g) => g.name === name && typeof g.created_at === 'string' && Date.parse(g.created_at) >= since);
    return hits[0] ?? null;
  }

  /** Unfinished create entries of this account/region and name (their outcome must be settled before a new create). */
  async function settleEarlierCreates(client: ElbClient, accountId: string, region: string, name: string): Promise<JournalEntry | null> {
    const open = ctx.store
      .get()
      .journal.filter((j) => j.draftId.startsWith(IPGROUP_JOURNAL_PREFIX) && j.accountId === accountId && j.region === region && j.marker === name && j.state !== 'done')
      .filter((j) => j.steps.some((s) => s.key === 'create' && (s.state === 'unknown' || s.state === 'sending')));
    for (const j of open) {
      const entry = structuredClone(j);
      const step = entry.steps.find((s) => s.key === 'create')!;
      const found = await findCreated(client, name, step.sentAt);
      if (found) {
        step.state = 'done';
        step.resourceId = found.id;
        step.error = null;
        entry.state = 'done';
        await saveEntry(entry);
        return entry;
      }
      const sentAt = step.sentAt ? Date.parse(step.sentAt) : NaN;
      const wait = Number.isFinite(sentAt) ? sentAt + requestDeadlineMs - ctx.clock.now().getTime() : 0;
      if (wait > 0) {
        throw new AppFailure('CONFLICT', appMessage('ipGroupCreateInFlight', { name, seconds: Math.ceil(wait / 1000) }));
      }
      step.state = 'failed';
      step.error = appMessage('notCreated');
      entry.state = 'failed';
      await saveEntry(entry);
    }
    return null;
  }

  async function send(client: ElbClient, step: IpGroupPlanView['steps'][number], groupId: string | null): Promise<string> {
    const body = (step.body as { ipgroup: Record<string, unknown> }).ipgroup;
    const list = (body.ip_list ?? []) as Array<{ ip: string; description?: string }>;
    switch (step.key as PlanStepKey) {
      case 'create':
        return (await client.createIpGroup({ ipgroup: { name: String(body.name ?? ''), description: String(body.description ?? ''), ip_list: list } })).id;
      case 'upsert':
        return (await client.upsertIpList(groupId!, list)).id;
      case 'delete':
        return (await client.batchDeleteIpList(groupId!, list.map((e) => e.ip))).id;
      case 'replace':
        return (await client.updateIpGroup(groupId!, { ipgroup: { ip_list: list } })).id;
    }
  }

  async function apply(req: Parsed<'ipgroups:apply'>): Promise<Res<'ipgroups:apply'>> {
    const { accountId, region, input } = req;
    const lockKey = `${accountId}|${region}|${input.mode === 'create' ? `name:${input.name}` : input.groupId}`;
    return withLock(lockKey, async () => {
      const first = await live(accountId, region, input);
      const { client } = first;
      if (input.mode === 'create') {
        const settled = await settleEarlierCreates(client, accountId, region, input.name);
        if (settled) {
          const id = settled.steps.find((s) => s.key === 'create')?.resourceId ?? '';
          return { entry: settled, groupId: id, groupName: input.name };
        }
      }
      const { plan } = first;
      if (plan.fingerprint !== req.fingerprint) {
        throw new AppFailure('CONFLICT', appMessage('ipGroupPlanChanged'));
      }
      const blocking = plan.warnings.filter((w) => w.severity === 'error');
      if (blocking.length > 0) throw new AppFailure('VALIDATION', `The plan cannot run: ${blocking.map((w) => w.code).join(', ')}.`);
      if (plan.warnings.some((w) => w.code === 'emptiesWhitelist') && !req.acknowledged.includes('emptiesWhitelist')) {
        throw new AppFailure('VALIDATION', 'This change empties a group that a whitelist uses, which blocks every client. Confirm it explicitly to go on.');
      }
      const t = now();
      const entry: JournalEntry = {
        id: randomUUID(),
        draftId: `${IPGROUP_JOURNAL_PREFIX}${randomUUID()}`,
        accountId,
        region,
        loadBalancerId: '',
        marker: input.mode === 'create' ? input.name : input.groupId,
        state: 'running',
        steps: plan.steps.map((s) => ({ key: s.key, title: s.title, state: 'pending', resourceId: null, attempts: 0, error: null, requestId: null, sentAt: null })),
        createdAt: t,
        updatedAt: t,
      };
      await saveEntry(entry);
      let groupId = input.mode === 'update' ? input.groupId : null;
      for (let i = 0; i < plan.steps.length; i++) {
        const step = entry.steps[i]!;
        step.state = 'sending';
        step.attempts += 1;
        step.sentAt = now();
        await saveEntry(entry);
        try {
          groupId = await send(client, plan.steps[i]!, groupId);
          step.state = 'done';
          step.resourceId = groupId;
          step.error = null;
          await saveEntry(entry);
        } catch (e) {
          const ambiguous = e instanceof CloudError && (e.ambiguous || e.kind === 'timeout');
          const f = toAppFailure(e);
          step.error = f.appError.message;
          step.requestId = f.appError.cloud?.requestId ?? null;
          if (ambiguous && step.key === 'create') {
            const found = await findCreated(client, input.mode === 'create' ? input.name : '', step.sentAt).catch(() => null);
            if (found) {
              step.state = 'done';
              step.resourceId = found.id;
              groupId = found.id;
              step.error = null;
              await saveEntry(entry);
              continue;
            }
          }
          step.state = ambiguous ? 'unknown' : 'failed';
          entry.state = ambiguous || f.appError.code === 'NETWORK' ? 'interrupted' : 'failed';
          await saveEntry(entry);
          if (ambiguous) {
            throw new AppFailure('CLOUD', `${step.title}: the outcome is unknown (${f.appError.message}). Apply again: it checks what happened before sending anything.`);
          }
          throw f;
        }
      }
      entry.state = 'done';
      await saveEntry(entry);
      ctx.logger.log('info', '[ipgroups]', `applied ${entry.steps.length} step(s) to IP address group ${groupId ?? ''}`);
      return { entry: structuredClone(entry), groupId: groupId ?? '', groupName: first.groupName };
    });
  }

  return {
    async plan(req: Parsed<'ipgroups:plan'>): Promise<Res<'ipgroups:plan'>> {
      try {
        return (await live(req.accountId, req.region, req.input)).plan;
      } catch (e) {
        throw toAppFailure(e);
      }
    },
    async apply(req: Parsed<'ipgroups:apply'>): Promise<Res<'ipgroups:apply'>> {
      try {
        return await apply(req);
      } catch (e) {
        throw toAppFailure(e);
      }
    },
  };
}

export type IpGroupsService = ReturnType<typeof ipGroupsService>;
