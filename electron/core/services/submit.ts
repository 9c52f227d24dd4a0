/**
 * Submit: preflight against live state, the plan, and the journaled apply.
 *
 * Exactly-once: every step is written to the journal before it is sent and after it returns. A step whose outcome
 * is unknown (timeout, reset, crash) is reconciled by listing before anything is sent again — without any marker in
 * what the user typed (see submit-find.ts: a listener by load balancer + port, a group by the look-alikes recorded
 * before the send). A killed app resumes interrupted entries on restart. After the last step the created resources
 * are read back and compared with the draft (submit-readback.ts); a group left without a listener is reported as an
 * orphan with a journaled removal (submit-orphans.ts). Rollback and orphan removal: submit-undo.ts. What each create
 * step sends, records first and looks for after a lost reply: submit-steps.ts.
 */
import type { JournalEntry, Parsed, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import { CREATE_STEP_TITLES } from '../../../shared/mapping/step-label';
import type { ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import type { DraftsService } from './drafts';
import { recordOrphans, unusedPoolOf } from './submit-orphans';
import type { FleetSubmitHooks } from './submit-hooks';
import { preflightDraft } from './submit-live';
import { readBack } from './submit-readback';
import { submitUndo } from './submit-undo';
import { AmbiguousPool, lookAlikes, lookAlikesIn, reconcile, send, stepsFor, type Step, type StepKey } from './submit-steps';
import { isBusy, stepRunner } from './step-runner';

export { samePorts } from './submit-find';
export type { FleetSubmitHooks, TargetPreState } from './submit-hooks';

export interface SubmitOptions {
  /** How long to wait for a load balancer to leave PENDING_* before a step (default 60 s). */
  activeWaitMs?: number;
  pollMs?: number;
  /** How many times one step may be reconciled and re-sent after ambiguous outcomes. */
  maxRounds?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The longest a create request can be in flight (the client's per-attempt deadline plus a margin). A request whose
   * outcome is unknown may still be applied by the server until then, so nothing is re-sent before it has passed.
   */
  requestDeadlineMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function submitService(ctx: ServiceContext, drafts: DraftsService, opts: SubmitOptions = {}) {
  const sleep = opts.sleep ?? realSleep;
  const maxRounds = opts.maxRounds ?? 5;
  const requestDeadlineMs = opts.requestDeadlineMs ?? 32_000;
  const running = new Map<string, Promise<JournalEntry>>();


  /** The journals of fleet runs being driven (their entries are not in the store's journal until the run ends). */
  const runJournals = new Set<FleetSubmitHooks['journal'] & { all(): JournalEntry[] }>();

  function entryFor(draftId: string): JournalEntry | undefined {
    for (const j of runJournals) {
      const e = j.last(draftId);
      if (e) return e;
    }
    const list = ctx.store.get().journal.filter((j) => j.draftId === draftId);
    return list[list.length - 1];
  }

  // The journal helpers the day-two plans use too (one implementation): journal writes, draft status, one submit at a
  // time per load balancer, waiting for ACTIVE.
  const runner = stepRunner(ctx, opts);
  const { saveEntry, setDraft, withLbLock, waitActive, now } = runner;
  const setDraftNow = setDraft;

  /** Saves to the fleet run's journal (then reports progress), or to the store's. */
  function saverFor(h: FleetSubmitHooks | undefined): (entry: JournalEntry) => Promise<void> {
    if (!h) return saveEntry;
    return async (entry) => {
      entry.updatedAt = now();
      const copy = structuredClone(entry);
      await h.journal.save(copy);
      ctx.events.emit('submit:progress', { draftId: entry.draftId, entry: copy });
    };
  }

  /** Queues the entry in the fleet run's journal without waiting for a write (see FleetSubmitHooks.journal). */
  function stageFor(h: FleetSubmitHooks): (entry: JournalEntry) => void {
    return (entry) => {
      entry.updatedAt = now();
      const copy = structuredClone(entry);
      h.journal.stage(copy);
      ctx.events.emit('submit:progress', { draftId: entry.draftId, entry: copy });
    };
  }

  async function runStep(client: ElbClient, draft: Draft, entry: JournalEntry, step: Step, h?: FleetSubmitHooks): Promise<void> {
    const key = step.key as StepKey;
    const saveEntry = saverFor(h);
    for (let round = 0; round < maxRounds; round++) {
      if (step.state === 'sending' || step.state === 'unknown') {
        let existing = await reconcile(client, draft, entry, key);
        // Not there yet: the earlier request may still be in flight (a crash cut us off, not the server). Its
        // outcome is only final once its deadline has passed, so look again then before sending anything.
        const sentAt = step.sentAt ? Date.parse(step.sentAt) : NaN;
        const wait = Number.isFinite(sentAt) ? sentAt + requestDeadlineMs - ctx.clock.now().getTime() : 0;
        if (!existing && wait > 0) {
          // Progress, not an error: the UI counts down to waitUntil.
          step.error = null;
          step.waitUntil = new Date(ctx.clock.now().getTime() + wait).toISOString();
          await saveEntry(entry);
          await sleep(wait);
          step.waitUntil = null;
          existing = await reconcile(client, draft, entry, key);
        }
        if (existing) {
          step.state = 'done';
          step.resourceId = existing;
          step.error = null;
          await saveEntry(entry);
          return;
        }
      }
      // A fleet target's first send of a step uses the batch read of its load balancer (fleet-prestate.ts explains why
      // that is sound): no GET of the load balancer (a busy one answers 409, and the next round waits for ACTIVE) and
      // no look-alike list. Any later round reads live, as a single draft does.
      const batch = h?.pre && round === 0 && step.attempts === 0 ? h.pre : undefined;
      if (!batch?.active) await waitActive(client, entry.loadBalancerId);
      const seen = batch ? lookAlikesIn(batch, draft, entry, key) : await lookAlikes(client, draft, entry, key);
      step.state = 'sending';
      step.attempts += 1;
      step.error = null;
      step.sentAt = now();
      step.waitUntil = null;
      if (seen) step.seen = seen;
      await saveEntry(entry);
      try {
        let requestId: string | null = null;
        const id = await send(client, draft, entry, key, (r) => (requestId = r));
        step.state = 'done';
        step.resourceId = id;
        // The reply's request ID (X-Request-Id), for the history and the fleet results.
        step.requestId = requestId;
        if (h) stageFor(h)(entry);
        else await saveEntry(entry);
        return;
      } catch (e) {
        if (e instanceof CloudError && (e.ambiguous || e.kind === 'timeout')) {
          step.state = 'unknown';
          step.error = appMessage('recheckCreated', { reason: e.message });
          step.requestId = e.requestId;
          await saveEntry(entry);
          continue;
        }
        if (isBusy(e)) {
          step.state = 'pending';
          step.error = appMessage('lbBusy');
          await saveEntry(entry);
          continue;
        }
        if (e instanceof CloudError && e.kind === 'network') {
          // Nothing was sent (refused/DNS): the step can simply run again later.
          step.state = 'pending';
          step.error = e.message;
          await saveEntry(entry);
          throw toAppFailure(e);
        }
        const failure = toAppFailure(e);
        step.state = 'failed';
        step.error = failure.appError.message;
        step.requestId = failure.appError.cloud?.requestId ?? null;
        await saveEntry(entry);
        throw failure;
      }
    }
    step.state = 'unknown';
    await saveEntry(entry);
    throw new AppFailure('CLOUD', appMessage('outcomeStillUnknown', { step: step.title, rounds: maxRounds }));
  }

  /** A new journal entry for a create submit: its steps, each with its English title. */
  function newEntry(draft: Draft): JournalEntry {
    return runner.newEntry(
      draft,
      draft.target.loadBalancerId!,
      stepsFor(draft).map((key) => ({ key, title: CREATE_STEP_TITLES[key] })),
    );
  }

  async function apply(draftId: string, h?: FleetSubmitHooks): Promise<JournalEntry> {
    const draft = drafts.find(draftId);
    // Edit and delete drafts run in services/lifecycle.ts; never as a create.
    if (draft.kind !== undefined && draft.kind !== 'create') throw new AppFailure('VALIDATION', 'This draft edits or deletes a listener; it is not submitted as a new listener.');
    const last = (h ? h.journal.last(draftId) : undefined) ?? entryFor(draftId);
    const saveEntry = saverFor(h);
    // A fleet target's draft status is written a little after its entry (FleetSubmitHooks.setDraft): while its run
    // is driven, a done entry in the run's journal is final whatever the draft says yet.
    const doneInRun = last?.state === 'done' && [...runJournals].some((j) => j.last(draftId)?.id === last.id);
    if ((draft.status === 'submitted' || doneInRun) && last?.state === 'done') return structuredClone(last);
    const setDraft = h ? async (id: string, patch: Parameters<typeof h.setDraft>[1]) => h.setDraft(id, patch) : setDraftNow;
    // A kill after the entry was marked done but before the draft was: the submit is over, only the draft lags.
    if (last?.state === 'done' && draft.status === 'submitting') {
      const get = (k: StepKey) => last.steps.find((s) => s.key === k)?.resourceId ?? null;
      await setDraft(draftId, {
        status: 'submitted',
        lastError: null,
        result: { listenerId: get('listener'), poolId: get('pool') ?? draft.routing.existingPoolId, memberIds: [], healthMonitorId: get('healthmonitor'), readBack: last.readBack ?? null },
      });
      return structuredClone(last);
    }
    const { accountId, region, loadBalancerId } = draft.target;
    if (!accountId || !region || !loadBalancerId) {
      throw new AppFailure('VALIDATION', 'Choose the account, region and load balancer before submitting.', {
        fields: [{ path: 'target.loadBalancerId', code: 'target.loadBalancer.required', message: 'Choose a load balancer.' }],
      });
    }
    // An entry cut off after its last step (every step done, not yet marked done) is finished, never started anew.
    const resumable =
      last &&
      (last.state === 'running' || last.state === 'interrupted' || last.state === 'failed') &&
      (last.steps.some((s) => s.state !== 'done') || last.state !== 'failed');
    if (!resumable || last!.steps.every((s) => s.state === 'pending')) {
      const issues = await drafts.validate(draft);
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        throw new AppFailure('VALIDATION', `The draft has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them before submitting.`, {
          fields: errors.map((i) => ({ path: i.path, code: i.code, message: i.message })),
        });
      }
    }
    return withLbLock(`${accountId}|${region}|${loadBalancerId}`, async () => {
      const entry = resumable ? structuredClone(last!) : newEntry(draft);
      entry.state = 'running';
      // A failed step failed definitively (4xx/5xx answered): nothing was created, so it simply runs again. Steps
      // whose outcome was not known are kept as 'unknown' and get reconciled first.
      for (const s of entry.steps) if (s.state === 'failed') s.state = 'pending';
      // A fleet target waits for neither write: the first step's intent save carries the entry to disk, and the
      // journal, not the draft's status, is the submit's truth.
      if (h) {
        stageFor(h)(entry);
        void setDraft(draftId, { status: 'submitting', lastError: null });
      } else {
        await saveEntry(entry);
        await setDraft(draftId, { status: 'submitting', lastError: null });
      }
      let client: ElbClient;
      try {
        client = (await ctx.cloud.clientFor(accountId, region)).client;
      } catch (e) {
        entry.state = 'interrupted';
        await saveEntry(entry);
        const f = toAppFailure(e);
        await setDraft(draftId, { status: 'ready', lastError: errorRecord(f) });
        throw f;
      }
      try {
        for (const step of entry.steps) {
          if (step.state === 'done') continue;
          await runStep(client, draft, entry, step, h);
        }
      } catch (e) {
        const f = toAppFailure(e);
        const ambiguous = e instanceof AmbiguousPool;
        const interrupted = !ambiguous && (f.appError.code === 'NETWORK' || entry.steps.some((s) => s.state === 'unknown'));
        entry.state = interrupted ? 'interrupted' : 'failed';
        if (entry.state === 'failed') {
          const orphan = unusedPoolOf(entry, draft);
          recordOrphans(entry, orphan ? [orphan] : []);
        }
        await saveEntry(entry);
        await setDraft(draftId, {
          status: ambiguous ? 'needs_attention' : interrupted ? (entry.steps.some((s) => s.state === 'done') ? 'needs_attention' : 'ready') : 'failed',
          lastError: errorRecord(f),
        });
        throw f;
      }
      const get = (k: StepKey) => entry.steps.find((s) => s.key === k)?.resourceId ?? null;
      const ids = { listenerId: get('listener'), poolId: get('pool') ?? draft.routing.existingPoolId, createdPool: get('pool') !== null, healthMonitorId: get('healthmonitor') };
      if (!h) entry.readBack = await readBack(client, draft, entry.loadBalancerId, ids, now);
      // The group is used by the listener now; other groups still listed stay listed until removed.
      entry.orphans = (entry.orphans ?? []).filter((o) => o.id !== ids.poolId && o.state !== 'removed');
      entry.state = 'done';
      const result = { listenerId: ids.listenerId, poolId: ids.poolId, memberIds: [], healthMonitorId: ids.healthMonitorId, readBack: entry.readBack ?? null };
      if (h) {
        // A fleet target does not wait for these writes: a crash before they are on disk leaves the last step
        // `sending` in the journal, and the resumed run reconciles it (finds the listener) without sending again.
        void saveEntry(entry).catch(() => undefined);
        void setDraft(draftId, { status: 'submitted', lastError: null, result });
        return structuredClone(entry);
      }
      await saveEntry(entry);
      await setDraft(draftId, { status: 'submitted', lastError: null, result });
      return structuredClone(entry);
    });
  }

  // Undoing a submit (rollback) and removing a group it left behind: submit-undo.ts.
  const undo = submitUndo({ ctx, drafts, running, entryFor, reconcile, saveEntry, setDraft, withLbLock, waitActive });

  function errorRecord(f: AppFailure): Draft['lastError'] {
    return {
      code: f.appError.cloud?.errorCode ?? f.appError.code,
      message: f.appError.message.slice(0, 4000),
      requestId: f.appError.cloud?.requestId ?? null,
      httpStatus: f.appError.cloud?.httpStatus ?? null,
    };
  }

  return {
    preflight(req: { draftId: string }): Promise<Res<'submit:preflight'>> {
      return preflightDraft(ctx, drafts, req.draftId);
    },

    async apply(req: Parsed<'submit:apply'>): Promise<Res<'submit:apply'>> {
      const existing = running.get(req.draftId);
      if (existing) return existing;
      const p = apply(req.draftId).finally(() => running.delete(req.draftId));
      running.set(req.draftId, p);
      return p;
    },

    /** A fleet target's submit (see FleetSubmitHooks); one at a time per draft, shared with `apply`. */
    async applyFleetTarget(draftId: string, hooks: FleetSubmitHooks): Promise<JournalEntry> {
      const existing = running.get(draftId);
      if (existing) return existing;
      const p = apply(draftId, hooks).finally(() => running.delete(draftId));
      running.set(draftId, p);
      return p;
    },

    rollback: undo.rollback,
    removeOrphan: undo.removeOrphan,

    async journal(req: { draftId?: string | undefined }): Promise<Res<'journal:list'>> {
      let all: readonly JournalEntry[] = ctx.store.get().journal;
      if (runJournals.size > 0) {
        // Entries of fleet runs being driven replace their copies in the store's journal (same ID) or follow them.
        const live = new Map<string, JournalEntry>();
        for (const j of runJournals) for (const e of j.all()) live.set(e.id, e);
        all = [...all.map((e) => live.get(e.id) ?? e), ...[...live.values()].filter((e) => !all.some((x) => x.id === e.id))];
      }
      return structuredClone(req.draftId ? all.filter((j) => j.draftId === req.draftId) : [...all]);
    },

    /**
     * A fleet run's journal while the run is driven: every submit, rollback and orphan removal of its drafts reads
     * their entries there first (so a fleet draft submitted by hand meanwhile resumes its entry, never starts anew).
     */
    attachRunJournal(j: FleetSubmitHooks['journal'] & { all(): JournalEntry[] }): () => void {
      runJournals.add(j);
      return () => void runJournals.delete(j);
    },

    /**
     * Submits queued while offline (or cut by the network) for one account and region run again once that cloud
     * answers (called after a successful sync).
     */
    async resumeFor(accountId: string, region: string): Promise<void> {
      for (const j of ctx.store.get().journal.filter((x) => x.state === 'interrupted' && x.accountId === accountId && x.region === region)) {
        if (running.has(j.draftId) || !ctx.store.get().drafts.some((d) => d.id === j.draftId && (d.kind ?? 'create') === 'create')) continue;
        // A target of a fleet run being driven is the run's to resume.
        if ([...runJournals].some((r) => r.last(j.draftId))) continue;
        try {
          await this.apply({ draftId: j.draftId });
          ctx.logger.log('info', '[submit]', `submitted the queued draft ${j.draftId} now that ${region} answers`);
        } catch (e) {
          ctx.logger.log('warn', '[submit]', `the queued draft ${j.draftId} could not be submitted yet: ${toAppFailure(e).appError.message}`);
        }
      }
    },

    /** On start: entries a crash left running become interrupted, then resume in the background. */
    async resumeInterrupted(): Promise<void> {
      const stuck = ctx.store.get().journal.filter((j) => j.state === 'running');
      for (const j of stuck) {
        const copy = structuredClone(j);
        copy.state = 'interrupted';
        for (const s of copy.steps) if (s.state === 'sending') s.state = 'unknown';
        await saveEntry(copy);
      }
      for (const j of ctx.store.get().journal.filter((x) => x.state === 'interrupted')) {
        const d = ctx.store.getDraft(j.draftId);
        if (!d || (d.kind ?? 'create') !== 'create') continue;
        try {
          await this.apply({ draftId: j.draftId });
          ctx.logger.log('info', '[submit]', `resumed the interrupted submit of draft ${j.draftId}`);
        } catch (e) {
          ctx.logger.log('warn', '[submit]', `could not resume draft ${j.draftId} yet: ${toAppFailure(e).appError.message}`);
        }
      }
    },
  };
}

export type SubmitService = ReturnType<typeof submitService>;
