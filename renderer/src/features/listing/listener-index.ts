/**
 * The listeners table's data, once per cached inventory: the joined rows, the protocols present, and each sort
 * order computed once. Kept in a WeakMap keyed by the inventory object, so opening the page again (or changing
 * the sort back) never rebuilds them, while a new inventory (after a sync or a reload) gets its own and the old
 * one is dropped with its inventory. `prepareListenerIndex` builds them in idle time, ahead of the first visit.
 */
import type { Inventory } from '../../../../shared/model/inventory';
import { buildListenerRows, protocolsOf, sortListeners, type ListenerRow, type SortState } from './filters';

/** What the rows are joined from. */
export type ListenerSource = Pick<Inventory, 'listeners' | 'loadBalancers' | 'pools' | 'ipGroups'>;

/** The rows of one inventory and their sorted orders (each computed on first use, then kept). */
export class ListenerIndex {
  /** Every listener, in cache order. */
  readonly rows: readonly ListenerRow[];
  #protocols: readonly string[] | null = null;
  readonly #sorted = new Map<string, readonly ListenerRow[]>();

  constructor(source: ListenerSource) {
    this.rows = buildListenerRows(source);
  }

  /** Distinct protocols present, upper-cased and sorted. */
  get protocols(): readonly string[] {
    return (this.#protocols ??= protocolsOf(this.rows));
  }

  /** All rows in `sort` order (the same array every time for the same sort). */
  sorted(sort: SortState): readonly ListenerRow[] {
    const key = `${sort.key}:${sort.dir}`;
    let list = this.#sorted.get(key);
    if (!list) this.#sorted.set(key, (list = sortListeners(this.rows, sort)));
    return list;
  }

  /** True when `sort`'s order is already computed. */
  hasSorted(sort: SortState): boolean {
    return this.#sorted.has(`${sort.key}:${sort.dir}`);
  }
}

const indexes = new WeakMap<ListenerSource, ListenerIndex>();

/** The index of an inventory, built on first use. */
export function listenerIndex(source: ListenerSource): ListenerIndex {
  let index = indexes.get(source);
  if (!index) indexes.set(source, (index = new ListenerIndex(source)));
  return index;
}

/** The index of an inventory if it is built already (never builds). */
export function peekListenerIndex(source: ListenerSource): ListenerIndex | undefined {
  return indexes.get(source);
}

/** Runs a task later; returns a function that cancels it if it has not run yet. */
export type Scheduler = (task: () => void) => () => void;

/** Runs the task in the page's next idle period (at the latest after 1 s); a timer where there is no idle callback. */
export const whenIdle: Scheduler = (task) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => task(), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 1);
  return () => clearTimeout(id);
};

/** Runs the task in a task of its own, as soon as the page's pending work allows. */
export const nextTask: Scheduler = (task) => {
  const id = setTimeout(task, 0);
  return () => clearTimeout(id);
};

/**
 * A scheduler whose first task runs right after the next frame (so the page paints what it has first) and whose
 * later tasks follow in tasks of their own (input is handled between two of them). Unlike idle callbacks, it does
 * not wait for a quiet moment: work prepared this way is done before the user can act on what was just painted.
 */
export function afterPaint(): Scheduler {
  let painted = typeof requestAnimationFrame !== 'function';
  return (task) => {
    if (painted) return nextTask(task);
    let cancelTask: (() => void) | null = null;
    const frame = requestAnimationFrame(() => {
      painted = true;
      cancelTask = nextTask(task);
    });
    return () => {
      cancelAnimationFrame(frame);
      cancelTask?.();
    };
  };
}

/**
 * Builds the index of `source` and its `sort` order ahead of use, one step per scheduled task (the rows and their
 * protocols, then the sort), so no single step blocks the page for long. Steps already done are skipped. `then`,
 * if given, runs in one more step once both are ready. Returns a cancel function.
 */
export function prepareListenerIndex(source: ListenerSource, sort: SortState, schedule: Scheduler = whenIdle, then?: () => void): () => void {
  let cancel: (() => void) | null = null;
  let finished = false;
  const step = (): void => {
    cancel = null;
    const index = peekListenerIndex(source);
    if (!index) {
      void listenerIndex(source).protocols;
      cancel = schedule(step);
    } else if (!index.hasSorted(sort)) {
      index.sorted(sort);
      if (then) cancel = schedule(step);
    } else if (then && !finished) {
      finished = true;
      then();
    }
  };
  const existing = peekListenerIndex(source);
  if (then || !existing || !existing.hasSorted(sort)) cancel = schedule(step);
  return () => {
    cancel?.();
    cancel = null;
  };
}
