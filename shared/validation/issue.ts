/** What a validation rule reports. Rules live beside this file; renderer and core share them. (No zod here: the renderer imports it.) */

export type Severity = 'error' | 'warning';

export interface Issue {
  /** Dotted path into DraftContent, e.g. `listener.port`, `routing.members.1.weight`. */
  path: string;
  /** Stable rule code, e.g. `listener.idleTimeout.range`; the renderer translates by code. */
  code: string;
  severity: Severity;
  /** English message naming the field and the rule. */
  message: string;
  /** Values the message was built from (limits, the offered free port…), for translation. */
  params?: Record<string, string | number>;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
