import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract';
import { tempDir } from '../test-support';
import { FLEET_JOURNAL_DIR, FleetJournal } from './fleet-journal';

function entry(id: string, draftId: string, state: JournalEntry['state']): JournalEntry {
  return { id, draftId, accountId: 'a', region: 'r', loadBalancerId: 'lb', marker: '', state, steps: [], createdAt: 't', updatedAt: 't' };
}

describe('FleetJournal', () => {
  it('appends one line per save; staged entries reach the disk with the next save, in order; the last line of an entry wins', async () => {
    const dir = tempDir();
    const j = FleetJournal.fresh(dir, 'run1');
    j.stage(entry('e1', 'd1', 'running'));
    expect(j.last('d1')?.state).toBe('running'); // current at once
    await j.save(entry('e2', 'd2', 'running'));
    j.stage(entry('e1', 'd1', 'done'));
    await j.close(); // writes what is staged
    const file = path.join(dir, FLEET_JOURNAL_DIR, 'run1.wal');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
    expect(lines.map((l) => `${l.id}:${l.state}`)).toEqual(['e1:running', 'e2:running', 'e1:done']);
    const again = await FleetJournal.open(dir, 'run1');
    expect(again.last('d1')?.state).toBe('done');
    expect(again.all().map((e) => e.id).sort()).toEqual(['e1', 'e2']);
    await again.remove();
    await expect(FleetJournal.open(dir, 'run1').then((x) => x.size)).resolves.toBe(0);
  });

  it('a line torn by a crash is skipped, and the next append starts on a line of its own', async () => {
    const dir = tempDir();
    const j = FleetJournal.fresh(dir, 'run2');
    await j.save(entry('e1', 'd1', 'running'));
    await j.close();
    const file = path.join(dir, FLEET_JOURNAL_DIR, 'run2.wal');
    appendFileSync(file, JSON.stringify(entry('e1', 'd1', 'done')).slice(0, 40));
    const k = await FleetJournal.open(dir, 'run2');
    expect(k.skipped).toBe(1);
    expect(k.last('d1')?.state).toBe('running');
    await k.save(entry('e3', 'd3', 'done'));
    await k.close();
    const l = await FleetJournal.open(dir, 'run2');
    expect(l.skipped).toBe(1);
    expect(l.last('d3')?.state).toBe('done');
    expect(l.last('d1')?.state).toBe('running');
  });
});
