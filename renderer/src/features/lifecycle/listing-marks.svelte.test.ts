import { describe, expect, it } from 'vitest';
import { ListingMarks } from './listing-marks.svelte';

const runesCompiled = ((): boolean => {
  try {
    new ListingMarks();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!runesCompiled)('ListingMarks (Delete selected)', () => {
  it('ticks and unticks rows, selects exactly the shown ones, and clears', () => {
    const m = new ListingMarks();
    m.toggle('a', true);
    m.toggle('b', true);
    m.toggle('a', false);
    expect([...m.selected]).toEqual(['b']);
    expect(m.allSelected(['b'])).toBe(true);
    expect(m.allSelected(['b', 'c'])).toBe(false);
    expect(m.allSelected([])).toBe(false);
    m.setAll(['c', 'd'], true);
    expect([...m.selected].sort()).toEqual(['c', 'd']);
    m.setAll(['c', 'd'], false);
    expect(m.selected.size).toBe(0);
    m.toggle('x', true);
    m.clear();
    expect(m.selected.size).toBe(0);
  });
});
