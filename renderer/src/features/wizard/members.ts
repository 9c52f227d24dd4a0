/**
 * Pure edits of the backend server rows of a new group: add, remove, bulk port/weight, and picking servers seen
 * in the cached inventory. Every function returns new arrays and never mutates its input.
 */
import type { MemberDraft } from '../../../../shared/model/draft';
import type { Inventory } from '../../../../shared/model/inventory';

/** The API's default weight for a new backend server. */
export const DEFAULT_WEIGHT = 1;

/** Makes a stable, unique row key (never sent to the API). */
export function newRowId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return 'm-' + c.randomUUID();
  return 'm-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
}

/** A server seen in the inventory (as a member of some pool), offered when adding a row. */
export interface KnownServer {
  /** address + subnet; unique in the list. */
  key: string;
  name: string;
  address: string;
  subnetId: string | null;
  /** The port it most often serves on in the cache, if any. */
  port: number | null;
}

/**
 * The distinct servers (address + subnet) of the cached members, with the most useful name and port, sorted by
 * name then address. Members of every pool count: they are the servers the account is known to have.
 */
export function knownServers(inventory: Pick<Inventory, 'members'> | null): KnownServer[] {
  if (!inventory) return [];
  const byKey = new Map<string, { name: string; address: string; subnetId: string | null; ports: Map<number, number> }>();
  for (const m of inventory.members) {
    if (!m.address) continue;
    const key = `${m.address}|${m.subnetId ?? ''}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { name: m.name, address: m.address, subnetId: m.subnetId, ports: new Map() }));
    if (!entry.name && m.name) entry.name = m.name;
    if (m.port !== null && m.port > 0) entry.ports.set(m.port, (entry.ports.get(m.port) ?? 0) + 1);
  }
  const out: KnownServer[] = [];
  for (const [key, e] of byKey) {
    let port: number | null = null;
    let best = 0;
    for (const [p, n] of e.ports) if (n > best || (n === best && port !== null && p < port)) [port, best] = [p, n];
    out.push({ key, name: e.name, address: e.address, subnetId: e.subnetId, port });
  }
  out.sort((a, b) => (a.name || '\uffff').localeCompare(b.name || '\uffff') || a.address.localeCompare(b.address, 'en', { numeric: true }));
  return out;
}

/** A blank row. Port and weight are taken from the previous row when there is one (the usual case: same app). */
export function blankMember(members: readonly MemberDraft[], makeId: () => string = newRowId): MemberDraft {
  const prev = members[members.length - 1];
  return { rowId: makeId(), name: '', address: '', port: prev?.port ?? null, weight: prev?.weight ?? DEFAULT_WEIGHT, subnetId: null };
}

/** Appends a blank row. */
export function addBlankMember(members: readonly MemberDraft[], makeId: () => string = newRowId): MemberDraft[] {
  return [...members, blankMember(members, makeId)];
}

/**
 * Appends a row for a known server: its address, name and subnet; the port of the previous row, else the port it
 * serves on in the cache; the previous row's weight or 1. Adding the same server twice is allowed (another port):
 * duplicates of address+port are then flagged by validation, not silently dropped.
 */
export function addKnownServer(members: readonly MemberDraft[], server: KnownServer, makeId: () => string = newRowId): MemberDraft[] {
  const prev = members[members.length - 1];
  return [
    ...members,
    {
      rowId: makeId(),
      name: server.name,
      address: server.address,
      port: prev?.port ?? server.port,
      weight: prev?.weight ?? DEFAULT_WEIGHT,
      subnetId: server.subnetId,
    },
  ];
}

/** Removes the row with `rowId`. */
export function removeMember(members: readonly MemberDraft[], rowId: string): MemberDraft[] {
  return members.filter((m) => m.rowId !== rowId);
}

/** Sets the backend port of every row (the console's "batch modify port"). */
export function setPortForAll(members: readonly MemberDraft[], port: number | null): MemberDraft[] {
  return members.map((m) => ({ ...m, port }));
}

/** Sets the weight of every row ("Batch Modify Weights"). 0 is a valid weight: no new connections. */
export function setWeightForAll(members: readonly MemberDraft[], weight: number | null): MemberDraft[] {
  return members.map((m) => ({ ...m, weight }));
}

/** The label of a known server in the picker: "name (address)" or just the address. */
export function knownServerLabel(s: KnownServer): string {
  return s.name && s.name !== s.address ? `${s.name} (${s.address})` : s.address;
}
