/**
 * Issue codes the day-two engine (shared/lifecycle/validate.ts, electron/core/services/{lifecycle,edit-submit}.ts)
 * reports besides the validation rules of shared/validation/rules.ts. The renderer translates them like rule codes
 * (`rules.<code>`); the English text is the message the engine produced.
 */
export const LIFECYCLE_ISSUE_CODES = [
  'edit.conflict',
  'edit.listener.gone',
  'edit.base.missing',
  'delete.listeners.required',
  'delete.listener.unknown',
  'delete.listener.gone',
] as const;

export type LifecycleIssueCode = (typeof LIFECYCLE_ISSUE_CODES)[number];
