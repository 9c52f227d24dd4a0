/**
 * Validation of a draft of any kind against the cached inventory, with the creation rules:
 * - create (and clone): the wizard's rules as they are;
 * - edit: the same rules on the editable fields, against the inventory without the listener itself (its own port
 *   is no clash); a listener that had no group may keep none;
 * - delete: a listener the cache does not know is a warning (deleted meanwhile counts as done).
 */
import type { DraftContent } from '../model/draft';
import type { Inventory } from '../model/inventory';
import { buildContext, validateDraft } from '../validation';
import type { Issue } from '../validation/issue';
import { editValidationInventory } from './edit';

export function validateAnyDraft(content: DraftContent, inv: Inventory | null): Issue[] {
  const kind = content.kind ?? 'create';
  if (kind === 'delete') {
    const ids = content.deletion?.listenerIds ?? [];
    if (ids.length === 0) {
      return [{ path: 'deletion.listenerIds', code: 'delete.listeners.required', severity: 'error', message: 'Choose at least one listener to delete.' }];
    }
    if (!inv) return [];
    const known = new Set(inv.listeners.map((l) => l.id));
    return ids
      .filter((id) => !known.has(id))
      .map((id) => ({
        path: 'deletion.listenerIds',
        code: 'delete.listener.unknown',
        severity: 'warning' as const,
        message: `Listener ${id} is not in the cached inventory; it may already be deleted (that counts as done).`,
        params: { listenerId: id },
      }));
  }
  if (kind === 'edit') {
    const edit = content.edit;
    if (!edit) return [{ path: 'edit', code: 'edit.base.missing', severity: 'error', message: 'This edit draft does not say which listener it edits.' }];
    const ctxInv = inv ? editValidationInventory(inv, edit.listenerId) : null;
    const issues = validateDraft(content, buildContext(ctxInv, content.target.loadBalancerId, content.target.region));
    const keepsNoGroup = content.routing.mode === 'existing' && !content.routing.existingPoolId && !edit.base.defaultPoolId;
    return keepsNoGroup ? issues.filter((i) => i.code !== 'routing.existingPoolId.required') : issues;
  }
  return validateDraft(content, buildContext(inv, content.target.loadBalancerId, content.target.region));
}
