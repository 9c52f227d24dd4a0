/**
 * A journal step's wait: the seconds left until an earlier request's deadline, and the countdown's text. What a step
 * says otherwise is its `error`, in the UI's language through lib/errors.ts `sayMessage` (main writes it from
 * shared/mapping/app-messages.ts: a busy load balancer, a lost reply being checked, a failed rollback…).
 */
import { t } from './i18n';

/** Whole seconds left until `waitUntil` (rounded up), or null when there is no wait or it has passed. */
export function waitSecondsLeft(waitUntil: string | null | undefined, nowMs: number): number | null {
  if (!waitUntil) return null;
  const left = Date.parse(waitUntil) - nowMs;
  return Number.isFinite(left) && left > 0 ? Math.ceil(left / 1000) : null;
}

/** The countdown's text. */
export function waitText(seconds: number): string {
  return t('steps.waiting', { seconds });
}
