import { describe, expect, it } from 'vitest';
import type { TargetPreState } from './submit';
import { PreStateCache } from './fleet-prestate';

const state = (active = true): TargetPreState => ({ active, listeners: [], pools: [] });

describe('PreStateCache', () => {
  it('one read for the targets still to start; each state handed out once; a batch older than the limit is read again', async () => {
    let now = 0;
    const reads: string[][] = [];
    const cache = new PreStateCache(
      async (ids) => {
        reads.push(ids);
        return new Map(ids.map((id) => [id, state()]));
      },
      () => now,
      30_000,
    );
    const [a, b] = await Promise.all([cache.forTarget('lb1', () => ['lb2', 'lb3']), cache.forTarget('lb2', () => ['lb3'])]);
    expect(a).toEqual(state());
    expect(b).toEqual(state());
    expect(reads).toEqual([['lb1', 'lb2', 'lb3']]);
    now = 30_000; // exactly at the limit: still fresh
    expect(await cache.forTarget('lb3', () => [])).toEqual(state());
    expect(reads).toHaveLength(1);
    // handed out already: read again (for it and those still to start)
    now = 30_001;
    expect(await cache.forTarget('lb1', () => ['lb4'])).toEqual(state());
    expect(reads.at(-1)).toEqual(['lb1', 'lb4']);
    now = 60_002; // stale: read again even though lb4 is in the batch
    await cache.forTarget('lb4', () => []);
    expect(reads).toHaveLength(3);
  });

  it('a failed read gives nothing (the target reads live) and is not repeated for every target while fresh', async () => {
    let calls = 0;
    const cache = new PreStateCache(
      async () => {
        calls++;
        throw new Error('offline');
      },
      () => 0,
    );
    expect(await cache.forTarget('lb1', () => ['lb2'])).toBeUndefined();
    expect(await cache.forTarget('lb2', () => [])).toBeUndefined();
    expect(calls).toBe(1);
  });
});
