import { describe, expect, it } from 'vitest';
import { absoluteRow, ratioRow, summarize } from './stats';

describe('bench stats', () => {
  it('takes the median, min and max', () => {
    expect(summarize([5, 1, 3])).toMatchObject({ median: 3, min: 1, max: 5 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5 });
  });
  it('computes pass from the target, never by hand', () => {
    const s = (m: number) => summarize([m, m, m]);
    expect(ratioRow('sync', 'ms', s(120), s(100), 1.2).pass).toBe(true);
    expect(ratioRow('sync', 'ms', s(121), s(100), 1.2).pass).toBe(false);
    expect(absoluteRow('filter', 'ms', s(16.7), 16.7, 16.7).pass).toBe(true);
    expect(absoluteRow('filter', 'ms', s(16.8), 16.7, 16.7)).toMatchObject({ pass: false, ratio: 1.006 });
  });
});
