import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { commitState, committedFrom, draftIndex, mainDocOf, mergeState, orderDrafts, type Committed } from './committed';
import { draftsView } from './cow-drafts';
import { defaultAppState, type AppState, type StoreFile } from './schema';
import { testAccount, testDraft } from './test-support/fixtures';

const base = () => {
  const { drafts: _d, ...rest } = defaultAppState();
  return rest;
};
const committed = (ids: string[]): Committed => committedFrom(base(), ids.map((id) => testDraft(id)));
/** The copy an `update()` gives its fn. */
const nextOf = (c: Committed): AppState => ({ ...c.state, accounts: [...c.state.accounts], drafts: draftsView(c.list), settings: { ...c.state.settings } });
const ids = (c: Committed) => c.list.map((d) => d.id);

describe('orderDrafts', () => {
  it('follows the order first (each ID once), then the rest by creation time and ID', () => {
    const byId = new Map<string, Draft>(
      [testDraft('c', '2025-01-03T00:00:00.000Z'), testDraft('b', '2025-01-01T00:00:00.000Z'), testDraft('a', '2025-01-01T00:00:00.000Z'), testDraft('z')].map((d) => [d.id, d]),
    );
    expect(orderDrafts(byId, ['z', 'missing', 'z']).map((d) => d.id)).toEqual(['z', 'a', 'b', 'c']);
  });
});

describe('commitState', () => {
  it('an untouched copy changes nothing and keeps the committed drafts', () => {
    const cur = committed(['d1', 'd2']);
    const d1 = cur.byId.get('d1');
    const next = nextOf(cur);
    void next.drafts[0]!.title; // reached (copied) but not changed
    const r = commitState(cur, next);
    expect(r).toMatchObject({ changed: [], mainChanged: false });
    expect(r.committed.byId.get('d1')).toBe(d1);
    expect(Object.isFrozen(r.committed.state.drafts)).toBe(true);
  });

  it('an edit in place changes that draft only (frozen), and keeps the order index', () => {
    const cur = committed(['d1', 'd2']);
    const index = draftIndex(cur);
    const next = nextOf(cur);
    next.drafts[1]!.title = 'edited';
    const r = commitState(cur, next);
    expect(r).toMatchObject({ changed: ['d2'], mainChanged: false });
    expect(Object.isFrozen(r.committed.byId.get('d2'))).toBe(true);
    expect(r.committed.index).toBe(index);
  });

  it('appends, removals and reorders change the main file (the order); removed IDs are reported and dropped', () => {
    const cur = committed(['d1', 'd2', 'd3']);
    const next = nextOf(cur);
    next.drafts.push(testDraft('d4'));
    const r1 = commitState(cur, next);
    expect(r1).toMatchObject({ changed: ['d4'], mainChanged: true });
    expect(r1.committed.index).toBeNull();
    const n2 = nextOf(r1.committed);
    n2.drafts.splice(0, 1);
    n2.drafts.reverse();
    const r2 = commitState(r1.committed, n2);
    expect(r2.changed).toEqual(['d1']);
    expect(r2.mainChanged).toBe(true);
    expect(ids(r2.committed)).toEqual(['d4', 'd3', 'd2']);
    expect(r2.committed.byId.has('d1')).toBe(false);
  });

  it('main parts: an equal copy is not a change; an account added is', () => {
    const cur = committed(['d1']);
    expect(commitState(cur, nextOf(cur)).mainChanged).toBe(false);
    const next = nextOf(cur);
    next.accounts.push(testAccount('a1'));
    expect(commitState(cur, next).mainChanged).toBe(true);
  });

  it('refuses duplicate or missing IDs and a drafts value that is not an array, changing nothing', () => {
    const cur = committed(['d1', 'd2']);
    const dup = nextOf(cur);
    dup.drafts.push(testDraft('d1'));
    expect(() => commitState(cur, dup)).toThrow(AppFailure);
    const noId = nextOf(cur);
    noId.drafts.push({ ...testDraft('x'), id: '' });
    expect(() => commitState(cur, noId)).toThrow(/non-empty string id/);
    const notArray = { ...nextOf(cur), drafts: {} as Draft[] };
    expect(() => commitState(cur, notArray)).toThrow(/must stay an array/);
    expect(ids(cur)).toEqual(['d1', 'd2']);
    expect([...cur.byId.keys()]).toEqual(['d1', 'd2']);
  });
});

describe('mergeState', () => {
  const doc = (drafts?: Draft[], draftOrder?: string[]): StoreFile => ({ ...mainDocOf(defaultAppState()), drafts, draftOrder });

  it('draft files win over inline copies; inline-only drafts are listed; a draft the log removed stays removed', () => {
    const inFile = { ...testDraft('d1'), title: 'from its file' };
    const warnings: string[] = [];
    const { committed: c, inlineOnly } = mergeState(
      doc([testDraft('d1'), testDraft('d2'), testDraft('gone'), testDraft('d2')]),
      { drafts: new Map([['d1', inFile]]), removed: new Set(['gone']) },
      (m) => warnings.push(m),
    );
    expect(ids(c)).toEqual(['d1', 'd2']);
    expect(c.byId.get('d1')!.title).toBe('from its file');
    expect(inlineOnly).toEqual(['d2']);
    expect(warnings).toEqual(['two inline drafts have the id d2; the first is kept']);
  });

  it('schema 2: the order comes from draftOrder', () => {
    const files = new Map([testDraft('a'), testDraft('b')].map((d) => [d.id, d]));
    expect(ids(mergeState(doc(undefined, ['b', 'a']), { drafts: files, removed: new Set() }, () => undefined).committed)).toEqual(['b', 'a']);
  });
});
