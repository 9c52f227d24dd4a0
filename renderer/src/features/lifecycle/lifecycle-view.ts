/**
 * Pure helpers of the lifecycle screens: a field's value as text, what a delete must be confirmed with, the
 * history newest first, and applying remembered values to an edit draft ("re-apply mine").
 */
import type { DraftContent, EditableField, EditableFields } from '../../../../shared/model/draft';
import type { DriftItem, HistoryEntry } from '../../../../shared/model/history';
import type { Inventory, Listener } from '../../../../shared/model/inventory';
import { applyFieldsToContent, NEW_POOL_ID } from '../../../../shared/lifecycle/fields';
import { lt } from './i18n';

type Names = Pick<Inventory, 'pools' | 'ipGroups'> | null;

function groupName(inv: Names, id: string | null): string {
  if (!id) return lt('value.none');
  const g = inv?.ipGroups.find((x) => x.id === id);
  return g ? `${g.name || g.id} (${g.id})` : id;
}

/** One editable field's value as the user reads it (pools and IP groups by name, 0 limits as unlimited). */
export function fieldValueText(field: string, value: unknown, inv: Names): string {
  if (value === null || value === undefined) return lt('value.none');
  switch (field as EditableField) {
    case 'proxyProtocol':
    case 'nat64':
    case 'transparentClientIp':
      return value ? lt('value.on') : lt('value.off');
    case 'maxNewConnections':
    case 'maxConcurrentConnections':
      return value === 0 ? lt('value.unlimited') : String(value);
    case 'idleTimeout':
      return lt('value.seconds', { value: String(value) });
    case 'accessControl': {
      const ac = value as EditableFields['accessControl'];
      if (ac.mode === 'all') return lt('value.all');
      return lt(ac.mode === 'whitelist' ? 'value.whitelist' : 'value.blacklist', { group: groupName(inv, ac.ipGroupId) });
    }
    case 'defaultPoolId': {
      if (value === NEW_POOL_ID) return lt('value.newPool');
      const p = inv?.pools.find((x) => x.id === value);
      return p ? `${p.name || p.id} (${p.id})` : String(value);
    }
    case 'tags': {
      const tags = value as EditableFields['tags'];
      return tags.length === 0 ? lt('value.none') : tags.map((t) => `${t.key}=${t.value}`).join(', ');
    }
    default:
      return value === '' ? lt('value.empty') : String(value);
  }
}

/** The listening port (or ranges) of a listener as text: `3306`, `10000-10100, 20000-20010`. */
export function listenerPortText(l: Pick<Listener, 'port' | 'portRanges'>): string {
  if (l.portRanges.length > 0) return l.portRanges.map((r) => `${r.start}-${r.end}`).join(', ');
  return l.port === null ? '' : String(l.port);
}

/**
 * What the user types to confirm a delete: one listener — its name (or, unnamed, its port); several — their count.
 * The typed text is compared as typed (exactly), never changed.
 */
export function deleteConfirmation(listeners: readonly Pick<Listener, 'name' | 'port' | 'portRanges'>[]): string {
  if (listeners.length === 1) {
    const l = listeners[0]!;
    return l.name !== '' ? l.name : listenerPortText(l);
  }
  return String(listeners.length);
}

/** Does the typed text confirm the delete? One listener: its name or its port; several: their count. */
export function confirmsDelete(typed: string, listeners: readonly Pick<Listener, 'name' | 'port' | 'portRanges'>[]): boolean {
  if (listeners.length === 0 || typed === '') return false;
  if (listeners.length === 1) {
    const l = listeners[0]!;
    return (l.name !== '' && typed === l.name) || typed === listenerPortText(l);
  }
  return typed === String(listeners.length);
}

/** History newest first (main keeps it oldest first). */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** "Re-apply mine": an edit draft's content with the values ELB Desk applied written back over the live ones. */
export function reapplyContent(content: DraftContent, item: DriftItem): DraftContent {
  const next = structuredClone(content);
  const patch: Partial<EditableFields> = {};
  for (const f of item.fields) (patch as Record<string, unknown>)[f.field] = f.applied;
  applyFieldsToContent(next, patch);
  return next;
}
