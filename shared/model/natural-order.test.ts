import { describe, expect, it } from 'vitest';
import { byNaturalName, compareSimple, isSimpleName } from './natural-order';

/** The renderer's natural collator (renderer/src/lib/i18n/formats.ts), which compareSimple must agree with. */
const naturalCollator = (): Intl.Collator => new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** A deterministic pseudo-random generator (so a failure can be reproduced). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('compareSimple: the natural collator’s order for plain ASCII names, without the collator', () => {
  it('knows which names it can order', () => {
    expect(['tcp-443', 'svc_2.prod', 'My listener 01', '', 'UDP'].every(isSimpleName)).toBe(true);
    expect(['a/b', 'a,b', 'é', '数据库', 'a+b', 'a\tb'].some(isSimpleName)).toBe(false);
  });

  it('orders like the collator on hand-picked cases: case, numbers, leading zeros, punctuation, prefixes', () => {
    const pairs: Array<[string, string]> = [
      ['a1', 'a01'], ['a00', 'a0'], ['a0', 'a'], ['a', 'A'], ['a-b', 'a_b'], ['a b', 'a-b'], ['a.b', 'a-b'], ['x9', 'x10'],
      ['a', 'a-'], ['a-', 'a0'], ['ab', 'a-b'], ['a1b', 'a1-b'], ['', 'a'], ['', ''], ['tcp-2', 'tcp-10'], ['Svc-1', 'svc-2'],
      ['0', '00'], ['007', '7'], ['10', '9a'], ['a10b', 'a9c'], ['z', '1'], ['.', '_'], [' ', '0'], ['9999999999999999999999', '10000000000000000000000'],
    ];
    const collator = naturalCollator();
    for (const [a, b] of pairs) {
      expect([a, b, sign(compareSimple(a, b))]).toEqual([a, b, sign(collator.compare(a, b))]);
      expect([b, a, sign(compareSimple(b, a))]).toEqual([b, a, sign(collator.compare(b, a))]);
    }
  });

  it('orders like the collator on 20,000 random pairs of names from its alphabet', () => {
    const next = rng(20261204);
    const alphabet = 'aAbBzZ0019 _-.';
    const name = (): string => {
      const n = Math.floor(next() * 9);
      let s = '';
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    };
    const collator = naturalCollator();
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const a = name();
      const b = next() < 0.3 ? a.toUpperCase() : name();
      if (sign(compareSimple(a, b)) !== sign(collator.compare(a, b))) wrong.push(JSON.stringify([a, b]));
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});

describe('byNaturalName: the order of the listing\'s default sort, given by main so the listing needs one pass', () => {
  it('orders by name naturally, empty names last, equal names by ID', () => {
    const items = [
      { id: 'a', name: 'svc-10' },
      { id: 'b', name: '' },
      { id: 'c', name: 'svc-2' },
      { id: 'd', name: 'Svc-2' },
      { id: 'e', name: 'alpha' },
    ];
    expect(byNaturalName(items).map((i) => i.id)).toEqual(['e', 'c', 'd', 'a', 'b']);
    expect(byNaturalName([...items].reverse()).map((i) => i.id)).toEqual(['e', 'c', 'd', 'a', 'b']);
    // The input is left as it was.
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('orders names that are not plain ASCII with the natural collator', () => {
    const items = [{ name: 'é-2' }, { name: 'e-10' }, { name: '数据库' }, { name: 'e-1' }].map((i, n) => ({ ...i, id: String(n) }));
    const expected = [...items].sort((x, y) => naturalCollator().compare(x.name, y.name)).map((i) => i.name);
    expect(byNaturalName(items).map((i) => i.name)).toEqual(expected);
  });
});
