import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../shared/model/draft';
import { commitOne, commitState, committedFrom, type Committed } from './committed';
import { cloneData, draftCopy, isStoreFrozen } from './cow-drafts';
import { defaultAppState } from './schema';
import { testAccount, testDraft } from './test-support/fixtures';
import { updateCopy } from './update-copy';

const committed = (ids: string[]): Committed => {
  const { drafts: _d, ...rest } = defaultAppState();
  return committedFrom({ ...rest, accounts: [testAccount('a1')] }, ids.map((id) => testDraft(id)));
};

describe('updateCopy', () => {
  it('parts fn never reaches stay the committed ones; reached parts are private copies', () => {
    const cur = committed(['d1', 'd2']);
    const copy = updateCopy(cur);
    const accounts = copy.state.accounts;
    expect(accounts).not.toBe(cur.state.accounts);
    expect(accounts).toEqual(cur.state.accounts);
    expect(copy.state.accounts).toBe(accounts); // copied once
    accounts[0]!.name = 'renamed';
    expect(cur.state.accounts[0]!.name).toBe('Account a1');
    const { next, draftsReached } = copy.settle();
    expect(draftsReached).toBe(false);
    expect(next.accounts).toBe(accounts);
    expect(next.journal).toBe(cur.state.journal);
    expect(next.settings).toBe(cur.state.settings);
    expect(next.drafts).toBe(cur.state.drafts);
    expect(commitState(cur, next).mainChanged).toBe(true);
  });

  it('a part replaced without being read counts as reached; a spread of the state sees every field and copies', () => {
    const cur = committed(['d1']);
    const copy = updateCopy(cur);
    copy.state.journal = [];
    const spread = { ...copy.state };
    expect(Object.keys(spread).sort()).toEqual(['accounts', 'drafts', 'journal', 'schemaVersion', 'settings']);
    expect(spread.settings).not.toBe(cur.state.settings);
    const { next, draftsReached } = copy.settle();
    expect(draftsReached).toBe(true);
    expect(next.journal).toEqual([]);
    expect(next.journal).not.toBe(cur.state.journal);
  });

  it("the drafts view holds the one draft already handed out, at its place", () => {
    const cur = committed(['d1', 'd2', 'd3']);
    const one = { index: 1, draft: draftCopy(cur.list[1]!) };
    const copy = updateCopy(cur, one);
    one.draft.title = 'edited';
    expect(copy.state.drafts[1]).toBe(one.draft);
    expect(copy.state.drafts.map((d) => d.title)).toEqual(['Draft d1', 'edited', 'Draft d3']);
    const { next, draftsReached } = copy.settle();
    expect(draftsReached).toBe(true);
    expect(commitState(cur, next).changed).toEqual(['d2']);
  });
});

describe('commitOne', () => {
  it('commits the one changed draft (frozen in place) without touching the others, keeping the order index', () => {
    const cur = committed(['d1', 'd2', 'd3']);
    const [d1, d3] = [cur.byId.get('d1'), cur.byId.get('d3')];
    const index = new Map([['d1', 0], ['d2', 1], ['d3', 2]]);
    cur.index = index;
    const copy = draftCopy(cur.list[1]!);
    copy.listener.port = 8443;
    const r = commitOne(cur, updateCopy(cur).settle().next, 1, copy);
    expect(r).toMatchObject({ changed: ['d2'], mainChanged: false });
    expect(r.committed.byId.get('d2')).toBe(copy);
    expect(isStoreFrozen(copy)).toBe(true);
    expect(Object.isFrozen(copy.listener)).toBe(true);
    expect(r.committed.list).toEqual([d1, copy, d3]);
    expect(r.committed.state.drafts).toEqual([d1, copy, d3]);
    expect(Object.isFrozen(r.committed.state.drafts)).toBe(true);
    expect(r.committed.index).toBe(index);
    // the previous committed arrays are not changed
    expect(cur.list[1]!.listener.port).not.toBe(8443);
  });

  it('an unchanged copy changes nothing and keeps the committed arrays', () => {
    const cur = committed(['d1', 'd2']);
    const r = commitOne(cur, updateCopy(cur).settle().next, 0, draftCopy(cur.list[0]!));
    expect(r).toMatchObject({ changed: [], mainChanged: false });
    expect(r.committed.list).toBe(cur.list);
    expect(r.committed.state.drafts).toBe(cur.state.drafts);
  });

  it('a copy whose ID fn changed goes through commitState (a removal and an add, duplicates refused)', () => {
    const cur = committed(['d1', 'd2']);
    const moved = draftCopy(cur.list[0]!);
    moved.id = 'd9';
    const r = commitOne(cur, updateCopy(cur).settle().next, 0, moved);
    expect(r.changed.sort()).toEqual(['d1', 'd9']);
    expect(r.committed.list.map((d) => d.id)).toEqual(['d9', 'd2']);
    const cur2 = committed(['d1', 'd2']);
    const dup = draftCopy(cur2.list[0]!);
    dup.id = 'd2';
    expect(() => commitOne(cur2, updateCopy(cur2).settle().next, 0, dup)).toThrow(/two drafts have the id d2/);
    expect(cur2.list.map((d) => d.id)).toEqual(['d1', 'd2']);
  });
});

describe('cloneData', () => {
  it('copies plain data deeply, as structuredClone does', () => {
    const d: Draft = testDraft('x');
    const c = cloneData(d);
    expect(c).toEqual(d);
    expect(c).toStrictEqual(structuredClone(d));
    expect(c.listener).not.toBe(d.listener);
    expect(c.listener.portRanges).not.toBe(d.listener.portRanges);
    expect(cloneData({ a: [1, [2, { b: null }]], u: undefined })).toStrictEqual({ a: [1, [2, { b: null }]], u: undefined });
  });

  it('keeps an own "__proto__" key a key, and copies anything not plain with structuredClone', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as Record<string, unknown>;
    const c = cloneData(parsed);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'k']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const when = new Date(0);
    const m = cloneData({ when, map: new Map([[1, 2]]) });
    expect(m.when).toBeInstanceOf(Date);
    expect(m.when).not.toBe(when);
    expect(m.map.get(1)).toBe(2);
  });
});
