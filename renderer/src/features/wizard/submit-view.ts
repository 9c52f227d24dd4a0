/**
 * Pure formatting for the Confirm step: the planned API requests as text, the submit progress rows built from
 * the journal (pool → members → health check → listener), the created resource IDs, and the parts of a cloud
 * error the user must see (HTTP status, error_code, request ID, hint).
 */
import type { JournalEntry, PlannedRequest } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/ipc/result';
import { sayMessage } from '../../lib/errors';
import { requestTitle } from './request-title';

/** The request line: `POST /v3/{project_id}/elb/pools`. */
export function requestLine(req: Pick<PlannedRequest, 'method' | 'path'>): string {
  return `${req.method} ${req.path}`;
}

/** The JSON body pretty-printed with two spaces, or '' when the request has no body. */
export function requestBody(req: Pick<PlannedRequest, 'body'>): string {
  if (req.body === null || req.body === undefined) return '';
  return JSON.stringify(req.body, null, 2);
}

/** All planned requests as one copyable text, numbered, blank line between requests. */
export function planText(plan: readonly PlannedRequest[]): string {
  return plan
    .map((req, i) => {
      const body = requestBody(req);
      return `# ${i + 1}. ${req.title}\n${requestLine(req)}` + (body ? `\n${body}` : '');
    })
    .join('\n\n');
}

/** The states a progress row can show. `unknown` = sent, answer lost; reconciled on the next attempt. */
export type ProgressState = JournalEntry['steps'][number]['state'];

/** One row of the submit progress list. */
export interface ProgressRow {
  key: string;
  /** A kind the UI names in its own language; `other` falls back to `title`. */
  kind: 'pool' | 'members' | 'healthmonitor' | 'listener' | 'other';
  title: string;
  state: ProgressState;
  resourceId: string | null;
  /** What main says on the step, in the UI's language where it is one of main's own messages (lib/errors.ts). */
  error: string | null;
  requestId: string | null;
  /** While a retry waits for the earlier request's deadline: when the wait ends (ISO time). */
  waitUntil: string | null;
}

/** Guesses the kind of a journal/plan step from its key (`pool`, `members`, `members.batch-add`, `healthmonitor`…). */
export function stepKind(key: string): ProgressRow['kind'] {
  const k = key.toLowerCase();
  if (k.includes('member')) return 'members';
  if (k.includes('health') || k.includes('monitor')) return 'healthmonitor';
  if (k.includes('pool')) return 'pool';
  if (k.includes('listener')) return 'listener';
  return 'other';
}

/**
 * The progress rows: the journal's steps when a submit has started (its order is the execution order), else
 * the planned requests, all pending. GET requests in the plan (reads) are not progress steps.
 */
export function progressRows(entry: JournalEntry | null, plan: readonly PlannedRequest[]): ProgressRow[] {
  // A step's title in the UI's language where the plan has the same request (a journal's titles are English).
  const planned = new Map(plan.map((p) => [p.key, p]));
  const titleOf = (step: Pick<JournalEntry['steps'][number], 'key' | 'title' | 'label'>): string => {
    const p = step.label ? step : planned.get(step.key);
    return p ? requestTitle(p) : step.title;
  };
  if (entry && entry.steps.length > 0) {
    return entry.steps.map((s) => ({
      key: s.key,
      kind: stepKind(s.key),
      title: titleOf(s),
      state: s.state,
      resourceId: s.resourceId,
      error: s.error === null ? null : sayMessage(s.error),
      requestId: s.requestId,
      waitUntil: s.waitUntil ?? null,
    }));
  }
  return plan
    .filter((p) => p.method !== 'GET')
    .map((p) => ({ key: p.key, kind: stepKind(p.key), title: requestTitle(p), state: 'pending' as const, resourceId: null, error: null, requestId: null, waitUntil: null }));
}

/** The resources a submit created (steps done with an ID), in execution order. */
export function createdResources(entry: JournalEntry | null): { key: string; kind: ProgressRow['kind']; title: string; id: string }[] {
  if (!entry) return [];
  return entry.steps
    .filter((s) => s.state === 'done' && s.resourceId)
    .map((s) => ({ key: s.key, kind: stepKind(s.key), title: requestTitle(s), id: s.resourceId as string }));
}

/** What the user can do after a submit ended. */
export interface SubmitOutcome {
  state: 'idle' | 'running' | 'done' | 'failed' | 'rolled_back';
  /** Some resources were created and can be rolled back. */
  canRollback: boolean;
  canRetry: boolean;
}

/** Derives the outcome from the journal entry (null = never submitted) and whether a call is in flight. */
export function submitOutcome(entry: JournalEntry | null, busy: boolean): SubmitOutcome {
  if (busy) return { state: 'running', canRollback: false, canRetry: false };
  if (!entry) return { state: 'idle', canRollback: false, canRetry: false };
  const created = entry.steps.some((s) => s.state === 'done' || s.state === 'unknown');
  switch (entry.state) {
    case 'running':
      return { state: 'running', canRollback: false, canRetry: false };
    case 'done':
      return { state: 'done', canRollback: false, canRetry: false };
    case 'rolled_back':
      return { state: 'rolled_back', canRollback: false, canRetry: true };
    case 'failed':
    case 'interrupted':
      return { state: 'failed', canRollback: created, canRetry: true };
    default:
      return { state: 'failed', canRollback: created, canRetry: true };
  }
}

/** The facts of a failed call, label → value, for a definition list; only those that are known. */
export function errorFacts(error: AppError): { key: 'code' | 'httpStatus' | 'errorCode' | 'requestId' | 'hint'; value: string }[] {
  const out: { key: 'code' | 'httpStatus' | 'errorCode' | 'requestId' | 'hint'; value: string }[] = [{ key: 'code', value: error.code }];
  const c = error.cloud;
  if (c) {
    if (c.httpStatus !== null) out.push({ key: 'httpStatus', value: String(c.httpStatus) });
    if (c.errorCode) out.push({ key: 'errorCode', value: c.errorCode });
    if (c.requestId) out.push({ key: 'requestId', value: c.requestId });
    if (c.hint) out.push({ key: 'hint', value: sayMessage(c.hint) });
  }
  return out;
}
