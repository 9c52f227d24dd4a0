import { describe, expect, it } from 'vitest';
import { initialRowCount, rootRemPx, uniformSizes } from './virtual-rows';

describe('initialRowCount', () => {
  it('fills the scroller (the window height less 20rem) and virtua’s 200 px buffer with 3rem rows', () => {
    // (800 − 300 + 200) px / 45 px = 15.6 → 16.
    expect(initialRowCount(800, 15)).toBe(16);
    // (720 − 300 + 200) / 45 = 13.8 → 14 (virtua itself mounts 13 there: the header row takes ~40 px).
    expect(initialRowCount(720, 15)).toBe(14);
    // (2000 − 300 + 200) / 45 = 42.2 → 43.
    expect(initialRowCount(2000, 15)).toBe(43);
    // Exactly 12 rows high: 12.
    expect(initialRowCount(640, 15)).toBe(12);
  });

  it('fills the scroller’s 22rem minimum when the window is short', () => {
    // (330 + 200) / 45 = 11.8 → 12.
    expect(initialRowCount(500, 15)).toBe(12);
    // (440 + 200) / 60 = 10.7 → 11.
    expect(initialRowCount(0, 20)).toBe(11);
  });

  it('mounts nothing for a nonsense font size', () => {
    expect(initialRowCount(800, 0)).toBe(0);
    expect(initialRowCount(800, Number.NaN)).toBe(0);
  });
});

describe('uniformSizes', () => {
  it('gives every row the same known size and keeps it as the default', () => {
    const [sizes, fallback] = uniformSizes(4, 45);
    expect(sizes).toEqual([45, 45, 45, 45]);
    expect(fallback).toBe(45);
    expect(uniformSizes(0, 45)[0]).toEqual([]);
    expect(uniformSizes(-3, 45)[0]).toEqual([]);
  });
});

describe('rootRemPx', () => {
  it('falls back to 16 px without a document', () => {
    expect(rootRemPx()).toBe(16);
  });
});
