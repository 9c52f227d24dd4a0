/**
 * The drafts' write-ahead log: `<data folder>/drafts.wal`.
 *
 * A draft save appends one record (the whole draft, or its removal) to this file and fsyncs it: one write and one
 * fsync on a file that is already open, instead of a temp file, its fsync, a rename and an fsync of the drafts
 * folder (two journal commits). The per-draft files in `drafts/` are brought up to date in the background by a
 * checkpoint (`Store`), which then empties the log. On open, the records are applied, in order, over the draft
 * files — so an acknowledged save is durable as soon as its record is.
 *
 * Format: UTF-8 lines. A record is `\n<16 hex> <json>\n`, where the hex is the first 64 bits of the SHA-256 of the
 * JSON, and the JSON is `{"v":1,"id":…,"draft":<Draft>|null}`. The leading newline keeps a record whole even after
 * a write that failed half-way (disk full) left a partial line: the partial line fails its check and is skipped,
 * the records after it still read. A crash can only tear the last line, which never was acknowledged.
 *
 * Idempotence: a checkpoint writes, for every ID in the log, exactly the last version the log holds, and empties
 * the log only after those files are durable; so applying the log again over the files (a crash before the log was
 * emptied) gives the same drafts.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DraftSchema, type Draft } from '../../../shared/model/draft';
import { FILE_MODE, nodeFs, syncDir, type FileHandleLike, type FsLike } from './durable-file';

/** The log's file name, in the data folder. */
export const DRAFT_LOG_FILE = 'drafts.wal';
/** The record format written by this version. */
export const DRAFT_LOG_VERSION = 1;

/** One change: the draft as it now is, or null when it was removed. */
export interface LogEntry {
  id: string;
  draft: Draft | null;
}

function digest(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/** The bytes of one record (see the module comment). */
export function encodeRecord(e: LogEntry): string {
  const json = JSON.stringify({ v: DRAFT_LOG_VERSION, id: e.id, draft: e.draft });
  return `\n${digest(json)} ${json}\n`;
}

/** What a log's bytes hold. */
export interface ParsedLog {
  /** The records that check, in the order they were written. */
  entries: LogEntry[];
  /** Lines that did not check, other than a torn last line (a write that failed half-way, or damage). */
  badLines: number;
  /** The last line was cut short (a crash during its write): normal, it was never acknowledged. */
  tornTail: boolean;
  /** The highest record version seen above `DRAFT_LOG_VERSION` (written by a newer ELB Desk), or null. */
  newerVersion: number | null;
}

const LINE_RE = /^([0-9a-f]{16}) (\{.*\})$/;

/** Decide what a log's bytes hold. Pure. */
export function parseLog(raw: Uint8Array): ParsedLog {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  const lines = text.split('\n');
  const out: ParsedLog = { entries: [], badLines: 0, tornTail: false, newerVersion: null };
  const last = lines.length - 1; // the text after the last '\n' (empty when the file ends with one)
  lines.forEach((line, i) => {
    if (line === '') return;
    const ok = checkLine(line, out);
    if (!ok) {
      if (i === last) out.tornTail = true;
      else out.badLines++;
    }
  });
  return out;
}

function checkLine(line: string, out: ParsedLog): boolean {
  const m = LINE_RE.exec(line);
  if (!m || digest(m[2]!) !== m[1]) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(m[2]!);
  } catch {
    return false;
  }
  const rec = doc as { v?: unknown; id?: unknown; draft?: unknown };
  if (typeof rec.v !== 'number' || !Number.isInteger(rec.v)) return false;
  if (rec.v > DRAFT_LOG_VERSION) {
    out.newerVersion = Math.max(out.newerVersion ?? 0, rec.v);
    return true;
  }
  if (rec.v !== DRAFT_LOG_VERSION || typeof rec.id !== 'string' || rec.id.length === 0) return false;
  if (rec.draft === null) {
    out.entries.push({ id: rec.id, draft: null });
    return true;
  }
  const parsed = DraftSchema.safeParse(rec.draft);
  if (!parsed.success || parsed.data.id !== rec.id) return false;
  out.entries.push({ id: rec.id, draft: parsed.data });
  return true;
}

/** The net effect of entries, in order: the last version of each ID (null = removed). */
export function latestOf(entries: readonly LogEntry[]): Map<string, Draft | null> {
  const m = new Map<string, Draft | null>();
  for (const e of entries) {
    m.delete(e.id); // keep the order of last writes
    m.set(e.id, e.draft);
  }
  return m;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Appends records to the log, durably and in order. Appends queued while a write is in flight go together in the
 * next write (one write + one fsync for all of them). `exclusive(fn)` runs `fn` with no write in flight and holds
 * later writes until it is done (the checkpoint). Knows, for every ID written since the log was last emptied (or
 * adopted at open), the last version written: `latest()`.
 */
export class DraftLogWriter {
  readonly file: string;
  private readonly fs: FsLike;
  private handle: FileHandleLike | null = null;
  private folderSynced = false;
  private chain: Promise<void> = Promise.resolve();
  private queued: { entries: LogEntry[]; text: string[]; waiters: Waiter[] } | null = null;
  private readonly written = new Map<string, Draft | null>();
  private bytes = 0;
  private pendingOps = 0;

  constructor(file: string, opts: { fs?: FsLike } = {}) {
    this.file = file;
    this.fs = opts.fs ?? nodeFs;
  }

  /** Bytes in the log (as far as this writer knows: adopted + appended since it was last emptied). */
  get size(): number {
    return this.bytes;
  }

  /** The last version written of each ID since the log was last emptied (a copy). */
  latest(): Map<string, Draft | null> {
    return new Map(this.written);
  }

  /** Take over what was found in the log at open (its records are applied; the next checkpoint folds them). */
  adopt(entries: readonly LogEntry[], bytes: number): void {
    for (const [id, d] of latestOf(entries)) {
      this.written.delete(id);
      this.written.set(id, d);
    }
    this.bytes = Math.max(this.bytes, bytes);
  }

  /** Append `entries`; resolves once they (and everything queued before them) are durable. */
  append(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    let text: string[];
    try {
      text = entries.map(encodeRecord);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      if (this.queued) {
        this.queued.entries.push(...entries);
        this.queued.text.push(...text);
        this.queued.waiters.push({ resolve, reject });
        return;
      }
      this.queued = { entries: [...entries], text, waiters: [{ resolve, reject }] };
      this.run(() => this.writeQueued());
    });
  }

  /** Run `fn` after the writes queued so far, holding later writes until it settles. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.run(() => fn().then(resolve, reject));
    });
  }

  /** Empty the log (call inside `exclusive`, once what it holds is durable elsewhere). */
  async truncate(): Promise<void> {
    await this.closeHandle();
    const h = await this.fs.open(this.file, 'w', FILE_MODE);
    try {
      await h.sync();
    } finally {
      await h.close().catch(() => undefined);
    }
    this.written.clear();
    this.bytes = 0;
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.pendingOps > 0) await this.chain;
  }

  /** Close the file (after `idle()`). */
  async close(): Promise<void> {
    await this.idle();
    await this.closeHandle();
  }

  private run(op: () => Promise<void>): void {
    this.pendingOps++;
    this.chain = this.chain.then(op).finally(() => {
      this.pendingOps--;
    });
  }

  private async writeQueued(): Promise<void> {
    const batch = this.queued;
    this.queued = null;
    if (!batch) return;
    const data = batch.text.join('');
    try {
      const h = await this.open();
      try {
        await h.writeFile(data);
        await h.sync();
      } catch (e) {
        // A partial write may be in the file: the next record starts on a new line, so it is only skipped on read.
        this.bytes += Buffer.byteLength(data);
        await this.closeHandle();
        throw e;
      }
      this.bytes += Buffer.byteLength(data);
      for (const e of batch.entries) {
        this.written.delete(e.id);
        this.written.set(e.id, e.draft);
      }
    } catch (e) {
      for (const w of batch.waiters) w.reject(e);
      return;
    }
    for (const w of batch.waiters) w.resolve();
  }

  private async open(): Promise<FileHandleLike> {
    if (this.handle) return this.handle;
    const h = await this.fs.open(this.file, 'a', FILE_MODE);
    if (!this.folderSynced) {
      // Once per process: 0600 even for a log made by someone else, and, as the log may have just been created,
      // its name must survive a power loss too.
      try {
        await h.chmod(FILE_MODE);
        await syncDir(this.fs, path.dirname(this.file));
      } catch (e) {
        await h.close().catch(() => undefined);
        throw e;
      }
      this.folderSynced = true;
    }
    this.handle = h;
    return h;
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await h.close().catch(() => undefined);
  }
}

/** A one-line description of a log problem, for the store's status. */
export function describeLogProblem(file: string, parsed: ParsedLog): string | null {
  if (parsed.badLines === 0) return null;
  const n = parsed.badLines;
  return `${n} record${n === 1 ? '' : 's'} of ${file} did not check (damaged, or a write that failed half-way) and ${n === 1 ? 'was' : 'were'} skipped; the other saved edits were applied.`;
}
