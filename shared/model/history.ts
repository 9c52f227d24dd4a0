/**
 * The local history of submitted plans (create, edit, clone, delete): append-only, one entry per finished
 * submit. Keys and tokens never appear (every string goes through the logs' redactor before it is written).
 */
import { z } from 'zod';
import { EditableFieldsSchema } from './draft';

/** `accepted`: "take live values" on a drifted listener — nothing sent; the live values become what was last applied. */
export const HISTORY_KINDS = ['create', 'clone', 'edit', 'delete', 'accepted'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HistoryRequestSchema = z.object({
  key: z.string(),
  title: z.string(),
  method: z.string(),
  path: z.string(),
  requestId: z.string().nullable(),
  /** The journal step's final state (done, failed, unknown, skipped …). */
  result: z.string(),
  resourceId: z.string().nullable(),
  error: z.string().nullable(),
});

export const HistoryChangeSchema = z.object({
  listenerId: z.string(),
  /** The listener's editable values before (null: it did not exist). */
  before: EditableFieldsSchema.nullable(),
  /** What ELB Desk applied (null: deleted). */
  after: EditableFieldsSchema.nullable(),
});

export const HistoryEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(HISTORY_KINDS),
  draftId: z.string(),
  journalId: z.string(),
  accountId: z.string(),
  region: z.string(),
  loadBalancerId: z.string(),
  /** done = every step done; failed / interrupted = the plan stopped (what was done is in `requests`). */
  result: z.enum(['done', 'failed', 'interrupted', 'rolled_back']),
  listenerIds: z.array(z.string()),
  requests: z.array(HistoryRequestSchema),
  changes: z.array(HistoryChangeSchema),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type HistoryChange = z.infer<typeof HistoryChangeSchema>;

/** One field whose live value differs from what ELB Desk last applied. */
export const DriftFieldSchema = z.object({ field: z.string(), label: z.string(), applied: z.unknown(), live: z.unknown() });
export const DriftItemSchema = z.object({
  listenerId: z.string(),
  name: z.string(),
  /** The history entry whose values are compared. */
  historyId: z.string(),
  appliedAt: z.string(),
  fields: z.array(DriftFieldSchema),
});
export type DriftItem = z.infer<typeof DriftItemSchema>;
