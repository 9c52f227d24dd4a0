import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { healthCheckTiming, healthTimeline, weightsMeaning } from './timeline';
import { healthCheckTiming as fromValidation } from '../validation';

describe('healthTimeline', () => {
  it('is the same formula the wizard line uses (one implementation)', () => {
    expect(fromValidation).toBe(healthCheckTiming);
  });

  it('probes of the default check (interval 5, timeout 3, thresholds 3): marked down and up at 19 s', () => {
    const t = healthTimeline({ interval: 5, timeout: 3, healthyThreshold: 3, unhealthyThreshold: 3 })!;
    expect(t.down.probes).toEqual([
      { n: 1, start: 0, end: 3 },
      { n: 2, start: 8, end: 11 },
      { n: 3, start: 16, end: 19 },
    ]);
    expect(t.down.at).toBe(19);
    expect(t.up.at).toBe(19);
    expect(t.span).toBe(19);
  });

  it('at the limits: interval 50, timeout 49, thresholds 10 and 1', () => {
    const t = healthTimeline({ interval: 50, timeout: 49, healthyThreshold: 1, unhealthyThreshold: 10 })!;
    expect(t.up.at).toBe(49);
    expect(t.down.at).toBe(49 * 10 + 50 * 9);
    expect(t.down.probes).toHaveLength(10);
    expect(t.span).toBe(t.down.at);
  });

  it('null when a figure is missing or not a positive whole number', () => {
    expect(healthTimeline({ interval: null, timeout: 3, healthyThreshold: 3, unhealthyThreshold: 3 })).toBeNull();
    expect(healthTimeline({ interval: 5, timeout: 0, healthyThreshold: 3, unhealthyThreshold: 3 })).toBeNull();
  });

  it('property: the last probe ends exactly when the state changes', () => {
    const n = fc.integer({ min: 1, max: 50 });
    const th = fc.integer({ min: 1, max: 10 });
    fc.assert(
      fc.property(n, n, th, th, (interval, timeout, healthyThreshold, unhealthyThreshold) => {
        const t = healthTimeline({ interval, timeout, healthyThreshold, unhealthyThreshold })!;
        expect(t.down.probes.at(-1)!.end).toBe(t.down.at);
        expect(t.up.probes.at(-1)!.end).toBe(t.up.at);
        expect(t.down.probes).toHaveLength(unhealthyThreshold);
      }),
    );
  });
});

describe('weightsMeaning', () => {
  it('none, normal, some at 0, all at 0', () => {
    expect(weightsMeaning([])).toEqual({ kind: 'none' });
    expect(weightsMeaning([1, 100])).toEqual({ kind: 'normal' });
    expect(weightsMeaning([0, 5, null])).toEqual({ kind: 'someZero', zero: 1, total: 2 });
    expect(weightsMeaning([0, 0])).toEqual({ kind: 'allZero', total: 2 });
  });
});
