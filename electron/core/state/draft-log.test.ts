/**
 * The drafts' write-ahead log: record format, reading a damaged or torn log, the writer's ordering and batching, and
 * the store's use of it (replay at open, checkpoints by time and by size, damaged and newer logs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_LOG_FILE, DraftLogWriter, encodeRecord, latestOf, parseLog } from './draft-log';
import { DRAFTS_DIR, draftFileName, openStore, type Store } from './store';
import { createFaultyFs, sysError } from './test-support/faulty-fs';
import { testDraft } from './test-support/fixtures';

let root: string;
let dir: string;
const stores: Store[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-wal-'));
  dir = path.join(root, 'data');
  mkdirSync(dir, { recursive: true });
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const logPath = () => path.join(dir, DRAFT_LOG_FILE);
const draftPath = (id: string) => path.join(dir, DRAFTS_DIR, draftFileName(id));

async function open(o: { checkpointDelayMs?: number; checkpointBytes?: number } = {}): Promise<Store> {
  const s = await openStore({ dir, renameRetryDelayMs: 2, ...o });
  stores.push(s);
  return s;
}

describe('record format', () => {
  it('a record is one checked line; the log reads back in order, removals included', () => {
    const a = testDraft('a');
    const b = { ...testDraft('b'), title: 'line\nbreak "quoted" ünïcode' };
    const text = [encodeRecord({ id: 'a', draft: a }), encodeRecord({ id: 'b', draft: b }), encodeRecord({ id: 'a', draft: null })].join('');
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    const p = parseLog(Buffer.from(text));
    expect(p).toMatchObject({ badLines: 0, tornTail: false, newerVersion: null });
    expect(p.entries).toEqual([
      { id: 'a', draft: a },
      { id: 'b', draft: b },
      { id: 'a', draft: null },
    ]);
    expect([...latestOf(p.entries)]).toEqual([
      ['b', b],
      ['a', null],
    ]);
    expect(parseLog(Buffer.alloc(0)).entries).toEqual([]);
  });

  it('a torn last line is ignored quietly; a damaged line in the middle is skipped and counted, the records after it still read', () => {
    const r = (id: string, title: string) => encodeRecord({ id, draft: { ...testDraft(id), title } });
    const torn = r('c', 'never acknowledged');
    const p1 = parseLog(Buffer.from(r('a', 'one') + r('b', 'two') + torn.slice(0, torn.length - 40)));
    expect(p1.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(p1).toMatchObject({ badLines: 0, tornTail: true });

    // a write that failed half-way (disk full), then later records: the leading newline keeps them whole
    const p2 = parseLog(Buffer.from(r('a', 'one') + torn.slice(0, 60) + r('b', 'two')));
    expect(p2.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(p2.badLines).toBe(1);

    // one flipped byte fails the check
    const flipped = r('a', 'one').replace('"one"', '"onf"');
    const p3 = parseLog(Buffer.from(flipped + r('b', 'two')));
    expect(p3.entries.map((e) => e.id)).toEqual(['b']);
    expect(p3.badLines).toBe(1);
  });

  it('records that check but are not valid drafts, or name another ID, are skipped; a newer record version is reported', () => {
    const bad = { ...testDraft('x'), revision: -1 };
    const wrongId = encodeRecord({ id: 'y', draft: testDraft('z') });
    const p = parseLog(Buffer.from(encodeRecord({ id: 'x', draft: bad }) + wrongId + encodeRecord({ id: 'ok', draft: testDraft('ok') })));
    expect(p.entries.map((e) => e.id)).toEqual(['ok']);
    expect(p.badLines).toBe(2);
    const json = JSON.stringify({ v: 2, id: 'n', something: 'new' });
    const newer = `\n${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json}\n`;
    expect(parseLog(Buffer.from(newer)).newerVersion).toBe(2);
  });
});

describe('DraftLogWriter', () => {
  it('appends queued together (or while a write is in flight) go in one write and one fsync, in order; latest() follows them', async () => {
    const fs = createFaultyFs();
    const w = new DraftLogWriter(logPath(), { fs });
    await w.append([{ id: 'a', draft: testDraft('a') }]);
    fs.reset();
    const p = [1, 2, 3, 4].map((i) => w.append([{ id: i % 2 ? 'a' : 'b', draft: { ...testDraft(i % 2 ? 'a' : 'b'), revision: i } }]));
    await Promise.all(p);
    expect(fs.calls.filter((c) => c.op === 'write')).toHaveLength(1);
    expect(fs.calls.filter((c) => c.op === 'sync')).toHaveLength(1);
    // while a write is in flight: later appends wait and share the next write
    fs.reset();
    const first = w.append([{ id: 'c', draft: testDraft('c') }]);
    await new Promise((r) => setImmediate(r)); // the first write has started
    const rest = [w.append([{ id: 'd', draft: testDraft('d') }]), w.append([{ id: 'e', draft: testDraft('e') }])];
    await Promise.all([first, ...rest]);
    expect(fs.calls.filter((c) => c.op === 'write').length).toBeLessThanOrEqual(2);
    expect(parseLog(readFileSync(logPath())).entries.slice(-3).map((e) => e.id)).toEqual(['c', 'd', 'e']);
    const entries = parseLog(readFileSync(logPath())).entries;
    expect(entries.slice(0, 5).map((e) => `${e.id}${e.draft?.revision}`)).toEqual([`a${testDraft('a').revision}`, 'a1', 'b2', 'a3', 'b4']);
    const r0 = testDraft('c').revision;
    expect([...w.latest()].map(([id, d]) => `${id}${d?.revision}`)).toEqual(['a3', 'b4', `c${r0}`, `d${r0}`, `e${r0}`]);
    expect(w.size).toBe(statSync(logPath()).size);
    await w.close();
  });

  it('a failed write rejects its callers and leaves what was acknowledged readable; exclusive() holds later appends', async () => {
    const fs = createFaultyFs();
    const w = new DraftLogWriter(logPath(), { fs });
    await w.append([{ id: 'a', draft: testDraft('a') }]);
    fs.reset((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    await expect(w.append([{ id: 'b', draft: testDraft('b') }])).rejects.toMatchObject({ code: 'ENOSPC' });
    fs.reset(null);
    await w.append([{ id: 'c', draft: testDraft('c') }]);
    expect(parseLog(readFileSync(logPath())).entries.map((e) => e.id)).toEqual(['a', 'c']);
    expect([...w.latest().keys()]).toEqual(['a', 'c']);

    const order: string[] = [];
    let release!: () => void;
    const held = w.exclusive(async () => {
      order.push('exclusive start');
      await new Promise<void>((r) => (release = r));
      await w.truncate();
      order.push('exclusive end');
    });
    await new Promise((r) => setTimeout(r, 10));
    const later = w.append([{ id: 'd', draft: testDraft('d') }]).then(() => order.push('append d'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['exclusive start']);
    release();
    await Promise.all([held, later]);
    expect(order).toEqual(['exclusive start', 'exclusive end', 'append d']);
    expect(parseLog(readFileSync(logPath())).entries.map((e) => e.id)).toEqual(['d']);
    expect([...w.latest().keys()]).toEqual(['d']);
    await w.close();
  });
});

describe('the store and its draft log', () => {
  it('a save is in the log at once and in its draft file after the checkpoint delay (no flush needed)', async () => {
    const s = await open({ checkpointDelayMs: 30 });
    await s.update((st) => void st.drafts.push(testDraft('a')));
    expect(parseLog(readFileSync(logPath())).entries.map((e) => e.id)).toEqual(['a']);
    expect(existsSync(draftPath('a'))).toBe(false);
    const t0 = Date.now();
    while (!existsSync(draftPath('a')) && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse(readFileSync(draftPath('a'), 'utf8'))).toMatchObject({ id: 'a' });
    await s.flush();
    expect(statSync(logPath()).size).toBe(0);
  });

  it('a log over checkpointBytes is folded right after the save that grew it', async () => {
    const s = await open({ checkpointDelayMs: 60_000, checkpointBytes: 4000 });
    await s.update((st) => void st.drafts.push(testDraft('a')));
    expect(existsSync(draftPath('a'))).toBe(false);
    await s.update((st) => {
      for (const id of ['b', 'c', 'd']) st.drafts.push(testDraft(id));
    });
    const t0 = Date.now();
    while (statSync(logPath()).size > 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 5));
    expect(readdirSync(path.join(dir, DRAFTS_DIR)).sort()).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
  });

  it('a failing checkpoint keeps the log and is not retried by every save until its back-off has passed', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const fs = createFaultyFs((c) => (c.op === 'rename' && c.path.includes(`${path.sep}${DRAFTS_DIR}${path.sep}`) ? sysError('EACCES', 'rename', c.path) : undefined));
    const s = await openStore({ dir, fs, clock: { now: () => new Date(now) }, checkpointDelayMs: 60_000, checkpointBytes: 1 });
    stores.push(s);
    const tries = () => fs.calls.filter((c) => c.op === 'rename' && c.path.includes(`${path.sep}${DRAFTS_DIR}${path.sep}`)).length;
    await s.update((st) => void st.drafts.push(testDraft('a')));
    while (tries() === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    const first = tries();
    for (let i = 0; i < 5; i++) await s.update((st) => void (st.drafts[0]!.title = `t${i}`));
    await new Promise((r) => setTimeout(r, 50));
    expect(tries()).toBe(first); // backing off
    expect(s.status().state).toBe('ok'); // the edits are safe in the log
    expect(parseLog(readFileSync(logPath())).entries.at(-1)!.draft!.title).toBe('t4');
    fs.reset(null);
    now += 31_000;
    await s.update((st) => void (st.drafts[0]!.title = 'after'));
    const t0 = Date.now();
    while (!existsSync(draftPath('a')) && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 5));
    expect(JSON.parse(readFileSync(draftPath('a'), 'utf8'))).toMatchObject({ title: 'after' });
  });

  it('open applies the log over the draft files (edits and removals) and folds it; a torn last record is dropped quietly', async () => {
    const s = await open();
    await s.update((st) => {
      for (const id of ['a', 'b', 'c']) st.drafts.push(testDraft(id));
    });
    await s.close(); // files written, log empty
    // what a writer killed between its saves and the next checkpoint leaves behind
    const torn = encodeRecord({ id: 'c', draft: { ...testDraft('c'), title: 'never acknowledged' } });
    writeFileSync(
      logPath(),
      encodeRecord({ id: 'a', draft: { ...testDraft('a'), title: 'edited', revision: 2 } }) + encodeRecord({ id: 'b', draft: null }) + torn.slice(0, 50),
    );
    const s2 = await open();
    expect(s2.status()).toMatchObject({ state: 'ok', quarantined: [] });
    expect(s2.get().drafts.map((d) => `${d.id}:${d.title}`)).toEqual(['a:edited', 'c:Draft c']);
    expect(JSON.parse(readFileSync(draftPath('a'), 'utf8'))).toMatchObject({ title: 'edited', revision: 2 });
    expect(existsSync(draftPath('b'))).toBe(false);
    expect(statSync(logPath()).size).toBe(0);
  });

  it('a damaged record in the middle: the others apply, the status says so, and the log bytes are kept in quarantine', async () => {
    const s = await open();
    await s.update((st) => void st.drafts.push(testDraft('a'), testDraft('b')));
    await s.close();
    const bad = encodeRecord({ id: 'a', draft: { ...testDraft('a'), title: 'lost' } }).replace('"lost"', '"lozt"');
    const bytes = bad + encodeRecord({ id: 'b', draft: { ...testDraft('b'), title: 'kept' } });
    writeFileSync(logPath(), bytes);
    const s2 = await open();
    const st = s2.status();
    expect(st.state).toBe('ok');
    expect(st.message).toMatch(/1 record of drafts\.wal did not check/);
    expect(s2.get().drafts.map((d) => `${d.id}:${d.title}`)).toEqual(['a:Draft a', 'b:kept']);
    expect(st.quarantined).toHaveLength(1);
    expect(readFileSync(path.join(dir, st.quarantined[0]!), 'utf8')).toBe(bytes);
  });

  it('a log with records from a newer ELB Desk opens read-only and is left as it is', async () => {
    const s = await open();
    await s.update((st) => void st.drafts.push(testDraft('a')));
    await s.close();
    const json = JSON.stringify({ v: 9, id: 'a', op: 'future' });
    const bytes = `\n${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json}\n`;
    writeFileSync(logPath(), bytes);
    const s2 = await open();
    expect(s2.status().state).toBe('read-only');
    expect(s2.status().message).toMatch(/newer ELB Desk/);
    await expect(s2.update((x) => void x.drafts.pop())).rejects.toMatchObject({ appError: { code: 'READ_ONLY' } });
    await s2.close();
    expect(readFileSync(logPath(), 'utf8')).toBe(bytes);
  });
});
