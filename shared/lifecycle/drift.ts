/**
 * Drift: a listener whose live values differ from what ELB Desk last applied to it (from the history). Pure.
 */
import type { Listener } from '../model/inventory';
import type { DriftItem, HistoryEntry } from '../model/history';
import { diffFields } from './edit';
import { fieldsFromListener } from './fields';

type Applied = NonNullable<HistoryEntry['changes'][number]['after']>;

/** The last finished entry's values per listener (null: its last finished entry deleted it). History is oldest first. */
function lastByListener(history: readonly HistoryEntry[]): Map<string, { entry: HistoryEntry; after: Applied } | null> {
  const last = new Map<string, { entry: HistoryEntry; after: Applied } | null>();
  for (const entry of history) {
    if (entry.result !== 'done') continue;
    for (const ch of entry.changes) last.set(ch.listenerId, ch.after ? { entry, after: ch.after } : null);
  }
  return last;
}

/** What ELB Desk last applied to (or accepted for) a listener, or null. History is oldest first. */
export function lastApplied(history: readonly HistoryEntry[], listenerId: string): Applied | null {
  return lastByListener(history).get(listenerId)?.after ?? null;
}

/**
 * For each listener of the inventory that the history has a finished create/clone/edit/accepted for (and no later
 * delete), the per-field differences between the last applied values and the live ones. History is oldest first.
 * A "take live values" (`accepted`) entry holds the live values as applied, so the listener no longer drifts.
 */
export function computeDrift(listeners: readonly Listener[], history: readonly HistoryEntry[]): DriftItem[] {
  const last = lastByListener(history);
  const out: DriftItem[] = [];
  for (const l of listeners) {
    const applied = last.get(l.id);
    if (!applied) continue;
    const diff = diffFields(applied.after, fieldsFromListener(l));
    if (diff.length === 0) continue;
    out.push({
      listenerId: l.id,
      name: l.name,
      historyId: applied.entry.id,
      appliedAt: applied.entry.at,
      fields: diff.map((d) => ({ field: d.field, label: d.label, applied: d.before, live: d.after })),
    });
  }
  return out;
}
