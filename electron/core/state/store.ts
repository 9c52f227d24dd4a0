/**
 * The durable store: composes the parts of a data folder and owns the main file `elb-desk.json` (lowdb 7 over
 * `DurableJsonFile`), the store's status and the data-folder lock. Where each thing lives:
 * - data-file.ts — what the main file's (or a backup's) bytes hold: classification, migration, validation;
 * - committed.ts — the in-memory state (frozen drafts, index by ID) and what an `update()` changed;
 * - drafts-repository.ts — `drafts/<id>.json` and the write-ahead log `drafts.wal` with its checkpoints;
 * - inventory-cache.ts — `cache/<account>/<region>.json`, derived data that a sync rebuilds;
 * - recovery.ts — `backups/` and `quarantine/`;
 * - durable-file.ts, draft-log.ts, lock.ts, schema.ts — the primitives under them.
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
import type { Draft } from '../../../shared/model/draft';
import type { Inventory } from '../../../shared/model/inventory';
import { systemClock, type Clock } from '../ports';
import { bundleOf, commitState, committedFrom, draftIndex, mergeState, orderDrafts, type Committed } from './committed';
import { draftsView } from './cow-drafts';
import { MainFile, STORE_FILE, classifyDataFile } from './data-file';
import { DRAFTS_DIR, draftFileName } from './draft-files';
import { DRAFT_LOG_FILE } from './draft-log';
import { DraftsRepository, type FolderDrafts } from './drafts-repository';
import { DIR_MODE, describeError, errCode, nodeFs, removeStaleTemps, type FsLike } from './durable-file';
import { InventoryCache } from './inventory-cache';
import { acquireDirLock, type DirLock } from './lock';
import { QUARANTINE_DIR, Recovery } from './recovery';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, defaultAppState, type AppState, type MigrationTable, type StoreFile } from './schema';
import type { OpenStoreOptions, Store } from './store-api';
import { StatusBook, type LogLevel } from './store-status';

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

  async open(): Promise<void> {
    try {
      await this.fs.mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    } catch (e) {
      throw new AppFailure('STORE_WRITE', `Cannot create the data folder ${this.dir}: ${describeError(e)}`);
    }
    await this.fs.chmod(this.dir, DIR_MODE).catch((e: unknown) => this.log('warn', `cannot chmod ${this.dir} to 0700: ${describeError(e)}`));

    try {
      this.lock = await acquireDirLock(this.dir, { fs: this.fs, now: () => this.clock.now() });
    } catch (e) {
      if (e instanceof AppFailure) throw e;
      const code = errCode(e);
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw new AppFailure('INTERNAL', `Cannot lock the data folder ${this.dir}: ${describeError(e)}`);
      this.st.setReadOnly('folder', `The data folder ${this.dir} is not writable (${describeError(e)}); opened read-only. Fix its permissions and restart ELB Desk.`, 'warn');
    }

    if (this.lock) {
      for (const d of [this.dir, this.drafts.dir, ...this.recovery.dirs, ...(await this.cache.dirs())]) {
        const removed = await removeStaleTemps(d, this.fs).catch(() => []);
        if (removed.length) this.log('info', `removed ${removed.length} temp file(s) left by a stopped writer in ${d}`);
      }
    }
    await this.recovery.load();

    let raw: Buffer | null;
    try {
      raw = await this.main.read();
    } catch (e) {
      this.st.setReadOnly('unreadable', `Cannot read ${this.main.file} (${describeError(e)}); opened read-only with no data. Fix the file's permissions and restart ELB Desk.`, 'error');
      return;
    }

    if (raw === null) {
      // A first start — or a main file someone removed: the drafts in their own files are still loaded.
      const folder = await this.drafts.load();
      if (this.newerLog(folder)) return;
      this.current = committedFrom(defaultAppState(), orderDrafts(folder.drafts, []));
      this.st.note(folder.problems);
      this.recovery.lastBackupAt = this.clock.now().getTime(); // nothing worth a backup yet
      if (this.lock && !this.st.readOnlyCause) {
        await this.adoptLog(folder);
        await this.persist([], true).catch(() => undefined);
      }
      return;
    }

    const res = classifyDataFile(raw, this.migrations);
    if (res.kind === 'bad') {
      this.current = committedFrom(defaultAppState(), []);
      this.st.state = 'needs-recovery';
      const kept = await this.recovery.setAsideMain(raw, res.reason, res.detail);
      this.st.badFilePreserved = kept.preserved;
      this.st.message = kept.message;
      this.log('error', this.st.message);
      return;
    }
    if (res.kind === 'newer') {
      this.st.state = 'read-only';
      this.st.readOnlyCause = 'newer';
      this.st.badFilePreserved = false;
      const folder = await this.drafts.load();
      this.current = this.merge(res.data, folder).committed;
      this.st.message = `The data file was written by a newer ELB Desk (schema ${res.version}); opened read-only. Update ELB Desk to edit it.`;
      this.st.note(folder.problems);
      this.log('warn', this.st.message);
      return;
    }
    const folder = await this.drafts.load();
    const { committed, inlineOnly } = this.merge(res.data, folder);
    this.current = committed;
    if (this.newerLog(folder)) return;
    this.st.note(folder.problems);
    if (this.lock && !this.st.readOnlyCause) {
      await this.adoptLog(folder);
      // The state just validated is the last good one: keep a copy (an old-schema file as it was, before migrating).
      if (res.migratedFrom !== null) await this.recovery.makeBackup(raw, `.v${res.migratedFrom}`);
      else await this.recovery.makeBackup(bundleOf(this.current.state), '');
      if (res.migratedFrom !== null || res.data.drafts !== undefined) {
        // Drafts held inline move to their own files first; only then is the main file rewritten without them.
        this.main.inlineOnDisk = res.data.drafts !== undefined;
        if (res.migratedFrom !== null) this.log('info', `migrating ${STORE_FILE} from schema ${res.migratedFrom} to ${CURRENT_SCHEMA_VERSION}`);
        await this.persist(inlineOnly, true).catch(() => undefined);
      }
    }
  }

  // ---------------------------------------------------------------- API

  get(): Readonly<AppState> {
    return this.current.state;
  }

  getDraft(id: string): Readonly<Draft> | undefined {
    return this.current.byId.get(id);
  }

  updateDraft<T>(id: string, fn: (d: Draft | undefined, s: AppState) => T): Promise<T> {
    const i = draftIndex(this.current).get(id);
    return this.update((s) => fn(i === undefined ? undefined : s.drafts[i], s));
  }

  async update<T>(fn: (s: AppState) => T): Promise<T> {
    this.assertWritable();
    const cur = this.current.state;
    const next: AppState = {
      schemaVersion: cur.schemaVersion,
      accounts: structuredClone(cur.accounts),
      drafts: draftsView(this.current.list),
      journal: structuredClone(cur.journal),
      settings: structuredClone(cur.settings),
    };
    const result = fn(next);
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      // Edits made after an await would silently miss the write: refuse, and drop this copy.
      throw new AppFailure('INTERNAL', 'store.update(fn): fn must be synchronous (it returned a promise); nothing was changed.');
    }
    const { committed, changed, mainChanged } = commitState(this.current, next);
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
    if (this.st.readOnlyCause) throw new AppFailure('READ_ONLY', this.st.message ?? 'The data folder is open read-only.');
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
    if (!this.lock) throw new AppFailure('READ_ONLY', this.st.message ?? 'The data folder is open read-only.');
    await this.flush();
    let data: StoreFile;
    let done: string;
    if (source === 'defaults') {
      const d = defaultAppState();
      data = { schemaVersion: d.schemaVersion, accounts: d.accounts, journal: d.journal, settings: d.settings };
      done = 'Started with empty data.';
    } else {
      const res = await this.recovery.readBackup(source, this.migrations);
      data = res.data;
      done = `Restored the backup ${source}.`;
    }
    // Whatever is on disk now is kept before it is replaced (a bad file already is, unless that failed).
    if (this.st.state !== 'needs-recovery' || !this.st.badFilePreserved) {
      const current = await this.main.read().catch(() => null);
      if (current !== null) {
        try {
          await this.recovery.quarantine(current, this.st.readOnlyCause === 'newer' ? 'replaced-newer' : 'replaced');
        } catch (e) {
          throw new AppFailure('STORE_WRITE', `Could not keep a copy of ${this.main.file} before replacing it: ${describeError(e)}. Nothing was changed.`);
        }
      }
    }
    const wasNewer = this.st.readOnlyCause === 'newer';
    // The draft files are separate and stay authoritative: a backup only brings back drafts that have no file.
    const folder = await this.drafts.load();
    if (folder.log.newerVersion !== null) {
      throw new AppFailure('READ_ONLY', `${DRAFT_LOG_FILE} holds edits saved by a newer ELB Desk; update ELB Desk to open this data folder.`);
    }
    if (folder.log.unreadable) throw new AppFailure('STORE_WRITE', `${folder.log.unreadable} Nothing was changed.`);
    const { committed, inlineOnly } = this.merge(data, folder);
    this.current = committed;
    this.st.state = 'ok';
    this.st.readOnlyCause = null;
    this.st.badFilePreserved = true;
    this.main.inlineOnDisk = false;
    this.main.dirty = false;
    this.drafts.forgetUnsaved();
    await this.adoptLog(folder);
    await this.persist(inlineOnly, true); // throws STORE_WRITE (state write-failed, data kept in memory)
    const n = folder.drafts.size;
    const kept = n ? ` The ${n} draft${n === 1 ? '' : 's'} in ${DRAFTS_DIR}/ ${n === 1 ? 'was' : 'were'} kept.` : '';
    this.st.message = (wasNewer ? `${done} The newer file was kept in ${QUARANTINE_DIR}/.` : done) + kept;
    this.st.note(folder.problems);
    this.log('info', this.st.message);
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
        this.st.message = `Could not save ${file}: ${describeError(error)}. Your changes are kept in memory; free disk space or fix the folder's permissions, then retry.`;
        this.log('error', this.st.message);
        this.st.emit();
      }
      throw new AppFailure('STORE_WRITE', `Could not save ${file}: ${describeError(error)}. Your changes are kept in memory until a save succeeds.`);
    }
    if (this.st.state === 'write-failed' && !failed) {
      this.st.state = 'ok';
      this.st.message = 'Saved.';
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

  // ---------------------------------------------------------------- drafts, cache and status helpers

  private merge(data: StoreFile, folder: FolderDrafts): { committed: Committed; inlineOnly: string[] } {
    return mergeState(data, folder, (m) => this.log('warn', m));
  }

  /** Hand what the draft log held at open to the repository, and fold it into the draft files now. */
  private async adoptLog(folder: FolderDrafts): Promise<void> {
    if (!this.st.readOnlyCause) await this.drafts.adopt(folder);
  }

  /** A draft log written by a newer ELB Desk (or unreadable): open read-only (true), as for a newer main file. */
  private newerLog(folder: FolderDrafts): boolean {
    if (folder.log.unreadable) {
      // Nothing may empty a log this store could not read.
      this.st.badFilePreserved = false;
      this.st.setReadOnly('unreadable', `${folder.log.unreadable} Opened read-only; fix the file's permissions and restart ELB Desk.`, 'error');
      return true;
    }
    const v = folder.log.newerVersion;
    if (v === null) return false;
    this.st.badFilePreserved = false;
    this.st.setReadOnly('newer', `${DRAFT_LOG_FILE} holds edits saved by a newer ELB Desk (record format ${v}); opened read-only. Update ELB Desk to edit these drafts.`, 'warn');
    return true;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppFailure('INTERNAL', 'The store is closed.');
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
