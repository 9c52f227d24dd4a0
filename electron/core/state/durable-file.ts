/**
 * The durable writers, on the primitives of durable-io.ts (re-exported here, so importers need one module):
 * - `DurableJsonFile`, a lowdb adapter: writes are serialized, writes queued while one is in flight coalesce into
 *   the newest data, and each caller's promise settles only when its data (or newer) is on disk — or rejects with
 *   the error of the write that carried its data;
 * - `DurableFolderWriter`, many small files in one folder, written in batches with one folder fsync each.
 * Both drain their queue through one `DrainLoop`.
 */
import path from 'node:path';
import type { Adapter } from 'lowdb';
import {
  FILE_MODE,
  ensureDir,
  errCode,
  nodeFs,
  readFileOrNull,
  renameWithRetry,
  setActiveTemp,
  tempNameFor,
  writeFileAtomic,
  writeTemp,
  type DurableWriteOptions,
  type FileData,
  type FsLike,
} from './durable-io';

export * from './durable-io';

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * One drain at a time: `kick()` starts `drain` unless one is running; each step takes what is queued now (null:
 * nothing left) and writes it, so what is queued meanwhile goes in the next step. `idle()` resolves when no drain
 * is running. Behind `DurableJsonFile` and `DurableFolderWriter`.
 */
class DrainLoop {
  private running: Promise<void> | null = null;

  constructor(private readonly next: () => (() => Promise<void>) | null) {}

  kick(): void {
    if (!this.running) this.running = this.drain();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Always yield first, so `running` is set before the loop can finish (a step may throw synchronously).
    await Promise.resolve();
    try {
      for (let step = this.next(); step; step = this.next()) await step();
    } finally {
      this.running = null;
    }
  }
}

/** Options of `DurableJsonFile`. */
export interface DurableJsonFileOptions<T> extends DurableWriteOptions {
  /** How to turn data into file text. Default: compact JSON. */
  serialize?: (data: T) => FileData;
}

/**
 * A lowdb adapter over `writeFileAtomic`: serialized, coalescing, durable writes.
 * `read()` parses JSON (null when the file is absent; a parse error is thrown) — the store does its own
 * classification of bad files and uses `readRaw()`.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  private readonly opts: DurableJsonFileOptions<T>;
  private readonly loop = new DrainLoop(() => this.nextWrite());
  private pending: { data: T; waiters: Waiter[] } | null = null;
  private writes = 0;

  constructor(file: string, opts: DurableJsonFileOptions<T> = {}) {
    this.file = file;
    this.opts = opts;
  }

  /** Number of writes that reached the disk (coalesced writes count once). For tests and diagnostics. */
  get completedWrites(): number {
    return this.writes;
  }

  /** The raw bytes of the file, or null when it does not exist. */
  async readRaw(): Promise<Buffer | null> {
    return readFileOrNull(this.file, this.opts.fs ?? nodeFs);
  }

  async read(): Promise<T | null> {
    const raw = await this.readRaw();
    if (raw === null) return null;
    return JSON.parse(raw.toString('utf8')) as T;
  }

  /** Resolves once `data` (or data queued after it) is durably on disk. */
  write(data: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending) {
        this.pending.data = data;
        this.pending.waiters.push({ resolve, reject });
      } else {
        this.pending = { data, waiters: [{ resolve, reject }] };
      }
      this.loop.kick();
    });
  }

  /** Resolves when no write is in flight or queued (whatever their outcome). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** The newest queued data, written once for all who waited for it. */
  private nextWrite(): (() => Promise<void>) | null {
    if (!this.pending) return null;
    const { data, waiters } = this.pending;
    this.pending = null;
    return async () => {
      try {
        const text = (this.opts.serialize ?? defaultSerialize)(data);
        await writeFileAtomic(this.file, text, this.opts);
        this.writes++;
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    };
  }
}

function defaultSerialize(data: unknown): string {
  return JSON.stringify(data);
}

/** What a folder entry should become: its bytes (produced when the write starts), or null to remove the file. */
export type FolderEntryValue = (() => string | Uint8Array) | null;

/** Options of `DurableFolderWriter`. */
export interface DurableFolderWriterOptions extends DurableWriteOptions {
  /** Temp files written (and fsynced) at once in a batch. Default 16. */
  concurrency?: number;
}

interface FolderSlot {
  value: FolderEntryValue;
  waiters: Waiter[];
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Durable writes and removals of many small files in one folder (one file per draft).
 *
 * `put(name, value)` queues the newest wanted content of `<dir>/<name>` (or its removal). Entries queued while a
 * batch is being written coalesce into the next batch (per name, the newest value wins). A batch writes each
 * file as `writeFileAtomic` does — unique temp file, fsync, chmod 0600, rename (EPERM/EBUSY retried) — and
 * removes files, then fsyncs the folder ONCE for the whole batch, so a migration of thousands of files does not
 * pay one folder fsync per file. Each caller's promise settles when the batch carrying its value (or a newer one)
 * is durable, or rejects with the error of its own entry (the other entries of the batch are not affected; a
 * failing folder fsync fails them all). A failed entry leaves the file as it was.
 */
export class DurableFolderWriter {
  readonly dir: string;
  private readonly opts: DurableFolderWriterOptions;
  private readonly fs: FsLike;
  private pending = new Map<string, FolderSlot>();
  private readonly loop = new DrainLoop(() => this.nextBatch());
  private batches = 0;
  private dirReady = false;

  constructor(dir: string, opts: DurableFolderWriterOptions = {}) {
    this.dir = dir;
    this.opts = opts;
    this.fs = opts.fs ?? nodeFs;
  }

  /** Batches that reached the disk (for tests and diagnostics). */
  get completedBatches(): number {
    return this.batches;
  }

  /** Queue `<dir>/<name>` to hold `value()` (or, with null, to be removed); resolves once that (or newer) is durable. */
  put(name: string, value: FolderEntryValue): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const slot = this.pending.get(name);
      if (slot) {
        slot.value = value;
        slot.waiters.push({ resolve, reject });
      } else {
        this.pending.set(name, { value, waiters: [{ resolve, reject }] });
      }
      this.loop.kick();
    });
  }

  /** Resolves when no batch is in flight or queued (whatever their outcome). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Everything queued now, as one batch. */
  private nextBatch(): (() => Promise<void>) | null {
    if (!this.pending.size) return null;
    const batch = this.pending;
    this.pending = new Map();
    return async () => {
      const errors = await this.writeBatch(batch);
      this.batches++;
      for (const [name, slot] of batch) {
        const err = errors.get(name);
        for (const w of slot.waiters) {
          if (err === undefined) w.resolve();
          else w.reject(err);
        }
      }
    };
  }

  private async writeBatch(batch: Map<string, FolderSlot>): Promise<Map<string, unknown>> {
    const errors = new Map<string, unknown>();
    const mode = this.opts.mode ?? FILE_MODE;
    if (!this.dirReady) {
      try {
        await ensureDir(this.dir, this.fs);
        this.dirReady = true;
      } catch (e) {
        for (const name of batch.keys()) errors.set(name, e);
        return errors;
      }
    }
    const writes: { name: string; produce: () => string | Uint8Array; tmp: string }[] = [];
    const removes: string[] = [];
    for (const [name, slot] of batch) {
      if (slot.value) writes.push({ name, produce: slot.value, tmp: tempNameFor(path.join(this.dir, name)) });
      else removes.push(name);
    }
    const limit = this.opts.concurrency ?? 16;
    const renamed: string[] = [];
    // The folder is opened for its fsync while the files are being written (one round trip less on the save path).
    const dirHandle = process.platform === 'win32' ? null : this.fs.open(this.dir, 'r');
    dirHandle?.catch(() => undefined);
    await eachLimited(writes, limit, async (w) => {
      setActiveTemp(w.tmp, true);
      try {
        await writeTemp(this.fs, w.tmp, w.produce(), mode);
        await renameWithRetry(this.fs, w.tmp, path.join(this.dir, w.name), this.opts.renameRetries ?? 3, this.opts.renameRetryDelayMs ?? 25);
        renamed.push(w.name);
      } catch (e) {
        errors.set(w.name, e);
        await this.fs.unlink(w.tmp).catch(() => undefined);
      } finally {
        setActiveTemp(w.tmp, false);
      }
    });
    const removed: string[] = [];
    await eachLimited(removes, limit, async (name) => {
      try {
        await this.fs.unlink(path.join(this.dir, name));
        removed.push(name);
      } catch (e) {
        if (errCode(e) !== 'ENOENT') errors.set(name, e);
      }
    });
    if (renamed.length || removed.length) {
      try {
        if (dirHandle) await (await dirHandle).sync();
      } catch (e) {
        for (const name of [...renamed, ...removed]) errors.set(name, e);
      }
    }
    // Closing the folder handle needs no waiting for: its fsync is done.
    dirHandle?.then((h) => h.close()).catch(() => undefined);
    for (const e of errors.values()) {
      if (errCode(e) === 'ENOENT') this.dirReady = false; // the folder went away: create it again next time
    }
    return errors;
  }
}
