import { describe, expect, it } from 'vitest';
import { initialRowCount, rootRemPx, uniformSizes } from './virtual-rows';

describe('initialRowCount', () => {
  it('fills the scroller (the window height less 20rem) with 3rem rows, without virtua’s buffer below it', () => {
    // (800 − 300) px / 45 px = 11.1 → 12.
    expect(initialRowCount(800, 15)).toBe(12);
    // (720 − 300) / 45 = 9.3 → 10 (the scroller shows 8 below its ~40 px header row).
    expect(initialRowCount(720, 15)).toBe(10);
    // (2000 − 300) / 45 = 37.8 → 38.
    expect(initialRowCount(2000, 15)).toBe(38);
    // Exactly 10 rows high: 10.
    expect(initialRowCount(750, 15)).toBe(10);
  });

  it('fills the scroller’s 22rem minimum when the window is short', () => {
    // 330 / 45 = 7.3 → 8.
    expect(initialRowCount(500, 15)).toBe(8);
    // 440 / 60 = 7.3 → 8.
    expect(initialRowCount(0, 20)).toBe(8);
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
