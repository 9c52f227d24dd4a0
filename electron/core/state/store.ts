/**
 * The durable store: composes the parts of a data folder behind one API, holds the committed state and the
 * data-folder lock, and runs updates, writes, recovery and close. Where each thing lives:
 * - data-file.ts — what the main file's (or a backup's) bytes hold (classification, migration, validation), and
 *   its writer;
 * - committed.ts — the in-memory state (frozen drafts, index by ID) and what an `update()` changed;
 * - drafts-repository.ts — `drafts/<id>.json` and the write-ahead log `drafts.wal` with its checkpoints;
 * - inventory-cache.ts — `cache/<account>/<region>.json`, derived data that a sync rebuilds;
 * - recovery.ts — `backups/` and `quarantine/`;
 * - store-status.ts — the status (state, message, listener) and the log;
 * - open-folder.ts — the opening sequence: lock, remove stale temps, read, classify, set aside, migrate, merge;
 * - durable-file.ts (on durable-io.ts), draft-files.ts, draft-log.ts, lock.ts, schema.ts — the primitives under them.
 *
 * Layout (schema 2): `elb-desk.json` holds schemaVersion, accounts, journal, settings and the drafts' order; every
 * draft has its own file. `update(fn)` never clones the whole state: accounts, journal and settings (small) are
 * copied for `fn`, the drafts are copy-on-write (see cow-drafts.ts), and after `fn` the drafts that really changed
 * (or were added or removed) are appended to the draft log — plus the main file is rewritten only if its own parts
 * changed. An update that touches both writes the drafts first and the main file last.
 *
 * Guarantees (reliability.md §2):
 * - An acknowledged `update()` is on disk (fsynced log records; fsynced temp files, renames, fsynced folders).
 * - One writer per data folder (`elb-desk.lock`); stale temp files of dead writers are removed on open
 *   (data folder, drafts/, backups/, quarantine/, cache/*).
 * - A bad main file (empty, NUL bytes, truncated, `null`/`0`/`[]`, schema-invalid, failed migration) is never
 *   replaced silently: its bytes are copied to `quarantine/` under a name that is never reused, the store
 *   runs read-only on empty data with status `needs-recovery`, and only `recover()` writes again.
 * - A bad draft file is set aside the same way; the other drafts load normally and the status message names it.
 * - A file from a newer ELB Desk opens read-only with its known fields.
 * - A failed write leaves the files intact, rejects with STORE_WRITE quickly, keeps the edit in memory
 *   (`write-failed`, `unsavedChanges`) and `retry()` (or any later update) writes it.
 * - Backups are single files holding everything (main parts + every draft inline), restorable by `recover()`.
 */
import path from 'node:path';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Draft } from '../../../shared/model/draft';
import type { Inventory } from '../../../shared/model/inventory';
import { systemClock, type Clock } from '../ports';
import { bundleOf, commitOne, commitState, committedFrom, draftIndex, mergeState, type Committed } from './committed';
import { adoptDraft, draftCopy } from './cow-drafts';
import { MainFile } from './data-file';
import { DRAFTS_DIR, draftFileName } from './draft-files';
import { DRAFT_LOG_FILE } from './draft-log';
import { DraftsRepository } from './drafts-repository';
import { describeError, nodeFs, type FsLike } from './durable-file';
import { InventoryCache } from './inventory-cache';
import type { DirLock } from './lock';
import { loadFolder, lockFolder, type FolderParts } from './open-folder';
import { QUARANTINE_DIR, Recovery } from './recovery';
import { MIGRATIONS, defaultAppState, type AppState, type MigrationTable, type StoreFile } from './schema';
import type { OpenStoreOptions, Store } from './store-api';
import { StatusBook, type LogLevel } from './store-status';
import { updateCopy, type UpdateCopy } from './update-copy';

export type { AppState, Settings } from './schema';
export type { OpenStoreOptions, Store } from './store-api';
export type { StoreStatus } from '../../../shared/ipc/contract';
export { DRAFTS_DIR, draftFileName } from './draft-files';
export { DRAFT_LOG_FILE } from './draft-log';
export { STORE_FILE, classifyDataFile } from './data-file';
export { CHECKPOINT_RETRY_MS } from './drafts-repository';
export { CACHE_DIR, INVENTORY_MEMORY_SLOTS } from './inventory-cache';
export { BACKUP_DIR, QUARANTINE_DIR } from './recovery';

class StoreImpl implements Store {
  private readonly dir: string;
  private readonly fs: FsLike;
  private readonly clock: Clock;
  private readonly migrations: MigrationTable;
  private readonly backupIntervalMs: number;
  private readonly main: MainFile;
  private readonly drafts: DraftsRepository;
  private readonly cache: InventoryCache;
  private readonly recovery: Recovery;
  private readonly background = new Set<Promise<unknown>>();
  private readonly st: StatusBook;

  private current: Committed = committedFrom(defaultAppState(), []);
  private lock: DirLock | null = null;
  private closed = false;

  constructor(opts: OpenStoreOptions) {
    this.dir = path.resolve(opts.dir);
    this.fs = opts.fs ?? nodeFs;
    this.clock = opts.clock ?? systemClock;
    this.st = new StatusBook({ logger: opts.logger, onStatus: opts.onStatus, lists: () => this.recovery });
    this.migrations = opts.migrations ?? MIGRATIONS;
    this.backupIntervalMs = opts.backupIntervalMs ?? 10 * 60_000;
    const renameRetryDelayMs = opts.renameRetryDelayMs ?? 25;
    const log = (level: 'info' | 'warn', message: string) => this.log(level, message);
    this.main = new MainFile(this.dir, { fs: this.fs, renameRetryDelayMs });
    this.recovery = new Recovery({ dir: this.dir, fs: this.fs, clock: this.clock, maxBackups: opts.maxBackups ?? 5, renameRetryDelayMs, log, onChange: () => this.st.emit() });
    this.drafts = new DraftsRepository({
      dir: this.dir,
      fs: this.fs,
      clock: this.clock,
      renameRetryDelayMs,
      checkpointDelayMs: opts.checkpointDelayMs ?? 1000,
      checkpointBytes: opts.checkpointBytes ?? 1024 * 1024,
      access: () => ({ locked: this.lock !== null, readOnly: this.st.readOnlyCause !== null, needsRecovery: this.st.state === 'needs-recovery' }),
      quarantineDraft: (name, raw, reason) => this.recovery.quarantineDraft(name, raw, reason),
      track: (p) => this.track(p),
      log,
    });
    this.cache = new InventoryCache({ dir: this.dir, fs: this.fs, renameRetryDelayMs, log });
  }

  // ---------------------------------------------------------------- open

  /** Lock, clean, read, classify, migrate, merge (open-folder.ts); then write what the opening asked for. */
  async open(): Promise<void> {
    const parts: FolderParts = {
      dir: this.dir, fs: this.fs, clock: this.clock, migrations: this.migrations, st: this.st,
      main: this.main, drafts: this.drafts, cache: this.cache, recovery: this.recovery,
      log: (level, message) => this.log(level, message),
    };
    this.lock = await lockFolder(parts);
    const loaded = await loadFolder(parts, this.lock !== null);
    this.current = loaded.committed;
    if (loaded.persist) await this.persist(loaded.persist.ids, true).catch(() => undefined);
  }

  // ---------------------------------------------------------------- API

  get(): Readonly<AppState> {
    return this.current.state;
  }

  getDraft(id: string): Readonly<Draft> | undefined {
    return this.current.byId.get(id);
  }

  async updateDraft<T>(id: string, fn: (d: Draft | undefined, s: AppState) => T): Promise<T> {
    this.assertWritable();
    const cur = this.current;
    const index = draftIndex(cur).get(id);
    if (index === undefined) return this.update((s) => fn(undefined, s));
    // The draft's private copy, handed to fn directly: no view of every draft unless fn reaches `s.drafts`.
    const one = { index, draft: draftCopy(cur.list[index]!) };
    const copy = updateCopy(cur, one);
    const result = fn(one.draft, copy.state);
    return this.commit(copy, result, one);
  }

  async replaceDraft(id: string, fn: (current: Readonly<Draft>) => Draft): Promise<Readonly<Draft>> {
    this.assertWritable();
    const cur = this.current;
    const index = draftIndex(cur).get(id);
    if (index === undefined) throw new AppFailure('NOT_FOUND', appMessage('noDraft', { id }));
    const next = adoptDraft(fn(cur.list[index]!));
    const { committed, changed, mainChanged } = commitOne(cur, cur.state, index, next);
    this.current = committed;
    await this.persist(changed, mainChanged);
    return committed.byId.get(next.id) ?? next;
  }

  async update<T>(fn: (s: AppState) => T): Promise<T> {
    this.assertWritable();
    const copy = updateCopy(this.current);
    return this.commit(copy, fn(copy.state));
  }

  /** Make an update's copy the committed state, then write what changed. */
  private async commit<T>(copy: UpdateCopy, result: T, one?: { index: number; draft: Draft }): Promise<T> {
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      // Edits made after an await would silently miss the write: refuse, and drop this copy.
      throw new AppFailure('INTERNAL', 'store.update(fn): fn must be synchronous (it returned a promise); nothing was changed.');
    }
    const { next, draftsReached } = copy.settle();
    const { committed, changed, mainChanged } = one && !draftsReached ? commitOne(this.current, next, one.index, one.draft) : commitState(this.current, next);
    this.current = committed;
    await this.persist(changed, mainChanged);
    return result;
  }

  async getInventory(accountId: string, region: string): Promise<Inventory | null> {
    this.assertOpen();
    return this.cache.get(accountId, region);
  }

  async putInventory(inv: Inventory): Promise<void> {
    this.assertOpen();
    if (this.st.readOnlyCause) throw new AppFailure('READ_ONLY', this.st.message ?? appMessage('storeFolderOpenReadOnly'));
    try {
      await this.cache.put(inv);
    } catch (e) {
      throw new AppFailure('STORE_WRITE', `Could not save the inventory cache ${this.cache.pathOf(inv.accountId, inv.region)}: ${describeError(e)}.`);
    }
  }

  status(): StoreStatus {
    return this.st.get();
  }

  async recover(source: 'defaults' | string): Promise<StoreStatus> {
    this.assertOpen();
    if (!this.lock) throw new AppFailure('READ_ONLY', this.st.message ?? appMessage('storeFolderOpenReadOnly'));
    await this.flush();
    let data: StoreFile;
    let done: string;
    if (source === 'defaults') {
      const d = defaultAppState();
      data = { schemaVersion: d.schemaVersion, accounts: d.accounts, journal: d.journal, settings: d.settings };
      done = appMessage('storeStartedEmpty');
    } else {
      const res = await this.recovery.readBackup(source, this.migrations);
      data = res.data;
      done = appMessage('storeRestored', { file: source });
    }
    // Whatever is on disk now is kept before it is replaced (a bad file already is, unless that failed).
    if (this.st.state !== 'needs-recovery' || !this.st.badFilePreserved) {
      const current = await this.main.read().catch(() => null);
      if (current !== null) {
        try {
          await this.recovery.quarantine(current, this.st.readOnlyCause === 'newer' ? 'replaced-newer' : 'replaced');
        } catch (e) {
          throw new AppFailure('STORE_WRITE', appMessage('storeCopyBeforeReplaceFailed', { file: this.main.file, reason: describeError(e) }));
        }
      }
    }
    const wasNewer = this.st.readOnlyCause === 'newer';
    // The draft files are separate and stay authoritative: a backup only brings back drafts that have no file.
    const folder = await this.drafts.load();
    if (folder.log.newerVersion !== null) {
      throw new AppFailure('READ_ONLY', appMessage('storeDraftLogNewerRefused', { file: DRAFT_LOG_FILE }));
    }
    if (folder.log.unreadable) throw new AppFailure('STORE_WRITE', appMessage('storeDraftLogUnreadableNoChange', folder.log.unreadable));
    const { committed, inlineOnly } = mergeState(data, folder, (m) => this.log('warn', m));
    this.current = committed;
    this.st.state = 'ok';
    this.st.readOnlyCause = null;
    this.st.badFilePreserved = true;
    this.main.inlineOnDisk = false;
    this.main.dirty = false;
    this.drafts.forgetUnsaved();
    await this.drafts.adopt(folder);
    await this.persist(inlineOnly, true); // throws STORE_WRITE (state write-failed, data kept in memory)
    const n = folder.drafts.size;
    const kept = n ? appMessage(n === 1 ? 'storeDraftKeptOne' : 'storeDraftsKeptMany', { count: n, dir: DRAFTS_DIR }) : '';
    this.st.say(done, wasNewer ? appMessage('storeNewerKept', { dir: QUARANTINE_DIR }) : '', kept);
    this.st.note(folder.problems);
    this.log('info', this.st.message ?? '');
    this.st.emit();
    return this.status();
  }

  async retry(): Promise<StoreStatus> {
    this.assertOpen();
    if (this.st.state === 'write-failed') {
      await this.persist([], false).catch(() => undefined);
    }
    return this.status();
  }

  async flush(): Promise<void> {
    await this.drafts.flush();
    await this.main.idle();
    await this.cache.idle();
    while (this.background.size) await Promise.all([...this.background]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.drafts.close();
    await this.lock?.release();
    this.lock = null;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Durably write the drafts `ids` (their current version, or their removal) and, when `main`, the main file —
   * plus whatever an earlier failed write left unsaved. Drafts (the log) first, main file last.
   */
  private async persist(ids: readonly string[], main: boolean): Promise<void> {
    let firstError: { file: string; error: unknown } | null = null;
    try {
      // One record per draft in the log (one write + one fsync); the draft files follow at the next checkpoint.
      await this.drafts.save(ids, (id) => this.current.byId.get(id) ?? null);
    } catch (error) {
      firstError = { file: this.drafts.logFile, error };
    }
    if (main || this.main.dirty) {
      const unsaved = this.drafts.unsaved;
      if (this.main.inlineOnDisk && unsaved.size) {
        // The main file on disk still carries drafts that are not all in their own files: keep it for now.
        this.main.dirty = true;
        const waiting = [...unsaved].slice(0, 3).map((id) => `${DRAFTS_DIR}/${draftFileName(id)}`).join(', ');
        firstError ??= { file: this.main.file, error: new Error(`held back until the drafts it still holds are saved in their own files (${waiting})`) };
      } else {
        try {
          await this.main.write(this.current.state);
        } catch (error) {
          firstError ??= { file: this.main.file, error };
        }
      }
    }
    const failed = this.main.dirty || this.drafts.unsaved.size > 0;
    if (firstError) {
      const { file, error } = firstError;
      if (failed) {
        this.st.state = 'write-failed';
        this.st.say(appMessage('storeSaveFailed', { file, reason: describeError(error) }));
        this.log('error', this.st.message ?? '');
        this.st.emit();
      }
      throw new AppFailure('STORE_WRITE', appMessage('storeSaveFailedKept', { file, reason: describeError(error) }));
    }
    if (this.st.state === 'write-failed' && !failed) {
      this.st.state = 'ok';
      this.st.say(appMessage('storeSaved'));
      this.log('info', 'saved after an earlier failure');
      this.st.emit();
    }
    if (!failed && this.clock.now().getTime() - this.recovery.lastBackupAt >= this.backupIntervalMs) {
      this.recovery.lastBackupAt = this.clock.now().getTime();
      // The state is immutable: serialize it after this update has been answered, not on its path.
      const snapshot = this.current.state;
      this.track(new Promise<void>((r) => setImmediate(r)).then(() => this.recovery.makeBackup(bundleOf(snapshot), '')));
    }
  }

  // ---------------------------------------------------------------- helpers

  private assertOpen(): void {
    if (this.closed) throw new AppFailure('INTERNAL', 'The store is closed.');
  }

  async scrubBackups(scrub: (doc: Record<string, unknown>) => boolean): Promise<number> {
    await this.flush();
    return this.recovery.rewriteBackups(scrub);
  }

  private assertWritable(): void {
    this.assertOpen();
    this.st.assertWritable();
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch((e: unknown) => this.log('warn', `background task failed: ${describeError(e)}`)).finally(() => this.background.delete(q));
    this.background.add(q);
  }

  private log(level: LogLevel, message: string): void {
    this.st.log(level, message);
  }
}

/**
 * Open (or create) the store in `opts.dir`. Throws AppFailure('LOCKED') when another live process holds
 * the folder; a bad or newer file does not throw — see `status()`.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const store = new StoreImpl(opts);
  await store.open();
  return store;
}
