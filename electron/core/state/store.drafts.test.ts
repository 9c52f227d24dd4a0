/**
 * Schema 2: one file per draft. A save appends the changed drafts to drafts.wal (write + fsync); a checkpoint (a
 * second after the last save, on flush and on close) writes only the changed drafts' files, removes deleted drafts'
 * files and empties the log. A bad draft
 * file is set aside without touching the others; v1 → v2 migration writes the draft files before the main file,
 * and a crash (or a failed write) between the two phases reopens correctly; backups hold everything.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { DraftSchema, type Draft } from '../../../shared/model/draft';
import { DRAFT_LOG_FILE, DRAFTS_DIR, draftFileName, openStore, STORE_FILE, type Store } from './store';
import { CURRENT_SCHEMA_VERSION, StoreFileSchema } from './schema';
import { parseLog } from './draft-log';
import { createFaultyFs, sysError, type FaultyFs } from './test-support/faulty-fs';
import { testAccount, testDraft } from './test-support/fixtures';

let root: string;
let dir: string;
let t = Date.parse('2025-03-01T10:00:00.000Z');
const clock = { now: () => new Date(t) };
const stores: Store[] = [];

async function open(opts: { fs?: FaultyFs; onStatus?: (s: StoreStatus) => void } = {}): Promise<Store> {
  const s = await openStore({ dir, clock, renameRetryDelayMs: 2, ...opts });
  stores.push(s);
  return s;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-drafts-'));
  dir = path.join(root, 'data');
  t = Date.parse('2025-03-01T10:00:00.000Z');
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const main = () => path.join(dir, STORE_FILE);
const draftPath = (id: string) => path.join(dir, DRAFTS_DIR, draftFileName(id));
const readDraft = (id: string) => JSON.parse(readFileSync(draftPath(id), 'utf8')) as Draft;
/** What a draft is on disk, as open() sees it: its file, with the records of drafts.wal applied over it. */
const diskDraft = (id: string): Draft | null => {
  let d: Draft | null = existsSync(draftPath(id)) ? readDraft(id) : null;
  const log = path.join(dir, DRAFT_LOG_FILE);
  if (existsSync(log)) for (const e of parseLog(readFileSync(log)).entries) if (e.id === id) d = e.draft;
  return d;
};
const draftFiles = () => readdirSync(path.join(dir, DRAFTS_DIR)).filter((n) => !n.startsWith('.')).sort();
const ids = (s: Store) => s.get().drafts.map((d) => d.id);

async function seed(n: number): Promise<Store> {
  const s = await open();
  await s.update((st) => {
    for (let i = 0; i < n; i++) st.drafts.push(testDraft(`d${i}`));
  });
  await s.flush(); // the draft files are written
  return s;
}

describe('one file per draft', () => {
  it('a draft edit writes only that draft file (compact JSON); the main file and the other drafts are untouched', async () => {
    const s = await seed(5);
    const fs = createFaultyFs();
    await s.close();
    const s2 = await open({ fs });
    const mainBefore = readFileSync(main());
    const othersBefore = ['d0', 'd1', 'd3', 'd4'].map((id) => readFileSync(draftPath(id)));
    fs.reset();
    const rev = await s2.update((st) => {
      const d = st.drafts.find((x) => x.id === 'd2')!;
      d.title = 'edited';
      d.revision += 1;
      return d.revision;
    });
    expect(rev).toBe(2);
    // acknowledged once appended to the log: one write and one fsync, no rename (the first append of a process also
    // fsyncs the data folder, in case it created the log)
    expect(fs.calls.filter((c) => ['write', 'sync', 'rename'].includes(c.op)).map((c) => `${c.op} ${path.basename(c.path)}`)).toEqual([
      'sync data',
      `write ${DRAFT_LOG_FILE}`,
      `sync ${DRAFT_LOG_FILE}`,
    ]);
    fs.reset();
    await s2.flush(); // the checkpoint
    const written = fs.calls.filter((c) => c.op === 'rename').map((c) => path.basename(c.path.split(' -> ')[1]!));
    expect(written).toEqual(['d2.json']);
    expect(statSync(path.join(dir, DRAFT_LOG_FILE)).size).toBe(0);
    expect(readFileSync(main())).toEqual(mainBefore);
    expect(['d0', 'd1', 'd3', 'd4'].map((id) => readFileSync(draftPath(id)))).toEqual(othersBefore);
    const text = readFileSync(draftPath('d2'), 'utf8');
    expect(text).not.toContain('\n');
    expect(DraftSchema.parse(JSON.parse(text))).toMatchObject({ id: 'd2', title: 'edited', revision: 2 });
    // the main file is compact too, holds no drafts, and keeps their order
    const doc = JSON.parse(readFileSync(main(), 'utf8')) as Record<string, unknown>;
    expect(readFileSync(main(), 'utf8')).not.toContain('\n');
    expect(doc.drafts).toBeUndefined();
    expect(doc.draftOrder).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
  });

  it('an update that only reads drafts (index access, iteration, find) writes nothing', async () => {
    const s = await seed(3);
    const fs = createFaultyFs();
    await s.close();
    const s2 = await open({ fs });
    fs.reset();
    const titles = await s2.update((st) => {
      const a = st.drafts[0]!.title;
      const b = st.drafts.find((d) => d.id === 'd1')!.title;
      return [a, b, ...st.drafts.map((d) => d.title)];
    });
    expect(titles).toEqual(['Draft d0', 'Draft d1', 'Draft d0', 'Draft d1', 'Draft d2']);
    expect(fs.calls.filter((c) => c.op === 'open' || c.op === 'rename' || c.op === 'unlink')).toEqual([]);
  });

  it('an account change writes only the main file', async () => {
    const s = await seed(3);
    const before = draftFiles().map((f) => statSync(path.join(dir, DRAFTS_DIR, f)).mtimeMs);
    await new Promise((r) => setTimeout(r, 15));
    await s.update((st) => void st.accounts.push(testAccount('a1')));
    expect(draftFiles().map((f) => statSync(path.join(dir, DRAFTS_DIR, f)).mtimeMs)).toEqual(before);
    expect((JSON.parse(readFileSync(main(), 'utf8')) as { accounts: { id: string }[] }).accounts.map((a) => a.id)).toEqual(['a1']);
  });

  it('a deleted draft’s file is gone, also after reopening; the order of the rest is kept', async () => {
    const s = await seed(4);
    await s.update((st) => {
      st.drafts = st.drafts.filter((d) => d.id !== 'd1');
    });
    await s.flush();
    expect(existsSync(draftPath('d1'))).toBe(false);
    await s.update((st) => {
      const i = st.drafts.findIndex((d) => d.id === 'd3');
      st.drafts.splice(i, 1);
    });
    await s.flush();
    expect(draftFiles()).toEqual(['d0.json', 'd2.json']);
    await s.close();
    const s2 = await open();
    expect(ids(s2)).toEqual(['d0', 'd2']);
    expect(draftFiles()).toEqual(['d0.json', 'd2.json']);
  });

  it('keeps the drafts’ order across reopen, including a reorder (which rewrites only the main file)', async () => {
    const s = await seed(4);
    await s.update((st) => {
      st.drafts.reverse();
    });
    await s.update((st) => {
      st.drafts.unshift(testDraft('first'));
    });
    await s.close();
    const s2 = await open();
    expect(ids(s2)).toEqual(['first', 'd3', 'd2', 'd1', 'd0']);
  });

  it('IDs that are not plain file names are hashed into safe names and load back', async () => {
    const s = await open();
    const odd = ['../../etc/passwd', 'Upper-Case', 'ünïcode', 'a b'];
    await s.update((st) => {
      for (const id of odd) st.drafts.push(testDraft(id));
    });
    await s.flush();
    for (const f of draftFiles()) expect(f).toMatch(/^h\.[0-9a-f]{40}\.json$/);
    expect(draftFiles()).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(['drafts', DRAFT_LOG_FILE, 'elb-desk.json', 'elb-desk.lock']);
    expect(readdirSync(root)).toEqual(['data']);
    await s.close();
    const s2 = await open();
    expect(ids(s2)).toEqual(odd);
    expect(s2.status().quarantined).toEqual([]);
  });
});

describe('update() semantics with copy-on-write drafts', () => {
  it('get() snapshots never change; committed drafts are frozen; fn edits copies', async () => {
    const s = await seed(3);
    const snap = s.get();
    const d1 = snap.drafts[1]!;
    await s.update((st) => {
      const d = st.drafts.find((x) => x.id === 'd1')!;
      expect(d).not.toBe(d1);
      d.title = 'new';
      d.listener.port = 8080;
      st.drafts.push(testDraft('d3'));
    });
    expect(d1.title).toBe('Draft d1');
    expect(d1.listener.port).toBeNull();
    expect(snap.drafts.map((d) => d.id)).toEqual(['d0', 'd1', 'd2']);
    expect(s.get().drafts[1]).toMatchObject({ title: 'new', listener: { port: 8080 } });
    expect(() => {
      (s.get().drafts[1] as { title: string }).title = 'sneaky';
    }).toThrow(TypeError);
    expect(() => {
      s.get().drafts[1]!.listener.portRanges.push({ start: 1, end: 2 });
    }).toThrow(TypeError);
    expect(() => {
      (s.get().drafts as Draft[]).push(testDraft('x'));
    }).toThrow(TypeError);
    await s.flush();
    expect(readDraft('d1').title).toBe('new');
  });

  it('a caller’s draft object pushed into the state is copied, not frozen under the caller', async () => {
    const s = await open();
    const mine = testDraft('mine');
    await s.update((st) => void st.drafts.push(mine));
    mine.title = 'changed by the caller later';
    expect(s.get().drafts[0]!.title).toBe('Draft mine');
    await s.flush();
    expect(readDraft('mine').title).toBe('Draft mine');
  });

  it('a throwing fn changes nothing (drafts included); duplicate or missing IDs are refused', async () => {
    const s = await seed(2);
    const before = s.get();
    await expect(
      s.update((st) => {
        st.drafts.find((d) => d.id === 'd0')!.title = 'lost';
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(s.get()).toBe(before);
    expect(readDraft('d0').title).toBe('Draft d0');
    await expect(s.update((st) => void st.drafts.push(testDraft('d0')))).rejects.toMatchObject({ appError: { code: 'INTERNAL' } });
    await expect(s.update((st) => void st.drafts.push({ ...testDraft('x'), id: '' }))).rejects.toMatchObject({ appError: { code: 'INTERNAL' } });
    await expect(
      s.update((st) => {
        st.drafts = [st.drafts[0]!, st.drafts[0]!];
      }),
    ).rejects.toMatchObject({ appError: { code: 'INTERNAL' } });
    expect(s.get()).toBe(before);
    expect(draftFiles()).toEqual(['d0.json', 'd1.json']);
  });

  it('predicates see the drafts read-only; filter/slice/sort/splice/shift/pop/indexOf behave like an array', async () => {
    const s = await seed(5);
    await expect(
      s.update((st) => {
        st.drafts.some((d) => {
          d.title = 'written in a predicate';
          return false;
        });
      }),
    ).rejects.toThrow(TypeError);
    expect(readDraft('d0').title).toBe('Draft d0');
    await s.update((st) => {
      const kept = st.drafts.filter((d) => d.id !== 'd2');
      kept[0]!.title = 'via filter';
      st.drafts = kept;
      const tail = st.drafts.slice(-1)[0]!;
      tail.title = 'via slice (a copy of the list)';
      const found = st.drafts.find((d) => d.id === 'd3')!;
      expect(st.drafts.indexOf(found)).toBe(2);
      expect(st.drafts.includes(found)).toBe(true);
      const [removed] = st.drafts.splice(st.drafts.indexOf(found), 1);
      removed!.title = 'removed copy';
      const first = st.drafts.shift()!;
      first.title = 'shifted, then pushed back';
      st.drafts.push(first);
      st.drafts.sort((a, b) => (a.id < b.id ? 1 : -1));
      expect(st.drafts.pop()!.id).toBe('d0');
      expect(st.drafts.every((d) => d.id !== 'd2')).toBe(true);
      expect(st.drafts.findLastIndex((d) => d.id === 'd1')).toBe(1);
    });
    expect(ids(s)).toEqual(['d4', 'd1']);
    expect(s.get().drafts[0]!.title).toBe('Draft d4');
    await s.flush();
    expect(draftFiles()).toEqual(['d1.json', 'd4.json']);
    await s.close();
    const s2 = await open();
    expect(ids(s2)).toEqual(['d4', 'd1']);
  });

  it('updateDraft finds the draft by ID through the index, also after reorders, inserts and removals', async () => {
    const s = await seed(4);
    await s.updateDraft('d2', (d) => void (d!.title = 'two'));
    await s.update((st) => void st.drafts.reverse()); // order changed: the index is rebuilt
    await s.updateDraft('d2', (d) => void (d!.listener.port = 8080));
    await s.update((st) => void st.drafts.unshift(testDraft('new')));
    await s.update((st) => void (st.drafts = st.drafts.filter((d) => d.id !== 'd3')));
    const seen = await s.updateDraft('d0', (d, st) => {
      d!.title = 'zero';
      return st.drafts.length;
    });
    expect(seen).toBe(4);
    expect(await s.updateDraft('d3', (d) => d)).toBeUndefined();
    expect(s.get().drafts.map((d) => `${d.id}:${d.title}`)).toEqual(['new:Draft new', 'd2:two', 'd1:Draft d1', 'd0:zero']);
    expect(s.getDraft('d2')).toMatchObject({ title: 'two', listener: { port: 8080 } });
    expect(Object.isFrozen(s.getDraft('d2'))).toBe(true);
    await s.close();
    const s2 = await open();
    expect(s2.get().drafts.map((d) => `${d.id}:${d.title}`)).toEqual(['new:Draft new', 'd2:two', 'd1:Draft d1', 'd0:zero']);
  });

  it('replacing a draft with an equal object or assigning equal values writes nothing', async () => {
    const s = await seed(2);
    const fs = createFaultyFs();
    await s.close();
    const s2 = await open({ fs });
    fs.reset();
    await s2.update((st) => {
      st.drafts[0] = structuredClone(st.drafts[0]!);
      st.drafts[1]!.title = `${st.drafts[1]!.title}`;
    });
    await s2.flush();
    expect(fs.calls.filter((c) => c.op === 'rename' || c.op === 'write')).toEqual([]);
  });
});

describe('a bad draft file', () => {
  const good = (id: string) => JSON.stringify(testDraft(id));
  const VARIANTS: { name: string; bytes: (id: string) => Buffer; reason: string; says: RegExp }[] = [
    { name: 'truncated', bytes: (id) => Buffer.from(good(id).slice(0, 100)), reason: 'invalid-json', says: /not valid JSON/ },
    { name: 'NUL-filled', bytes: () => Buffer.alloc(2048, 0), reason: 'nul-bytes', says: /NUL byte/ },
    { name: 'empty', bytes: () => Buffer.alloc(0), reason: 'empty', says: /empty/ },
    { name: 'null', bytes: () => Buffer.from('null'), reason: 'not-an-object', says: /holds null/ },
    { name: 'schema-invalid', bytes: (id) => Buffer.from(JSON.stringify({ ...testDraft(id), revision: -1 })), reason: 'schema-invalid', says: /revision/ },
    { name: 'another draft under this name', bytes: () => Buffer.from(good('someone-else')), reason: 'wrong-name', says: /holds the draft someone-else/ },
  ];

  it.each(VARIANTS)('$name: set aside with its original bytes, named in the status; the other drafts load; state stays ok', async ({ bytes, reason, says }) => {
    const s = await seed(3);
    await s.close();
    const bad = bytes('d1');
    writeFileSync(draftPath('d1'), bad);
    const statuses: StoreStatus[] = [];
    const s2 = await open({ onStatus: (x) => statuses.push(x) });
    const st = s2.status();
    expect(st.state).toBe('ok');
    expect(ids(s2)).toEqual(['d0', 'd2']);
    expect(st.message).toMatch(says);
    expect(st.message).toContain(`${DRAFTS_DIR}/d1.json`);
    expect(st.quarantined).toHaveLength(1);
    expect(st.quarantined[0]).toMatch(new RegExp(`^quarantine/draft\\.d1\\..+\\.${reason}\\.json$`));
    expect(st.message).toContain(st.quarantined[0]!);
    expect(readFileSync(path.join(dir, st.quarantined[0]!))).toEqual(bad);
    expect(existsSync(draftPath('d1'))).toBe(false);
    expect(statuses.some((x) => x.message?.includes('d1.json'))).toBe(true);
    // the store works normally; the next open finds nothing to set aside
    await s2.update((x) => void x.drafts.push(testDraft('d9')));
    await s2.close();
    const s3 = await open();
    expect(s3.status().message).toBeNull();
    expect(ids(s3)).toEqual(['d0', 'd2', 'd9']);
    expect(readdirSync(path.join(dir, 'quarantine'))).toHaveLength(1);
  });

  it('a newer (read-only) data folder leaves a bad draft file where it is', async () => {
    const s = await seed(2);
    await s.close();
    writeFileSync(draftPath('d0'), 'null');
    const doc = JSON.parse(readFileSync(main(), 'utf8')) as Record<string, unknown>;
    writeFileSync(main(), JSON.stringify({ ...doc, schemaVersion: CURRENT_SCHEMA_VERSION + 1 }));
    const s2 = await open();
    expect(s2.status().state).toBe('read-only');
    expect(ids(s2)).toEqual(['d1']);
    expect(s2.status().message).toMatch(/d0\.json could not be used.*left in place/);
    expect(readFileSync(draftPath('d0'), 'utf8')).toBe('null');
  });
});

describe('migration from schema 1 (drafts inside elb-desk.json)', () => {
  const v1 = (drafts: Draft[]) =>
    JSON.stringify({ schemaVersion: 1, accounts: [testAccount('acc')], drafts, journal: [], settings: { language: 'en' } }, null, 2);

  it('writes every draft to its own file, then the main file without them; keeps the v1 bytes as a backup', async () => {
    mkdirSync(dir, { recursive: true });
    const drafts = Array.from({ length: 30 }, (_, i) => testDraft(`m${i}`));
    const bytes = v1(drafts);
    writeFileSync(main(), bytes);
    const fs = createFaultyFs();
    const s = await open({ fs });
    expect(s.status().state).toBe('ok');
    expect(ids(s)).toEqual(drafts.map((d) => d.id));
    const doc = StoreFileSchema.parse(JSON.parse(readFileSync(main(), 'utf8')));
    expect(doc).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, settings: { language: 'en' }, draftOrder: drafts.map((d) => d.id) });
    expect(doc.drafts).toBeUndefined();
    // every draft was durable in drafts.wal (written and fsynced) before the main file was replaced without them
    const mainRename = fs.calls.find((c) => c.op === 'rename' && c.path.endsWith(` -> ${main()}`))!.n;
    const logSync = fs.calls.find((c) => c.op === 'sync' && c.path === path.join(dir, DRAFT_LOG_FILE))!.n;
    expect(logSync).toBeLessThan(mainRename);
    for (const d of drafts) expect(diskDraft(d.id)).toEqual(d);
    // then the checkpoint writes every draft file and empties the log
    await s.flush();
    const renames = fs.calls.filter((c) => c.op === 'rename' && c.n > mainRename).map((c) => path.basename(c.path.split(' -> ')[1]!));
    expect(renames.sort()).toEqual(drafts.map((d) => `${d.id}.json`).sort());
    for (const d of drafts) expect(readDraft(d.id)).toEqual(d);
    expect(statSync(path.join(dir, DRAFT_LOG_FILE)).size).toBe(0);
    const b = s.status().backups;
    expect(b).toHaveLength(1);
    expect(b[0]!.file).toMatch(/\.v1\.json$/);
    expect(readFileSync(path.join(dir, 'backups', b[0]!.file), 'utf8')).toBe(bytes);
  });

  it('a crash between the phases (draft files written, main file still v1) reopens with every draft; the draft file wins', async () => {
    mkdirSync(path.join(dir, DRAFTS_DIR), { recursive: true });
    const drafts = [testDraft('x0'), testDraft('x1'), testDraft('x2')];
    writeFileSync(main(), v1(drafts));
    // phase 1 finished for x0 and x1 (x1 was edited after, so its file is newer than the inline copy); x2 not yet
    writeFileSync(draftPath('x0'), JSON.stringify(drafts[0]));
    writeFileSync(draftPath('x1'), JSON.stringify({ ...drafts[1], title: 'newer in its own file', revision: 5 }));
    const s = await open();
    expect(s.status().state).toBe('ok');
    expect(ids(s)).toEqual(['x0', 'x1', 'x2']);
    expect(s.get().drafts[1]).toMatchObject({ title: 'newer in its own file', revision: 5 });
    await s.flush();
    expect(readDraft('x2')).toEqual(drafts[2]);
    expect(readDraft('x1').title).toBe('newer in its own file');
    expect(JSON.parse(readFileSync(main(), 'utf8'))).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, draftOrder: ['x0', 'x1', 'x2'] });
  });

  it('the main file failing to save after phase 1 leaves v1 + draft files on disk (a crash between the phases); the next open finishes', async () => {
    mkdirSync(dir, { recursive: true });
    const drafts = [testDraft('y0'), testDraft('y1')];
    const bytes = v1(drafts);
    writeFileSync(main(), bytes);
    const fs = createFaultyFs((c) => (c.op === 'rename' && c.path.endsWith(` -> ${main()}`) ? sysError('EIO', 'rename', c.path) : undefined));
    const s = await open({ fs });
    expect(s.status()).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(ids(s)).toEqual(['y0', 'y1']);
    expect(readFileSync(main(), 'utf8')).toBe(bytes);
    await s.flush();
    for (const d of drafts) expect(readDraft(d.id)).toEqual(d);
    await s.close();
    const s2 = await open();
    expect(s2.status().state).toBe('ok');
    expect(ids(s2)).toEqual(['y0', 'y1']);
    expect(JSON.parse(readFileSync(main(), 'utf8'))).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, draftOrder: ['y0', 'y1'] });
  });

  it('drafts failing to save (disk full) never lets the main file drop them; retry finishes the migration', async () => {
    mkdirSync(dir, { recursive: true });
    const drafts = [testDraft('z0'), testDraft('z1'), testDraft('z2')];
    const bytes = v1(drafts);
    writeFileSync(main(), bytes);
    const draftBytes = (p: string) => p.includes(`${path.sep}${DRAFTS_DIR}${path.sep}`) || p.endsWith(`${path.sep}${DRAFT_LOG_FILE}`);
    const full = (c: { op: string; path: string }) => (c.op === 'write' && draftBytes(c.path) ? sysError('ENOSPC', 'write', c.path) : undefined);
    const fs = createFaultyFs(full);
    const s = await open({ fs });
    expect(s.status()).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(s.status().message).toContain('ENOSPC');
    expect(readFileSync(main(), 'utf8')).toBe(bytes);
    // an unrelated update is kept in memory and does not rewrite the main file either
    const e = await s.update((st) => void st.accounts.push(testAccount('later'))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppFailure);
    expect((e as AppFailure).appError.code).toBe('STORE_WRITE');
    expect(readFileSync(main(), 'utf8')).toBe(bytes);
    fs.reset(null);
    expect((await s.retry()).state).toBe('ok');
    await s.flush();
    for (const d of drafts) expect(readDraft(d.id)).toEqual(d);
    const doc = JSON.parse(readFileSync(main(), 'utf8')) as { accounts: { id: string }[]; draftOrder: string[]; drafts?: unknown };
    expect(doc.drafts).toBeUndefined();
    expect(doc.draftOrder).toEqual(['z0', 'z1', 'z2']);
    expect(doc.accounts.map((a) => a.id)).toEqual(['acc', 'later']);
  });
});

describe('write failures of draft files', () => {
  it('ENOSPC: STORE_WRITE names the file, the draft file is intact, the edit is kept; a later update of another draft also saves it', async () => {
    const s0 = await seed(2);
    await s0.close();
    const fs = createFaultyFs();
    const s = await open({ fs });
    const before = readFileSync(draftPath('d0'));
    fs.reset((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    const t0 = Date.now();
    const e = (await s.update((st) => void (st.drafts[0]!.title = 'unsaved')).catch((x: unknown) => x)) as AppFailure;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e).toBeInstanceOf(AppFailure);
    expect(e.appError.code).toBe('STORE_WRITE');
    expect(e.message).toContain('ENOSPC');
    expect(e.message).toContain(path.join(dir, DRAFT_LOG_FILE));
    expect(readFileSync(draftPath('d0'))).toEqual(before);
    expect(diskDraft('d0')!.title).toBe('Draft d0');
    expect(s.get().drafts[0]!.title).toBe('unsaved');
    expect(s.status()).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(readdirSync(path.join(dir, DRAFTS_DIR)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    fs.reset(null);
    await s.update((st) => void (st.drafts[1]!.title = 'other'));
    expect(s.status().state).toBe('ok');
    expect(diskDraft('d0')!.title).toBe('unsaved');
    expect(diskDraft('d1')!.title).toBe('other');
    await s.flush();
    expect(readDraft('d0').title).toBe('unsaved');
    expect(readDraft('d1').title).toBe('other');
  });

  it('a delete is durable in the log; a file that cannot be removed yet stays, with the log, until a later checkpoint removes it', async () => {
    const s0 = await seed(2);
    await s0.close();
    const fs = createFaultyFs();
    const s = await open({ fs });
    fs.reset((c) => (c.op === 'unlink' && c.path === draftPath('d1') ? sysError('EACCES', 'unlink', c.path) : undefined));
    await s.update((st) => void st.drafts.pop());
    await s.flush(); // the checkpoint cannot remove d1.json: the log keeps the delete
    expect(existsSync(draftPath('d1'))).toBe(true);
    expect(diskDraft('d1')).toBeNull();
    expect(ids(s)).toEqual(['d0']);
    expect(s.status().state).toBe('ok');
    fs.reset(null);
    await s.flush();
    expect(existsSync(draftPath('d1'))).toBe(false);
    expect(statSync(path.join(dir, DRAFT_LOG_FILE)).size).toBe(0);
  });

  it('a delete whose file could not be removed stays deleted after a reopen (the log is applied over the files)', async () => {
    const s0 = await seed(2);
    await s0.close();
    const fs = createFaultyFs((c) => (c.op === 'unlink' && c.path === draftPath('d1') ? sysError('EACCES', 'unlink', c.path) : undefined));
    const s = await open({ fs });
    await s.update((st) => void st.drafts.pop());
    await s.close();
    expect(existsSync(draftPath('d1'))).toBe(true);
    const s2 = await open();
    expect(ids(s2)).toEqual(['d0']);
    expect(existsSync(draftPath('d1'))).toBe(false); // folded at open
  });

  it('fail the Nth fs call of a draft save, for every N: the file is the old or the new draft; retry always recovers', async () => {
    const s0 = await seed(1);
    await s0.close();
    const fs = createFaultyFs();
    const s = await open({ fs });
    fs.reset();
    // a save (log append) and the checkpoint after it (draft file, folder fsync, emptying the log)
    await s.update((st) => void (st.drafts[0]!.revision += 1));
    await s.flush();
    const total = fs.calls.length;
    expect(total).toBeGreaterThanOrEqual(8);
    let expected = 2;
    for (let n = 1; n <= total; n++) {
      fs.reset((c) => (c.n === n ? sysError('EIO', c.op, c.path) : undefined));
      const res = await s.update((st) => void (st.drafts[0]!.revision += 1)).then(
        () => 'ok',
        (e: unknown) => (e instanceof AppFailure ? e.appError.code : 'other'),
      );
      await s.flush(); // never throws; a failed checkpoint keeps the log
      expect([expected, expected + 1]).toContain(diskDraft('d0')!.revision);
      expected += 1;
      if (res !== 'ok') {
        expect(res).toBe('STORE_WRITE');
        fs.reset(null);
        expect((await s.retry()).state).toBe('ok');
      } else {
        expect(diskDraft('d0')!.revision).toBe(expected); // acknowledged: on disk
      }
      fs.reset(null);
      await s.flush();
      expect(readDraft('d0').revision).toBe(expected);
      expect(statSync(path.join(dir, DRAFT_LOG_FILE)).size).toBe(0);
    }
  });
});

describe('stale temp files and modes in drafts/', () => {
  it('removes temp files of dead writers from drafts/ on open', async () => {
    const s = await seed(1);
    await s.close();
    const dead = 2 ** 22 + 77;
    writeFileSync(path.join(dir, DRAFTS_DIR, `.d0.json.${dead}.0badc0ffee.tmp`), '{"half":');
    const s2 = await open();
    expect(readdirSync(path.join(dir, DRAFTS_DIR))).toEqual(['d0.json']);
    expect(ids(s2)).toEqual(['d0']);
  });
});

describe('backups hold everything', () => {
  it('a backup is one file with the drafts inline; recover(backup) brings back drafts without a file, draft files win', async () => {
    const s = await seed(3);
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    await s.close();
    t += 60_000;
    const s2 = await open(); // backup of this state
    const b = s2.status().backups[0]!;
    const bundle = JSON.parse(readFileSync(path.join(dir, 'backups', b.file), 'utf8')) as { drafts: Draft[]; accounts: unknown[] };
    expect(bundle.drafts.map((d) => d.id)).toEqual(['d0', 'd1', 'd2']);
    expect(bundle.accounts).toHaveLength(1);
    // later: d0 edited, d2 deleted; then the main file breaks
    await s2.update((st) => {
      st.drafts[0]!.title = 'edited after the backup';
      st.drafts = st.drafts.filter((d) => d.id !== 'd2');
    });
    await s2.close();
    writeFileSync(main(), '{"schemaVersion":2,"acc');
    const s3 = await open();
    expect(s3.status().state).toBe('needs-recovery');
    expect(s3.get().drafts).toEqual([]);
    await s3.recover(b.file);
    expect(s3.status().state).toBe('ok');
    expect(s3.status().message).toMatch(/Restored the backup .* 2 drafts in drafts\/ were kept/);
    expect(s3.get().accounts.map((a) => a.id)).toEqual(['acc-1']);
    expect(ids(s3)).toEqual(['d0', 'd1', 'd2']);
    expect(s3.get().drafts[0]!.title).toBe('edited after the backup');
    await s3.flush();
    expect(readDraft('d2').title).toBe('Draft d2');
    await s3.close();
    const s4 = await open();
    expect(ids(s4)).toEqual(['d0', 'd1', 'd2']);
  });

  it('recover("defaults") empties the main file’s data and keeps the drafts', async () => {
    const s = await seed(2);
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    await s.close();
    writeFileSync(main(), '[]');
    const s2 = await open();
    await s2.recover('defaults');
    expect(s2.get().accounts).toEqual([]);
    expect(ids(s2)).toEqual(['d0', 'd1']);
  });
});
