/**
 * edit: open an edit draft from a 10,000-listener cached inventory and compute what the confirm step shows — find the
 * listener, build the draft (`editDraftFromListener`), validate it with the creation rules against the inventory
 * without the listener itself (a fresh context each time, as a new draft gets), change two fields, and compute the
 * field diff and the exact requests. Each run opens a different listener.
 */
import { diffEdit, editDraftFromListener, planEditRequests } from '../../shared/lifecycle/edit';
import { validateAnyDraft } from '../../shared/lifecycle/validate';
import { FIXTURE_LB_ID } from '../../shared/validation/fixtures';
import { absoluteRow, measure, type ResultRow } from '../stats';
import { bigInventory } from './validate';

export async function measureEdit(o: { listeners?: number; runs?: number } = {}): Promise<ResultRow> {
  const n = o.listeners ?? 10_000;
  const inv = bigInventory(n);
  const targets = inv.listeners.filter((l) => l.loadBalancerId === FIXTURE_LB_ID && l.protocol === 'TCP' && l.port !== null && l.ipGroup === null && l.defaultPoolId === null);
  let i = 0;
  let sink = 0;
  const sample = await measure(
    () => {
      const id = targets[(i++ * 7919) % targets.length]!.id;
      const s = performance.now();
      const listener = inv.listeners.find((l) => l.id === id)!;
      const content = editDraftFromListener(listener, inv, '2026-01-01T00:00:00Z');
      const draft = { ...content, id: `edit-${i}`, edit: content.edit! };
      draft.listener.idleTimeout = 900;
      draft.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-3' };
      const issues = validateAnyDraft(draft, inv);
      const diff = diffEdit(draft);
      const plan = planEditRequests(draft, '0123456789abcdef0123456789abcdef');
      const ms = performance.now() - s;
      if (issues.some((x) => x.severity === 'error') || diff.length !== 2 || plan.length !== 1) throw new Error('the edit bench draft is not the expected two-field change');
      sink += diff.length;
      return ms;
    },
    o.runs ?? 15,
    5,
  );
  if (sink < 0) throw new Error('unreachable');
  return absoluteRow(
    'edit',
    'ms',
    sample,
    50,
    null,
    `open an edit draft from ${n.toLocaleString('en')} cached listeners: find it, build the draft, validate with the creation rules ` +
      `(inventory without the listener, fresh context), change idle timeout + whitelist, field diff and the PUT; one listener per run, after 5 warm-ups`,
  );
}
