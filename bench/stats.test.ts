import { describe, expect, it } from 'vitest';
import { absoluteRow, failedRow, markdownTable, measurePair, measureRounds, pairedRatioRow, pairRatios, percentile, RATIO_MARGIN, ratioRow, spreadOf, summarize } from './stats';

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
  it('interpolates percentiles between ranks', () => {
    const xs = [10, 1, 4, 3, 2];
    expect(percentile(xs, 50)).toBe(3);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 75)).toBeCloseTo(3.25);
    expect(() => percentile([], 50)).toThrow();
  });
  it('alternates subject and baseline, discarding the warm-up', async () => {
    const order: string[] = [];
    let a = 0;
    let b = 100;
    const r = await measurePair(
      () => {
        order.push('a');
        return ++a;
      },
      () => {
        order.push('b');
        return ++b;
      },
      4,
      1,
    );
    expect(order).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(r.subject.runs).toEqual([2, 3, 4, 5]);
    expect(r.baseline.runs).toEqual([102, 103, 104, 105]);
    expect(r.ratios).toEqual([2 / 102, 3 / 103, 4 / 104, 5 / 105]);
  });
  it('with per-pair ratios: the ratio is their median, the row carries their spread, a pass keeps the margin', () => {
    const s = summarize([100, 100, 100]);
    const ratios = [1.3, 1.1, 1.0, 1.12, 1.2];
    const row = ratioRow('sync', 'ms', s, s, 1.2, undefined, { ratios });
    expect(row.ratio).toBe(1.12);
    expect(row.ratioSpread).toEqual({ q1: 1.1, q3: 1.2, min: 1, max: 1.3, pairs: 5, margin: RATIO_MARGIN });
    expect(row.pass).toBe(true);
    // exactly at the target minus the margin passes; just above does not; at the target does not
    expect(ratioRow('sync', 'ms', s, s, 1.2, undefined, { ratios: [1.2 - RATIO_MARGIN] }).pass).toBe(true);
    expect(ratioRow('sync', 'ms', s, s, 1.2, undefined, { ratios: [1.2 - RATIO_MARGIN + 0.001] }).pass).toBe(false);
    expect(ratioRow('sync', 'ms', s, s, 1.2, undefined, { ratios: [1.2] }).pass).toBe(false);
    expect(ratioRow('sync', 'ms', s, s, 1.2, undefined, { ratios: [1.1], margin: 0.1 }).pass).toBe(true);
    const md = markdownTable([row]);
    expect(md).toContain('| sync | 100 ms | 100–100 | ≤ 1.2× | 100 | 1.12 (IQR 1.1–1.2, 5 pairs) | yes (≤ 1.15) |');
    const json = JSON.parse(JSON.stringify(row)) as { ratioSpread: unknown };
    expect(json.ratioSpread).toMatchObject({ q1: 1.1, q3: 1.2 });
  });
  it('marks a measure that could not be taken as failed, with no value in the JSON', () => {
    const row = failedRow('heap', 'MB', 60, 'absolute', 'no browser');
    expect(row.pass).toBe(false);
    expect(row.note).toContain('no browser');
    const json = JSON.parse(JSON.stringify(row)) as { value: unknown };
    expect(json.value).toBeNull();
    expect(markdownTable([row])).toContain('| heap | not measured |');
  });
  it('prints ratio targets with × and absolute ones with the unit', () => {
    const s = summarize([10, 11, 12]);
    const md = markdownTable([ratioRow('save', 'ms', s, summarize([10, 10, 10]), 1.5), absoluteRow('rss', 'MB', s, 150)]);
    expect(md).toContain('| save | 11 ms | 10–12 | ≤ 1.5× | 10 | 1.1 | yes |');
    expect(md).toContain('| rss | 11 MB | 10–12 | ≤ 150 MB | — | — | yes |');
  });
  it('rotates the order of several measured functions round by round, discarding the warm-up', async () => {
    const order: string[] = [];
    const fn = (name: string, base: number) => {
      let n = base;
      return () => {
        order.push(name);
        return ++n;
      };
    };
    const [a, b, c] = await measureRounds([fn('a', 0), fn('b', 100), fn('c', 200)], 3, 1);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(a!.runs).toEqual([2, 3, 4]);
    expect(b!.runs).toEqual([102, 103, 104]);
    expect(c!.runs).toEqual([202, 203, 204]);
  });
  it('takes per-pair ratios (each subject run over the baseline run of its round)', () => {
    const ratios = pairRatios([110, 120, 130, 150, 200], [100, 100, 100, 100, 100]);
    expect(ratios).toEqual([1.1, 1.2, 1.3, 1.5, 2]);
    expect(() => pairRatios([1, 2], [1])).toThrow(/2 subject runs but 1 baseline/);
  });
  it('takes a paired ratio row from the per-pair ratios: their median, their spread, a pass only with margin', () => {
    // Drift: both runs of a round move together; the medians of the runs alone would give 150 / 150 = 1.
    const subject = summarize([120, 130, 150, 260, 390]);
    const baseline = summarize([100, 100, 150, 200, 300]);
    const row = pairedRatioRow('start', 'ms', subject, baseline, 1.3);
    expect(row).toMatchObject({ value: 150, baseline: 150, ratio: 1.3, kind: 'ratio', ratioSpread: { q1: 1.2, q3: 1.3, min: 1, max: 1.3, pairs: 5, margin: RATIO_MARGIN } });
    // At the target is not a pass: a re-run within ±margin could land above it.
    expect(row.pass).toBe(false);
    expect(pairedRatioRow('start', 'ms', summarize([125, 125, 125]), summarize([100, 100, 100]), 1.3)).toMatchObject({ ratio: 1.25, pass: true });
    expect(pairedRatioRow('start', 'ms', summarize([126, 126, 126]), summarize([100, 100, 100]), 1.3)).toMatchObject({ ratio: 1.26, pass: false });
  });
  it('an absolute row with per-pair ratios reports their median and spread; the pass stays the absolute target', () => {
    const ratios = [1.4, 1.2, 1.3, 1.1, 1.5];
    const at = absoluteRow('ipc', 'ms', summarize([2, 2, 2]), 2, 1.5, undefined, { ratios });
    expect(at).toMatchObject({ kind: 'absolute', ratio: 1.3, pass: true, ratioSpread: { q1: 1.2, q3: 1.4, min: 1.1, max: 1.5, pairs: 5, margin: 0 } });
    expect(absoluteRow('ipc', 'ms', summarize([2.001]), 2, 1.5, undefined, { ratios }).pass).toBe(false);
    // without pairs (or with none) the ratio stays value ÷ baseline and there is no spread
    expect(absoluteRow('ipc', 'ms', summarize([3]), 2, 1.5, undefined, { ratios: [] })).toMatchObject({ ratio: 2, pass: false });
    expect(absoluteRow('ipc', 'ms', summarize([3]), 2, 1.5).ratioSpread).toBeUndefined();
    // no "≤ target − margin" on an absolute row: its target is not a ratio
    expect(markdownTable([at])).toContain('| ipc | 2 ms | 2–2 | ≤ 2 ms | 1.5 | 1.3 (IQR 1.2–1.4, 5 pairs) | yes |');
  });
  it('takes the spread of per-pair ratios without reordering them', () => {
    const ratios = [3, 1, 2];
    expect(spreadOf(ratios, RATIO_MARGIN)).toEqual({ q1: 1.5, q3: 2.5, min: 1, max: 3, pairs: 3, margin: RATIO_MARGIN });
    expect(ratios).toEqual([3, 1, 2]);
  });
});
