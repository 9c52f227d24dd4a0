/** What a validation rule reports. Rules live beside this file; renderer and core share them. */
import { z } from 'zod';

export const IssueSchema = z.object({
  /** Dotted path into DraftContent, e.g. `listener.port`, `routing.members.1.weight`. */
  path: z.string(),
  /** Stable rule code, e.g. `listener.idleTimeout.range`; the renderer translates by code. */
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  /** English message naming the field and the rule. */
  message: z.string(),
  /** Values the message was built from (limits, the offered free port…), for translation. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Issue = z.infer<typeof IssueSchema>;
export type Severity = Issue['severity'];

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
