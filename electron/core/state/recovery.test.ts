import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFs } from './durable-file';
import { BACKUP_DIR, QUARANTINE_DIR, Recovery } from './recovery';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS } from './schema';

let dir: string;
let t = Date.parse('2025-03-01T10:00:00.000Z');
let changes = 0;
const make = (maxBackups = 3) =>
  new Recovery({ dir, fs: nodeFs, clock: { now: () => new Date(t) }, maxBackups, renameRetryDelayMs: 1, log: () => undefined, onChange: () => void changes++ });
const good = (tag: string) => JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: [], journal: [], settings: { tag }, drafts: [] });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'elb-recovery-'));
  t = Date.parse('2025-03-01T10:00:00.000Z');
  changes = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('backups', () => {
  it(`keeps exactly maxBackups, newest first, and never overwrites one written in the same millisecond`, async () => {
    const r = make(3);
    await r.makeBackup(good('a'), '');
    await r.makeBackup(good('b'), ''); // same time: gets a counter
    t += 1000;
    await r.makeBackup(good('c'), '');
    expect(r.backups.map((b) => b.file)).toEqual(['elb-desk.2025-03-01T10-00-01.000Z.json', 'elb-desk.2025-03-01T10-00-00.000Z-1.json', 'elb-desk.2025-03-01T10-00-00.000Z.json']);
    expect(r.backups[0]!.savedAt).toBe('2025-03-01T10:00:01.000Z');
    t += 1000;
    await r.makeBackup(good('d'), '.v1');
    expect(r.backups).toHaveLength(3);
    expect(readdirSync(path.join(dir, BACKUP_DIR)).sort()).toEqual(r.backups.map((b) => b.file).sort());
    expect(r.backups[0]!.file).toBe('elb-desk.2025-03-01T10-00-02.000Z.v1.json');
    expect(changes).toBe(4);
    // a fresh instance lists the same
    const again = make(3);
    await again.load();
    expect(again.backups).toEqual(r.backups);
  });

  it('readBackup checks the name and the content', async () => {
    const r = make();
    await r.makeBackup(good('a'), '');
    const name = r.backups[0]!.file;
    expect((await r.readBackup(name, MIGRATIONS)).data.settings).toEqual({ tag: 'a' });
    await expect(r.readBackup('../elb-desk.x.json', MIGRATIONS)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(r.readBackup('notes.txt', MIGRATIONS)).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(r.readBackup('elb-desk.none.json', MIGRATIONS)).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
    writeFileSync(path.join(dir, BACKUP_DIR, 'elb-desk.bad.json'), '{"schemaVersion":');
    await expect(r.readBackup('elb-desk.bad.json', MIGRATIONS)).rejects.toThrow(/cannot be used/);
    writeFileSync(path.join(dir, BACKUP_DIR, 'elb-desk.newer.json'), JSON.stringify({ ...JSON.parse(good('n')), schemaVersion: CURRENT_SCHEMA_VERSION + 1 }));
    await expect(r.readBackup('elb-desk.newer.json', MIGRATIONS)).rejects.toThrow(/newer ELB Desk/);
  });
});

describe('quarantine', () => {
  it('copies bytes under names never reused, newest first in the list', async () => {
    const r = make();
    const a = await r.quarantine(Buffer.from('one'), 'invalid-json');
    const b = await r.quarantine(Buffer.from('two'), 'invalid-json');
    const d = await r.quarantineDraft('abc.json', Buffer.from('three'), 'nul-bytes');
    expect(a).toBe(path.join(QUARANTINE_DIR, 'elb-desk.2025-03-01T10-00-00.000Z.invalid-json.json'));
    expect(b).toBe(path.join(QUARANTINE_DIR, 'elb-desk.2025-03-01T10-00-00.000Z-1.invalid-json.json'));
    expect(d).toBe(path.join(QUARANTINE_DIR, 'draft.abc.2025-03-01T10-00-00.000Z.nul-bytes.json'));
    expect(readFileSync(path.join(dir, a), 'utf8')).toBe('one');
    expect(readFileSync(path.join(dir, b), 'utf8')).toBe('two');
    expect(r.quarantined).toEqual([d, b, a]);
    const again = make();
    mkdirSync(path.join(dir, QUARANTINE_DIR), { recursive: true });
    await again.load();
    expect(again.quarantined).toHaveLength(3);
  });
});
