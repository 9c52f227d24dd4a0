/**
 * The fleet apply engine (issue 12 §3). A run turns every included row of a plan into its own per-target draft
 * (written before the run record, IDs derived from the run and the row) and submits each one with the existing
 * journaled submit (`submit.apply`): exactly-once per target comes from that journal and its reconciliation, so a
 * crash, a killed host or a lost reply is resumed per target by the same machinery as a single draft.
 *
 * - Concurrency: at most `concurrency` targets at a time per account + region (default 2).
 * - Throttling: the account's shared 429 gate (cloud/throttle-gate.ts) makes all its requests back off together; a
 *   target whose submit still ends on a 429 (nothing applied: the gateway refused it) is run again after the pause,
 *   up to `throttleRetries` times.
 * - Cancel: no new target starts; targets in flight finish. Retry failed: runs only the failed and cancelled ones.
 * - Resume: on start, runs left `running` are driven again; their targets' submits resume from their journals.
 * - Every change of a target is saved in the run record (fleet/runs/, one write per target state change, coalesced;
 *   the lane does not wait for it: after a crash the journal, not the record, says what was sent) and sent as
 *   `fleet:progress`.
 * - Round trips (issue 12 §3): a target's critical path is its creates. The load balancers' state (ACTIVE, the
 *   listeners and groups a lost reply must not be mistaken for) is read in a batch per account + region
 *   (fleet-prestate.ts, where the soundness is argued); the steps' journal goes to the run's append-only journal
 *   (state/fleet-journal.ts: one durable append per create intent, never a rewrite of the main state file); the
 *   read-back is batched per account + region when the targets are done (fleet-finish.ts), which also merges the
 *   created resources into the cached inventory and folds the run's journal into the store's. The run is not over
 *   (nor `settled`) before that.
 */
import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft, DraftContent } from '../../../shared/model/draft';
import { FLEET_CONCURRENCY, type FleetRun, type FleetTargetResult } from '../../../shared/model/fleet';
import type { FleetFiles } from '../state/fleet-files';
import { FleetJournal } from '../state/fleet-journal';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import { createdIdsOf, doneResult, entryOf, foldJournal, readBackRun } from './fleet-finish';
import { PreStateCache, readPreState } from './fleet-prestate';
import { fleetWrites, runCounts } from './fleet-writes';
import type { SubmitService } from './submit';

export interface FleetApplyOptions {
  /** Times a target ending on a 429 is run again (default 5). */
  throttleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Records a target that ended failed in the history (done ones are recorded by the submit's progress). */
  recordFailure?: (entry: JournalEntry) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The per-target draft of row `index` of run `runId`. */
export function fleetDraftId(runId: string, index: number): string {
  return `fleet-${runId}-${String(index).padStart(4, '0')}`;
}

export { runCounts } from './fleet-writes';

interface Active {
  cancelled: boolean;
  stopping: boolean;
  done: Promise<void>;
}

export function fleetApplyService(ctx: ServiceContext, files: FleetFiles, submit: SubmitService, opts: FleetApplyOptions = {}) {
  const sleep = opts.sleep ?? realSleep;
  const throttleRetries = opts.throttleRetries ?? 5;
  const active = new Map<string, Active>();
  /** The run records being driven (the in-memory truth; saved after every change). */
  const live = new Map<string, FleetRun>();
  /** The journal of each run being driven. */
  const journals = new Map<string, FleetJournal>();

  async function journalOf(runId: string): Promise<FleetJournal> {
    let j = journals.get(runId);
    if (!j) {
      j = await FleetJournal.open(ctx.ports.paths.dataDir, runId);
      if (j.skipped > 0) ctx.logger.log('warn', '[fleet]', `run ${runId}: ${j.skipped} unreadable line(s) of its journal skipped (torn by a crash)`);
      journals.set(runId, j);
    }
    return j;
  }

  const now = () => ctx.clock.now().toISOString();
  /** The run records' and the drafts' coalesced writes. */
  const w = fleetWrites(ctx, files);
  const { queueDraft, save } = w;

  /** A done entry whose draft does not say so yet (a kill came before its status was written): it is submitted. */
  function settleDraft(draftId: string, entry: JournalEntry): void {
    const d = ctx.store.getDraft(draftId);
    if (!d || d.status === 'submitted') return;
    queueDraft(draftId, { status: 'submitted', lastError: null, result: doneResult(entry, d) });
  }

  const idsOf = (entry: JournalEntry): Pick<FleetTargetResult, 'listenerId' | 'poolId' | 'healthMonitorId'> => createdIdsOf(entry);

  /** The request IDs of the target's steps (a done step's is its create's reply), earlier attempts' first. */
  function requestIdsOf(journal: FleetJournal, draftId: string, extra: string | null | undefined): string[] {
    const ids = new Set<string>();
    const entries = ctx.store.get().journal.filter((j) => j.draftId === draftId);
    const cur = journal.last(draftId);
    if (cur) entries.push(cur);
    for (const j of entries) {
      for (const s of j.steps) if (s.requestId) ids.add(s.requestId);
    }
    if (extra) ids.add(extra);
    return [...ids].slice(0, 64);
  }

  function isThrottle(f: AppFailure): boolean {
    return f.appError.cloud?.httpStatus === 429 || /^(APIG|APIGW)\.0308$/.test(f.appError.cloud?.errorCode ?? '');
  }

  async function runTarget(run: FleetRun, t: FleetTargetResult, a: Active, journal: FleetJournal, pre: PreStateCache, toStart: () => string[]): Promise<void> {
    t.state = 'running';
    t.error = null;
    t.startedAt = now();
    t.finishedAt = null;
    void save(run, t).catch(() => undefined);
    if (!ctx.store.getDraft(t.draftId)) {
      t.state = 'failed';
      t.error = 'The per-target draft of this target is gone (deleted); nothing was sent for it.';
      t.finishedAt = now();
      await save(run, t);
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        // A journal entry already done is final, even when a kill came before the draft's status was updated
        // (submit.apply would start a new entry for a draft not marked submitted): never submit it again.
        const last = entryOf(ctx, journal, t.draftId);
        if (last?.state === 'done') settleDraft(t.draftId, last);
        const entry =
          last?.state === 'done'
            ? structuredClone(last)
            : await submit.applyFleetTarget(t.draftId, {
                journal,
                pre: attempt === 0 ? await pre.forTarget(t.loadBalancerId, toStart) : undefined,
                deferReadBack: true,
                setDraft: queueDraft,
              });
        Object.assign(t, idsOf(entry));
        t.state = 'done';
        t.requestIds = requestIdsOf(journal, t.draftId, null);
        break;
      } catch (e) {
        const f = toAppFailure(e);
        if (isThrottle(f) && attempt < throttleRetries && !a.stopping) {
          await ctx.cloud.gateFor(t.accountId).wait();
          await sleep(250 * (attempt + 1));
          continue;
        }
        t.state = 'failed';
        t.error = f.appError.message.slice(0, 4000);
        t.requestIds = requestIdsOf(journal, t.draftId, f.appError.cloud?.requestId);
        const last = entryOf(ctx, journal, t.draftId);
        if (last) {
          Object.assign(t, idsOf(last));
          if (opts.recordFailure) {
            await opts.recordFailure(last).catch((e: unknown) => ctx.logger.log('warn', '[fleet]', `the history entry of ${t.loadBalancerName} could not be written: ${toAppFailure(e).appError.message}`));
          }
        }
        break;
      }
    }
    t.finishedAt = now();
    void save(run, t).catch(() => undefined);
  }

  /** Drives a run: lanes per account + region over its pending targets. */
  async function drive(run: FleetRun, a: Active): Promise<void> {
    const journal = journals.get(run.id) ?? (await journalOf(run.id));
    const detach = submit.attachRunJournal(journal);
    try {
      await driveWith(run, a, journal);
    } finally {
      detach();
    }
  }

  async function driveWith(run: FleetRun, a: Active, journal: FleetJournal): Promise<void> {
    const groups = new Map<string, FleetTargetResult[]>();
    for (const t of run.targets) {
      if (t.state !== 'pending') continue;
      const k = `${t.accountId}|${t.region}`;
      const list = groups.get(k);
      if (list) list.push(t);
      else groups.set(k, [t]);
    }
    const lanes: Promise<void>[] = [];
    for (const [k, queue] of groups) {
      const [accountId, region] = k.split('|') as [string, string];
      let next = 0;
      const pre = new PreStateCache(
        async (ids) => readPreState((await ctx.cloud.clientFor(accountId, region)).client, ids),
        () => Date.now(),
      );
      const toStart = () => queue.slice(next).map((x) => x.loadBalancerId);
      for (let i = 0; i < Math.min(run.concurrency, queue.length); i++) {
        lanes.push(
          (async () => {
            while (next < queue.length && !a.cancelled && !a.stopping) {
              const t = queue[next++]!;
              await runTarget(run, t, a, journal, pre, toStart).catch(async (e: unknown) => {
                t.state = 'failed';
                t.error = toAppFailure(e).appError.message.slice(0, 4000);
                t.finishedAt = now();
                await save(run, t).catch(() => undefined);
              });
            }
          })(),
        );
      }
    }
    await Promise.all(lanes);
    if (a.stopping && !a.cancelled) {
      // Shutting down: the run stays `running` (its journal too) and resumes at the next start.
      await w.flushDrafts().catch(() => undefined);
      await journal.close();
      journals.delete(run.id);
      return;
    }
    if (a.cancelled) for (const t of run.targets) if (t.state === 'pending') t.state = 'cancelled';
    // Off the targets' path: the read-backs (one batch per account + region), the cache, the store's journal (one
    // update, with the draft statuses not written yet).
    const readBacks = await readBackRun(ctx, run, journal);
    const patches = w.takeDraftPatches();
    try {
      await foldJournal(ctx, journal, readBacks, patches);
    } catch (e) {
      w.putBackDraftPatches(patches);
      throw e;
    }
    journals.delete(run.id);
    const c = runCounts(run);
    run.state = c.failed! > 0 ? 'failed' : c.cancelled! > 0 ? 'cancelled' : 'done';
    await save(run, null);
    ctx.logger.log('info', '[fleet]', `run ${run.id} ended ${run.state}: ${c.done} done, ${c.failed} failed, ${c.cancelled} cancelled of ${c.total}`);
  }

  function launch(run: FleetRun): FleetRun {
    live.set(run.id, run);
    const a: Active = { cancelled: false, stopping: false, done: Promise.resolve() };
    a.done = drive(run, a)
      .catch((e: unknown) => ctx.logger.log('warn', '[fleet]', `run ${run.id} stopped: ${toAppFailure(e).appError.message}`))
      .finally(() => active.delete(run.id));
    active.set(run.id, a);
    return structuredClone(run);
  }

  function runOf(runId: string): FleetRun {
    const r = live.get(runId) ?? files.runs.get(runId);
    if (!r) throw new AppFailure('NOT_FOUND', appMessage('noFleetRun', { id: runId }));
    return r;
  }

  return {
    /**
     * Starts a run over `targets` (rows already validated by the caller): writes one draft per target, then the run
     * record, then drives it in the background.
     */
    /** The run of this plan still going (being driven, or left running by a stop), if any. */
    activeRunOf(planId: string): FleetRun | undefined {
      for (const r of live.values()) if (r.planId === planId && active.has(r.id)) return structuredClone(r);
      return files.runs.list().find((r) => r.planId === planId && r.state === 'running');
    },

    async start(o: { planId: string; planTitle: string; concurrency?: number; targets: Array<{ row: { key: string; accountId: string; region: string; loadBalancerId: string; loadBalancerName: string }; content: DraftContent }> }): Promise<FleetRun> {
      const runId = randomUUID();
      const t0 = now();
      const concurrency = Math.min(FLEET_CONCURRENCY.max, Math.max(FLEET_CONCURRENCY.min, o.concurrency ?? FLEET_CONCURRENCY.default));
      const drafts: Draft[] = o.targets.map((t, i) => ({
        ...structuredClone(t.content),
        id: fleetDraftId(runId, i),
        status: 'ready',
        createdAt: t0,
        updatedAt: t0,
        revision: 1,
        result: null,
        lastError: null,
      }));
      await ctx.store.update((s) => {
        for (const d of drafts) s.drafts.push(d);
      });
      ctx.events.emit('state:changed', { what: 'drafts' });
      const run: FleetRun = {
        id: runId,
        planId: o.planId,
        planTitle: o.planTitle.slice(0, 1024),
        state: 'running',
        concurrency,
        targets: o.targets.map((t, i) => ({
          key: t.row.key,
          accountId: t.row.accountId,
          region: t.row.region,
          loadBalancerId: t.row.loadBalancerId,
          loadBalancerName: t.row.loadBalancerName,
          draftId: fleetDraftId(runId, i),
          state: 'pending',
          listenerId: null,
          poolId: null,
          healthMonitorId: null,
          requestIds: [],
          error: null,
          startedAt: null,
          finishedAt: null,
        })),
        createdAt: t0,
        updatedAt: t0,
      };
      await save(run, null);
      // A new run's journal has nothing to read: ready at once, so the first targets start before any cancel.
      journals.set(runId, FleetJournal.fresh(ctx.ports.paths.dataDir, runId));
      return launch(run);
    },

    /** No new target starts; in-flight ones finish. Returns the run as it is now. */
    async cancel(runId: string): Promise<FleetRun> {
      const run = runOf(runId);
      const a = active.get(runId);
      if (a) a.cancelled = true;
      else if (run.state === 'running' || run.state === 'interrupted') {
        for (const t of run.targets) if (t.state === 'pending') t.state = 'cancelled';
        // What its journal holds (a stop left it) goes to the store's journal, where a submit by hand finds it.
        await foldJournal(ctx, journals.get(runId) ?? (await journalOf(runId)), new Map());
        journals.delete(runId);
        run.state = 'cancelled';
        await save(run, null);
      }
      return structuredClone(run);
    },

    /** Runs the failed and cancelled targets again (only those). */
    async retryFailed(runId: string): Promise<FleetRun> {
      if (active.has(runId)) throw new AppFailure('CONFLICT', appMessage('fleetRunGoing'));
      const run = runOf(runId);
      const again = run.targets.filter((t) => t.state === 'failed' || t.state === 'cancelled');
      if (again.length === 0) throw new AppFailure('CONFLICT', appMessage('fleetRunNothingToRetry'));
      for (const t of again) t.state = 'pending';
      run.state = 'running';
      await save(run, null);
      return launch(run);
    },

    get: (runId: string): FleetRun => structuredClone(runOf(runId)),

    list(planId?: string): FleetRun[] {
      const all = files.runs.list().map((r) => live.get(r.id) ?? r);
      return structuredClone(planId ? all.filter((r) => r.planId === planId) : all).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    /** On start: runs a crash or shutdown left running are driven again (targets in flight go back to pending). */
    async resume(): Promise<void> {
      for (const r of files.runs.list()) {
        if (r.state !== 'running' || active.has(r.id)) continue;
        for (const t of r.targets) if (t.state === 'running') t.state = 'pending';
        ctx.logger.log('info', '[fleet]', `resuming fleet run ${r.id} (${runCounts(r).pending} targets left)`);
        launch(r);
      }
    },

    /** Resolves when the run is no longer being driven (tests, shutdown). */
    async settled(runId: string): Promise<FleetRun> {
      await active.get(runId)?.done;
      return structuredClone(runOf(runId));
    },

    /** Shutdown: no new targets; waits for the ones in flight. Runs stay `running` and resume at the next start. */
    async stop(): Promise<void> {
      for (const a of active.values()) a.stopping = true;
      await Promise.all([...active.values()].map((a) => a.done));
      await w.idle();
      await files.flush();
    },
  };
}

export type FleetApplyService = ReturnType<typeof fleetApplyService>;
