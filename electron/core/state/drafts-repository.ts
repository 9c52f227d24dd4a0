/**
 * The drafts repository: one file per draft in `drafts/`, and the write-ahead log `drafts.wal` in front of them.
 *
 * A draft change is first appended to the log (see draft-log.ts: one write + one fsync, acknowledged then); a
 * checkpoint a second after the last save (or when the log passes `checkpointBytes`, on flush and on close) writes the
 * changed drafts' files — one batch, one folder fsync — and empties the log; `load()` applies whatever the log still
 * holds over the files. A draft file that cannot be used is set aside (bytes copied to quarantine/, then removed
 * from drafts/) when the store may write, and skipped otherwise; the other drafts load normally.
 */
import path from 'node:path';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import type { Clock } from '../ports';
import { DRAFTS_DIR, classifyDraftFile, draftFileName, isDraftFileName } from './draft-files';
import { DRAFT_LOG_FILE, DraftLogWriter, describeLogProblem, latestOf, parseLog, type LogEntry } from './draft-log';
import { DurableFolderWriter, describeError, errCode, readFileOrNull, syncDir, type FsLike } from './durable-file';

/** After a failed checkpoint, the next one started by a save waits this long. */
export const CHECKPOINT_RETRY_MS = 30_000;

/** The drafts found in drafts/, and what was wrong with the files that could not be used. */
export interface FolderDrafts {
  drafts: Map<string, Draft>;
  problems: string[];
  /** IDs the draft log says were removed (an inline copy of one must not come back). */
  removed: Set<string>;
  /** The records of the draft log (already applied to `drafts`), and its size. */
  log: { entries: LogEntry[]; bytes: number; newerVersion: number | null; unreadable: { file: string; reason: string } | null };
}

/** What the store allows the repository to do right now. */
export interface DraftsAccess {
  /** The data folder is locked by this store. */
  locked: boolean;
  /** The store is read-only (newer file, unreadable file, folder not writable). */
  readOnly: boolean;
  /** The main file waits for a recovery. */
  needsRecovery: boolean;
}

export interface DraftsRepositoryOptions {
  /** The data folder. */
  dir: string;
  fs: FsLike;
  clock: Clock;
  renameRetryDelayMs: number;
  /** Delay from the last save to the checkpoint. */
  checkpointDelayMs: number;
  /** …or at once past this many bytes of log. */
  checkpointBytes: number;
  access: () => DraftsAccess;
  /** Keep a bad draft file's (or log's) bytes in quarantine/; returns the relative path. */
  quarantineDraft: (name: string, raw: Uint8Array, reason: string) => Promise<string>;
  /** Run a background task (its failure is logged; flush waits for it). */
  track: (p: Promise<unknown>) => void;
  log: (level: 'info' | 'warn', message: string) => void;
}

/** The drafts folder and its log. */
export class DraftsRepository {
  readonly dir: string;
  private readonly writer: DurableFolderWriter;
  private readonly draftLog: DraftLogWriter;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  /** After a failed checkpoint, saves do not start another before this time (flush and close still do). */
  private checkpointRetryAt = 0;
  /** The draft log's content at open was applied and handed to the writer: a checkpoint may empty it. */
  private logAdopted = false;
  private closed = false;
  private readonly unsavedIds = new Set<string>();

  constructor(private readonly o: DraftsRepositoryOptions) {
    this.dir = path.join(o.dir, DRAFTS_DIR);
    this.writer = new DurableFolderWriter(this.dir, { fs: o.fs, renameRetryDelayMs: o.renameRetryDelayMs });
    this.draftLog = new DraftLogWriter(path.join(o.dir, DRAFT_LOG_FILE), { fs: o.fs });
  }

  /** The log's path. */
  get logFile(): string {
    return this.draftLog.file;
  }

  /** Read every draft file, then apply the log's records over them (see the module comment). */
  async load(): Promise<FolderDrafts> {
    const folder = await this.readDraftFiles();
    await this.applyLog(folder);
    return folder;
  }

  /** Hand what the log held at `load()` to its writer, and fold it into the draft files now. */
  async adopt(folder: FolderDrafts): Promise<void> {
    this.draftLog.adopt(folder.log.entries, folder.log.bytes);
    this.logAdopted = true;
    if (this.draftLog.size > 0) await this.checkpoint().catch((e: unknown) => this.warnCheckpoint(e));
  }

  /** Drafts whose latest version may not be on disk because a save failed (saved again by the next `save()`). */
  get unsaved(): ReadonlySet<string> {
    return this.unsavedIds;
  }

  /**
   * Durably append one record per draft of `ids`, and of every draft an earlier failed save left unsaved, with its
   * version now (`current`; null: removed), then schedule a checkpoint. Throws the write's error (the drafts stay
   * unsaved).
   */
  async save(ids: readonly string[], current: (id: string) => Draft | null): Promise<void> {
    const all = new Set(this.unsavedIds);
    for (const id of ids) all.add(id);
    if (!all.size) return;
    try {
      await this.draftLog.append([...all].map((id) => ({ id, draft: current(id) })));
    } catch (e) {
      for (const id of all) this.unsavedIds.add(id);
      throw e;
    }
    for (const id of all) this.unsavedIds.delete(id);
    this.scheduleCheckpoint();
  }

  /** Forget the unsaved drafts (a recovery replaced the state they belonged to). */
  forgetUnsaved(): void {
    this.unsavedIds.clear();
  }

  /** Wait for the log, fold it into the files, and wait for the files. Never throws (a failed checkpoint is logged). */
  async flush(): Promise<void> {
    await this.draftLog.idle();
    await this.checkpoint().catch((e: unknown) => this.warnCheckpoint(e));
    await this.writer.idle();
  }

  /** Stop the timer and close the log (after `flush()`). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    await this.draftLog.close();
  }

  private warnCheckpoint(e: unknown): void {
    this.o.log('warn', `could not bring ${DRAFTS_DIR}/ up to date from ${DRAFT_LOG_FILE}: ${describeError(e)}`);
  }

  private scheduleCheckpoint(): void {
    const backoff = this.checkpointRetryAt - this.o.clock.now().getTime();
    if (backoff <= 0 && this.draftLog.size >= this.o.checkpointBytes) {
      this.o.track(this.checkpoint());
      return;
    }
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(
      () => {
        this.checkpointTimer = null;
        if (!this.closed) this.o.track(this.checkpoint());
      },
      Math.max(this.o.checkpointDelayMs, backoff),
    );
    this.checkpointTimer.unref?.();
  }

  /**
   * Bring the draft files up to date with the log, then empty the log: for every ID the log holds, its last
   * version is written to (or removed from) drafts/ — one batch, one folder fsync — and only once all of them are
   * durable is the log emptied. Saves wait meanwhile (a few ms). On a failure the log is kept (the edits stay safe
   * in it) and the next save or close tries again.
   */
  private async checkpoint(): Promise<void> {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    const a = this.o.access();
    if (!a.locked || a.readOnly || a.needsRecovery || !this.logAdopted) return;
    await this.draftLog.exclusive(async () => {
      if (this.draftLog.size === 0) return;
      const latest = this.draftLog.latest();
      let failed: { name: string; error: unknown } | null = null;
      await Promise.all(
        [...latest].map(([id, d]) => {
          const name = draftFileName(id);
          return this.writer.put(name, d ? () => JSON.stringify(d) : null).catch((error: unknown) => {
            failed ??= { name, error };
          });
        }),
      );
      if (failed !== null) {
        const f: { name: string; error: unknown } = failed;
        this.checkpointRetryAt = this.o.clock.now().getTime() + CHECKPOINT_RETRY_MS;
        this.o.log('warn', `could not write ${DRAFTS_DIR}/${f.name} (${describeError(f.error)}); the saved edits stay in ${DRAFT_LOG_FILE}, retried in ${CHECKPOINT_RETRY_MS / 1000} s`);
        return;
      }
      await this.draftLog.truncate();
      this.checkpointRetryAt = 0;
    });
  }

  /** Apply the log's records, in order, over the drafts read from their files. */
  private async applyLog(folder: FolderDrafts): Promise<void> {
    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(this.draftLog.file, this.o.fs);
    } catch (e) {
      folder.log.unreadable = { file: this.draftLog.file, reason: describeError(e) };
      return;
    }
    if (raw === null || raw.length === 0) return;
    const parsed = parseLog(raw);
    folder.log = { entries: parsed.entries, bytes: raw.length, newerVersion: parsed.newerVersion, unreadable: null };
    for (const [id, d] of latestOf(parsed.entries)) {
      if (d) {
        folder.drafts.set(id, d);
        folder.removed.delete(id);
      } else {
        folder.drafts.delete(id);
        folder.removed.add(id);
      }
    }
    const problem = describeLogProblem(DRAFT_LOG_FILE, parsed);
    if (problem) {
      folder.problems.push(problem);
      if (this.o.access().locked) {
        // The damaged bytes are kept before the log is folded and emptied.
        await this.o
          .quarantineDraft(DRAFT_LOG_FILE.replace(/\./g, '-'), raw, 'bad-records')
          .catch((e: unknown) => this.o.log('warn', `could not keep a copy of ${DRAFT_LOG_FILE}: ${describeError(e)}`));
      }
    }
    if (parsed.entries.length) this.o.log('info', `applied ${parsed.entries.length} saved edit(s) from ${DRAFT_LOG_FILE}`);
  }

  /** Read every draft file (see `load()`). */
  private async readDraftFiles(): Promise<FolderDrafts> {
    const drafts = new Map<string, Draft>();
    const problems: string[] = [];
    const removedIds = new Set<string>();
    const log = { entries: [], bytes: 0, newerVersion: null, unreadable: null };
    const fs = this.o.fs;
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter(isDraftFileName).sort();
    } catch (e) {
      if (errCode(e) !== 'ENOENT') problems.push(appMessage('draftsFolderUnreadable', { dir: this.dir, reason: describeError(e) }));
      return { drafts, problems, removed: removedIds, log };
    }
    const bad: { name: string; raw: Buffer; reason: string; detail: string }[] = [];
    const readSync = fs.readFileSync?.bind(fs);
    const read = async (file: string): Promise<Buffer | null> => {
      if (!readSync) return readFileOrNull(file, fs);
      try {
        return readSync(file);
      } catch (e) {
        if (errCode(e) === 'ENOENT') return null;
        throw e;
      }
    };
    const take = (name: string, raw: Buffer | null) => {
      if (raw === null) return;
      const res = classifyDraftFile(name, raw);
      if (res.kind === 'ok') drafts.set(res.draft.id, res.draft);
      else bad.push({ name, raw, reason: res.reason, detail: res.detail });
    };
    // Small files, thousands of them: blocking reads in slices (yielding between slices) are several times faster
    // than one thread-pool round trip per open/stat/read/close; a shim without readFileSync reads asynchronously.
    let next = 0;
    const lane = async () => {
      while (next < names.length) {
        const name = names[next++]!;
        try {
          take(name, await read(path.join(this.dir, name)));
        } catch (e) {
          problems.push(appMessage('draftFileUnreadable', { file: `${DRAFTS_DIR}/${name}`, reason: describeError(e) }));
        }
        if (readSync && next % 200 === 0) await new Promise<void>((r) => setImmediate(r));
      }
    };
    await Promise.all(Array.from({ length: readSync ? 1 : Math.min(32, names.length) }, lane));
    let removed = false;
    const a = this.o.access();
    for (const b of bad.sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const what = { file: `${DRAFTS_DIR}/${b.name}`, detail: b.detail };
      if (!a.locked || a.readOnly) {
        problems.push(appMessage('draftUnusableLeft', what));
        continue;
      }
      try {
        const rel = await this.o.quarantineDraft(b.name, b.raw, b.reason);
        await fs.unlink(path.join(this.dir, b.name));
        removed = true;
        problems.push(appMessage('draftUnusableSetAside', { ...what, where: rel }));
      } catch (e) {
        problems.push(appMessage('draftUnusableNotSetAside', { ...what, cause: describeError(e) }));
      }
    }
    if (removed) await syncDir(fs, this.dir).catch(() => undefined);
    return { drafts, problems, removed: removedIds, log };
  }
}
