/**
 * Undoing a submit: `rollback` deletes what the journal entry created, last step first (a listener is unbound before
 * it is deleted; an unknown outcome is reconciled first), and `removeOrphan` deletes a backend server group a submit
 * left without a listener. Both are journaled: the entry is saved before the first delete and after each outcome, so a
 * crash leaves a state the next call can finish. One call per draft at a time, never while its submit runs.
 */
import type { JournalEntry, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import type { ElbClient } from '../cloud/client';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import type { DraftsService } from './drafts';
import type { StepRunner } from './step-runner';
import { deletePoolCascade, recordOrphans, unusedPoolOf } from './submit-orphans';
import type { StepKey } from './submit-steps';

/** What undoing needs from the submit service. */
export interface SubmitUndoDeps {
  ctx: ServiceContext;
  drafts: DraftsService;
  /** Submits running now, by draft. */
  running: ReadonlyMap<string, Promise<JournalEntry>>;
  /** The draft's last journal entry (a fleet run's journal first). */
  entryFor(draftId: string): JournalEntry | undefined;
  /** The resource a step may have created, found by listing; null when it does not exist. */
  reconcile(client: ElbClient, draft: Draft, entry: JournalEntry, key: StepKey): Promise<string | null>;
  saveEntry: StepRunner['saveEntry'];
  setDraft: StepRunner['setDraft'];
  withLbLock: StepRunner['withLbLock'];
  waitActive: StepRunner['waitActive'];
}

export function submitUndo(deps: SubmitUndoDeps) {
  const { ctx, drafts, running, entryFor, reconcile, saveEntry, setDraft, withLbLock, waitActive } = deps;

  async function rollback(req: { draftId: string }): Promise<Res<'submit:rollback'>> {
    const draft = drafts.find(req.draftId);
    const entry = entryFor(req.draftId);
    if (!entry) throw new AppFailure('NOT_FOUND', appMessage('noSubmissionToRollBack'));
    if (running.has(req.draftId)) throw new AppFailure('CONFLICT', appMessage('submitRunning'));
    const { client } = await ctx.cloud.clientFor(entry.accountId, entry.region);
    const copy = structuredClone(entry);
    for (const step of [...copy.steps].reverse()) {
      if (step.state !== 'done' && step.state !== 'unknown' && step.state !== 'sending') continue;
      const key = step.key as StepKey;
      try {
        const id = step.state === 'done' ? step.resourceId : await reconcile(client, draft, copy, key);
        if (id) {
          await waitActive(client, copy.loadBalancerId);
          if (key === 'listener') {
            // DELETE is refused while a pool is bound (reference §13): unbind first.
            await client.updateListener(id, { default_pool_id: null });
            await waitActive(client, copy.loadBalancerId);
            await client.deleteListener(id);
          }
          if (key === 'healthmonitor') await client.deleteHealthMonitor(id);
          if (key === 'members') {
            for (const m of await client.listMembers(id)) await client.deleteMember(id, m.id);
          }
          if (key === 'pool') await client.deletePool(id);
        }
        step.state = 'rolled_back';
        step.error = null;
      } catch (e) {
        const f = toAppFailure(e);
        if (f.appError.cloud?.httpStatus === 404) {
          step.state = 'rolled_back';
          continue;
        }
        step.error = appMessage('rollbackFailed', { reason: f.appError.message });
        copy.state = 'failed';
        const orphan = unusedPoolOf(copy, draft);
        recordOrphans(copy, orphan ? [orphan] : []);
        await saveEntry(copy);
        throw f;
      }
    }
    copy.state = 'rolled_back';
    recordOrphans(copy, []);
    copy.orphans = [];
    await saveEntry(copy);
    await setDraft(req.draftId, { status: 'ready', result: null, lastError: null });
    return structuredClone(copy);
  }

  /**
   * Removes a group the last submit left without a listener (journaled: `removing` is saved before the first delete).
   * When it was the entry's own group, the group's steps go back to pending so a later submit creates a new one.
   */
  async function removeOrphan(req: { draftId: string; poolId: string }): Promise<Res<'submit:removeOrphan'>> {
    const entry = entryFor(req.draftId);
    const orphan = entry?.orphans?.find((o) => o.id === req.poolId && o.state !== 'removed');
    if (!entry || !orphan) throw new AppFailure('NOT_FOUND', appMessage('noSuchOrphan'));
    if (running.has(req.draftId)) throw new AppFailure('CONFLICT', appMessage('submitRunning'));
    return withLbLock(`${entry.accountId}|${entry.region}|${entry.loadBalancerId}`, async () => {
      const copy = structuredClone(entryFor(req.draftId)!);
      const mine = copy.orphans!.find((o) => o.id === req.poolId)!;
      const { client } = await ctx.cloud.clientFor(copy.accountId, copy.region);
      mine.state = 'removing';
      mine.error = null;
      await saveEntry(copy);
      try {
        await deletePoolCascade(client, req.poolId, () => waitActive(client, copy.loadBalancerId));
      } catch (e) {
        const f = toAppFailure(e);
        mine.state = 'present';
        mine.error = f.appError.message;
        await saveEntry(copy);
        throw f;
      }
      mine.state = 'removed';
      const own = copy.steps.find((x) => x.key === 'pool')?.resourceId === req.poolId;
      for (const s of copy.steps) {
        if (own && s.key !== 'listener') {
          s.state = 'pending';
          s.resourceId = null;
          s.error = null;
        }
      }
      await saveEntry(copy);
      ctx.events.emit('state:changed', { what: 'drafts' });
      return structuredClone(copy);
    });
  }

  return { rollback, removeOrphan };
}
