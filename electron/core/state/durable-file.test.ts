import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DurableFolderWriter,
  DurableJsonFile,
  isPidAlive,
  jsonChunks,
  removeStaleTemps,
  tempFileOwner,
  tempNameFor,
  writeFileAtomic,
  writeFileExclusive,
} from './durable-file';
import { createFaultyFs, sysError } from './test-support/faulty-fs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'elb-durable-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const temps = () => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('writes the data with mode 0600 and leaves no temp file', async () => {
    const f = path.join(dir, 'a.json');
    await writeFileAtomic(f, 'hello');
    expect(readFileSync(f, 'utf8')).toBe('hello');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(temps()).toEqual([]);
  });

  it('makes an existing 0644 file 0600 on the next write', async () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old', { mode: 0o644 });
    await writeFileAtomic(f, 'new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('retries EPERM on rename: 3 failures then success', async () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old');
    const fs = createFaultyFs((c) => (c.op === 'rename' && c.nOfOp <= 3 ? sysError('EPERM', 'rename', c.path) : undefined));
    await writeFileAtomic(f, 'new', { fs, renameRetryDelayMs: 1 });
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(fs.calls.filter((c) => c.op === 'rename')).toHaveLength(4);
    expect(temps()).toEqual([]);
  });

  it('EBUSY forever: the error surfaces after the retries, the file is intact, the temp file removed', async () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old');
    const fs = createFaultyFs((c) => (c.op === 'rename' ? sysError('EBUSY', 'rename', c.path) : undefined));
    const t0 = Date.now();
    await expect(writeFileAtomic(f, 'new', { fs, renameRetryDelayMs: 5 })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(temps()).toEqual([]);
  });

  it('does not retry errors other than EPERM/EBUSY', async () => {
    const f = path.join(dir, 'a.json');
    const fs = createFaultyFs((c) => (c.op === 'rename' ? sysError('EIO', 'rename', c.path) : undefined));
    await expect(writeFileAtomic(f, 'x', { fs })).rejects.toMatchObject({ code: 'EIO' });
    expect(fs.calls.filter((c) => c.op === 'rename')).toHaveLength(1);
  });

  it('ENOSPC while writing the temp file: target intact, temp removed', async () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old');
    const fs = createFaultyFs((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    await expect(writeFileAtomic(f, 'new', { fs })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(temps()).toEqual([]);
  });

  it('fsyncs the temp file before the rename and the folder after it', async () => {
    const f = path.join(dir, 'a.json');
    const fs = createFaultyFs();
    await writeFileAtomic(f, 'x', { fs });
    const ops = fs.calls.map((c) => `${c.op}${c.op === 'sync' ? (c.path === dir ? ':dir' : ':file') : ''}`);
    expect(ops.indexOf('sync:file')).toBeLessThan(ops.indexOf('rename'));
    expect(ops.indexOf('sync:dir')).toBeGreaterThan(ops.indexOf('rename'));
  });
});

describe('writeFileExclusive', () => {
  it('never replaces an existing file: picks the next free name', async () => {
    const names = (i: number) => path.join(dir, `q${i ? `-${i}` : ''}.json`);
    writeFileSync(names(0), 'first');
    const a = await writeFileExclusive(names, 'second');
    const b = await writeFileExclusive(names, 'third');
    expect(path.basename(a)).toBe('q-1.json');
    expect(path.basename(b)).toBe('q-2.json');
    expect(readFileSync(names(0), 'utf8')).toBe('first');
    expect(readFileSync(a, 'utf8')).toBe('second');
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(temps()).toEqual([]);
  });
});

describe('writeFileExclusive without hard links', () => {
  it('falls back to an exclusive create (FAT/exFAT): still never replaces a file', async () => {
    const fs = createFaultyFs((c) => (c.op === 'link' ? sysError('EPERM', 'link', c.path) : undefined));
    const names = (i: number) => path.join(dir, `q${i ? `-${i}` : ''}.json`);
    writeFileSync(names(0), 'first');
    const a = await writeFileExclusive(names, 'second', { fs });
    expect(path.basename(a)).toBe('q-1.json');
    expect(readFileSync(names(0), 'utf8')).toBe('first');
    expect(readFileSync(a, 'utf8')).toBe('second');
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(temps()).toEqual([]);
  });
});

describe('DurableJsonFile', () => {
  it('coalesces writes queued during a write and settles each caller only once its data or newer is on disk', async () => {
    const f = path.join(dir, 'db.json');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let renames = 0;
    const fs = createFaultyFs();
    const base = fs.rename;
    fs.rename = async (a, b) => {
      renames++;
      if (renames === 1) await gate;
      return base(a, b);
    };
    const file = new DurableJsonFile<{ n: number }>(f, { fs });
    const settled: number[] = [];
    const first = file.write({ n: 0 }).then(() => settled.push(0));
    await new Promise((r) => setTimeout(r, 20)); // the first write is now parked in rename
    const rest = Array.from({ length: 9 }, (_, i) => file.write({ n: i + 1 }).then(() => settled.push(i + 1)));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    release();
    await Promise.all([first, ...rest]);
    expect(renames).toBe(2);
    expect(file.completedWrites).toBe(2);
    expect(settled[0]).toBe(0);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 9 });
  });

  it('rejects the callers of a failed write and still writes newer data queued behind it', async () => {
    const f = path.join(dir, 'db.json');
    const fs = createFaultyFs((c) => (c.op === 'write' && c.nOfOp === 1 ? sysError('ENOSPC', 'write', c.path) : undefined));
    const file = new DurableJsonFile<{ n: number }>(f, { fs });
    const a = file.write({ n: 1 });
    a.catch(() => undefined);
    await new Promise((r) => setImmediate(r)); // the first write has started
    const b = file.write({ n: 2 });
    await expect(a).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(b).resolves.toBeUndefined();
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 2 });
  });

  it('a serializer that throws rejects that write and does not wedge the queue', async () => {
    const f = path.join(dir, 'db.json');
    const file = new DurableJsonFile<{ n: number | bigint }>(f);
    await expect(file.write({ n: 1n })).rejects.toThrow();
    await file.write({ n: 3 });
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ n: 3 });
  });

  it('fail the Nth fs call of a write, for every N: the file is always the old or the new version', async () => {
    const f = path.join(dir, 'db.json');
    const file0 = new DurableJsonFile<{ v: string }>(f);
    await file0.write({ v: 'old' });
    const probe = createFaultyFs();
    await new DurableJsonFile<{ v: string }>(f, { fs: probe }).write({ v: 'old' });
    const total = probe.calls.length;
    expect(total).toBeGreaterThanOrEqual(8);
    let failures = 0;
    for (let n = 1; n <= total + 1; n++) {
      const fs = createFaultyFs((c) => (c.n === n ? sysError('EIO', c.op, c.path) : undefined));
      const file = new DurableJsonFile<{ v: string }>(f, { fs });
      const res = await file.write({ v: `new-${n}` }).then(
        () => 'ok',
        () => 'failed',
      );
      const onDisk = (JSON.parse(readFileSync(f, 'utf8')) as { v: string }).v;
      expect(['old', `new-${n}`]).toContain(onDisk);
      if (res === 'failed') failures++;
      if (res === 'ok') expect(onDisk).toBe(`new-${n}`);
      await removeStaleTemps(dir); // a failed unlink of the temp file is cleaned up like after a crash
      expect(temps()).toEqual([]);
      await file0.write({ v: 'old' });
    }
    expect(failures).toBeGreaterThanOrEqual(total - 1);
  });
});

describe('DurableFolderWriter', () => {
  const sub = () => path.join(dir, 'drafts');
  const subTemps = () => readdirSync(sub()).filter((n) => n.endsWith('.tmp'));

  it('writes a batch of files (0600, folder 0700) with one folder fsync per batch, after every rename', async () => {
    const fs = createFaultyFs();
    const w = new DurableFolderWriter(sub(), { fs });
    await Promise.all(Array.from({ length: 50 }, (_, i) => w.put(`f${i}.json`, () => `{"i":${i}}`)));
    expect(readdirSync(sub()).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `f${i}.json`).sort());
    for (let i = 0; i < 50; i++) {
      expect(readFileSync(path.join(sub(), `f${i}.json`), 'utf8')).toBe(`{"i":${i}}`);
      expect(statSync(path.join(sub(), `f${i}.json`)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(sub()).mode & 0o777).toBe(0o700);
    const dirSyncs = fs.calls.filter((c) => c.op === 'sync' && c.path === sub());
    expect(dirSyncs).toHaveLength(w.completedBatches);
    expect(w.completedBatches).toBeLessThanOrEqual(2);
    const lastRename = Math.max(...fs.calls.filter((c) => c.op === 'rename').map((c) => c.n));
    expect(dirSyncs.at(-1)!.n).toBeGreaterThan(lastRename);
    const fileSyncs = fs.calls.filter((c) => c.op === 'sync' && c.path !== sub());
    expect(fileSyncs).toHaveLength(50);
    expect(subTemps()).toEqual([]);
  });

  it('coalesces per name: values queued during a batch go in the next one, newest wins, every caller settles after its data is on disk', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fs = createFaultyFs();
    const base = fs.rename;
    let renames = 0;
    fs.rename = async (a, b) => {
      renames++;
      if (renames === 1) await gate;
      return base(a, b);
    };
    const w = new DurableFolderWriter(sub(), { fs });
    const settled: string[] = [];
    const first = w.put('a.json', () => 'a0').then(() => settled.push('a0'));
    await new Promise((r) => setTimeout(r, 20));
    const later = ['a1', 'a2', 'a3'].map((v) => w.put('a.json', () => v).then(() => settled.push(v)));
    const other = w.put('b.json', () => 'b').then(() => settled.push('b'));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    release();
    await Promise.all([first, ...later, other]);
    expect(settled[0]).toBe('a0');
    expect(readFileSync(path.join(sub(), 'a.json'), 'utf8')).toBe('a3');
    expect(readFileSync(path.join(sub(), 'b.json'), 'utf8')).toBe('b');
    expect(w.completedBatches).toBe(2);
  });

  it('an entry that fails rejects only its callers; its file is intact and no temp file is left', async () => {
    mkdirSync(sub(), { recursive: true });
    writeFileSync(path.join(sub(), 'bad.json'), 'old');
    const fs = createFaultyFs((c) => (c.op === 'write' && c.path.includes('bad.json') ? sysError('ENOSPC', 'write', c.path) : undefined));
    const w = new DurableFolderWriter(sub(), { fs });
    const bad = w.put('bad.json', () => 'new');
    const good = w.put('good.json', () => 'fine');
    await expect(bad).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(good).resolves.toBeUndefined();
    expect(readFileSync(path.join(sub(), 'bad.json'), 'utf8')).toBe('old');
    expect(readFileSync(path.join(sub(), 'good.json'), 'utf8')).toBe('fine');
    expect(subTemps()).toEqual([]);
  });

  it('null removes a file durably (a missing file is fine); a failing folder fsync fails the whole batch', async () => {
    const fs = createFaultyFs();
    const w = new DurableFolderWriter(sub(), { fs });
    await w.put('x.json', () => 'x');
    fs.reset();
    await w.put('x.json', null);
    await w.put('never-existed.json', null);
    expect(readdirSync(sub())).toEqual([]);
    const ops = fs.calls.map((c) => c.op);
    expect(ops.indexOf('sync')).toBeGreaterThan(ops.indexOf('unlink'));
    fs.reset((c) => (c.op === 'sync' && c.path === sub() ? sysError('EIO', 'fsync', c.path) : undefined));
    const a = w.put('a.json', () => 'a');
    const b = w.put('b.json', null);
    await expect(a).rejects.toMatchObject({ code: 'EIO' });
    await expect(b).resolves.toBeUndefined(); // nothing to remove: the folder did not change for it
  });

  it('a producer that throws fails its entry only', async () => {
    const w = new DurableFolderWriter(sub());
    const a = w.put('a.json', () => {
      throw new Error('cannot serialize');
    });
    const b = w.put('b.json', () => 'b');
    await expect(a).rejects.toThrow('cannot serialize');
    await expect(b).resolves.toBeUndefined();
    expect(readdirSync(sub())).toEqual(['b.json']);
  });
});

describe('temp files', () => {
  it('names carry the pid and are unique', () => {
    const a = tempNameFor(path.join(dir, 'x.json'));
    const b = tempNameFor(path.join(dir, 'x.json'));
    expect(a).not.toBe(b);
    expect(tempFileOwner(path.basename(a))).toBe(process.pid);
    expect(tempFileOwner('x.json')).toBeNull();
  });

  it('removeStaleTemps removes temp files of dead pids and idle ones of our own pid, keeps live ones', async () => {
    const dead = 2 ** 22 + 12345; // above Linux pid_max
    expect(isPidAlive(dead)).toBe(false);
    expect(isPidAlive(process.pid)).toBe(true);
    writeFileSync(path.join(dir, `.elb-desk.json.${dead}.abcdef.tmp`), 'partial');
    writeFileSync(path.join(dir, `.elb-desk.json.${process.pid}.abcdef.tmp`), 'ours, idle');
    writeFileSync(path.join(dir, `.elb-desk.json.1.abcdef.tmp`), 'pid 1 is alive');
    writeFileSync(path.join(dir, 'elb-desk.json'), '{}');
    const removed = await removeStaleTemps(dir);
    expect(removed.sort()).toEqual([`.elb-desk.json.${dead}.abcdef.tmp`, `.elb-desk.json.${process.pid}.abcdef.tmp`].sort());
    expect(readdirSync(dir).sort()).toEqual([`.elb-desk.json.1.abcdef.tmp`, 'elb-desk.json'].sort());
  });
});

describe('jsonChunks and writes in pieces', () => {
  const samples: unknown[] = [
    { a: 1, b: 'x', list: Array.from({ length: 1234 }, (_, i) => ({ i, s: `ü${i}"\n`, n: i % 3 ? null : [i] })), empty: [], skip: undefined, nested: { deep: [1, 2] } },
    { only: Array.from({ length: 100 }, (_, i) => i) },
    { only: Array.from({ length: 101 }, (_, i) => i), holes: [undefined, 1] },
    {},
    [1, 2, 3],
    'text',
    null,
  ];

  it('is exactly JSON.stringify, piece by piece', () => {
    for (const v of samples) {
      for (const per of [1, 7, 100]) expect([...jsonChunks(v, per)].join('')).toBe(JSON.stringify(v));
    }
    // big arrays really come in pieces
    expect([...jsonChunks(samples[0], 100)].length).toBeGreaterThan(12);
  });

  it('writeFileAtomic writes pieces byte for byte (multi-byte text across the 1 MiB buffer, a piece larger than it)', async () => {
    const f = path.join(dir, 'pieces.json');
    const big = { rows: Array.from({ length: 30_000 }, (_, i) => ({ id: `行-${i}`, pad: 'x'.repeat(40) })), huge: 'é'.repeat(700_000) };
    await writeFileAtomic(f, jsonChunks(big));
    expect(readFileSync(f, 'utf8')).toBe(JSON.stringify(big));
    expect(statSync(f).size).toBe(Buffer.byteLength(JSON.stringify(big)));
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('a write failing half-way through the pieces leaves the old file and no temp file', async () => {
    const f = path.join(dir, 'pieces.json');
    writeFileSync(f, 'old');
    const fs = createFaultyFs((c) => (c.op === 'write' && c.nOfOp === 2 ? sysError('ENOSPC', 'write', c.path) : undefined));
    const big = { rows: Array.from({ length: 30_000 }, (_, i) => ({ id: `r-${i}`, pad: 'x'.repeat(60) })) };
    await expect(writeFileAtomic(f, jsonChunks(big), { fs })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // and the next write (reusing the buffer) is whole
    await writeFileAtomic(f, jsonChunks(big));
    expect(readFileSync(f, 'utf8')).toBe(JSON.stringify(big));
  });
});
