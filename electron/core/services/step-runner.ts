/**
 * The journal/step machinery of the day-two plans (edit, delete), the same discipline as `submit.ts`:
 * every step is written to the journal before it is sent and after it returns; a step whose outcome is unknown
 * (timeout, dropped reply, crash) is reconciled by reading the live state before anything is sent again, and not
 * before the earlier request's deadline has passed. Never a blind re-send.
 */
import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { draftMarker } from '../../../shared/mapping/api';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { StepLabel } from '../../../shared/mapping/step-label';
import type { Draft } from '../../../shared/model/draft';
import type { ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';

export type Step = JournalEntry['steps'][number];

export interface StepOps {
  /** Reads the live state: the resource ID when the step's effect is already there, else null. */
  reconcile(step: Step): Promise<string | null>;
  /** Sends the step's request; returns the resource ID (or null). */
  send(step: Step): Promise<string | null>;
  /** Before a create is sent: what already exists that a lost reply must not be mistaken for (journaled as `seen`). */
  lookAlikes?(step: Step): Promise<string[] | undefined>;
}

export interface RunnerOptions {
  activeWaitMs?: number;
  pollMs?: number;
  maxRounds?: number;
  sleep?: (ms: number) => Promise<void>;
  requestDeadlineMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function isNotFound(e: unknown): boolean {
  if (e instanceof CloudError) return e.status === 404;
  return e instanceof AppFailure && e.appError.cloud?.httpStatus === 404;
}

/** A 409 because the load balancer is busy with another change (PENDING_UPDATE): wait and try again. */
export function isBusy(e: unknown): boolean {
  return e instanceof CloudError && e.status === 409 && /busy|pending|PENDING_UPDATE/i.test(`${e.errorMsg ?? ''} ${e.message}`);
}

export function stepRunner(ctx: ServiceContext, opts: RunnerOptions = {}) {
  const sleep = opts.sleep ?? realSleep;
  const activeWaitMs = opts.activeWaitMs ?? 60_000;
  const pollMs = opts.pollMs ?? 500;
  const maxRounds = opts.maxRounds ?? 5;
  const requestDeadlineMs = opts.requestDeadlineMs ?? 32_000;
  const lbLocks = new Map<string, Promise<unknown>>();
  const now = () => ctx.clock.now().toISOString();

  async function saveEntry(entry: JournalEntry): Promise<void> {
    entry.updatedAt = now();
    const copy = structuredClone(entry);
    await ctx.store.update((s) => {
      const i = s.journal.findIndex((j) => j.id === copy.id);
      if (i >= 0) s.journal[i] = copy;
      else s.journal.push(copy);
    });
    ctx.events.emit('submit:progress', { draftId: entry.draftId, entry: copy });
  }

  async function setDraft(draftId: string, patch: Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>): Promise<void> {
    await ctx.store.updateDraft(draftId, (d) => {
      if (d) {
        Object.assign(d, structuredClone(patch));
        d.updatedAt = now();
      }
    });
    ctx.events.emit('state:changed', { what: 'drafts' });
  }

  async function withLbLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = lbLocks.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    lbLocks.set(key, next);
    try {
      return await next;
    } finally {
      if (lbLocks.get(key) === next) lbLocks.delete(key);
    }
  }

  async function waitActive(client: ElbClient, lbId: string): Promise<void> {
    const deadline = Date.now() + activeWaitMs;
    for (;;) {
      const lb = await client.getLoadBalancer(lbId);
      if (lb.provisioning_status === 'ACTIVE') return;
      if (Date.now() >= deadline) throw new AppFailure('CONFLICT', appMessage('lbNotActive', { state: String(lb.provisioning_status) }));
      await sleep(pollMs);
    }
  }


  function newEntry(draft: Draft, lbId: string, steps: Array<{ key: string; title: string; label?: StepLabel | undefined }>): JournalEntry {
    const t = now();
    return {
      id: randomUUID(),
      draftId: draft.id,
      accountId: draft.target.accountId!,
      region: draft.target.region!,
      loadBalancerId: lbId,
      marker: draftMarker(draft.id),
      state: 'running',
      steps: steps.map((s) => ({
        key: s.key,
        title: s.title,
        ...(s.label ? { label: s.label } : {}),
        state: 'pending',
        resourceId: null,
        attempts: 0,
        error: null,
        requestId: null,
        sentAt: null,
      })),
      createdAt: t,
      updatedAt: t,
    };
  }

  /** Runs one step to done, reconciling unknown outcomes by reading live state first. */
  async function runStep(client: ElbClient, entry: JournalEntry, step: Step, ops: StepOps): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      if (step.state === 'sending' || step.state === 'unknown') {
        let existing = await ops.reconcile(step);
        const sentAt = step.sentAt ? Date.parse(step.sentAt) : NaN;
        const wait = Number.isFinite(sentAt) ? sentAt + requestDeadlineMs - ctx.clock.now().getTime() : 0;
        if (existing === null && wait > 0) {
          // Progress, not an error: the UI counts down to waitUntil (as for a create, submit.ts).
          step.error = null;
          step.waitUntil = new Date(ctx.clock.now().getTime() + wait).toISOString();
          await saveEntry(entry);
          await sleep(wait);
          step.waitUntil = null;
          existing = await ops.reconcile(step);
        }
        if (existing !== null) {
          step.state = 'done';
          step.resourceId = existing;
          step.error = null;
          await saveEntry(entry);
          return;
        }
      }
      await waitActive(client, entry.loadBalancerId);
      const seen = ops.lookAlikes ? await ops.lookAlikes(step) : undefined;
      step.state = 'sending';
      step.attempts += 1;
      step.error = null;
      step.sentAt = now();
      step.waitUntil = null;
      if (seen) step.seen = seen;
      await saveEntry(entry);
      try {
        const id = await ops.send(step);
        step.state = 'done';
        step.resourceId = id;
        step.requestId = null;
        await saveEntry(entry);
        return;
      } catch (e) {
        // PUT and DELETE are retried by the client, so a dropped reply is not "ambiguous" there; it is still unknown
        // whether the last attempt was applied, unless nothing was sent at all (refused, DNS).
        const notSent = e instanceof CloudError && (e.cause as { notSent?: unknown } | undefined)?.notSent === true;
        if (e instanceof CloudError && (e.ambiguous || e.kind === 'timeout' || e.kind === 'malformed' || (e.kind === 'network' && !notSent))) {
          step.state = 'unknown';
          step.error = appMessage('recheckLive', { reason: e.message });
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
          step.state = e.ambiguous ? 'unknown' : 'pending';
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

  function errorRecord(f: AppFailure): Draft['lastError'] {
    return {
      code: f.appError.cloud?.errorCode ?? f.appError.code,
      message: f.appError.message.slice(0, 4000),
      requestId: f.appError.cloud?.requestId ?? null,
      httpStatus: f.appError.cloud?.httpStatus ?? null,
    };
  }

  /**
   * Runs every step of the entry that is not done; on failure marks the entry interrupted (network, unknown
   * outcomes: resumed later) or failed, and the draft accordingly.
   */
  async function runAll(client: ElbClient, entry: JournalEntry, opsFor: (step: Step) => StepOps): Promise<void> {
    try {
      for (const step of entry.steps) {
        if (step.state === 'done' || step.state === 'skipped') continue;
        await runStep(client, entry, step, opsFor(step));
      }
    } catch (e) {
      const f = toAppFailure(e);
      const interrupted = f.appError.code === 'NETWORK' || entry.steps.some((s) => s.state === 'unknown');
      entry.state = interrupted ? 'interrupted' : 'failed';
      await saveEntry(entry);
      await setDraft(entry.draftId, {
        status: interrupted ? (entry.steps.some((s) => s.state === 'done') ? 'needs_attention' : 'ready') : 'failed',
        lastError: errorRecord(f),
      });
      throw f;
    }
    entry.state = 'done';
    await saveEntry(entry);
  }

  return { saveEntry, setDraft, withLbLock, waitActive, newEntry, runStep, runAll, errorRecord, now };
}

export type StepRunner = ReturnType<typeof stepRunner>;
