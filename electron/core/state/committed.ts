/**
 * The store's in-memory state: committed (frozen) drafts with an index by ID, how an `update()`'s copy becomes the
 * next committed state (and which drafts and parts changed), and how a main document and the drafts folder merge
 * into one state. Pure (no I/O).
 */
import { AppFailure } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { deepFreeze, draftsView, isStoreFrozen, isViewCopy, jsonEqual, rawDrafts } from './cow-drafts';
import { CURRENT_SCHEMA_VERSION, type AppState, type StoreFile } from './schema';

/** A state whose drafts are committed: frozen, with an index by ID. */
export interface Committed {
  /** What `get()` returns; its drafts array is a frozen copy of `list`. */
  state: AppState;
  /**
   * The same drafts in a plain array, for the store's own loops: V8 copies and scans a frozen 5,000-element array
   * several times slower than a plain one, and that is on every update's path.
   */
  list: Draft[];
  byId: Map<string, Draft>;
  /** Position of each draft in `list`, built when first needed after the order changed. */
  index: Map<string, number> | null;
}

/** The drafts found in drafts/ with the draft log applied (see drafts-repository.ts). */
export interface FolderDraftsView {
  drafts: Map<string, Draft>;
  /** IDs the draft log says were removed (an inline copy of one must not come back). */
  removed: Set<string>;
}

export function committedFrom(base: Omit<AppState, 'drafts'>, drafts: Draft[]): Committed {
  const byId = new Map<string, Draft>();
  for (const d of drafts) byId.set(d.id, deepFreeze(d));
  return { state: { ...base, schemaVersion: CURRENT_SCHEMA_VERSION, drafts: Object.freeze([...drafts]) as Draft[] }, list: drafts, byId, index: null };
}

/** Order the drafts: first by `order` (IDs), then the others by creation time and ID. Returns the ordered list. */
export function orderDrafts(byId: Map<string, Draft>, order: readonly string[]): Draft[] {
  const out: Draft[] = [];
  const placed = new Set<string>();
  for (const id of order) {
    const d = byId.get(id);
    if (d && !placed.has(id)) {
      out.push(d);
      placed.add(id);
    }
  }
  const rest = [...byId.values()].filter((d) => !placed.has(d.id));
  rest.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.createdAt < b.createdAt ? -1 : 1));
  return out.concat(rest);
}

/** The position of every draft of `cur` (built once per order, then kept on `cur`). */
export function draftIndex(cur: Committed): Map<string, number> {
  if (!cur.index) {
    const index = new Map<string, number>();
    for (let i = 0; i < cur.list.length; i++) index.set(cur.list[i]!.id, i);
    cur.index = index;
  }
  return cur.index;
}

/**
 * The state from a main document and the draft files: drafts in their own files win over drafts held inline;
 * returns the IDs of inline drafts that have no file yet.
 */
export function mergeState(data: StoreFile, folder: FolderDraftsView, warn: (message: string) => void): { committed: Committed; inlineOnly: string[] } {
  const byId = new Map(folder.drafts);
  const inlineOnly: string[] = [];
  for (const d of data.drafts ?? []) {
    if (folder.removed.has(d.id)) continue;
    if (byId.has(d.id)) {
      if (!folder.drafts.has(d.id)) warn(`two inline drafts have the id ${d.id}; the first is kept`);
      continue;
    }
    byId.set(d.id, d);
    inlineOnly.push(d.id);
  }
  const order = data.drafts ? data.drafts.map((d) => d.id) : (data.draftOrder ?? []);
  const drafts = orderDrafts(byId, order);
  return {
    committed: committedFrom({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: data.accounts, journal: data.journal, settings: data.settings }, drafts),
    inlineOnly,
  };
}

/**
 * The committed state after `next` (the copy an `update()`'s fn changed), the IDs of the drafts to write (changed,
 * added or removed) and whether the main file's parts changed. Throws (changing nothing) when the drafts are not an
 * array of objects with distinct string IDs. `cur.byId` is updated in place (it is private to the store).
 */
export function commitState(cur: Committed, next: AppState): { committed: Committed; changed: string[]; mainChanged: boolean } {
  const prev = cur.list;
  const raw = rawDrafts(next.drafts);
  if (!raw) throw new AppFailure('INTERNAL', 'store.update(fn): drafts must stay an array; nothing was changed.');
  const bad = (why: string) => new AppFailure('INTERNAL', `store.update(fn): ${why}; nothing was changed.`);
  const idOf = (v: unknown): string => {
    const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id.length === 0) throw bad('every draft needs a non-empty string id');
    return id;
  };
  const settle = settleDraft;

  const n = raw.length;
  const out: Draft[] = [];
  const upserts: Draft[] = [];
  const removed: string[] = [];
  // Usual cases first, without hashing every ID: drafts edited in place, and drafts appended.
  let i = 0;
  let samePlaces = true;
  for (const common = Math.min(n, prev.length); i < common; i++) {
    const v = raw[i];
    const p = prev[i]!;
    if (v === p) {
      out.push(p);
      continue;
    }
    if (idOf(v) !== p.id) {
      samePlaces = false;
      break;
    }
    const r = settle(v, p);
    out.push(r.d);
    if (r.changed) upserts.push(r.d);
  }
  if (samePlaces && n >= prev.length) {
    const added = new Set<string>();
    for (; i < n; i++) {
      const id = idOf(raw[i]);
      if (cur.byId.has(id) || added.has(id)) throw bad(`two drafts have the id ${id}`);
      added.add(id);
      const r = settle(raw[i], undefined);
      out.push(r.d);
      upserts.push(r.d);
    }
  } else {
    // Reordered, removed or replaced drafts: compare by ID.
    out.length = 0;
    upserts.length = 0;
    const seen = new Set<string>();
    for (const v of raw) {
      const id = idOf(v);
      if (seen.has(id)) throw bad(`two drafts have the id ${id}`);
      seen.add(id);
      const r = settle(v, cur.byId.get(id));
      out.push(r.d);
      if (r.changed) upserts.push(r.d);
    }
    for (const id of cur.byId.keys()) if (!seen.has(id)) removed.push(id);
  }
  // Nothing below throws: apply.
  const orderChanged = n !== prev.length || !samePlaces;
  const { accounts, journal, settings, partsChanged } = settleParts(cur, next);
  // The index is private to the store (get() hands out arrays, never the index): update it in place.
  const byId = cur.byId;
  for (const d of upserts) byId.set(d.id, d);
  for (const id of removed) byId.delete(id);
  return {
    committed: {
      state: { schemaVersion: CURRENT_SCHEMA_VERSION, accounts, drafts: Object.freeze([...out]) as Draft[], journal, settings },
      list: out,
      byId,
      index: orderChanged ? null : cur.index,
    },
    changed: [...upserts.map((d) => d.id), ...removed],
    mainChanged: orderChanged || partsChanged,
  };
}

/**
 * `commitState` for an update that reached one draft only — the private copy `v` of the draft at `index` (see
 * update-copy.ts) — and not the drafts array: no pass over every draft. Falls back to `commitState` when `v` no
 * longer has the committed draft's ID.
 */
export function commitOne(cur: Committed, next: AppState, index: number, v: unknown): { committed: Committed; changed: string[]; mainChanged: boolean } {
  const old = cur.list[index]!;
  if (v !== old && (typeof v !== 'object' || v === null || (v as { id?: unknown }).id !== old.id)) {
    const drafts = draftsView(cur.list);
    drafts[index] = v as Draft;
    return commitState(cur, { ...next, drafts });
  }
  const r = settleDraft(v, old);
  const { accounts, journal, settings, partsChanged } = settleParts(cur, next);
  let list = cur.list;
  let drafts = cur.state.drafts;
  if (r.changed) {
    list = cur.list.slice();
    list[index] = r.d;
    drafts = Object.freeze(list.slice()) as Draft[];
    cur.byId.set(r.d.id, r.d);
  }
  return {
    committed: { state: { schemaVersion: CURRENT_SCHEMA_VERSION, accounts, drafts, journal, settings }, list, byId: cur.byId, index: cur.index },
    changed: r.changed ? [r.d.id] : [],
    mainChanged: partsChanged,
  };
}

/** The committed form of `v`: the committed draft itself when equal, else a frozen draft nobody else can change. */
function settleDraft(v: unknown, old: Draft | undefined): { d: Draft; changed: boolean } {
  if (old !== undefined && v === old) return { d: old, changed: false };
  if (old && jsonEqual(v, old)) return { d: old, changed: false };
  if (isStoreFrozen(v)) return { d: v as Draft, changed: true };
  // A view's copy is private: freeze it in place. Anything else belongs to the caller: freeze a copy.
  return { d: deepFreeze(isViewCopy(v) ? (v as Draft) : (structuredClone(v) as Draft)), changed: true };
}

/** The main file's parts after an update: the committed ones where equal (identity: nothing to write). */
function settleParts(cur: Committed, next: AppState) {
  const accounts = jsonEqual(next.accounts, cur.state.accounts) ? cur.state.accounts : next.accounts;
  const journal = jsonEqual(next.journal, cur.state.journal) ? cur.state.journal : next.journal;
  const settings = jsonEqual(next.settings, cur.state.settings) ? cur.state.settings : next.settings;
  return { accounts, journal, settings, partsChanged: accounts !== cur.state.accounts || journal !== cur.state.journal || settings !== cur.state.settings };
}

/** Everything in one document (main parts + drafts inline): what a backup holds. */
export function bundleOf(s: AppState): string {
  return JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: s.accounts, journal: s.journal, settings: s.settings, drafts: s.drafts });
}

/** The main file's document for a state (drafts by ID only: each has its own file). */
export function mainDocOf(s: AppState): StoreFile {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, accounts: s.accounts, journal: s.journal, settings: s.settings, draftOrder: s.drafts.map((d) => d.id) };
}
