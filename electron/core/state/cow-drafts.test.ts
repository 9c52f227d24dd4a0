import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../shared/model/draft';
import { deepFreeze, draftsView, isStoreFrozen, isViewCopy, jsonEqual, rawDrafts } from './cow-drafts';
import { testDraft } from './test-support/fixtures';

const committed = () => Object.freeze(['a', 'b', 'c'].map((id) => deepFreeze(testDraft(id)))) as Draft[];

describe('draftsView', () => {
  it('is an array; untouched drafts stay the committed objects; reached ones become private copies, once', () => {
    const base = committed();
    const v = draftsView(base);
    expect(Array.isArray(v)).toBe(true);
    expect(v.length).toBe(3);
    const b = v[1]!;
    expect(b).not.toBe(base[1]);
    expect(isViewCopy(b)).toBe(true);
    expect(Object.isFrozen(b)).toBe(false);
    expect(v[1]).toBe(b);
    b.listener.tags.push({ key: 'k', value: 'v' });
    expect(base[1]!.listener.tags).toEqual([]);
    const raw = rawDrafts(v)!;
    expect(raw[0]).toBe(base[0]);
    expect(raw[1]).toBe(b);
    expect(raw[2]).toBe(base[2]);
  });

  it('iteration, map, at, concat and JSON see copies (correct, if not cheap) and never expose a frozen draft to writes', () => {
    const base = committed();
    const v = draftsView(base);
    for (const d of v) d.title += '!';
    expect(v.map((d) => d.title)).toEqual(['Draft a!', 'Draft b!', 'Draft c!']);
    expect(v.at(-1)!.title).toBe('Draft c!');
    expect(v.concat([]).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect((JSON.parse(JSON.stringify(v)) as Draft[])[0]!.title).toBe('Draft a!');
    expect(base.map((d) => d.title)).toEqual(['Draft a', 'Draft b', 'Draft c']);
  });

  it('predicate methods read without copying; find copies only the match', () => {
    const base = committed();
    const v = draftsView(base);
    const seen: boolean[] = [];
    const found = v.find((d) => {
      seen.push(isStoreFrozen(d));
      return d.id === 'b';
    })!;
    expect(seen).toEqual([true, true]);
    expect(isViewCopy(found)).toBe(true);
    const raw = rawDrafts(v)!;
    expect(raw[0]).toBe(base[0]);
    expect(raw[1]).toBe(found);
    expect(v.some((d) => d.id === 'c')).toBe(true);
    expect(v.findIndex((d) => d.id === 'c')).toBe(2);
    expect(rawDrafts(v)![2]).toBe(base[2]);
    const f = v.filter((d) => d.id !== 'a');
    expect(rawDrafts(f)).toEqual([found, base[2]]);
    f[1]!.title = 'copy in the filtered view';
    expect(base[2]!.title).toBe('Draft c');
  });

  it('length, push, splice and a plain array assigned instead all come back through rawDrafts', () => {
    const v = draftsView(committed());
    v.push(testDraft('d'));
    v.length = 2;
    expect(rawDrafts(v)!.map((d) => (d as Draft).id)).toEqual(['a', 'b']);
    const plain = [testDraft('x')];
    expect(rawDrafts(plain)).toBe(plain);
    expect(rawDrafts('nope')).toBeNull();
  });
});

describe('jsonEqual / deepFreeze', () => {
  it('compares JSON data structurally, key order aside', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });

  it('freezes all the way down', () => {
    const d = deepFreeze(testDraft('z'));
    expect(Object.isFrozen(d.routing.members)).toBe(true);
    expect(Object.isFrozen(d.listener.accessControl)).toBe(true);
    expect(isStoreFrozen(d)).toBe(true);
  });

  it('freezes objects inside arrays inside arrays, and arrays of arrays, as an inventory holds them', () => {
    const inv = deepFreeze({ listeners: [{ id: 'l1', portRanges: [{ start: 1, end: 2 }], tags: [], ipGroup: { id: 'g' } }], grid: [[{ a: 1 }]] });
    const l = inv.listeners[0]!;
    for (const part of [inv, inv.listeners, l, l.portRanges, l.portRanges[0], l.tags, l.ipGroup, inv.grid, inv.grid[0], inv.grid[0]![0]]) expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      (l.portRanges[0] as { start: number }).start = 5;
    }).toThrow(TypeError);
  });
});
