/**
 * The day-two engine: edit, clone and delete drafts made from cached listeners, their live preflight, conflict
 * resolution, and the journaled apply (edit-submit.ts, delete-submit.ts), resumed after a crash. Create submits stay
 * in submit.ts; this service records their history too (from the journal's progress).
 */
import type { JournalEntry, Parsed, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { cloneToDraft } from '../../../shared/lifecycle/clone';
import { planDelete, planDeleteRequests } from '../../../shared/lifecycle/delete';
import { detectConflicts, diffEdit, editDraftFromListener, planEditRequests, resolveEdit } from '../../../shared/lifecycle/edit';
import { fieldsFromContent, fieldsFromCreateBody, fieldsFromListener } from '../../../shared/lifecycle/fields';
import { validateAnyDraft } from '../../../shared/lifecycle/validate';
import { listenerBody, planRequests } from '../../../shared/mapping/api';
import { appMessage } from '../../../shared/mapping/app-messages';
import { defaultDraftContent, type Draft, type DraftContent } from '../../../shared/model/draft';
import type { Inventory, Listener } from '../../../shared/model/inventory';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import { deleteSubmit, liveDeletePlan } from './delete-submit';
import type { DraftsService } from './drafts';
import { asEditDraft, editSubmit, goneFailure, liveListener } from './edit-submit';
import type { HistoryService } from './history';
import { stepRunner, type RunnerOptions } from './step-runner';

export function lifecycleService(ctx: ServiceContext, drafts: DraftsService, history: HistoryService, opts: RunnerOptions = {}) {
  const runner = stepRunner(ctx, opts);
  const edits = editSubmit(ctx, runner, history);
  const deletes = deleteSubmit(ctx, runner, history);
  const running = new Map<string, Promise<JournalEntry>>();

  async function cachedInventory(accountId: string, region: string): Promise<Inventory> {
    const inv = await ctx.store.getInventory(accountId, region);
    if (!inv) throw new AppFailure('NOT_FOUND', appMessage('noCachedInventory', { region }));
    return inv;
  }

  async function cachedListener(req: { accountId: string; region: string; listenerId: string }) {
    const inv = await cachedInventory(req.accountId, req.region);
    const listener = inv.listeners.find((l) => l.id === req.listenerId);
    if (!listener) throw new AppFailure('NOT_FOUND', appMessage('listenerNotCached', { id: req.listenerId }));
    if (listener.protocol !== 'TCP') throw new AppFailure('VALIDATION', `Listener ${listener.name || listener.id} is ${listener.protocol}; ELB Desk edits TCP listeners only.`);
    return { inv, listener };
  }

  /** Saves content as a new draft (through the drafts service, so it is validated, listed and exported like any other). */
  async function newDraft(content: DraftContent): Promise<Draft> {
    return drafts.create({ content });
  }

  function lastEntry(draftId: string): JournalEntry | undefined {
    const list = ctx.store.get().journal.filter((j) => j.draftId === draftId);
    return list[list.length - 1];
  }

  function projectIdOf(accountId: string | null, region: string | null): string | undefined {
    const account = ctx.store.get().accounts.find((a) => a.id === accountId);
    return account && region ? account.projects[region] : undefined;
  }

  async function apply(draftId: string): Promise<JournalEntry> {
    const draft = drafts.find(draftId);
    const last = lastEntry(draftId);
    if (draft.status === 'submitted' && last?.state === 'done') return structuredClone(last);
    const fresh = !last || last.state === 'done' || last.state === 'rolled_back' || last.steps.every((s) => s.state === 'pending');
    if (fresh) {
      const errors = (await drafts.validate(draft)).filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        throw new AppFailure('VALIDATION', `The draft has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them before submitting.`, {
          fields: errors.map((i) => ({ path: i.path, code: i.code, message: i.message })),
        });
      }
    }
    try {
      if (draft.kind === 'edit') return await edits.apply(asEditDraft(draft), last);
      if (draft.kind === 'delete') return await deletes.apply(draft, last);
    } catch (e) {
      const f = toAppFailure(e);
      const current = ctx.store.getDraft(draftId);
      if (current && current.status !== 'submitting' && current.status !== 'needs_attention' && current.status !== 'failed') {
        await runner.setDraft(draftId, { lastError: runner.errorRecord(f) });
      }
      throw f;
    }
    throw new AppFailure('VALIDATION', 'Create drafts are submitted with submit:apply.');
  }

  return {
    async editDraft(req: Parsed<'lifecycle:editDraft'>): Promise<Res<'lifecycle:editDraft'>> {
      const { inv, listener } = await cachedListener(req);
      return newDraft(editDraftFromListener(listener, inv, runner.now()));
    },

    async cloneDraft(req: Parsed<'lifecycle:cloneDraft'>): Promise<Res<'lifecycle:cloneDraft'>> {
      const { inv, listener } = await cachedListener(req);
      const sameRegion = req.target.accountId === req.accountId && req.target.region === req.region;
      const targetInv = sameRegion ? inv : await ctx.store.getInventory(req.target.accountId, req.target.region);
      const { content, notes } = cloneToDraft(listener, inv, req.target, { pool: req.pool, port: req.port }, targetInv, runner.now());
      return { draft: await newDraft(content), notes };
    },

    async deleteDraft(req: Parsed<'lifecycle:deleteDraft'>): Promise<Res<'lifecycle:deleteDraft'>> {
      const inv = await cachedInventory(req.accountId, req.region);
      const groups = deleteGroups(inv, req.listenerIds);
      if (groups.length > 1) throw new AppFailure('VALIDATION', 'A delete plan covers listeners of one load balancer; use lifecycle:deleteDrafts for several.');
      return newDraft(deleteContent(req, groups[0]!, req.title));
    },

    /** Multi-select delete across load balancers: one delete draft (one journaled plan) per load balancer. */
    async deleteDrafts(req: Parsed<'lifecycle:deleteDrafts'>): Promise<Res<'lifecycle:deleteDrafts'>> {
      const inv = await cachedInventory(req.accountId, req.region);
      const groups = deleteGroups(inv, req.listenerIds);
      const out: Draft[] = [];
      for (const g of groups) {
        const lbName = inv.loadBalancers.find((lb) => lb.id === g.loadBalancerId)?.name || g.loadBalancerId;
        out.push(await newDraft(deleteContent(req, g, groups.length > 1 ? `${defaultDeleteTitle(g)} · ${lbName}`.slice(0, 255) : undefined)));
      }
      return out;
    },

    async preflight(req: { draftId: string }): Promise<Res<'lifecycle:preflight'>> {
      const draft = drafts.find(req.draftId);
      const { accountId, region } = draft.target;
      const cached = accountId && region ? await ctx.store.getInventory(accountId, region) : null;
      const offlineIssues = validateAnyDraft(draft, cached);
      const checkedAt = runner.now();
      const empty = { diff: [], conflicts: [], theirsOnly: [], gone: false, deletion: null };
      if (draft.kind !== 'edit' && draft.kind !== 'delete') throw new AppFailure('VALIDATION', 'Create drafts are preflighted with submit:preflight.');
      let client;
      try {
        if (!accountId || !region) throw new AppFailure('VALIDATION', 'The draft has no account or region.');
        client = (await ctx.cloud.clientFor(accountId, region)).client;
      } catch (e) {
        const f = toAppFailure(e);
        if (f.appError.code !== 'NETWORK' && f.appError.code !== 'TIMEOUT') throw f;
        client = null;
      }
      const pid = projectIdOf(accountId, region);
      try {
        if (draft.kind === 'edit') {
          const d = asEditDraft(draft);
          if (!client) return { kind: 'edit', issues: offlineIssues, plan: planEditRequests(d, pid), live: false, checkedAt, ...empty, diff: diffEdit(d) };
          const live = await liveListener(client, d.edit.listenerId);
          if (!live) {
            const f = goneFailure(d.edit.listenerId);
            const issue = { path: 'edit.listenerId', code: 'edit.listener.gone', severity: 'error' as const, message: f.appError.message };
            return { kind: 'edit', issues: [...offlineIssues, issue], plan: [], live: true, checkedAt, ...empty, diff: diffEdit(d), gone: true };
          }
          const theirs = fieldsFromListener(live);
          const check = detectConflicts(d.edit.base, theirs, fieldsFromContent(d));
          const issues = [...offlineIssues];
          for (const c of check.conflicts) {
            issues.push({ path: 'edit', code: 'edit.conflict', severity: 'error', message: `${c.label} was changed by someone else since this draft was made; choose a value.`, params: { field: c.field } } as never);
          }
          // The exact requests the apply sends: the changed fields (fields only someone else changed are not sent).
          return { kind: 'edit', issues, plan: planEditRequests(d, pid), live: true, checkedAt, diff: diffEdit(d), conflicts: check.conflicts, theirsOnly: check.theirsOnly, gone: false, deletion: null };
        }
        const info = draft.deletion;
        if (!info) throw new AppFailure('VALIDATION', 'The delete draft has no listeners.');
        if (!client) {
          const plan = planDelete(info.listenerIds, cached ?? { listeners: [], pools: [], members: [] }, info.deletePool);
          return { kind: 'delete', issues: offlineIssues, plan: planDeleteRequests(plan, pid), live: false, checkedAt, ...empty, deletion: { listeners: plan.listeners, missing: plan.missing, groups: plan.groups } };
        }
        const { plan } = await liveDeletePlan(client, info.listenerIds, info.deletePool, cached);
        const issues = offlineIssues.filter((i) => i.code !== 'delete.listener.unknown');
        for (const id of plan.missing) {
          issues.push({ path: 'deletion.listenerIds', code: 'delete.listener.gone', severity: 'warning', message: `Listener ${id} no longer exists; that counts as done.`, params: { listenerId: id } } as never);
        }
        return { kind: 'delete', issues, plan: planDeleteRequests(plan, pid), live: true, checkedAt, ...empty, deletion: { listeners: plan.listeners, missing: plan.missing, groups: plan.groups } };
      } catch (e) {
        const f = toAppFailure(e);
        if (f.appError.code !== 'NETWORK' && f.appError.code !== 'TIMEOUT') throw f;
        return { kind: draft.kind, issues: offlineIssues, plan: [], live: false, checkedAt, ...empty };
      }
    },

    async resolve(req: Parsed<'lifecycle:resolve'>): Promise<Res<'lifecycle:resolve'>> {
      const draft = asEditDraft(drafts.find(req.draftId));
      const { client } = await ctx.cloud.clientFor(draft.target.accountId!, draft.target.region!);
      const live = await liveListener(client, draft.edit.listenerId);
      if (!live) throw goneFailure(draft.edit.listenerId);
      const r = resolveEdit(draft, live, req.resolutions, runner.now());
      if (!r.ok) {
        throw new AppFailure('VALIDATION', `Choose mine or theirs for: ${r.unresolved.join(', ')}.`, {
          fields: r.unresolved.map((f) => ({ path: `resolutions.${f}`, code: 'edit.conflict.unresolved', message: `Choose mine or theirs for ${f}.` })),
        });
      }
      return drafts.save({ id: draft.id, revision: draft.revision, content: stripDraft(r.content) });
    },

    async recreate(req: { draftId: string }): Promise<Res<'lifecycle:recreate'>> {
      const draft = asEditDraft(drafts.find(req.draftId));
      const content = stripDraft(draft);
      delete content.kind;
      delete content.edit;
      content.title = `${draft.title} (recreated)`.slice(0, 255);
      return newDraft(content);
    },

    async apply(req: { draftId: string }): Promise<JournalEntry> {
      const existing = running.get(req.draftId);
      if (existing) return existing;
      const p = apply(req.draftId).finally(() => running.delete(req.draftId));
      running.set(req.draftId, p);
      return p;
    },

    /** After a restart (after submit.resumeInterrupted has marked crashed entries) or when a cloud answers again. */
    async resume(filter?: { accountId: string; region: string }): Promise<void> {
      const entries = ctx.store.get().journal.filter((j) => (j.state === 'running' || j.state === 'interrupted') && (!filter || (j.accountId === filter.accountId && j.region === filter.region)));
      for (const j of entries) {
        const d = ctx.store.getDraft(j.draftId);
        if (!d || (d.kind !== 'edit' && d.kind !== 'delete') || running.has(j.draftId)) continue;
        if (j.state === 'running') {
          const copy = structuredClone(j);
          copy.state = 'interrupted';
          for (const s of copy.steps) if (s.state === 'sending') s.state = 'unknown';
          await runner.saveEntry(copy);
        }
        try {
          await this.apply({ draftId: j.draftId });
          ctx.logger.log('info', '[lifecycle]', `resumed the ${d.kind} of draft ${j.draftId}`);
        } catch (e) {
          ctx.logger.log('warn', '[lifecycle]', `could not resume draft ${j.draftId} yet: ${toAppFailure(e).appError.message}`);
        }
      }
    },

    /** Records the history of a create submit when its journal entry ends (called with every submit progress). */
    async onCreateProgress(entry: JournalEntry): Promise<void> {
      if (entry.state !== 'done') return;
      const d = ctx.store.getDraft(entry.draftId);
      if (!d || (d.kind ?? 'create') !== 'create') return;
      const get = (k: string) => entry.steps.find((s) => s.key === k)?.resourceId ?? null;
      const listenerId = get('listener');
      if (!listenerId) return;
      const poolId = get('pool') ?? d.routing.existingPoolId;
      const body = listenerBody({ ...d, target: { ...d.target, loadBalancerId: entry.loadBalancerId } }, { poolId });
      const requests: Record<string, { method: string; path: string }> = {};
      for (const r of planRequests(d, entry.loadBalancerId, projectIdOf(entry.accountId, entry.region))) requests[r.key] = { method: r.method, path: r.path };
      await history.record({
        kind: d.origin?.kind === 'clone' ? 'clone' : 'create',
        entry,
        listenerIds: [listenerId],
        requests,
        changes: [{ listenerId, before: null, after: fieldsFromCreateBody(body.listener) }],
      });
    },
  };
}

/** The chosen listeners of one load balancer (IDs the cache does not know go with the first group: they count as done). */
interface DeleteGroup {
  loadBalancerId: string;
  listenerIds: string[];
  first: Listener;
}

/** Splits chosen listener IDs by load balancer, in the order of their first appearance. */
function deleteGroups(inv: Inventory, listenerIds: readonly string[]): DeleteGroup[] {
  const byId = new Map(inv.listeners.map((l) => [l.id, l]));
  const groups = new Map<string, DeleteGroup>();
  const unknown: string[] = [];
  for (const id of new Set(listenerIds)) {
    const l = byId.get(id);
    if (!l) {
      unknown.push(id);
      continue;
    }
    const g = groups.get(l.loadBalancerId);
    if (g) g.listenerIds.push(id);
    else groups.set(l.loadBalancerId, { loadBalancerId: l.loadBalancerId, listenerIds: [id], first: l });
  }
  const out = [...groups.values()];
  if (out.length === 0) throw new AppFailure('NOT_FOUND', appMessage('noChosenListenerCached'));
  out[0]!.listenerIds.push(...unknown);
  return out;
}

function defaultDeleteTitle(g: DeleteGroup): string {
  return g.listenerIds.length === 1 ? `Delete ${g.first.name || g.first.id}` : `Delete ${g.listenerIds.length} listeners`;
}

function deleteContent(req: { accountId: string; region: string; deletePool: boolean }, g: DeleteGroup, title: string | undefined): DraftContent {
  return {
    ...defaultDraftContent({ accountId: req.accountId, region: req.region, loadBalancerId: g.loadBalancerId }, title ?? defaultDeleteTitle(g)),
    step: 'confirm',
    kind: 'delete',
    deletion: { listenerIds: g.listenerIds, deletePool: req.deletePool },
  };
}

/** The editable content of a draft (no ID, status or bookkeeping). */
function stripDraft(d: DraftContent): DraftContent {
  const out: DraftContent = { title: d.title, target: structuredClone(d.target), step: d.step, listener: structuredClone(d.listener), routing: structuredClone(d.routing) };
  if (d.kind !== undefined) out.kind = d.kind;
  if (d.edit !== undefined) out.edit = structuredClone(d.edit);
  if (d.deletion !== undefined) out.deletion = structuredClone(d.deletion);
  if (d.origin !== undefined) out.origin = structuredClone(d.origin);
  return out;
}

export type LifecycleService = ReturnType<typeof lifecycleService>;
