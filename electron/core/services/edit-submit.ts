/**
 * Edit submit: preflight (GET listener → 3-way conflicts; 404 → deleted meanwhile) and the journaled apply.
 *
 * Steps: a new group (pool, servers, health check — reconciled by the draft marker like a create), the PUT with only
 * the changed fields, then tag deletes and creates. An unknown PUT outcome is reconciled by comparing the live values
 * with the intended ones; tag actions by reading the listener's tags. Conflicting fields are never overwritten: the
 * apply refuses until the user has picked (lifecycle:resolve).
 */
import type { JournalEntry } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { detectConflicts, diffFields, planEditRequests, tagActions, updateListenerBody, type EditDraft, type FieldChange } from '../../../shared/lifecycle/edit';
import { FIELD_PATHS, fieldsFromContent, fieldsFromListener, NEW_POOL_ID, sameField } from '../../../shared/lifecycle/fields';
import { healthMonitorBody, membersBatchBody, poolBody } from '../../../shared/mapping/api';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { StepLabel } from '../../../shared/mapping/step-label';
import { newPoolForwardsAllPorts } from '../../../shared/model/all-port';
import type { Draft, EditableFields, Tag } from '../../../shared/model/draft';
import type { Listener } from '../../../shared/model/inventory';
import type { ElbClient } from '../cloud/client';
import * as N from '../cloud/normalize';
import type { ServiceContext } from './context';
import { findCreatedPool, lookAlikePools } from './submit-find';
import type { HistoryService } from './history';
import { isNotFound, type Step, type StepOps, type StepRunner } from './step-runner';

export type EditStepKey = 'pool' | 'members' | 'healthmonitor' | 'update' | 'tags-delete' | 'tags-create';

/** Reads the live listener; null when it is gone. */
export async function liveListener(client: ElbClient, id: string): Promise<Listener | null> {
  try {
    return N.toListener(await client.getListener(id));
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export function asEditDraft(draft: Draft): EditDraft & Draft {
  if (draft.kind !== 'edit' || !draft.edit) throw new AppFailure('VALIDATION', 'This draft is not an edit draft.');
  return draft as EditDraft & Draft;
}

/** The failure when the listener was deleted since the draft was made: the user may create it anew. */
export function goneFailure(listenerId: string): AppFailure {
  return new AppFailure('NOT_FOUND', appMessage('listenerDeletedMeanwhile', { id: listenerId }), {
    fields: [{ path: 'edit.listenerId', code: 'edit.listener.gone', message: 'The listener was deleted meanwhile.' }],
  });
}

/** The conflict failure: which fields need a choice. */
export function conflictFailure(conflicts: ReturnType<typeof detectConflicts>['conflicts']): AppFailure {
  return new AppFailure('CONFLICT', appMessage('someoneChanged', { fields: conflicts.map((c) => c.label).join(', ') }), {
    fields: conflicts.map((c) => ({ path: FIELD_PATHS[c.field], code: 'edit.conflict', message: `${c.label} was changed by someone else.` })),
  });
}

export function editSubmit(ctx: ServiceContext, runner: StepRunner, history: HistoryService) {
  function stepsFor(draft: EditDraft): Array<{ key: EditStepKey; title: string; label?: StepLabel | undefined }> {
    return planEditRequests(draft, undefined, draft.edit.base).map((p) => ({ key: p.key as EditStepKey, title: p.title, label: p.label }));
  }

  function newPoolId(entry: JournalEntry): string | null {
    return entry.steps.find((s) => s.key === 'pool')?.resourceId ?? null;
  }

  /** The values the edit intends (the new group's ID filled in once known). */
  function intended(draft: EditDraft, entry: JournalEntry): EditableFields {
    const mine = fieldsFromContent(draft);
    if (mine.defaultPoolId === NEW_POOL_ID) mine.defaultPoolId = newPoolId(entry);
    return mine;
  }

  function putChanges(draft: EditDraft, entry: JournalEntry): FieldChange[] {
    return diffFields(draft.edit.base, intended(draft, entry)).filter((c) => c.field !== 'tags');
  }

  function hasTag(tags: readonly Tag[], t: Tag): boolean {
    return tags.some((x) => x.key === t.key && x.value === t.value);
  }

  function opsFor(client: ElbClient, draft: EditDraft & Draft, entry: JournalEntry, step: Step): StepOps {
    const key = step.key as EditStepKey;
    const lid = draft.edit.listenerId;
    const tags = tagActions(draft.edit.base.tags, draft.listener.tags);
    return {
      async reconcile() {
        const poolId = newPoolId(entry);
        switch (key) {
          case 'pool': {
            // The same search as a create's lost group (services/submit-find.ts): look-alikes seen before the send are not ours.
            const found = await findCreatedPool(client, entry.loadBalancerId, draft, step.seen);
            if (found.kind === 'ambiguous') {
              throw new AppFailure('CONFLICT', appMessage('severalNewGroups', { groups: found.candidates.map((c) => c.name || c.id).join(', ') }));
            }
            return found.kind === 'found' ? found.id : null;
          }
          case 'members': {
            if (!poolId) return null;
            const have = new Set((await client.listMembers(poolId)).map((m) => `${m.address}|${m.protocol_port}`));
            return draft.routing.members.every((m) => have.has(`${m.address}|${m.port}`)) ? poolId : null;
          }
          case 'healthmonitor': {
            if (!poolId) return null;
            return (await client.getPool(poolId)).healthmonitor_id || null;
          }
          case 'update': {
            const live = await liveListener(client, lid);
            if (!live) throw goneFailure(lid);
            const now = fieldsFromListener(live);
            const want = intended(draft, entry);
            return putChanges(draft, entry).every((c) => sameField(c.field, now[c.field], want[c.field])) ? lid : null;
          }
          case 'tags-delete': {
            const live = await liveListener(client, lid);
            if (!live) throw goneFailure(lid);
            return tags.delete.every((t) => !hasTag(live.tags, t)) ? lid : null;
          }
          case 'tags-create': {
            const live = await liveListener(client, lid);
            if (!live) throw goneFailure(lid);
            return tags.create.every((t) => hasTag(live.tags, t)) ? lid : null;
          }
        }
      },
      async lookAlikes() {
        return key === 'pool' ? lookAlikePools(client, entry.loadBalancerId, draft) : undefined;
      },
      async send() {
        const poolId = newPoolId(entry);
        switch (key) {
          case 'pool':
            return (await client.createPool(poolBody(draft, entry.loadBalancerId))).id;
          case 'members':
            if (!poolId) throw new AppFailure('INTERNAL', 'The backend server group ID is missing.');
            await client.batchAddMembers(poolId, membersBatchBody(draft.routing.members, newPoolForwardsAllPorts(draft)));
            return poolId;
          case 'healthmonitor':
            if (!poolId) throw new AppFailure('INTERNAL', 'The backend server group ID is missing.');
            return (await client.createHealthMonitor(healthMonitorBody(draft.routing.healthCheck, poolId))).id;
          case 'update': {
            const body = updateListenerBody(putChanges(draft, entry));
            if (body) {
              try {
                await client.updateListener(lid, body);
              } catch (e) {
                if (isNotFound(e)) throw goneFailure(lid);
                throw e;
              }
            }
            return lid;
          }
          case 'tags-delete':
            await client.listenerTagsAction(lid, { action: 'delete', tags: tags.delete });
            return lid;
          case 'tags-create':
            await client.listenerTagsAction(lid, { action: 'create', tags: tags.create });
            return lid;
        }
      },
    };
  }

  async function apply(draft: EditDraft & Draft, last: JournalEntry | undefined): Promise<JournalEntry> {
    const { accountId, region, loadBalancerId } = draft.target;
    if (!accountId || !region || !loadBalancerId) throw new AppFailure('VALIDATION', 'The edit draft has no account, region or load balancer.');
    const resumable = last && (last.state === 'running' || last.state === 'interrupted' || last.state === 'failed') && last.steps.some((s) => s.state !== 'done');
    return runner.withLbLock(`${accountId}|${region}|${loadBalancerId}`, async () => {
      const { client } = await ctx.cloud.clientFor(accountId, region);
      let entry: JournalEntry;
      if (resumable) {
        entry = structuredClone(last!);
      } else {
        // Fresh apply: the 3-way check against the live listener, then the steps of what still differs.
        const live = await liveListener(client, draft.edit.listenerId);
        if (!live) throw goneFailure(draft.edit.listenerId);
        const check = detectConflicts(draft.edit.base, fieldsFromListener(live), fieldsFromContent(draft));
        if (check.conflicts.length > 0) throw conflictFailure(check.conflicts);
        const steps = stepsFor(draft);
        if (steps.length === 0) throw new AppFailure('VALIDATION', 'This edit changes nothing: every field has its current value.');
        entry = runner.newEntry(draft, loadBalancerId, steps);
      }
      entry.state = 'running';
      for (const s of entry.steps) if (s.state === 'failed') s.state = 'pending';
      await runner.saveEntry(entry);
      await runner.setDraft(draft.id, { status: 'submitting', lastError: null });
      try {
        await runner.runAll(client, entry, (step) => opsFor(client, draft, entry, step));
      } finally {
        if (['done', 'failed'].includes(entry.state as string)) await recordHistory(draft, entry);
      }
      await runner.setDraft(draft.id, {
        status: 'submitted',
        lastError: null,
        result: {
          listenerId: draft.edit.listenerId,
          poolId: intended(draft, entry).defaultPoolId,
          memberIds: [],
          healthMonitorId: entry.steps.find((s) => s.key === 'healthmonitor')?.resourceId ?? null,
          readBack: null,
        },
      });
      return structuredClone(entry);
    });
  }

  async function recordHistory(draft: EditDraft & Draft, entry: JournalEntry): Promise<void> {
    const plan = planEditRequests(draft, undefined, draft.edit.base);
    const requests: Record<string, { method: string; path: string }> = {};
    for (const p of plan) requests[p.key] = { method: p.method, path: p.path.replace('{pool.id}', newPoolId(entry) ?? '{pool.id}') };
    await history.record({
      kind: 'edit',
      entry,
      listenerIds: [draft.edit.listenerId],
      requests,
      changes: [{ listenerId: draft.edit.listenerId, before: draft.edit.base, after: intended(draft, entry) }],
    });
  }

  return { apply };
}
