/** Drafts: create, save with revisions, validate against the cached inventory, export and import. */
import { randomUUID } from 'node:crypto';
import type { DraftSummary, Parsed, PlannedRequest, Res } from '../../../shared/ipc/contract';
import { planDelete, planDeleteRequests } from '../../../shared/lifecycle/delete';
import { planEditRequests } from '../../../shared/lifecycle/edit';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import { defaultDraftContent, type Draft, type DraftContent, type DraftStatus } from '../../../shared/model/draft';
import { autoDraftTitle } from '../../../shared/model/draft-title';
import type { Inventory } from '../../../shared/model/inventory';
import { exportDraftJson, parseDraftJson } from '../../../shared/mapping/draft-json';
import { toTerraform } from '../../../shared/mapping/terraform';
import { planRequests } from '../../../shared/mapping/api';
import { toApiRequestsText } from '../../../shared/mapping/api-requests';
import { validateAnyDraft } from '../../../shared/lifecycle/validate';
import type { Issue } from '../../../shared/validation/issue';
import type { ServiceContext } from './context';

/** Statuses in which the draft belongs to a running or finished submit and must not be edited. */
const LOCKED_STATUSES: readonly DraftStatus[] = ['submitting', 'submitted'];

/** The generated title's text when nothing is known yet (the renderer passes its own, localised). */
const FALLBACK_TITLE = 'New TCP listener';

/** A short description of where a draft listens, for lists. */
export function portLabel(content: DraftContent): string {
  const l = content.listener;
  if (l.portMode === 'single') return l.port === null ? '—' : String(l.port);
  return l.portRanges.map((r) => `${r.start ?? '?'}–${r.end ?? '?'}`).join(', ') || '—';
}

/** The requests of an edit or delete draft (from its base and the cache); null for create drafts. */
async function lifecyclePlanOf(d: Draft, projectId: string | undefined, inv: Inventory | null): Promise<PlannedRequest[] | null> {
  if (d.kind === 'edit' && d.edit) return planEditRequests({ ...d, edit: d.edit }, projectId);
  if (d.kind === 'delete' && d.deletion) {
    return planDeleteRequests(planDelete(d.deletion.listenerIds, inv ?? { listeners: [], pools: [], members: [] }, d.deletion.deletePool), projectId);
  }
  return null;
}

export function draftsService(ctx: ServiceContext) {
  /** Validation counts per draft revision, so listing thousands of drafts does not revalidate them all. */
  const counts = new Map<string, { key: string; errors: number; warnings: number }>();
  const inventoryCache = new Map<string, Inventory | null>();
  let inventoryEpoch = 0;

  const changed = () => ctx.events.emit('state:changed', { what: 'drafts' });

  const lifecyclePlan = async (d: Draft, projectId: string | undefined) => lifecyclePlanOf(d, projectId, await inventoryFor(d));

  function find(id: string): Draft {
    const d = ctx.store.getDraft(id);
    if (!d) throw new AppFailure('NOT_FOUND', appMessage('noDraft', { id }));
    return d;
  }

  async function inventoryFor(content: DraftContent): Promise<Inventory | null> {
    const { accountId, region } = content.target;
    if (!accountId || !region) return null;
    const key = `${accountId}|${region}`;
    if (!inventoryCache.has(key)) inventoryCache.set(key, await ctx.store.getInventory(accountId, region));
    return inventoryCache.get(key) ?? null;
  }

  async function validate(content: DraftContent): Promise<Issue[]> {
    const inv = await inventoryFor(content);
    // Edit and delete drafts have their own checks; create drafts go through the wizard's rules as before.
    return validateAnyDraft(content, inv);
  }

  async function countsFor(d: Draft): Promise<{ errors: number; warnings: number }> {
    const key = `${d.revision}|${inventoryEpoch}`;
    const hit = counts.get(d.id);
    if (hit && hit.key === key) return hit;
    const issues = await validate(d);
    const entry = {
      key,
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
    };
    counts.set(d.id, entry);
    return entry;
  }

  async function summary(d: Draft): Promise<DraftSummary> {
    const c = await countsFor(d);
    return {
      id: d.id,
      title: d.title,
      kind: d.kind ?? 'create',
      status: d.status,
      step: d.step,
      target: structuredClone(d.target),
      port: portLabel(d),
      errorCount: c.errors,
      warningCount: c.warnings,
      updatedAt: d.updatedAt,
      revision: d.revision,
      lastError: structuredClone(d.lastError),
      result: structuredClone(d.result),
    };
  }

  function statusAfterEdit(prev: DraftStatus, errors: number): DraftStatus {
    if (prev === 'failed' || prev === 'needs_attention') return errors === 0 ? 'ready' : 'draft';
    return errors === 0 ? 'ready' : 'draft';
  }

  function newDraft(content: DraftContent): Draft {
    const now = ctx.clock.now().toISOString();
    return {
      ...structuredClone(content),
      id: randomUUID(),
      status: 'draft',
      createdAt: now,
      updatedAt: now,
      revision: 1,
      result: null,
      lastError: null,
    };
  }

  async function insert(d: Draft): Promise<Draft> {
    const issues = await validate(d);
    d.status = issues.some((i) => i.severity === 'error') ? 'draft' : 'ready';
    await ctx.store.update((s) => {
      s.drafts.push(d);
    });
    changed();
    return structuredClone(d);
  }

  return {
    validate,
    find,
    /** Call when an inventory changed, so cached counts are recomputed. */
    inventoryChanged(accountId: string, region: string): void {
      inventoryCache.delete(`${accountId}|${region}`);
      inventoryEpoch++;
    },

    async list(): Promise<Res<'drafts:list'>> {
      const drafts = ctx.store.get().drafts;
      const out: DraftSummary[] = [];
      // Untouched drafts ("Add TCP listener" and nothing typed yet) are not the user's work: never listed.
      for (const d of drafts) if (!d.untouched) out.push(await summary(d));
      return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },

    async get(req: { id: string }): Promise<Res<'drafts:get'>> {
      return structuredClone(find(req.id));
    },

    async create(req: Parsed<'drafts:create'>): Promise<Res<'drafts:create'>> {
      const content = req.content ? structuredClone(req.content) : defaultDraftContent(req.target ?? {});
      if (req.target) content.target = structuredClone(req.target);
      if (req.title !== undefined) content.title = req.title.trim();
      if (req.title !== undefined && req.titleAuto) content.titleAuto = true;
      else if (req.title !== undefined) delete content.titleAuto;
      if (!content.title) {
        content.title = autoDraftTitle(content, await lbNameOf(content), FALLBACK_TITLE);
        content.titleAuto = true;
      }
      const d = newDraft(content);
      if (req.untouched) d.untouched = true;
      return insert(d);
    },

    async save(req: Parsed<'drafts:save'>): Promise<Res<'drafts:save'>> {
      const current = find(req.id);
      if (LOCKED_STATUSES.includes(current.status)) {
        throw new AppFailure(
          'CONFLICT',
          current.status === 'submitting'
            ? appMessage('draftSubmittingNoEdit')
            : appMessage('draftSubmittedNoEdit'),
        );
      }
      if (current.revision !== req.revision) {
        throw new AppFailure('CONFLICT', appMessage('draftChangedElsewhere', { current: current.revision, yours: req.revision }));
      }
      const issues = await validate(req.content);
      const errors = issues.filter((i) => i.severity === 'error').length;
      const now = ctx.clock.now().toISOString();
      // The content is this call's own (the dispatcher's parsed request, or a copy its caller made): with the frozen
      // parts of the current draft it kept, it makes the next version, committed as is (no copy of either).
      const saved = await ctx.store.replaceDraft(req.id, (cur) => {
        const d: Draft = { ...cur, ...req.content, revision: cur.revision + 1, updatedAt: now, status: statusAfterEdit(cur.status, errors) };
        // The content decides whether the title is generated; the first save makes the draft the user's.
        if (req.content.titleAuto === undefined) delete d.titleAuto;
        delete d.untouched;
        return d;
      });
      counts.set(saved.id, { key: `${saved.revision}|${inventoryEpoch}`, errors, warnings: issues.length - errors });
      changed();
      return saved;
    },

    async rename(req: { id: string; title: string }): Promise<Res<'drafts:rename'>> {
      find(req.id);
      const saved = await ctx.store.updateDraft(req.id, (found) => {
        const d = found!;
        d.title = req.title.trim();
        // A title the user typed is never rewritten.
        delete d.titleAuto;
        delete d.untouched;
        d.revision += 1;
        d.updatedAt = ctx.clock.now().toISOString();
        return structuredClone(d);
      });
      changed();
      return saved;
    },

    async remove(req: Parsed<'drafts:delete'>): Promise<Res<'drafts:delete'>> {
      if (req.onlyIfUntouched) {
        // A wizard left without an edit: delete its draft only if nothing saved it meanwhile (another window).
        const d = ctx.store.getDraft(req.id);
        if (!d?.untouched) return { deleted: false };
      }
      const d = find(req.id);
      if (d.status === 'submitting') throw new AppFailure('CONFLICT', appMessage('draftSubmittingNoDiscard'));
      await ctx.store.update((s) => {
        s.drafts = s.drafts.filter((x) => x.id !== req.id);
      });
      counts.delete(req.id);
      changed();
      return { deleted: true };
    },

    /** Deletes every untouched draft (wizards closed without an edit: window closed, app quit). Call at start. */
    async sweepUntouched(): Promise<number> {
      const ids = ctx.store.get().drafts.filter((d) => d.untouched && d.status !== 'submitting').map((d) => d.id);
      if (ids.length === 0) return 0;
      const gone = new Set(ids);
      await ctx.store.update((s) => {
        s.drafts = s.drafts.filter((x) => !gone.has(x.id));
      });
      for (const id of ids) counts.delete(id);
      changed();
      return ids.length;
    },

    async duplicate(req: { id: string }): Promise<Res<'drafts:duplicate'>> {
      const d = find(req.id);
      const content: DraftContent = {
        title: `${d.title} (copy)`.slice(0, 255),
        target: structuredClone(d.target),
        step: 'listener',
        listener: structuredClone(d.listener),
        routing: structuredClone(d.routing),
      };
      // Edit, delete and clone drafts stay what they are.
      if (d.kind !== undefined) content.kind = d.kind;
      if (d.edit !== undefined) content.edit = structuredClone(d.edit);
      if (d.deletion !== undefined) content.deletion = structuredClone(d.deletion);
      if (d.origin !== undefined) content.origin = structuredClone(d.origin);
      return insert(newDraft(content));
    },

    async validateOne(req: { id: string }): Promise<Res<'drafts:validate'>> {
      return { issues: await validate(find(req.id)) };
    },

    async exportDraft(req: Parsed<'drafts:export'>): Promise<Res<'drafts:export'>> {
      const d = find(req.id);
      const base = (d.title || 'draft').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'draft';
      switch (req.format) {
        case 'json':
          return { filename: `${base}.elb-desk.json`, mime: 'application/json', content: exportDraftJson(d) };
        case 'terraform':
          if (d.kind === 'delete') throw new AppFailure('VALIDATION', 'A delete draft has no Terraform form: remove the resources from your configuration instead.');
          return { filename: `${base}.tf`, mime: 'text/plain', content: toTerraform(d, { region: d.target.region ?? '' }) };
        case 'api': {
          const account = ctx.store.get().accounts.find((a) => a.id === d.target.accountId);
          const projectId = account && d.target.region ? account.projects[d.target.region] : undefined;
          const plan = await lifecyclePlan(d, projectId) ?? planRequests(d, d.target.loadBalancerId ?? '{loadbalancer_id}', projectId);
          return { filename: `${base}.requests.txt`, mime: 'text/plain', content: toApiRequestsText(plan) };
        }
      }
    },

    async importDraft(req: { text: string }): Promise<Res<'drafts:import'>> {
      const parsed = parseDraftJson(req.text);
      if (!parsed.ok) {
        throw new AppFailure('VALIDATION', `The file is not a valid ELB Desk draft: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`.slice(0, 2000), {
          fields: parsed.issues,
        });
      }
      const content = parsed.content;
      if (content.target.accountId && !ctx.store.get().accounts.some((a) => a.id === content.target.accountId)) {
        content.target.accountId = null;
      }
      return insert(newDraft(content));
    },
  };

  async function lbNameOf(content: DraftContent): Promise<string | null> {
    const inv = await inventoryFor(content);
    return inv?.loadBalancers.find((lb) => lb.id === content.target.loadBalancerId)?.name ?? null;
  }
}

export type DraftsService = ReturnType<typeof draftsService>;
