/**
 * What a journal step says beside its state, in the UI's language: a countdown while it waits for an earlier request's
 * deadline, main's note (a busy load balancer, a lost reply being checked, a failed rollback; shared/mapping/step-note.ts)
 * said in the UI's language, or main's text as it is (a cloud's own error message).
 */
import { noteOf, type NotedStep } from '../../../shared/mapping/step-note';
import { sayMessage } from './errors';
import { t } from './i18n';

/** Whole seconds left until `waitUntil` (rounded up), or null when there is no wait or it has passed. */
export function waitSecondsLeft(waitUntil: string | null | undefined, nowMs: number): number | null {
  if (!waitUntil) return null;
  const left = Date.parse(waitUntil) - nowMs;
  return Number.isFinite(left) && left > 0 ? Math.ceil(left / 1000) : null;
}

/**
 * The step's message in the UI's language: its current note (the reason it quotes too, when that is one of main's
 * messages), else its `error` (lib/errors.ts `sayMessage`: main's own messages translated, a cloud's words as they came).
 */
export function stepMessage(step: NotedStep): string | null {
  const note = noteOf(step);
  if (note) return t(`steps.notes.${note.code}`, { reason: sayMessage(note.reason ?? '') });
  return step.error === null ? null : sayMessage(step.error);
}

/** The countdown's text. */
export function waitText(seconds: number): string {
  return t('steps.waiting', { seconds });
}
