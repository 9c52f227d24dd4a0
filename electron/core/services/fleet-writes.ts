/**
 * The fleet engine's coalesced writes (fleet-apply.ts): the run records and the per-target drafts' statuses. Neither
 * is the truth of what was sent — after a crash the run's journal (state/fleet-journal.ts) says that — so a lane
 * never waits for them: a target's change is reported at once (`fleet:progress`) and written with the others of the
 * next RUN_WRITE_MS, in one write of the run record and one store update for the drafts.
 */
import type { Draft } from '../../../shared/model/draft';
import type { FleetRun, FleetTargetResult } from '../../../shared/model/fleet';
import type { FleetFiles } from '../state/fleet-files';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';

/** Target changes of a run (and the drafts' statuses) are written together at most this often. */
export const RUN_WRITE_MS = 250;

/** Counts of a run's targets per state. */
export function runCounts(run: FleetRun): Record<string, number> {
  const c: Record<string, number> = { total: run.targets.length, pending: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const t of run.targets) c[t.state] = (c[t.state] ?? 0) + 1;
  return c;
}

export type DraftPatch = Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>;

export function fleetWrites(ctx: ServiceContext, files: FleetFiles) {
  const now = () => ctx.clock.now().toISOString();
  let saving: Promise<void> = Promise.resolve();

  /** Draft status changes of fleet targets not written yet (see `queueDraft`). */
  const draftPatches = new Map<string, Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>>();
  let draftTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * A fleet target's draft status (submitting, submitted): written with the others of the next RUN_WRITE_MS in one
   * store update instead of one each. The run's journal, not the draft's status, says what was sent.
   */
  function queueDraft(draftId: string, patch: Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>): void {
    draftPatches.set(draftId, { ...draftPatches.get(draftId), ...structuredClone(patch) });
    draftTimer ??= setTimeout(() => void flushDrafts().catch((e: unknown) => ctx.logger.log('warn', '[fleet]', `draft statuses not saved yet: ${toAppFailure(e).appError.message}`)), RUN_WRITE_MS);
  }

  async function flushDrafts(): Promise<void> {
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = null;
    if (draftPatches.size === 0) return;
    const batch = [...draftPatches];
    draftPatches.clear();
    const t = now();
    await ctx.store.update((s) => {
      for (const [id, patch] of batch) {
        // (findIndex's predicate reads without copying; only the drafts changed here are copied and written)
        const i = s.drafts.findIndex((d) => d.id === id);
        if (i < 0) continue;
        Object.assign(s.drafts[i]!, patch);
        s.drafts[i]!.updatedAt = t;
      }
    });
    ctx.events.emit('state:changed', { what: 'drafts' });
  }

  /** Run records with a target change not written yet, and when their write is due. */
  const due = new Map<string, { run: FleetRun; timer: ReturnType<typeof setTimeout> }>();

  function write(run: FleetRun): Promise<void> {
    const d = due.get(run.id);
    if (d) clearTimeout(d.timer);
    due.delete(run.id);
    run.updatedAt = now();
    const p = files.runs.put(run);
    saving = saving.then(() => p).catch(() => undefined);
    return p;
  }

  /**
   * Saves the run record (now) and reports the change. A target's change (`target` given) is reported at once and
   * written with the others of the next RUN_WRITE_MS: the record is a report, not the truth of what was sent — after
   * a crash the run's journal says that — so a lane never waits for it. The run's own changes are written at once.
   */
  function save(run: FleetRun, target: FleetTargetResult | null): Promise<void> {
    ctx.events.emit('fleet:progress', { runId: run.id, state: run.state, target: target ? structuredClone(target) : null, counts: runCounts(run) });
    if (target === null) return write(run);
    if (!due.has(run.id)) due.set(run.id, { run, timer: setTimeout(() => void write(run).catch(() => undefined), RUN_WRITE_MS) });
    return Promise.resolve();
  }

  return {
    queueDraft,
    flushDrafts,
    save,
    write,
    /** The draft statuses not written yet, handed over (to the journal fold's one update). */
    takeDraftPatches(): Map<string, DraftPatch> {
      if (draftTimer) clearTimeout(draftTimer);
      draftTimer = null;
      const out = new Map(draftPatches);
      draftPatches.clear();
      return out;
    },
    /** Gives back patches taken when their write failed (newer ones queued meanwhile win). */
    putBackDraftPatches(patches: ReadonlyMap<string, DraftPatch>): void {
      for (const [id, p] of patches) if (!draftPatches.has(id)) draftPatches.set(id, p);
    },
    /** Writes every run record change still due and waits for the writes. */
    async idle(): Promise<void> {
      for (const d of [...due.values()]) await write(d.run).catch(() => undefined);
      await saving;
    },
  };
}
