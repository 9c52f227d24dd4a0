import { describe, expect, it } from 'vitest';
import { measureDeletePlan } from './delete-plan';

describe('delete-plan measure', () => {
  it('plans and preflights a delete of many listeners through the core and sends the same GETs bare, and reports the ratio with request counts', async () => {
    const row = await measureDeletePlan({ listeners: 10, runs: 1, rttMs: 0 });
    expect(row).toMatchObject({ name: 'delete-plan', kind: 'ratio', target: 1.3, runs: 1 });
    expect(row.ratio).toBeGreaterThan(0);
    // 10 listeners + 5 groups + 5 server lists, on both sides.
    expect(row.note).toMatch(/requests per run: 20 \(app\) vs 20 \(bare\)/);
    expect(row.note).toContain('live plan of 40 requests');
  }, 60_000);
});
