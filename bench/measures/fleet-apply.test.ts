import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureFleetApply } from './fleet-apply';

describe('fleet-apply measure', () => {
  it('runs a small fleet through the core and the same creates bare, and reports the ratio with request counts', async () => {
    const row = await measureFleetApply({ targets: 6, runs: 1, rttMs: 0, dataDir: () => mkdtempSync(path.join(os.tmpdir(), 'elb-desk-fa-')) });
    expect(row).toMatchObject({ name: 'fleet-apply', kind: 'ratio', target: 1.3, runs: 1 });
    expect(row.ratio).toBeGreaterThan(0);
    const m = /requests per run: (\d+) \(app\) vs 18 \(bare\); the app's: 18 creates \(3 per target/.exec(row.note ?? '');
    expect(m).not.toBeNull();
    // 6 targets over 2 regions: the creates, plus per region 3 lists before and at most 3 after (was 11 per target)
    expect(Number(m![1])).toBeLessThanOrEqual(18 + 12);
    expect(row.ratioSpread?.pairs).toBe(1);
  }, 60_000);
});
