/**
 * The fleet run page's view model, pure (no Svelte, no DOM): progress counts of a run, the state of each button
 * (Apply, Cancel, Retry failed) with the reason when disabled, merging `fleet:progress` events into the run shown,
 * and joining the plan's rows with the preflight's per-target answer and requests.
 */
import type { EventPayload, Res } from '../../../../../shared/ipc/contract';
import { parseConcurrency } from '../../../../../shared/model/fleet-values';
import type { FleetPlan, FleetRun, FleetTarget, FleetTargetResult, FleetTargetState } from '../../../../../shared/model/fleet';

export type FleetPreflight = Res<'fleet:preflight'>;
export type FleetRowReply = FleetPreflight['validation']['rows'][number];
export type FleetRequests = FleetPreflight['requests'][number]['requests'];
export type FleetProgressEvent = EventPayload<'fleet:progress'>;

export interface RunProgress {
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Targets that reached an end state (done, failed, skipped, cancelled). */
  finished: number;
  /** finished / total as a whole percent (0 for an empty run). */
  percent: number;
}

/** Counts of a run's targets per state. */
export function runProgress(run: FleetRun | null): RunProgress {
  const p: RunProgress = { total: 0, pending: 0, running: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, finished: 0, percent: 0 };
  if (!run) return p;
  for (const t of run.targets) {
    p.total += 1;
    p[t.state] += 1;
  }
  p.finished = p.done + p.failed + p.skipped + p.cancelled;
  p.percent = p.total === 0 ? 0 : Math.floor((p.finished * 100) / p.total);
  return p;
}

/** True while the core drives the run (or will, after a restart: `running` on disk is resumed at start). */
export function runIsGoing(run: FleetRun | null): boolean {
  return run !== null && (run.state === 'running' || run.state === 'interrupted');
}

/** Targets "retry failed" would run again: the failed and the cancelled ones. */
export function retryableCount(run: FleetRun | null): number {
  return run ? run.targets.filter((t) => t.state === 'failed' || t.state === 'cancelled').length : 0;
}

/** Why Apply is disabled (an i18n key under `apply.blocked`), or null when it may start. */
export type ApplyBlock = 'checking' | 'noPreflight' | 'notLive' | 'quota' | 'rows' | 'plan' | 'nothing' | 'running' | 'concurrency';

export interface ButtonInput {
  preflight: FleetPreflight | null;
  preflightBusy: boolean;
  run: FleetRun | null;
  applyBusy: boolean;
  cancelBusy: boolean;
  retryBusy: boolean;
  /** The concurrency field's text. */
  concurrency: string;
}

export interface ButtonStates {
  apply: { enabled: boolean; block: ApplyBlock | null; targets: number };
  recheck: { enabled: boolean };
  cancel: { shown: boolean; enabled: boolean };
  retry: { shown: boolean; enabled: boolean; count: number };
}

/** The first reason the preflight gives for not starting, in the order a user would fix them. */
export function preflightBlock(pf: FleetPreflight): ApplyBlock | null {
  if (pf.regions.some((r) => !r.live)) return 'notLive';
  if (pf.regions.some((r) => r.issues.some((i) => i.severity === 'error'))) return 'quota';
  if (pf.validation.rows.some((r) => r.status === 'error')) return 'rows';
  if (!pf.validation.rows.some((r) => r.status !== 'excluded')) return 'nothing';
  if (pf.validation.planIssues.some((i) => i.severity === 'error') || !pf.canStart) return 'plan';
  return null;
}

/** What each button of the page may do now. */
export function buttonStates(i: ButtonInput): ButtonStates {
  const going = runIsGoing(i.run);
  const targets = i.preflight ? i.preflight.requests.length : 0;
  let block: ApplyBlock | null = null;
  if (going) block = 'running';
  else if (i.preflightBusy) block = 'checking';
  else if (!i.preflight) block = 'noPreflight';
  else block = preflightBlock(i.preflight) ?? (parseConcurrency(i.concurrency) === null ? 'concurrency' : null);
  const count = retryableCount(i.run);
  return {
    apply: { enabled: block === null && !i.applyBusy, block, targets },
    recheck: { enabled: !i.preflightBusy && !i.applyBusy && !going },
    cancel: { shown: going, enabled: going && !i.cancelBusy },
    retry: { shown: !going && count > 0, enabled: !going && count > 0 && !i.retryBusy, count },
  };
}

/**
 * A run with one `fleet:progress` event applied: the target (by key) replaced, the run's state taken. Events of
 * another run change nothing (the same object comes back).
 */
export function applyProgress(run: FleetRun | null, e: FleetProgressEvent): FleetRun | null {
  if (!run || run.id !== e.runId) return run;
  const targets = e.target ? run.targets.map((t) => (t.key === e.target!.key ? e.target! : t)) : run.targets;
  return { ...run, state: e.state, targets };
}

/** The latest run of a list (by creation time; `fleet:runs` answers oldest first). */
export function latestRun(runs: readonly FleetRun[]): FleetRun | null {
  let best: FleetRun | null = null;
  for (const r of runs) if (!best || r.createdAt >= best.createdAt) best = r;
  return best;
}

/** One row of the confirm table: the plan's target, its preflight answer and its requests. */
export interface ConfirmRow {
  target: FleetTarget;
  reply: FleetRowReply | null;
  requests: FleetRequests;
}

/** The plan's rows joined (by key) with the preflight's rows and requests. */
export function confirmRows(plan: FleetPlan, pf: FleetPreflight | null): ConfirmRow[] {
  const replies = new Map((pf?.validation.rows ?? []).map((r) => [r.key, r]));
  const requests = new Map((pf?.requests ?? []).map((r) => [r.key, r.requests]));
  return plan.targets.map((target) => ({ target, reply: replies.get(target.key) ?? null, requests: requests.get(target.key) ?? [] }));
}

/** The cells of a row, in table order, that carry issues. */
export const CELLS = ['target', 'port', 'group', 'servers', 'ipGroup', 'other'] as const;
export type Cell = (typeof CELLS)[number];

/** The tone of a target's state badge. */
export function targetTone(state: FleetTargetState): 'ok' | 'busy' | 'error' | 'warn' | 'neutral' {
  if (state === 'done') return 'ok';
  if (state === 'running') return 'busy';
  if (state === 'failed') return 'error';
  if (state === 'cancelled' || state === 'skipped') return 'warn';
  return 'neutral';
}

/** The tone of a run's state. */
export function runTone(state: FleetRun['state']): 'ok' | 'busy' | 'error' | 'warn' {
  if (state === 'done') return 'ok';
  if (state === 'failed') return 'error';
  if (state === 'cancelled') return 'warn';
  return 'busy';
}

/** The IDs a target created, labelled, for the results table. */
export function createdIds(t: FleetTargetResult): Array<{ kind: 'listener' | 'pool' | 'monitor'; id: string }> {
  const out: Array<{ kind: 'listener' | 'pool' | 'monitor'; id: string }> = [];
  if (t.listenerId) out.push({ kind: 'listener', id: t.listenerId });
  if (t.poolId) out.push({ kind: 'pool', id: t.poolId });
  if (t.healthMonitorId) out.push({ kind: 'monitor', id: t.healthMonitorId });
  return out;
}
