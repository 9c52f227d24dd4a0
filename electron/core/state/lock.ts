/**
 * One writer per data folder: `elb-desk.lock`, created with O_EXCL, holding pid + hostname + start time.
 *
 * A lock whose pid is alive on this host refuses the second writer (LOCKED). A lock of a dead pid is stale and
 * taken over; the takeover renames the stale file aside first and checks it renamed the lock it inspected, so
 * two processes racing for the same stale lock cannot both win. A lock from another host cannot be checked
 * and is respected (the message says how to remove it). Within one process a second open of the same folder
 * is refused too, and the lock is removed on `release()` or, as a last resort, on process exit.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppFailure } from '../../../shared/ipc/result';
import { errCode, isPidAlive, nodeFs, syncDir, type FsLike } from './durable-file';

/** The lock file name in the data folder. */
export const LOCK_FILE = 'elb-desk.lock';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Random token identifying this holder (guards against pid reuse when releasing). */
  token: string;
}

/** A held lock. */
export interface DirLock {
  readonly file: string;
  readonly info: LockInfo;
  release(): Promise<void>;
}

/** Locks held by this process, by absolute folder; released on exit if `release()` was never called. */
const held = new Map<string, LockInfo>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [dir, info] of held) {
      try {
        const file = path.join(dir, LOCK_FILE);
        const cur = parseLock(readFileSync(file, 'utf8'));
        if (cur && cur.token === info.token) rmSync(file, { force: true });
      } catch {
        // best effort
      }
    }
  });
}

function parseLock(text: string): LockInfo | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.pid !== 'number' || typeof o.hostname !== 'string') return null;
    return {
      pid: o.pid,
      hostname: o.hostname,
      startedAt: typeof o.startedAt === 'string' ? o.startedAt : '',
      token: typeof o.token === 'string' ? o.token : '',
    };
  } catch {
    return null;
  }
}

function lockedFailure(file: string, info: LockInfo): AppFailure {
  const where = info.hostname === os.hostname() ? `pid ${info.pid}` : `pid ${info.pid} on host ${info.hostname}`;
  return new AppFailure(
    'LOCKED',
    `ELB Desk is already running with this data folder (${where}, since ${info.startedAt || 'an unknown time'}). ` +
      `Close that window first. If no ELB Desk is running, delete ${file}.`,
  );
}

/** Options of `acquireDirLock`. */
export interface AcquireLockOptions {
  fs?: FsLike;
  now?: () => Date;
  /** How long a lock file that is still empty (being written) is waited for. Default 2 s. */
  emptyLockGraceMs?: number;
}

/**
 * Take the data-folder lock or throw AppFailure('LOCKED'). Other fs errors (EACCES on a read-only folder)
 * are thrown as they are.
 */
export async function acquireDirLock(dir: string, opts: AcquireLockOptions = {}): Promise<DirLock> {
  const fs = opts.fs ?? nodeFs;
  const absDir = path.resolve(dir);
  const file = path.join(absDir, LOCK_FILE);
  const now = opts.now ?? (() => new Date());
  const grace = opts.emptyLockGraceMs ?? 2000;

  const mine = held.get(absDir);
  if (mine) throw lockedFailure(file, mine);

  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: now().toISOString(), token: randomBytes(12).toString('hex') };
  const text = `${JSON.stringify(info)}\n`;

  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const h = await fs.open(file, 'wx', 0o600);
      try {
        await h.writeFile(text);
        await h.chmod(0o600);
        await h.sync();
      } finally {
        await h.close();
      }
      await syncDir(fs, absDir).catch(() => undefined);
      held.set(absDir, info);
      installExitHook();
      return { file, info, release: () => release(fs, absDir, file, info) };
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
    }

    // The lock exists: whose is it?
    let raw: Buffer;
    try {
      raw = await fs.readFile(file);
    } catch (e) {
      if (errCode(e) === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const other = parseLock(raw.toString('utf8'));
    if (!other) {
      // Empty or half-written: maybe another process is writing it right now.
      const st = await fs.stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs < grace) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
    } else if (other.hostname !== os.hostname()) {
      throw lockedFailure(file, other);
    } else if (other.pid !== process.pid && isPidAlive(other.pid)) {
      throw lockedFailure(file, other);
    }
    // Stale (dead pid, our own pid reused after a crash, or an unreadable old file): move it aside, then
    // make sure what we moved is what we inspected — otherwise it is someone's fresh lock: put it back.
    const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(file, aside);
    } catch (e) {
      if (errCode(e) === 'ENOENT') continue;
      throw e;
    }
    const moved = await fs.readFile(aside).catch(() => null);
    if (moved && !moved.equals(raw)) {
      const back = parseLock(moved.toString('utf8'));
      await fs.link(aside, file).catch(() => undefined);
      await fs.unlink(aside).catch(() => undefined);
      if (back) throw lockedFailure(file, back);
      continue;
    }
    await fs.unlink(aside).catch(() => undefined);
  }
  throw new AppFailure('LOCKED', `Could not take the lock ${file}: it keeps changing. Is another ELB Desk starting?`);
}

async function release(fs: FsLike, absDir: string, file: string, info: LockInfo): Promise<void> {
  if (held.get(absDir)?.token !== info.token) return;
  held.delete(absDir);
  try {
    const cur = parseLock((await fs.readFile(file)).toString('utf8'));
    if (cur && cur.token === info.token) await fs.unlink(file);
  } catch {
    // already gone
  }
}
