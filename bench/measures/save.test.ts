import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRAFTS_DIR } from '../../electron/core/state/store';
import { DraftSchema } from '../../shared/model/draft';
import { RATIO_MARGIN } from '../stats';
import { measureSave, must, openBenchCore, rawDurableWrite, seedDrafts } from './save';

const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'bench-save-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('save measure', () => {
  it('the baseline writes exactly the given bytes and leaves no temp file', async () => {
    const dir = temp();
    const target = path.join(dir, 'copy.json');
    const bytes = Buffer.from('{"a":1}\n'.repeat(1000));
    await rawDurableWrite(target, bytes);
    await rawDurableWrite(target, bytes);
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['copy.json']);
  });

  it('seeds schema-valid drafts that survive a reopen of the store', async () => {
    const dir = temp();
    const core = await openBenchCore(dir);
    const drafts = await seedDrafts(core, 30);
    await core.dispose();
    const again = await openBenchCore(dir);
    try {
      expect(again.store.status().state).toBe('ok');
      expect(again.store.get().drafts.map((d) => d.id)).toEqual(drafts.map((d) => d.id));
      for (const d of again.store.get().drafts) expect(DraftSchema.safeParse(d).success).toBe(true);
      const d = drafts[3]!;
      const content = { title: 'edited', target: d.target, step: d.step, listener: d.listener, routing: d.routing };
      const saved = await must<{ revision: number; title: string }>(again, 'drafts:save', { id: d.id, revision: 1, content });
      expect(saved.title).toBe('edited');
      expect(saved.revision).toBe(2);
    } finally {
      await again.dispose();
    }
  });

  it('measures real saves: every run bumps a revision on disk, and the ratio is save ÷ raw write', async () => {
    const dir = temp();
    const row = await measureSave(dir, { drafts: 40, runs: 5 });
    expect(row).toMatchObject({ name: 'save', kind: 'ratio', target: 1.5, runs: 5 });
    // The ratio is the median of the 5 per-pair ratios (save ÷ the raw write of its pair), passing only with margin.
    const spread = row.ratioSpread!;
    expect(spread).toMatchObject({ pairs: 5, margin: RATIO_MARGIN });
    expect(spread.min).toBeLessThanOrEqual(spread.q1);
    expect(spread.q1).toBeLessThanOrEqual(row.ratio!);
    expect(row.ratio!).toBeLessThanOrEqual(spread.q3);
    expect(spread.q3).toBeLessThanOrEqual(spread.max);
    expect(row.pass).toBe(row.ratio! + RATIO_MARGIN <= 1.5 + 1e-9);
    expect(row.note).toContain('median of 5 per-pair ratios');
    const files = readdirSync(path.join(dir, DRAFTS_DIR)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(40);
    const onDisk = files.map((f) => JSON.parse(readFileSync(path.join(dir, DRAFTS_DIR, f), 'utf8')) as { revision: number });
    // 2 warm-up + 5 measured saves.
    expect(onDisk.reduce((n, d) => n + d.revision - 1, 0)).toBe(7);
    expect(existsSync(path.join(dir, 'bench-raw-copy.json'))).toBe(true);
  });
});
