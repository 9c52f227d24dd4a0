/**
 * Durable file writes for the store, the inventory cache and the vault: the file system seam (`FsLike`) and the
 * primitives (durable-file.ts builds its writers on them, and re-exports them).
 *
 * A write goes to a unique temp file in the same folder (`.<name>.<pid>.<rand>.tmp`), is fsynced, chmodded
 * to 0600 (umask never widens it, but an explicit chmod also fixes files created by older versions), renamed
 * over the target, and then the folder is fsynced so the rename itself survives a power loss. EPERM/EBUSY on
 * the rename (Windows virus scanners, indexers) are retried a few times. On any failure the temp file is
 * removed and the target is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { isExitedProcess } from './proc-state';

/** The part of an open file handle the writers use. */
export interface FileHandleLike {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

/** The few promise fs calls the store, vault and cache use; tests inject faults through it. */
export interface FsLike {
  open(file: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  unlink(file: string): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  mkdir(dir: string, opts: { recursive?: boolean; mode?: number }): Promise<unknown>;
  readFile(file: string): Promise<Buffer>;
  /**
   * Optional blocking read, used only to load many small files at open (thousands of drafts) without one
   * thread-pool round trip per step of every read. Shims may leave it out: the async `readFile` is used then.
   */
  readFileSync?(file: string): Buffer;
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ size: number; mtimeMs: number; mode: number; ino?: number; isFile(): boolean; isDirectory(): boolean }>;
}

/** The real file system. */
export const nodeFs: FsLike = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  link: (a, b) => fsp.link(a, b),
  unlink: (f) => fsp.unlink(f),
  chmod: (f, m) => fsp.chmod(f, m),
  mkdir: (d, o) => fsp.mkdir(d, o),
  readFile: (f) => fsp.readFile(f),
  readFileSync: (f) => readFileSync(f),
  readdir: (d) => fsp.readdir(d),
  stat: (f) => fsp.stat(f),
};

/** Mode of every data file. */
export const FILE_MODE = 0o600;
/** Mode of every data folder. */
export const DIR_MODE = 0o700;

/** Options of the low-level durable writes. */
export interface DurableWriteOptions {
  fs?: FsLike;
  /** File mode, 0600 unless told. */
  mode?: number;
  /** Retries of a rename failing with EPERM/EBUSY (after the first attempt). Default 3. */
  renameRetries?: number;
  /** Delay before the first retry; doubles each time. Default 25 ms. */
  renameRetryDelayMs?: number;
  /**
   * fsync the file before the rename and the folder after it (default true). False only for derived data that can
   * be rebuilt and detects a torn file by itself (the inventory cache): the replacement stays atomic for the
   * process, but after a power loss the file may be old, empty or partial.
   */
  fsync?: boolean;
}

/** Random per process (so a reused pid never meets an old name), then a counter: no entropy call per write. */
const TEMP_TAG = randomBytes(4).toString('hex');
let tempCounter = 0;

/** `.<name>.<pid>.<hex>.tmp` — unique per writer and per write, so two writers never share a temp file. */
export function tempNameFor(target: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${TEMP_TAG}${tempCounter.toString(16)}.tmp`);
}

const TEMP_RE = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** The pid embedded in a temp file name written by `tempNameFor`, or null when the name is not one. */
export function tempFileOwner(name: string): number | null {
  const m = TEMP_RE.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Whether a process with this pid exists (EPERM means it exists but belongs to someone else) and has not exited:
 * a zombie (state Z/X in /proc, e.g. right after a `kill -9` before its parent reaped it) is not alive.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (errCode(e) !== 'EPERM') return false;
  }
  return !isExitedProcess(pid);
}

/** The `code` of a Node system error, if any. */
export function errCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const c = (e as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** A short description of an OS error: "ENOSPC: no space left on device, write". */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Temp files this process is writing right now (so start-up cleanup never removes a live one). */
const activeTemps = new Set<string>();

/** Whether this process is writing the temp file `file` right now. */
export function isActiveTemp(file: string): boolean {
  return activeTemps.has(path.resolve(file));
}

/** Mark the temp file `file` as being written by this process (true) or no longer (false). */
export function setActiveTemp(file: string, active: boolean): void {
  if (active) activeTemps.add(path.resolve(file));
  else activeTemps.delete(path.resolve(file));
}

/** What a durable write can write: text, bytes, or text in pieces (see `jsonChunks`). */
export type FileData = string | Uint8Array | Iterable<string>;

/** Size of the buffer text pieces are encoded into before each write. */
const PIECE_BUFFER_BYTES = 1 << 20;
let spareBuffer: Buffer | null = null;

/**
 * Writes text pieces through one reused 1 MiB buffer. Large writes (a 5 MB inventory) then never allocate their whole
 * text or its UTF-8 bytes at once: fresh multi-megabyte allocations cost page faults (~35 ms for 5 MB on a 2-core
 * VM), twice as much as the serialization itself.
 */
async function writePieces(h: FileHandleLike, pieces: Iterable<string>): Promise<void> {
  const buf = spareBuffer ?? Buffer.allocUnsafe(PIECE_BUFFER_BYTES);
  spareBuffer = null;
  try {
    let used = 0;
    for (const piece of pieces) {
      if (used > 0 && used + Buffer.byteLength(piece) > buf.length) {
        await h.writeFile(buf.subarray(0, used));
        used = 0;
      }
      if (Buffer.byteLength(piece) > buf.length) await h.writeFile(piece);
      else used += buf.write(piece, used);
    }
    if (used > 0) await h.writeFile(buf.subarray(0, used));
  } finally {
    spareBuffer = buf;
  }
}

async function writeData(h: FileHandleLike, data: FileData): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) await h.writeFile(data);
  else await writePieces(h, data);
}

/**
 * `JSON.stringify(value)` in pieces: top-level arrays longer than `perPiece` are serialized `perPiece` items at a
 * time (the same text, piece by piece). Plain JSON data only (no `toJSON`, no cycles).
 */
export function* jsonChunks(value: unknown, perPiece = 100): Generator<string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    if (Array.isArray(v) && v.length > perPiece) {
      yield '[';
      for (let i = 0; i < v.length; i += perPiece) {
        const part = JSON.stringify(v.slice(i, i + perPiece));
        yield (i ? ',' : '') + part.slice(1, -1);
      }
      yield ']';
    } else {
      yield JSON.stringify(v);
    }
  }
  yield '}';
}

/** Write `data` to the new file `tmp` (exclusive create), chmod it and (unless `fsync` is false) fsync it. */
export async function writeTemp(fs: FsLike, tmp: string, data: FileData, mode: number, fsync = true): Promise<void> {
  const h = await fs.open(tmp, 'wx', mode);
  let failed = true;
  try {
    await writeData(h, data);
    await h.chmod(mode);
    if (fsync) await h.sync();
    failed = false;
  } finally {
    if (failed) {
      await h.close().catch(() => undefined);
    }
  }
  await h.close();
}

/** fsync a folder so a rename or link inside it is durable. Not possible on Windows: skipped there. */
export async function syncDir(fs: FsLike, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Rename, retrying EPERM/EBUSY (and EACCES on Windows) with a doubling delay. */
export async function renameWithRetry(fs: FsLike, from: string, to: string, retries: number, delay: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (e) {
      const code = errCode(e);
      const retryable = code === 'EPERM' || code === 'EBUSY' || (process.platform === 'win32' && code === 'EACCES');
      if (!retryable || attempt >= retries) throw e;
      await sleep(delay * 2 ** attempt);
    }
  }
}

/**
 * Replace `target` with `data` atomically and durably: temp file, fsync, chmod, rename, fsync folder (both fsyncs
 * skipped with `fsync: false`).
 * On failure the target is untouched and the temp file removed; the error is rethrown.
 */
export async function writeFileAtomic(target: string, data: FileData, opts: DurableWriteOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const mode = opts.mode ?? FILE_MODE;
  const tmp = tempNameFor(target);
  activeTemps.add(path.resolve(tmp));
  try {
    await writeTemp(fs, tmp, data, mode, opts.fsync);
    await renameWithRetry(fs, tmp, target, opts.renameRetries ?? 3, opts.renameRetryDelayMs ?? 25);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    activeTemps.delete(path.resolve(tmp));
  }
  if (opts.fsync !== false) await syncDir(fs, path.dirname(target));
}

/** Errors of `link()` on file systems without hard links. */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** Create `target` exclusively (EEXIST if it exists) and write `data` into it durably; a partial file is removed. */
export async function writeNewFile(fs: FsLike, target: string, data: string | Uint8Array, mode: number = FILE_MODE): Promise<void> {
  const h = await fs.open(target, 'wx', mode);
  try {
    await h.writeFile(data);
    await h.chmod(mode);
    await h.sync();
    await h.close();
  } catch (e) {
    await h.close().catch(() => undefined);
    await fs.unlink(target).catch(() => undefined);
    throw e;
  }
}

/**
 * Create a new file that never replaces an existing one: the data is written and fsynced to a temp file,
 * then hard-linked to the first free name of `candidates(i)` (a link fails with EEXIST instead of replacing).
 * Returns the path that was created. Used for quarantine copies and backups.
 */
export async function writeFileExclusive(
  candidates: (attempt: number) => string,
  data: string | Uint8Array,
  opts: DurableWriteOptions = {},
): Promise<string> {
  const fs = opts.fs ?? nodeFs;
  const mode = opts.mode ?? FILE_MODE;
  const first = candidates(0);
  const tmp = tempNameFor(first);
  activeTemps.add(path.resolve(tmp));
  try {
    await writeTemp(fs, tmp, data, mode);
    for (let i = 0; i < 1000; i++) {
      const target = candidates(i);
      try {
        await fs.link(tmp, target);
        await syncDir(fs, path.dirname(target));
        return target;
      } catch (e) {
        const code = errCode(e);
        if (code === 'EEXIST') continue;
        if (!LINK_UNSUPPORTED.has(code ?? '')) throw e;
      }
      // No hard links here (FAT/exFAT, some network shares): create the name exclusively and write into it.
      try {
        await writeNewFile(fs, target, data, mode);
        await syncDir(fs, path.dirname(target));
        return target;
      } catch (e) {
        if (errCode(e) !== 'EEXIST') throw e;
      }
    }
    throw new Error(`no free file name for ${first}`);
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
    activeTemps.delete(path.resolve(tmp));
  }
}

/** mkdir -p with mode 0700, and chmod the leaf explicitly (mkdir's mode is filtered by the umask and ignored for existing folders). */
export async function ensureDir(dir: string, fs: FsLike = nodeFs): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await fs.chmod(dir, DIR_MODE);
}

/**
 * Remove temp files left in `dir` by writers that died mid-write: the pid in the name is dead, or it is
 * this process's pid (reused after a crash) but no write of ours uses it. Returns the names removed.
 */
export async function removeStaleTemps(dir: string, fs: FsLike = nodeFs): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return [];
    throw e;
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = tempFileOwner(name);
    if (owner === null) continue;
    const full = path.join(dir, name);
    const stale = owner === process.pid ? !isActiveTemp(full) : !isPidAlive(owner);
    if (!stale) continue;
    try {
      await fs.unlink(full);
      removed.push(name);
    } catch (e) {
      if (errCode(e) !== 'ENOENT') throw e;
    }
  }
  return removed;
}

/** Read a file, or null when it does not exist. Other errors are thrown. */
export async function readFileOrNull(file: string, fs: FsLike = nodeFs): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return null;
    throw e;
  }
}
