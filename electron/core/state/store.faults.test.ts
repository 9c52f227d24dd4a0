/** S2.6, S2.7, S2.9: disk full, read-only folder, rename failures — file intact, error visible fast, edits kept. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { openStore, STORE_FILE, type Store } from './store';
import { bundleEntry } from './test-support/bundle';
import { createFaultyFs, sysError, type FaultyFs } from './test-support/faulty-fs';
import { testAccount } from './test-support/fixtures';

let root: string;
let dir: string;
const stores: Store[] = [];
const file = () => path.join(dir, STORE_FILE);
const ids = () => (JSON.parse(readFileSync(file(), 'utf8')) as { accounts: { id: string }[] }).accounts.map((a) => a.id);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-faults-'));
  dir = path.join(root, 'data');
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

async function openWith(fs: FaultyFs, statuses: StoreStatus[] = []): Promise<Store> {
  const s = await openStore({ dir, fs, renameRetryDelayMs: 5, onStatus: (st) => statuses.push(st) });
  stores.push(s);
  return s;
}

async function failure(p: Promise<unknown>): Promise<AppFailure> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppFailure);
  return e as AppFailure;
}

describe('ENOSPC (fs shim)', () => {
  it('rejects STORE_WRITE fast naming the error and file; file intact; edit kept in memory; retry writes it once space is back', async () => {
    const fs = createFaultyFs();
    const statuses: StoreStatus[] = [];
    const s = await openWith(fs, statuses);
    await s.update((st) => void st.accounts.push(testAccount('saved')));
    const before = readFileSync(file());

    fs.reset((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    const t0 = Date.now();
    const e = await failure(s.update((st) => void st.accounts.push(testAccount('unsaved'))));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.appError.code).toBe('STORE_WRITE');
    expect(e.message).toContain('ENOSPC');
    expect(e.message).toContain(file());
    expect(readFileSync(file())).toEqual(before);
    expect(s.get().accounts.map((a) => a.id)).toEqual(['saved', 'unsaved']);
    expect(s.status()).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(s.status().message).toContain('ENOSPC');
    expect(statuses.at(-1)?.state).toBe('write-failed');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // still full: retry reports, does not throw
    expect((await s.retry()).state).toBe('write-failed');
    // further edits are kept too and also rejected
    await failure(s.update((st) => void st.accounts.push(testAccount('unsaved-2'))));
    expect(readFileSync(file())).toEqual(before);

    fs.reset(null);
    const after = await s.retry();
    expect(after).toMatchObject({ state: 'ok', unsavedChanges: false });
    expect(ids()).toEqual(['saved', 'unsaved', 'unsaved-2']);
    expect(statuses.at(-1)?.state).toBe('ok');
  });

  it('a later successful update also clears write-failed', async () => {
    const fs = createFaultyFs();
    const s = await openWith(fs);
    fs.reset((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    await failure(s.update((st) => void st.accounts.push(testAccount('a'))));
    fs.reset(null);
    await s.update((st) => void st.accounts.push(testAccount('b')));
    expect(s.status().state).toBe('ok');
    expect(ids()).toEqual(['a', 'b']);
  });
});

describe('rename failures (EPERM/EBUSY)', () => {
  it('EPERM 3 times: the write succeeds', async () => {
    const fs = createFaultyFs();
    const s = await openWith(fs);
    fs.reset((c) => (c.op === 'rename' && c.nOfOp <= 3 ? sysError('EPERM', 'rename', c.path) : undefined));
    await s.update((st) => void st.accounts.push(testAccount('a')));
    expect(ids()).toEqual(['a']);
    expect(s.status().state).toBe('ok');
  });

  it('EPERM 50 times: the error surfaces within 1 s, the file is intact, retry succeeds later', async () => {
    const fs = createFaultyFs();
    const s = await openWith(fs);
    await s.update((st) => void st.accounts.push(testAccount('a')));
    const before = readFileSync(file());
    fs.reset((c) => (c.op === 'rename' && c.nOfOp <= 50 ? sysError('EPERM', 'rename', c.path) : undefined));
    const t0 = Date.now();
    const e = await failure(s.update((st) => void st.accounts.push(testAccount('b'))));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.appError.code).toBe('STORE_WRITE');
    expect(e.message).toMatch(/EPERM.*rename/);
    expect(readFileSync(file())).toEqual(before);
    expect(s.status().unsavedChanges).toBe(true);
    fs.reset(null);
    expect((await s.retry()).state).toBe('ok');
    expect(ids()).toEqual(['a', 'b']);
  });
});

describe('fail the Nth fs call of an update, for every N', () => {
  it('the file always parses and is the old or the new state; retry always recovers', async () => {
    const fs = createFaultyFs();
    const s = await openWith(fs);
    await s.update((st) => void st.accounts.push(testAccount('base')));
    fs.reset();
    await s.update((st) => void st.accounts.push(testAccount('probe')));
    const total = fs.calls.length;
    expect(total).toBeGreaterThanOrEqual(8);
    let expected = ['base', 'probe'];
    for (let n = 1; n <= total; n++) {
      const id = `n${n}`;
      fs.reset((c) => (c.n === n ? sysError('EIO', c.op, c.path) : undefined));
      const res = await s.update((st) => void st.accounts.push(testAccount(id))).then(
        () => 'ok',
        (e: unknown) => (e instanceof AppFailure ? e.appError.code : 'other'),
      );
      const onDisk = ids();
      expect([expected, [...expected, id]]).toContainEqual(onDisk);
      expected = [...expected, id];
      if (res !== 'ok') {
        expect(res).toBe('STORE_WRITE');
        fs.reset(null);
        expect((await s.retry()).state).toBe('ok');
      }
      expect(ids()).toEqual(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real faults (need root: a tiny tmpfs, and a non-root user for a read-only folder).

const isRoot = process.getuid?.() === 0;

function canMountTmpfs(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (!isRoot) return 'not running as root';
  const probe = mkdtempSync(path.join(os.tmpdir(), 'elb-mnt-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount -t tmpfs failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const mountSkip = canMountTmpfs();
if (mountSkip) console.log(`[store.faults] skipping the real-tmpfs ENOSPC test: ${mountSkip}`);

describe.skipIf(mountSkip !== null)('ENOSPC on a real, tiny tmpfs', () => {
  let mnt: string;
  beforeAll(() => {
    mnt = mkdtempSync(path.join(os.tmpdir(), 'elb-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]);
  });
  afterAll(() => {
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('a full disk rejects the save, keeps the file and the edit, removes the partial temp file, and retry works after freeing space', async () => {
    const data = path.join(mnt, 'data');
    const s = await openStore({ dir: data });
    stores.push(s);
    await s.update((st) => void st.accounts.push(testAccount('small')));
    const before = readFileSync(path.join(data, STORE_FILE));
    // Fill the disk, leaving less room than the next (bigger) write needs.
    const filler = path.join(mnt, 'filler');
    const chunk = Buffer.alloc(16 * 1024, 1);
    let filled = 0;
    for (;;) {
      try {
        writeFileSync(`${filler}.${filled}`, chunk);
        filled++;
      } catch {
        break;
      }
    }
    const big = Array.from({ length: 200 }, (_, i) => testAccount(`big-${i}`)); // ~70 KB of JSON
    const t0 = Date.now();
    const e = await failure(s.update((st) => void st.accounts.push(...big)));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.appError.code).toBe('STORE_WRITE');
    expect(e.message).toContain('ENOSPC');
    expect(readFileSync(path.join(data, STORE_FILE))).toEqual(before);
    expect(s.status()).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(s.get().accounts).toHaveLength(201);
    expect(readdirSync(data).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (let i = 0; i < filled; i++) rmSync(`${filler}.${i}`);
    expect((await s.retry()).state).toBe('ok');
    expect(JSON.parse(readFileSync(path.join(data, STORE_FILE), 'utf8')).accounts).toHaveLength(201);
    await s.close();
  });
});

const NOBODY = 65534;
const roSkip = process.platform === 'win32' ? 'Windows' : isRoot ? null : process.getuid?.() === undefined ? 'no uid' : null;
if (roSkip) console.log(`[store.faults] skipping the read-only folder test: ${roSkip}`);

describe.skipIf(roSkip !== null)('read-only data folder (POSIX, as a non-root user)', () => {
  let child: string;
  beforeAll(async () => {
    child = await bundleEntry('writer-child');
  });
  afterAll(() => rmSync(path.dirname(child), { recursive: true, force: true }));

  it('save fails with STORE_WRITE within 1 s, no crash, edit kept; retry succeeds once the folder is writable again', () => {
    mkdirSync(dir, { recursive: true });
    // As root, run the writer as nobody (root ignores folder permissions); otherwise as ourselves.
    const asNobody = isRoot;
    if (asNobody) {
      chmodSync(root, 0o755); // nobody must be able to reach the folder
      chownSync(dir, NOBODY, NOBODY);
    }
    const res = spawnSync(process.execPath, [child, 'readonly', dir], {
      env: { ...process.env, ELB_WRITER_CHILD: '1', HOME: os.tmpdir() },
      encoding: 'utf8',
      timeout: 20_000,
      ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as {
      uid: number;
      during: { code: string; message: string } | string;
      elapsedMs: number;
      statusAfterFailure: StoreStatus;
      inMemory: string[];
      retryWhileReadOnly: string;
      statusAfterRetry: StoreStatus;
    };
    if (asNobody) expect(out.uid).toBe(NOBODY);
    expect(out.during).toMatchObject({ code: 'STORE_WRITE', message: expect.stringContaining('EACCES') });
    expect(out.elapsedMs).toBeLessThan(1000);
    expect(out.statusAfterFailure).toMatchObject({ state: 'write-failed', unsavedChanges: true });
    expect(out.inMemory).toEqual(['before', 'during']);
    expect(out.retryWhileReadOnly).toBe('write-failed');
    expect(out.statusAfterRetry).toMatchObject({ state: 'ok', unsavedChanges: false });
    expect(ids()).toEqual(['before', 'during']);
  });
});
