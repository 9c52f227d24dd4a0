/**
 * What the Listeners page adds for the listener lifecycle: the rows ticked for Delete selected, and the listeners
 * that drifted (drift:get, read after each inventory change, in a task of its own after the rows are drawn).
 */
import { call } from '../../lib/api/client';

/** Bumped when this window changed what counts as drift ("take live values"), so drift read in an effect is read again. */
const driftEpoch = $state({ value: 0 });

/** Tells every drift reader of this window to read again (after drift:accept). */
export function driftChanged(): void {
  driftEpoch.value++;
}

/** Read inside an effect: the effect runs again after driftChanged(). */
export function trackDrift(): void {
  void driftEpoch.value;
}

export class ListingMarks {
  /** Listener IDs ticked for Delete selected. */
  selected = $state.raw<ReadonlySet<string>>(new Set());
  /** Listener IDs whose live values differ from what ELB Desk last applied. */
  drifted = $state.raw<ReadonlySet<string>>(new Set());

  toggle(id: string, on: boolean): void {
    this.selected = new Set(on ? [...this.selected, id] : [...this.selected].filter((x) => x !== id));
  }

  /** Ticks exactly `ids` (on) or nothing (off). */
  setAll(ids: readonly string[], on: boolean): void {
    this.selected = new Set(on ? ids : []);
  }

  allSelected(ids: readonly string[]): boolean {
    return ids.length > 0 && ids.every((id) => this.selected.has(id));
  }

  clear(): void {
    this.selected = new Set();
  }

  /** Reads the drift of one account and region; returns a cancel function (for an $effect). */
  loadDrift(accountId: string, region: string): () => void {
    trackDrift();
    let live = true;
    const timer = setTimeout(() => {
      void call('drift:get', { accountId, region }).then((r) => {
        if (live && r.ok) this.drifted = new Set(r.value.map((d) => d.listenerId));
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }
}
