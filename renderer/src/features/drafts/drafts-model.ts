/** Pure logic of the drafts page: status look, selection, validate-all totals, export file, batch submit order. */
import type { DraftSummary } from '../../../../shared/ipc/contract';
import type { DraftStatus } from '../../../../shared/model/draft';
import type { Tone } from '../../lib/tone';

/** The badge tone of each draft status (each tone has its own icon, and the label is always shown). */
export const STATUS_TONE: Readonly<Record<DraftStatus, Tone>> = {
  draft: 'neutral',
  ready: 'info',
  submitting: 'busy',
  submitted: 'ok',
  failed: 'error',
  needs_attention: 'warn',
};

/** Tone for a status string from main (unknown values look neutral). */
export function statusTone(status: string): Tone {
  return (STATUS_TONE as Record<string, Tone | undefined>)[status] ?? 'neutral';
}

/** True when the draft may be sent now (not already in flight or done). */
export function canSubmit(d: Pick<DraftSummary, 'status'>): boolean {
  return d.status !== 'submitting' && d.status !== 'submitted';
}

/** True when a submit failed or was interrupted and can be tried again. */
export function canRetry(d: Pick<DraftSummary, 'status'>): boolean {
  return d.status === 'failed' || d.status === 'needs_attention';
}

/** A new selection with `id` toggled. */
export function toggleSelected(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** The "select all" checkbox state for these rows. */
export function selectAllState(ids: readonly string[], selected: ReadonlySet<string>): 'none' | 'some' | 'all' {
  const n = ids.filter((id) => selected.has(id)).length;
  if (n === 0) return 'none';
  return n === ids.length ? 'all' : 'some';
}

/** Clicking "select all": selects every row unless all are already selected (then clears). */
export function toggleAll(ids: readonly string[], selected: ReadonlySet<string>): Set<string> {
  return selectAllState(ids, selected) === 'all' ? new Set() : new Set(ids);
}

/** The selection without IDs that are no longer listed. */
export function pruneSelection(selected: ReadonlySet<string>, drafts: readonly Pick<DraftSummary, 'id'>[]): Set<string> {
  const ids = new Set(drafts.map((d) => d.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

/**
 * The selected drafts that can be submitted, in table order (so a batch runs top to bottom), and those
 * skipped because they are already submitted or in flight.
 */
export function submitPlan(drafts: readonly DraftSummary[], selected: ReadonlySet<string>): { send: DraftSummary[]; skipped: DraftSummary[] } {
  const send: DraftSummary[] = [];
  const skipped: DraftSummary[] = [];
  for (const d of drafts) {
    if (!selected.has(d.id)) continue;
    (canSubmit(d) ? send : skipped).push(d);
  }
  return { send, skipped };
}

/** Counts of one validation run. */
export interface ValidationTotals {
  drafts: number;
  errors: number;
  warnings: number;
  /** Drafts whose validation call itself failed. */
  failed: number;
}

/** Adds up `drafts:validate` outcomes (issues, or null when the call failed). */
export function validationTotals(results: readonly ({ severity: 'error' | 'warning' }[] | null)[]): ValidationTotals {
  let errors = 0;
  let warnings = 0;
  let failed = 0;
  for (const issues of results) {
    if (issues === null) {
      failed += 1;
      continue;
    }
    for (const i of issues) {
      if (i.severity === 'error') errors += 1;
      else warnings += 1;
    }
  }
  return { drafts: results.length, errors, warnings, failed };
}

export { safeFileName } from '../../lib/download';

/** Sorts drafts newest first (by updatedAt), then by title. */
export function sortDrafts(drafts: readonly DraftSummary[]): DraftSummary[] {
  return [...drafts].sort((a, b) => {
    const byTime = Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
    if (Number.isFinite(byTime) && byTime !== 0) return byTime;
    return a.title.localeCompare(b.title);
  });
}
