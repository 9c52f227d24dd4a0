/**
 * Compares the workbench's list with an existing group's entries: added, removed, unchanged, and entries whose
 * description changes. Entries are matched by what they cover, so `10.0.0.1/32` in the group is the same entry as a
 * typed `10.0.0.1`. An existing entry that does not parse is matched by its exact text.
 */
import type { ApiEntry } from './analyze';
import { coverageKey, parseEntry } from './entry';

export interface EntryChange {
  ip: string;
  description: string;
  /** The text as the group holds it (for removal and for showing it). */
  existingIp?: string;
  previousDescription?: string;
}

export interface GroupDiff {
  added: EntryChange[];
  removed: EntryChange[];
  /** Same entry, new description. */
  changed: EntryChange[];
  unchanged: EntryChange[];
}

function keyOf(ip: string): string {
  const p = parseEntry(ip.trim());
  return typeof p === 'string' ? `raw|${ip}` : coverageKey(p);
}

/** Diff of `desired` against `existing`. */
export function diffEntries(desired: readonly ApiEntry[], existing: readonly ApiEntry[]): GroupDiff {
  const have = new Map<string, ApiEntry>();
  for (const e of existing) if (!have.has(keyOf(e.ip))) have.set(keyOf(e.ip), e);
  const out: GroupDiff = { added: [], removed: [], changed: [], unchanged: [] };
  const seen = new Set<string>();
  for (const d of desired) {
    const k = keyOf(d.ip);
    if (seen.has(k)) continue;
    seen.add(k);
    const h = have.get(k);
    if (!h) out.added.push({ ip: d.ip, description: d.description });
    else if ((h.description ?? '') !== d.description) out.changed.push({ ip: d.ip, description: d.description, existingIp: h.ip, previousDescription: h.description ?? '' });
    else out.unchanged.push({ ip: d.ip, description: d.description, existingIp: h.ip });
  }
  for (const [k, h] of have) if (!seen.has(k)) out.removed.push({ ip: h.ip, description: h.description ?? '', existingIp: h.ip });
  return out;
}
