/**
 * The copy of the state that an `update()`'s fn works on, made as fn reaches its parts: accounts, journal and
 * settings are copied when fn first reads (or replaces) them, the copy-on-write drafts view (cow-drafts.ts) when fn
 * first reaches `s.drafts`. A part fn never reached is the committed one after fn, with nothing to copy or compare.
 * `updateDraft` hands fn one draft's copy directly: when fn does not reach `s.drafts`, only that draft can have
 * changed, and the commit needs no pass over every draft (see `commitOne` in committed.ts).
 */
import type { Draft } from '../../../shared/model/draft';
import type { Committed } from './committed';
import { cloneData, draftsView } from './cow-drafts';
import type { AppState } from './schema';

/** What the proxy's handler needs (one handler for every update: no new shapes or closures per update). */
interface Target extends AppState {
  [LAZY]: Lazy;
}

interface Lazy {
  cur: Committed;
  one: { index: number; draft: Draft } | undefined;
  /** The parts fn reached (their values are then the target's). */
  reached: Set<string>;
}

const LAZY = Symbol('elb-desk.updateCopy');
const PARTS = new Set(['accounts', 'journal', 'settings']);

const handler: ProxyHandler<Target> = {
  get(t, p, receiver) {
    if (typeof p === 'string' && !t[LAZY].reached.has(p)) {
      const lazy = t[LAZY];
      if (PARTS.has(p)) {
        lazy.reached.add(p);
        (t as unknown as Record<string, unknown>)[p] = cloneData((t as unknown as Record<string, unknown>)[p]);
      } else if (p === 'drafts') {
        lazy.reached.add(p);
        const view = draftsView(lazy.cur.list);
        // the draft fn already holds is the one the view gives at its place
        if (lazy.one) view[lazy.one.index] = lazy.one.draft;
        t.drafts = view;
      }
    }
    return Reflect.get(t, p, receiver);
  },
  set(t, p, v, receiver) {
    if (typeof p === 'string') t[LAZY].reached.add(p);
    return Reflect.set(t, p, v, receiver);
  },
};

export interface UpdateCopy {
  /** What fn receives. */
  state: AppState;
  /**
   * After fn: the next state — the parts fn never reached are the committed ones (same identity) — and whether fn
   * reached the drafts array (else `next.drafts` is the committed array, and only the one draft handed out can differ).
   */
  settle(): { next: AppState; draftsReached: boolean };
}

/** The copy of `cur` for one update; `one`: the private copy of the draft at that index, already handed to fn. */
export function updateCopy(cur: Committed, one?: { index: number; draft: Draft }): UpdateCopy {
  const c = cur.state;
  const target = { schemaVersion: c.schemaVersion, accounts: c.accounts, drafts: c.drafts, journal: c.journal, settings: c.settings } as Target;
  // (not enumerable: a spread or JSON of `s` sees the state's own fields only)
  Object.defineProperty(target, LAZY, { value: { cur, one, reached: new Set() } satisfies Lazy });
  return {
    state: new Proxy(target, handler),
    settle() {
      const { schemaVersion, accounts, drafts, journal, settings } = target;
      return { next: { schemaVersion, accounts, drafts, journal, settings }, draftsReached: target[LAZY].reached.has('drafts') };
    },
  };
}
