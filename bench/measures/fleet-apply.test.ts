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
    expect(row.note).toMatch(/requests per run: \d+ \(app\) vs 18 \(bare\)/);
  }, 60_000);
});
