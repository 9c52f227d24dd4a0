/**
 * The durable store: the sole owner of `elb-desk.json` (lowdb 7 over `DurableJsonFile`), the per-draft files
 * `drafts/<id>.json`, the inventory cache files, the backups and the data-folder lock.
 *
 * Layout (schema 2): `elb-desk.json` holds schemaVersion, accounts, journal, settings and the drafts' order;
 * every draft has its own file, so saving one draft with thousands stored writes a few KB instead of the whole data
 * set. A draft change is first appended to `drafts.wal` (see draft-log.ts: one write + one fsync, acknowledged
 * then); a checkpoint a second after the last save (or when the log passes 1 MiB, on flush and on close) writes the
 * changed drafts' files and empties the log, and open applies whatever the log still holds over the files. All
 * other files are compact JSON, written durably (temp file, fsync, rename, fsync of the folder) with mode 0600 in
 * 0700 folders.
 *
 * `update(fn)` never clones the whole state: accounts, journal and settings (small) are copied for `fn`, the
 * drafts are copy-on-write (see cow-drafts.ts): only the drafts `fn` reaches are copied, committed drafts are
 * deep-frozen, and after `fn` the drafts that really changed (or were added or removed) are written — plus the
 * main file only if its own parts changed. Each file is replaced atomically; an update that touches several
 * files writes the draft files first and the main file last.
 *
 * Guarantees (reliability.md §2):
 * - An acknowledged `update()` is on disk (fsynced log records; fsynced temp files, renames, fsynced folders).
 * - One writer per data folder (`elb-desk.lock`); stale temp files of dead writers are removed on open
 *   (data folder, drafts/, backups/, quarantine/, cache/*).
 * - A bad main file (empty, NUL bytes, truncated, `null`/`0`/`[]`, schema-invalid, failed migration) is never
 *   replaced silently: its bytes are copied to `quarantine/` under a name that is never reused, the store
 *   runs read-only on empty data with status `needs-recovery`, and only `recover()` writes again.
 * - A bad draft file is set aside the same way (bytes copied to `quarantine/draft.<name>.<time>.<reason>.json`,
 *   then removed from drafts/); the other drafts load normally and the status message names it.
 * - A file from a newer ELB Desk opens read-only with its known fields.
 * - A failed write leaves the files intact, rejects with STORE_WRITE quickly, keeps the edit in memory
 *   (`write-failed`, `unsavedChanges`) and `retry()` (or any later update) writes it.
 * - Backups are single files holding everything (main parts + every draft inline), restorable by `recover()`.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Low } from 'lowdb';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { InventorySchema, type Inventory } from '../../../shared/model/inventory';
import { systemClock, type Clock, type Logger } from '../ports';
import { deepFreeze, draftsView, isStoreFrozen, isViewCopy, jsonEqual, rawDrafts } from './cow-drafts';
import { DRAFTS_DIR, classifyDraftFile, draftFileName, isDraftFileName, parseJsonObjectBytes } from './draft-files';
import { DRAFT_LOG_FILE, DraftLogWriter, describeLogProblem, latestOf, parseLog, type LogEntry } from './draft-log';
import {
  DIR_MODE,
  DurableFolderWriter,
  DurableJsonFile,
  describeError,
  errCode,
  jsonChunks,
  nodeFs,
  readFileOrNull,
  removeStaleTemps,
  syncDir,
  writeFileExclusive,
  type FsLike,
} from './durable-file';
import { acquireDirLock, type DirLock } from './lock';
import {
  CURRENT_SCHEMA_VERSION,
  MIGRATIONS,
  StoreFileSchema,
  defaultAppState,
  describeIssues,
  documentVersion,
  migrate,
  type AppState,
  type JsonObject,
  type MigrationTable,
  type StoreFile,
} from './schema';

export type { AppState, Settings } from './schema';
export type { StoreStatus } from '../../../shared/ipc/contract';
export { DRAFTS_DIR, draftFileName } from './draft-files';
export { DRAFT_LOG_FILE } from './draft-log';

/** The data file name. */
export const STORE_FILE = 'elb-desk.json';
/** Folder (in the data folder) of the backups of the last good state. */
export const BACKUP_DIR = 'backups';
/** Folder of the copies of files that could not be used. */
export const QUARANTINE_DIR = 'quarantine';
/** Folder of the per-account, per-region inventory cache. */
export const CACHE_DIR = 'cache';
/** After a failed checkpoint, the next one started by a save waits this long. */
export const CHECKPOINT_RETRY_MS = 30_000;
/** Inventories kept parsed in memory (least recently used dropped first). */
export const INVENTORY_MEMORY_SLOTS = 8;

/** The store's API (see the module comment). */
export interface Store {
  /**
   * Current in-memory state. Read-only: every `update()` replaces it with a new object, and the drafts in it are
   * frozen (writing to one throws).
   */
  get(): Readonly<AppState>;
  /** The committed draft with this ID (frozen, as in `get().drafts`), found through the store's index. */
  getDraft(id: string): Readonly<Draft> | undefined;
  /**
   * Apply `fn` to a copy of the state, make the copy current, then write what changed durably. `fn` must be
   * synchronous; if it throws nothing changes. Drafts reached through `s.drafts` are private copies and may be
   * changed in place; drafts seen by predicates (`find`, `some`, `filter`, …) are read-only there.
   * Rejects with READ_ONLY (newer file, recovery pending), or STORE_WRITE (the edit stays in memory; see `retry()`).
   */
  update<T>(fn: (s: AppState) => T): Promise<T>;
  /**
   * `update()` for one draft: `fn` gets a private, mutable copy of the draft with this ID (undefined when there is
   * none), found through the store's index instead of a scan of every draft, and the state as `update()` gives it.
   */
  updateDraft<T>(id: string, fn: (d: Draft | undefined, s: AppState) => T): Promise<T>;
  /**
   * The cached inventory, or null when there is none (or it was unreadable and set aside). Kept parsed in memory
   * after the first read and on `putInventory`: the same frozen object is returned until the next put.
   */
  getInventory(accountId: string, region: string): Promise<Inventory | null>;
  /**
   * Durably write the cache file of that account and region. `inv` itself is kept as the in-memory copy (frozen
   * when a `getInventory` first returns it): do not change it after the call.
   */
  putInventory(inv: Inventory): Promise<void>;
  status(): StoreStatus;
  /**
   * Replace the main file's data (accounts, journal, settings) with a listed backup or with empty defaults —
   * only on the user's explicit choice. Draft files in drafts/ are kept (they win over a backup's copy of the
   * same draft); drafts only in the backup are restored.
   */
  recover(source: 'defaults' | string): Promise<StoreStatus>;
  /** Write again edits held in memory after a failed write. Never throws; the status says how it went. */
  retry(): Promise<StoreStatus>;
  /** Wait for every queued write (whatever its outcome). */
  flush(): Promise<void>;
  /** Flush and release the lock. */
  close(): Promise<void>;
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** The data folder (created 0700 if missing). */
  dir: string;
  clock?: Clock;
  logger?: Logger;
  /** File system shim for fault injection. */
  fs?: FsLike;
  /** Called after every status change. */
  onStatus?: (s: StoreStatus) => void;
  /** Migration table (tests inject failing steps). */
  migrations?: MigrationTable;
  /** Backups kept (newest first). Default 5. */
  maxBackups?: number;
  /** At most one backup per this many ms of writes. Default 10 minutes. */
  backupIntervalMs?: number;
  /** First delay between rename retries (EPERM/EBUSY). Default 25 ms. */
  renameRetryDelayMs?: number;
  /** The draft files are brought up to date from `drafts.wal` this long after the last save. Default 1,000 ms. */
  checkpointDelayMs?: number;
  /** …or at once when the log holds more than this many bytes. Default 1 MiB. */
  checkpointBytes?: number;
}

type LoadResult =
  | { kind: 'ok'; data: StoreFile; migratedFrom: number | null }
  | { kind: 'newer'; version: number; data: StoreFile }
  | { kind: 'bad'; reason: string; detail: string };

type ReadOnlyCause = 'newer' | 'unreadable' | 'folder';

const FILE_RE = /^elb-desk\..+\.json$/;
/** `elb-desk.<stamp>[-<n>][.v<k>].json`: stamp, collision counter. */
const BACKUP_NAME_RE = /^elb-desk\.(\d{4}-\d{2}-\d{2}T[\d.-]+Z)(?:-(\d+))?(?:\.v\d+)?\.json$/;

/** ISO time usable in a file name on every OS (no colons). */
function stamp(d: Date): string {
  return d.toISOString().replace(/:/g, '-');
}

function stampToIso(s: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2}(?:\.\d+)?Z)/.exec(s);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}` : null;
}

/**
 * Decide what a main data file's (or a backup's) bytes hold. Pure (no I/O); used on open and to check a backup
 * before restoring. An `ok` result is at the current schema; its `drafts` are the drafts held inline, if any.
 */
export function classifyDataFile(raw: Uint8Array, migrations: MigrationTable = MIGRATIONS): LoadResult {
  const bytes = parseJsonObjectBytes(raw, { expected: 'the expected object', nulNote: ' (typical of a crash or power loss during a write)' });
  if (bytes.kind === 'bad') return bytes;
  const obj = bytes.doc as JsonObject;
  const v = documentVersion(obj);
  if (v === 'invalid') {
    return { kind: 'bad', reason: 'schema-invalid', detail: 'its schemaVersion is not a whole number' };
  }
  const version = v === 'missing' ? 0 : v;
  if (version > CURRENT_SCHEMA_VERSION) {
    const parsed = StoreFileSchema.safeParse(obj);
    if (!parsed.success) {
      return {
        kind: 'bad',
        reason: 'newer-schema-invalid',
        detail: `it was written by a newer ELB Desk (schema ${version}) and its known fields do not validate (${describeIssues(parsed.error)})`,
      };
    }
    return { kind: 'newer', version, data: parsed.data };
  }
  let current: JsonObject = obj;
  if (version < CURRENT_SCHEMA_VERSION) {
    try {
      current = migrate(obj, version, migrations);
    } catch (e) {
      return { kind: 'bad', reason: 'migration-failed', detail: `upgrading it from schema ${version} failed (${describeError(e)})` };
    }
  }
  const parsed = StoreFileSchema.safeParse(current);
  if (!parsed.success) {
    return { kind: 'bad', reason: 'schema-invalid', detail: `its content does not match the expected structure (${describeIssues(parsed.error)})` };
  }
  return { kind: 'ok', data: { ...parsed.data, schemaVersion: CURRENT_SCHEMA_VERSION }, migratedFrom: version < CURRENT_SCHEMA_VERSION ? version : null };
}

/** A cache path segment for an account ID or region: kept when plainly safe, hashed otherwise. */
function safeSegment(s: string): string {
  if (/^[A-Za-z0-9_-]{1,100}$/.test(s)) return s;
  return `h-${createHash('sha256').update(s).digest('hex').slice(0, 32)}`;
}

/** The drafts found in drafts/, and what was wrong with the files that could not be used. */
interface FolderDrafts {
  drafts: Map<string, Draft>;
  problems: string[];
  /** IDs the draft log says were removed (an inline copy of one must not come back). */
  removed: Set<string>;
  /** The records of the draft log (already applied to `drafts`), and its size. */
  log: { entries: LogEntry[]; bytes: number; newerVersion: number | null; unreadable: string | null };
}

/** A state whose drafts are committed: frozen, with an index by ID. */
interface Committed {
  /** What `get()` returns; its drafts array is a frozen copy of `list`. */
  state: AppState;
  /**
   * The same drafts in a plain array, for the store's own loops: V8 copies and scans a frozen 5,000-element array
   * several times slower than a plain one, and that is on every update's path.
   */
  list: Draft[];
  byId: Map<string, Draft>;
  /** Position of each draft in `list`, built when first needed after the order changed. */
  index: Map<string, number> | null;
}

function committedFrom(base: Omit<AppState, 'drafts'>, drafts: Draft[]): Committed {
  const byId = new Map<string, Draft>();
  for (const d of drafts) byId.set(d.id, deepFreeze(d));
  return { state: { ...base, schemaVersion: CURRENT_SCHEMA_VERSION, drafts: Object.freeze([...drafts]) as Draft[] }, list: drafts, byId, index: null };
}

/**
 * Order the drafts: first by `order` (IDs), then the others by creation time and ID. Returns the ordered list.
 */
function orderDrafts(byId: Map<string, Draft>, order: readonly string[]): Draft[] {
  const out: Draft[] = [];
  const placed = new Set<string>();
  for (const id of order) {
    const d = byId.get(id);
    if (d && !placed.has(id)) {
      out.push(d);
      placed.add(id);
    }
  }
  const rest = [...byId.values()].filter((d) => !placed.has(d.id));
  rest.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.createdAt < b.createdAt ? -1 : 1));
  return out.concat(rest);
}

class StoreImpl implements Store {
  private readonly dir: string;
  private readonly file: string;
  private readonly draftsDir: string;
  private readonly fs: FsLike;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly onStatus: ((s: StoreStatus) => void) | undefined;
  private readonly migrations: MigrationTable;
  private readonly maxBackups: number;
  private readonly backupIntervalMs: number;
  private readonly renameRetryDelayMs: number;
  private readonly writer: DurableJsonFile<StoreFile>;
  private readonly db: Low<StoreFile>;
  private readonly draftWriter: DurableFolderWriter;
  private readonly draftLog: DraftLogWriter;
  private readonly checkpointDelayMs: number;
  private readonly checkpointBytes: number;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  /** After a failed checkpoint, saves do not start another before this time (flush and close still do). */
  private checkpointRetryAt = 0;
  /** The draft log's content at open was applied and handed to the writer: a checkpoint may empty it. */
  private logAdopted = false;
  private readonly caches = new Map<string, DurableJsonFile<Inventory>>();
  /**
   * Parsed inventories by cache file, most recently used last, with the identity of the file they came from
   * (inode, size, mtime — or 'absent'), so a file changed behind the store's back is read again.
   */
  private readonly inventories = new Map<string, { inv: Inventory | null; sig: string }>();
  /** Puts issued per cache file (a read or put only fills the memory copy if no newer put was issued since). */
  private readonly inventoryPuts = new Map<string, number>();
  private readonly background = new Set<Promise<unknown>>();

  private current: Committed = committedFrom(defaultAppState(), []);
  private lock: DirLock | null = null;
  private state: StoreStatus['state'] = 'ok';
  private readOnlyCause: ReadOnlyCause | null = null;
  private message: string | null = null;
  private quarantined: string[] = [];
  private backups: StoreStatus['backups'] = [];
  /** IDs of drafts whose file may not match memory because a write failed (rewritten by the next write or retry). */
  private readonly dirtyDrafts = new Set<string>();
  /** The main file may not match memory because its write failed (or was held back). */
  private mainDirty = false;
  /**
   * The main file on disk still holds drafts inline (schema 1 being migrated, or a backup being restored) that
   * are not all in their own files yet: it must not be rewritten before they are.
   */
  private inlineOnDisk = false;
  private lastBackupAt = Number.NEGATIVE_INFINITY;
  /** The bytes on disk that could not be used were copied to quarantine (so a recovery may replace them). */
  private badFilePreserved = true;
  private closed = false;

  constructor(opts: OpenStoreOptions) {
    this.dir = path.resolve(opts.dir);
    this.file = path.join(this.dir, STORE_FILE);
    this.draftsDir = path.join(this.dir, DRAFTS_DIR);
    this.fs = opts.fs ?? nodeFs;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger;
    this.onStatus = opts.onStatus;
    this.migrations = opts.migrations ?? MIGRATIONS;
    this.maxBackups = opts.maxBackups ?? 5;
    this.backupIntervalMs = opts.backupIntervalMs ?? 10 * 60_000;
    this.renameRetryDelayMs = opts.renameRetryDelayMs ?? 25;
    this.writer = new DurableJsonFile<StoreFile>(this.file, { fs: this.fs, renameRetryDelayMs: this.renameRetryDelayMs });
    this.db = new Low<StoreFile>(this.writer, this.mainDoc());
    this.draftWriter = new DurableFolderWriter(this.draftsDir, { fs: this.fs, renameRetryDelayMs: this.renameRetryDelayMs });
    this.draftLog = new DraftLogWriter(path.join(this.dir, DRAFT_LOG_FILE), { fs: this.fs });
    this.checkpointDelayMs = opts.checkpointDelayMs ?? 1000;
    this.checkpointBytes = opts.checkpointBytes ?? 1024 * 1024;
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
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        this.readOnlyCause = 'folder';
        this.state = 'read-only';
        this.message = `The data folder ${this.dir} is not writable (${describeError(e)}); opened read-only. Fix its permissions and restart ELB Desk.`;
        this.log('warn', this.message);
      } else {
        throw new AppFailure('INTERNAL', `Cannot lock the data folder ${this.dir}: ${describeError(e)}`);
      }
    }

    if (this.lock) {
      for (const d of [this.dir, this.draftsDir, this.sub(BACKUP_DIR), this.sub(QUARANTINE_DIR), ...(await this.cacheDirs())]) {
        const removed = await removeStaleTemps(d, this.fs).catch(() => []);
        if (removed.length) this.log('info', `removed ${removed.length} temp file(s) left by a stopped writer in ${d}`);
      }
    }
    this.backups = await this.listBackups();
    this.quarantined = await this.listQuarantine();

    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(this.file, this.fs);
    } catch (e) {
      this.readOnlyCause = 'unreadable';
      this.state = 'read-only';
      this.message = `Cannot read ${this.file} (${describeError(e)}); opened read-only with no data. Fix the file's permissions and restart ELB Desk.`;
      this.log('error', this.message);
      return;
    }

    if (raw === null) {
      // A first start — or a main file someone removed: the drafts in their own files are still loaded.
      const folder = await this.loadDraftsFolder();
      if (this.newerLog(folder)) return;
      this.current = committedFrom(defaultAppState(), orderDrafts(folder.drafts, []));
      this.noteDraftProblems(folder.problems);
      this.lastBackupAt = this.clock.now().getTime(); // nothing worth a backup yet
      if (this.lock && !this.readOnlyCause) {
        await this.adoptLog(folder);
        await this.persist([], true).catch(() => undefined);
      }
      return;
    }

    const res = classifyDataFile(raw, this.migrations);
    if (res.kind === 'bad') {
      this.current = committedFrom(defaultAppState(), []);
      this.state = 'needs-recovery';
      let where: string;
      try {
        where = await this.quarantine(raw, res.reason);
        this.badFilePreserved = true;
      } catch (e) {
        this.badFilePreserved = false;
        where = `(a copy could not be made: ${describeError(e)}; the file itself is left untouched)`;
      }
      this.message =
        `The data file ${STORE_FILE} could not be used: ${res.detail}. It was not changed, and a copy of its bytes is kept as ${where}. ` +
        (this.backups.length
          ? `Restore a backup (${this.backups.map((b) => b.file).join(', ')}) or start with empty data.`
          : 'No backup is available: start with empty data, or repair the file by hand.');
      this.log('error', this.message);
      return;
    }
    if (res.kind === 'newer') {
      this.state = 'read-only';
      this.readOnlyCause = 'newer';
      this.badFilePreserved = false;
      const folder = await this.loadDraftsFolder();
      this.current = this.merge(res.data, folder).committed;
      this.message = `The data file was written by a newer ELB Desk (schema ${res.version}); opened read-only. Update ELB Desk to edit it.`;
      this.noteDraftProblems(folder.problems);
      this.log('warn', this.message);
      return;
    }
    const folder = await this.loadDraftsFolder();
    const { committed, inlineOnly } = this.merge(res.data, folder);
    this.current = committed;
    if (this.newerLog(folder)) return;
    this.noteDraftProblems(folder.problems);
    if (this.lock && !this.readOnlyCause) {
      await this.adoptLog(folder);
      // The state just validated is the last good one: keep a copy (an old-schema file as it was, before migrating).
      if (res.migratedFrom !== null) await this.makeBackup(raw, `.v${res.migratedFrom}`);
      else await this.makeBackup(this.bundle(), '');
      if (res.migratedFrom !== null || res.data.drafts !== undefined) {
        // Drafts held inline move to their own files first; only then is the main file rewritten without them.
        this.inlineOnDisk = res.data.drafts !== undefined;
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
    const cur = this.current;
    let index = cur.index;
    if (!index) {
      index = new Map();
      for (let i = 0; i < cur.list.length; i++) index.set(cur.list[i]!.id, i);
      cur.index = index;
    }
    const i = index.get(id);
    return this.update((s) => fn(i === undefined ? undefined : s.drafts[i], s));
  }

  async update<T>(fn: (s: AppState) => T): Promise<T> {
    this.assertWritable();
    const cur = this.current.state;
    const list = this.current.list;
    const next: AppState = {
      schemaVersion: cur.schemaVersion,
      accounts: structuredClone(cur.accounts),
      drafts: draftsView(list),
      journal: structuredClone(cur.journal),
      settings: structuredClone(cur.settings),
    };
    const result = fn(next);
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      // Edits made after an await would silently miss the write: refuse, and drop this copy.
      throw new AppFailure('INTERNAL', 'store.update(fn): fn must be synchronous (it returned a promise); nothing was changed.');
    }
    const { changed, mainChanged } = this.commit(next);
    await this.persist(changed, mainChanged);
    return result;
  }

  async getInventory(accountId: string, region: string): Promise<Inventory | null> {
    this.assertOpen();
    const file = this.cachePath(accountId, region);
    await this.caches.get(file)?.idle();
    const putsBefore = this.inventoryPuts.get(file) ?? 0;
    const sig = await this.fileSignature(file);
    const hit = this.inventories.get(file);
    if (hit && sig !== null && hit.sig === sig) {
      this.rememberInventory(file, hit.inv, sig); // most recently used
      // Frozen when first handed out (not in putInventory: ~30 ms for 10,000 listeners, off the sync's path).
      return deepFreeze(hit.inv);
    }
    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(file, this.fs);
    } catch (e) {
      this.log('warn', `cannot read the inventory cache ${file}: ${describeError(e)}`);
      return null;
    }
    const remember = (inv: Inventory | null): Inventory | null => {
      if (sig !== null && (this.inventoryPuts.get(file) ?? 0) === putsBefore) this.rememberInventory(file, inv, sig);
      return inv;
    };
    if (raw === null) return remember(null);
    let reason: string;
    let detail: string;
    try {
      const parsed = InventorySchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success && parsed.data.accountId === accountId && parsed.data.region === region) return remember(deepFreeze(parsed.data));
      reason = 'schema-invalid';
      detail = parsed.success ? 'it belongs to another account or region' : describeIssues(parsed.error);
    } catch (e) {
      reason = raw.includes(0) ? 'nul-bytes' : 'invalid-json';
      detail = describeError(e);
    }
    // Only a cache: set it aside (never overwriting an older copy) and start from empty.
    try {
      await this.ensureDir(this.sub(QUARANTINE_DIR));
      const where = await writeFileExclusive(
        (i) => this.sub(QUARANTINE_DIR, `cache.${safeSegment(accountId)}.${safeSegment(region)}.${stamp(this.clock.now())}${i ? `-${i}` : ''}.${reason}.json`),
        raw,
        this.writeOpts(),
      );
      await this.fs.unlink(file).catch(() => undefined);
      const rel = path.relative(this.dir, where);
      this.quarantined = [rel, ...this.quarantined.filter((q) => q !== rel)];
      this.message = `The cached inventory of ${accountId} / ${region} could not be read (${detail}); it was set aside as ${rel} and will be fetched again.`;
    } catch (e) {
      this.message = `The cached inventory of ${accountId} / ${region} could not be read (${detail}) and could not be set aside (${describeError(e)}); it is ignored.`;
    }
    this.log('warn', this.message);
    this.emitStatus();
    return null;
  }

  async putInventory(inv: Inventory): Promise<void> {
    this.assertOpen();
    if (this.readOnlyCause) throw new AppFailure('READ_ONLY', this.message ?? 'The data folder is open read-only.');
    const file = this.cachePath(inv.accountId, inv.region);
    const seq = (this.inventoryPuts.get(file) ?? 0) + 1;
    this.inventoryPuts.set(file, seq);
    let writer = this.caches.get(file);
    if (!writer) {
      // In pieces (100 listeners at a time), through one reused buffer: see writePieces.
      writer = new DurableJsonFile<Inventory>(file, { ...this.writeOpts(), serialize: (d) => jsonChunks(d) });
      this.caches.set(file, writer);
    }
    try {
      await this.ensureDir(this.sub(CACHE_DIR));
      await this.ensureDir(path.dirname(file));
      await writer.write(inv);
    } catch (e) {
      // What is on disk is the older file (or nothing): read it again next time.
      if (this.inventoryPuts.get(file) === seq) this.inventories.delete(file);
      throw new AppFailure('STORE_WRITE', `Could not save the inventory cache ${file}: ${describeError(e)}.`);
    }
    if (this.inventoryPuts.get(file) === seq) {
      const sig = await this.fileSignature(file);
      if (sig !== null && this.inventoryPuts.get(file) === seq) this.rememberInventory(file, inv, sig);
    }
  }

  status(): StoreStatus {
    return {
      state: this.state,
      message: this.message,
      quarantined: [...this.quarantined],
      backups: this.backups.map((b) => ({ ...b })),
      unsavedChanges: this.state === 'write-failed',
    };
  }

  async recover(source: 'defaults' | string): Promise<StoreStatus> {
    this.assertOpen();
    if (!this.lock) throw new AppFailure('READ_ONLY', this.message ?? 'The data folder is open read-only.');
    await this.flush();
    let data: StoreFile;
    let done: string;
    if (source === 'defaults') {
      const d = defaultAppState();
      data = { schemaVersion: d.schemaVersion, accounts: d.accounts, journal: d.journal, settings: d.settings };
      done = 'Started with empty data.';
    } else {
      if (path.basename(source) !== source || !FILE_RE.test(source)) {
        throw new AppFailure('VALIDATION', `"${source}" is not the name of a backup.`);
      }
      const raw = await readFileOrNull(this.sub(BACKUP_DIR, source), this.fs);
      if (raw === null) throw new AppFailure('NOT_FOUND', `There is no backup named ${source}.`);
      const res = classifyDataFile(raw, this.migrations);
      if (res.kind === 'bad') throw new AppFailure('VALIDATION', `The backup ${source} cannot be used: ${res.detail}.`);
      if (res.kind === 'newer') throw new AppFailure('VALIDATION', `The backup ${source} was written by a newer ELB Desk (schema ${res.version}).`);
      data = res.data;
      done = `Restored the backup ${source}.`;
    }
    // Whatever is on disk now is kept before it is replaced (a bad file already is, unless that failed).
    if (this.state !== 'needs-recovery' || !this.badFilePreserved) {
      const current = await readFileOrNull(this.file, this.fs).catch(() => null);
      if (current !== null) {
        try {
          await this.quarantine(current, this.readOnlyCause === 'newer' ? 'replaced-newer' : 'replaced');
        } catch (e) {
          throw new AppFailure('STORE_WRITE', `Could not keep a copy of ${this.file} before replacing it: ${describeError(e)}. Nothing was changed.`);
        }
      }
    }
    const wasNewer = this.readOnlyCause === 'newer';
    // The draft files are separate and stay authoritative: a backup only brings back drafts that have no file.
    const folder = await this.loadDraftsFolder();
    if (folder.log.newerVersion !== null) {
      throw new AppFailure('READ_ONLY', `${DRAFT_LOG_FILE} holds edits saved by a newer ELB Desk; update ELB Desk to open this data folder.`);
    }
    if (folder.log.unreadable) throw new AppFailure('STORE_WRITE', `${folder.log.unreadable} Nothing was changed.`);
    const { committed, inlineOnly } = this.merge(data, folder);
    this.current = committed;
    this.state = 'ok';
    this.readOnlyCause = null;
    this.badFilePreserved = true;
    this.inlineOnDisk = false;
    this.dirtyDrafts.clear();
    this.mainDirty = false;
    await this.adoptLog(folder);
    await this.persist(inlineOnly, true); // throws STORE_WRITE (state write-failed, data kept in memory)
    const kept = folder.drafts.size ? ` The ${folder.drafts.size} draft${folder.drafts.size === 1 ? '' : 's'} in ${DRAFTS_DIR}/ ${folder.drafts.size === 1 ? 'was' : 'were'} kept.` : '';
    this.message = (wasNewer ? `${done} The newer file was kept in ${QUARANTINE_DIR}/.` : done) + kept;
    this.noteDraftProblems(folder.problems);
    this.log('info', this.message);
    this.emitStatus();
    return this.status();
  }

  async retry(): Promise<StoreStatus> {
    this.assertOpen();
    if (this.state === 'write-failed') {
      await this.persist([], false).catch(() => undefined);
    }
    return this.status();
  }

  async flush(): Promise<void> {
    await this.draftLog.idle();
    await this.checkpoint().catch((e: unknown) => this.log('warn', `could not bring ${DRAFTS_DIR}/ up to date from ${DRAFT_LOG_FILE}: ${describeError(e)}`));
    await this.draftWriter.idle();
    await this.writer.idle();
    await Promise.all([...this.caches.values()].map((c) => c.idle()));
    while (this.background.size) await Promise.all([...this.background]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    await this.draftLog.close();
    await this.lock?.release();
    this.lock = null;
  }

  // ---------------------------------------------------------------- update internals

  /**
   * Make `next` (the state `fn` changed) current. Returns the IDs of the drafts to write (changed, added or
   * removed) and whether the main file's parts changed. Throws (changing nothing) when the drafts are not an
   * array of objects with distinct string IDs.
   */
  private commit(next: AppState): { changed: string[]; mainChanged: boolean } {
    const cur = this.current;
    const prev = cur.list;
    const raw = rawDrafts(next.drafts);
    if (!raw) throw new AppFailure('INTERNAL', 'store.update(fn): drafts must stay an array; nothing was changed.');
    const bad = (why: string) => new AppFailure('INTERNAL', `store.update(fn): ${why}; nothing was changed.`);
    const idOf = (v: unknown): string => {
      const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : undefined;
      if (typeof id !== 'string' || id.length === 0) throw bad('every draft needs a non-empty string id');
      return id;
    };
    /** The committed form of `v`: the committed draft itself when equal, else a frozen draft nobody else can change. */
    const settle = (v: unknown, old: Draft | undefined): { d: Draft; changed: boolean } => {
      if (old !== undefined && v === old) return { d: old, changed: false };
      if (old && jsonEqual(v, old)) return { d: old, changed: false };
      if (isStoreFrozen(v)) return { d: v as Draft, changed: true };
      // A view's copy is private: freeze it in place. Anything else belongs to the caller: freeze a copy.
      return { d: deepFreeze(isViewCopy(v) ? (v as Draft) : (structuredClone(v) as Draft)), changed: true };
    };

    const n = raw.length;
    const out: Draft[] = [];
    const upserts: Draft[] = [];
    const removed: string[] = [];
    // Usual cases first, without hashing every ID: drafts edited in place, and drafts appended.
    let i = 0;
    let samePlaces = true;
    for (const common = Math.min(n, prev.length); i < common; i++) {
      const v = raw[i];
      const p = prev[i]!;
      if (v === p) {
        out.push(p);
        continue;
      }
      if (idOf(v) !== p.id) {
        samePlaces = false;
        break;
      }
      const r = settle(v, p);
      out.push(r.d);
      if (r.changed) upserts.push(r.d);
    }
    if (samePlaces && n >= prev.length) {
      const added = new Set<string>();
      for (; i < n; i++) {
        const id = idOf(raw[i]);
        if (cur.byId.has(id) || added.has(id)) throw bad(`two drafts have the id ${id}`);
        added.add(id);
        const r = settle(raw[i], undefined);
        out.push(r.d);
        upserts.push(r.d);
      }
    } else {
      // Reordered, removed or replaced drafts: compare by ID.
      out.length = 0;
      upserts.length = 0;
      const seen = new Set<string>();
      for (const v of raw) {
        const id = idOf(v);
        if (seen.has(id)) throw bad(`two drafts have the id ${id}`);
        seen.add(id);
        const r = settle(v, cur.byId.get(id));
        out.push(r.d);
        if (r.changed) upserts.push(r.d);
      }
      for (const id of cur.byId.keys()) if (!seen.has(id)) removed.push(id);
    }
    // Nothing below throws: apply.
    const orderChanged = n !== prev.length || !samePlaces;
    const accounts = jsonEqual(next.accounts, cur.state.accounts) ? cur.state.accounts : next.accounts;
    const journal = jsonEqual(next.journal, cur.state.journal) ? cur.state.journal : next.journal;
    const settings = jsonEqual(next.settings, cur.state.settings) ? cur.state.settings : next.settings;
    const mainChanged = orderChanged || accounts !== cur.state.accounts || journal !== cur.state.journal || settings !== cur.state.settings;
    // The index is private to the store (get() hands out arrays, never the index): update it in place.
    const byId = cur.byId;
    for (const d of upserts) byId.set(d.id, d);
    for (const id of removed) byId.delete(id);
    this.current = {
      state: { schemaVersion: CURRENT_SCHEMA_VERSION, accounts, drafts: Object.freeze([...out]) as Draft[], journal, settings },
      list: out,
      byId,
      index: orderChanged ? null : cur.index,
    };
    return { changed: [...upserts.map((d) => d.id), ...removed], mainChanged };
  }

  /** The main file's document for the current state. */
  private mainDoc(): StoreFile {
    const s = this.current?.state ?? defaultAppState();
    return { schemaVersion: CURRENT_SCHEMA_VERSION, accounts: s.accounts, journal: s.journal, settings: s.settings, draftOrder: s.drafts.map((d) => d.id) };
  }

  /** Everything in one document (main parts + drafts inline): what a backup holds. */
  private bundle(s: AppState = this.current.state): string {
    return JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: s.accounts, journal: s.journal, settings: s.settings, drafts: s.drafts });
  }

  /**
   * Durably write the drafts `ids` (their current version, or remove their file) and, when `main`, the main file
   * — plus whatever an earlier failed write left unsaved. Draft files first, main file last.
   */
  private async persist(ids: readonly string[], main: boolean): Promise<void> {
    const all = new Set(this.dirtyDrafts);
    for (const id of ids) all.add(id);
    const writeMain = main || this.mainDirty;
    let firstError: { file: string; error: unknown } | null = null;
    if (all.size) {
      // One record per draft in the log (one write + one fsync); the draft files follow at the next checkpoint.
      const entries = [...all].map((id) => ({ id, draft: this.current.byId.get(id) ?? null }));
      try {
        await this.draftLog.append(entries);
        for (const id of all) this.dirtyDrafts.delete(id);
        this.scheduleCheckpoint();
      } catch (error) {
        for (const id of all) this.dirtyDrafts.add(id);
        firstError = { file: this.draftLog.file, error };
      }
    }
    if (writeMain) {
      if (this.inlineOnDisk && (firstError || this.dirtyDrafts.size)) {
        // The main file on disk still carries drafts that are not all in their own files: keep it for now.
        this.mainDirty = true;
        const waiting = [...this.dirtyDrafts].slice(0, 3).map((id) => `${DRAFTS_DIR}/${draftFileName(id)}`).join(', ');
        firstError ??= { file: this.file, error: new Error(`held back until the drafts it still holds are saved in their own files (${waiting})`) };
      } else {
        this.db.data = this.mainDoc();
        try {
          await this.db.write();
          this.mainDirty = false;
          this.inlineOnDisk = false;
        } catch (error) {
          this.mainDirty = true;
          firstError ??= { file: this.file, error };
        }
      }
    }
    const failed = this.mainDirty || this.dirtyDrafts.size > 0;
    if (firstError) {
      const { file, error } = firstError;
      if (failed) {
        this.state = 'write-failed';
        this.message = `Could not save ${file}: ${describeError(error)}. Your changes are kept in memory; free disk space or fix the folder's permissions, then retry.`;
        this.log('error', this.message);
        this.emitStatus();
      }
      throw new AppFailure('STORE_WRITE', `Could not save ${file}: ${describeError(error)}. Your changes are kept in memory until a save succeeds.`);
    }
    if (this.state === 'write-failed' && !failed) {
      this.state = 'ok';
      this.message = 'Saved.';
      this.log('info', 'saved after an earlier failure');
      this.emitStatus();
    }
    if (!failed && this.clock.now().getTime() - this.lastBackupAt >= this.backupIntervalMs) {
      this.lastBackupAt = this.clock.now().getTime();
      // The state is immutable: serialize it after this update has been answered, not on its path.
      const snapshot = this.current.state;
      this.track(new Promise<void>((r) => setImmediate(r)).then(() => this.makeBackup(this.bundle(snapshot), '')));
    }
  }

  // ---------------------------------------------------------------- loading drafts

  /**
   * Read every draft file. A file that cannot be used is set aside (bytes copied to quarantine/, then removed from
   * drafts/) when the store may write, and skipped otherwise; each is described in `problems`.
   */
  private async loadDraftsFolder(): Promise<FolderDrafts> {
    const folder = await this.readDraftFiles();
    await this.applyDraftLog(folder);
    return folder;
  }

  /** Apply the draft log's records, in order, over the drafts read from their files. */
  private async applyDraftLog(folder: FolderDrafts): Promise<void> {
    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(this.draftLog.file, this.fs);
    } catch (e) {
      folder.log.unreadable = `Cannot read ${this.draftLog.file} (${describeError(e)}), which holds the latest saved edits of drafts.`;
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
      if (this.lock) {
        // The damaged bytes are kept before the log is folded and emptied.
        await this.quarantineDraft(DRAFT_LOG_FILE.replace(/\./g, '-'), raw, 'bad-records').catch((e: unknown) =>
          this.log('warn', `could not keep a copy of ${DRAFT_LOG_FILE}: ${describeError(e)}`),
        );
      }
    }
    if (parsed.entries.length) this.log('info', `applied ${parsed.entries.length} saved edit(s) from ${DRAFT_LOG_FILE}`);
  }

  /** Read every draft file (see loadDraftsFolder). */
  private async readDraftFiles(): Promise<FolderDrafts> {
    const drafts = new Map<string, Draft>();
    const problems: string[] = [];
    const removedIds = new Set<string>();
    const log = { entries: [], bytes: 0, newerVersion: null, unreadable: null };
    let names: string[];
    try {
      names = (await this.fs.readdir(this.draftsDir)).filter(isDraftFileName).sort();
    } catch (e) {
      if (errCode(e) !== 'ENOENT') problems.push(`The drafts folder ${this.draftsDir} could not be read (${describeError(e)}).`);
      return { drafts, problems, removed: removedIds, log };
    }
    const bad: { name: string; raw: Buffer; reason: string; detail: string }[] = [];
    const readSync = this.fs.readFileSync?.bind(this.fs);
    const read = async (file: string): Promise<Buffer | null> => {
      if (!readSync) return readFileOrNull(file, this.fs);
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
          take(name, await read(path.join(this.draftsDir, name)));
        } catch (e) {
          problems.push(`The draft file ${DRAFTS_DIR}/${name} could not be read (${describeError(e)}); it is not shown.`);
        }
        if (readSync && next % 200 === 0) await new Promise<void>((r) => setImmediate(r));
      }
    };
    await Promise.all(Array.from({ length: readSync ? 1 : Math.min(32, names.length) }, lane));
    let removed = false;
    for (const b of bad.sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const what = `The draft file ${DRAFTS_DIR}/${b.name} could not be used: ${b.detail}.`;
      if (!this.lock || this.readOnlyCause) {
        problems.push(`${what} It was left in place and is not shown.`);
        continue;
      }
      try {
        const rel = await this.quarantineDraft(b.name, b.raw, b.reason);
        await this.fs.unlink(path.join(this.draftsDir, b.name));
        removed = true;
        problems.push(`${what} It was set aside as ${rel}; the other drafts loaded normally.`);
      } catch (e) {
        problems.push(`${what} It could not be set aside (${describeError(e)}); it was left in place and is not shown.`);
      }
    }
    if (removed) await syncDir(this.fs, this.draftsDir).catch(() => undefined);
    return { drafts, problems, removed: removedIds, log };
  }

  /** A draft log written by a newer ELB Desk: open read-only (true), as for a newer main file. */
  private newerLog(folder: FolderDrafts): boolean {
    if (folder.log.unreadable) {
      // Nothing may empty a log this store could not read.
      this.state = 'read-only';
      this.readOnlyCause = 'unreadable';
      this.badFilePreserved = false;
      this.message = `${folder.log.unreadable} Opened read-only; fix the file's permissions and restart ELB Desk.`;
      this.log('error', this.message);
      return true;
    }
    const v = folder.log.newerVersion;
    if (v === null) return false;
    this.state = 'read-only';
    this.readOnlyCause = 'newer';
    this.badFilePreserved = false;
    this.message = `${DRAFT_LOG_FILE} holds edits saved by a newer ELB Desk (record format ${v}); opened read-only. Update ELB Desk to edit these drafts.`;
    this.log('warn', this.message);
    return true;
  }

  /** Hand what the draft log held at open to its writer, and fold it into the draft files now. */
  private async adoptLog(folder: FolderDrafts): Promise<void> {
    if (this.readOnlyCause) return;
    this.draftLog.adopt(folder.log.entries, folder.log.bytes);
    this.logAdopted = true;
    if (this.draftLog.size > 0) {
      await this.checkpoint().catch((e: unknown) => this.log('warn', `could not bring ${DRAFTS_DIR}/ up to date from ${DRAFT_LOG_FILE}: ${describeError(e)}`));
    }
  }

  private scheduleCheckpoint(): void {
    const backoff = this.checkpointRetryAt - this.clock.now().getTime();
    if (backoff <= 0 && this.draftLog.size >= this.checkpointBytes) {
      this.track(this.checkpoint());
      return;
    }
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(
      () => {
        this.checkpointTimer = null;
        if (!this.closed) this.track(this.checkpoint());
      },
      Math.max(this.checkpointDelayMs, backoff),
    );
    this.checkpointTimer.unref?.();
  }

  /**
   * Bring the draft files up to date with the draft log, then empty the log: for every ID the log holds, its last
   * version is written to (or removed from) drafts/ — one batch, one folder fsync — and only once all of them are
   * durable is the log emptied. Saves wait meanwhile (a few ms). On a failure the log is kept (the edits stay safe
   * in it) and the next save or close tries again.
   */
  private async checkpoint(): Promise<void> {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (!this.lock || this.readOnlyCause || this.state === 'needs-recovery' || !this.logAdopted) return;
    await this.draftLog.exclusive(async () => {
      if (this.draftLog.size === 0) return;
      const latest = this.draftLog.latest();
      let failed: { name: string; error: unknown } | null = null;
      await Promise.all(
        [...latest].map(([id, d]) => {
          const name = draftFileName(id);
          return this.draftWriter.put(name, d ? () => JSON.stringify(d) : null).catch((error: unknown) => {
            failed ??= { name, error };
          });
        }),
      );
      if (failed !== null) {
        const f: { name: string; error: unknown } = failed;
        this.checkpointRetryAt = this.clock.now().getTime() + CHECKPOINT_RETRY_MS;
        this.log('warn', `could not write ${DRAFTS_DIR}/${f.name} (${describeError(f.error)}); the saved edits stay in ${DRAFT_LOG_FILE}, retried in ${CHECKPOINT_RETRY_MS / 1000} s`);
        return;
      }
      await this.draftLog.truncate();
      this.checkpointRetryAt = 0;
    });
  }

  /**
   * The state from a main document and the draft files: drafts in their own files win over drafts held inline;
   * returns the IDs of inline drafts that have no file yet.
   */
  private merge(data: StoreFile, folder: FolderDrafts): { committed: Committed; inlineOnly: string[] } {
    const byId = new Map(folder.drafts);
    const inlineOnly: string[] = [];
    for (const d of data.drafts ?? []) {
      if (folder.removed.has(d.id)) continue;
      if (byId.has(d.id)) {
        if (!folder.drafts.has(d.id)) this.log('warn', `two inline drafts have the id ${d.id}; the first is kept`);
        continue;
      }
      byId.set(d.id, d);
      inlineOnly.push(d.id);
    }
    const order = data.drafts ? data.drafts.map((d) => d.id) : (data.draftOrder ?? []);
    const drafts = orderDrafts(byId, order);
    return {
      committed: committedFrom({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: data.accounts, journal: data.journal, settings: data.settings }, drafts),
      inlineOnly,
    };
  }

  private noteDraftProblems(problems: string[]): void {
    if (!problems.length) return;
    const text = problems.join(' ');
    this.message = this.message ? `${this.message} ${text}` : text;
    this.log('warn', text);
    this.emitStatus();
  }

  // ---------------------------------------------------------------- helpers

  private assertOpen(): void {
    if (this.closed) throw new AppFailure('INTERNAL', 'The store is closed.');
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.state === 'needs-recovery') {
      throw new AppFailure('READ_ONLY', 'The data file needs recovery first: restore a backup or start with empty data.');
    }
    if (this.state === 'read-only') throw new AppFailure('READ_ONLY', this.message ?? 'The data file is open read-only.');
  }

  private writeOpts() {
    return { fs: this.fs, renameRetryDelayMs: this.renameRetryDelayMs };
  }

  private sub(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  private cachePath(accountId: string, region: string): string {
    return this.sub(CACHE_DIR, safeSegment(accountId), `${safeSegment(region)}.json`);
  }

  /** Identity of a file as it is now ('absent' when missing), or null when it cannot be told. */
  private async fileSignature(file: string): Promise<string | null> {
    try {
      const st = await this.fs.stat(file);
      return `${st.ino ?? ''}:${st.size}:${st.mtimeMs}`;
    } catch (e) {
      return errCode(e) === 'ENOENT' ? 'absent' : null;
    }
  }

  private rememberInventory(file: string, inv: Inventory | null, sig: string): void {
    this.inventories.delete(file);
    this.inventories.set(file, { inv, sig });
    while (this.inventories.size > INVENTORY_MEMORY_SLOTS) this.inventories.delete(this.inventories.keys().next().value!);
  }

  private async cacheDirs(): Promise<string[]> {
    try {
      return (await this.fs.readdir(this.sub(CACHE_DIR))).map((n) => this.sub(CACHE_DIR, n));
    } catch {
      return [];
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    await this.fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    await this.fs.chmod(dir, DIR_MODE);
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch((e: unknown) => this.log('warn', `background task failed: ${describeError(e)}`)).finally(() => this.background.delete(q));
    this.background.add(q);
  }

  /** Copy bytes to `quarantine/elb-desk.<time>.<reason>.json` (never overwriting); returns the relative path. */
  private async quarantine(raw: Uint8Array, reason: string): Promise<string> {
    await this.ensureDir(this.sub(QUARANTINE_DIR));
    const t = stamp(this.clock.now());
    const where = await writeFileExclusive((i) => this.sub(QUARANTINE_DIR, `elb-desk.${t}${i ? `-${i}` : ''}.${reason}.json`), raw, this.writeOpts());
    const rel = path.relative(this.dir, where);
    this.quarantined = [rel, ...this.quarantined.filter((q) => q !== rel)];
    return rel;
  }

  /** Copy a draft file's bytes to `quarantine/draft.<name>.<time>.<reason>.json` (never overwriting). */
  private async quarantineDraft(name: string, raw: Uint8Array, reason: string): Promise<string> {
    await this.ensureDir(this.sub(QUARANTINE_DIR));
    const t = stamp(this.clock.now());
    const base = name.replace(/\.json$/, '');
    const where = await writeFileExclusive((i) => this.sub(QUARANTINE_DIR, `draft.${base}.${t}${i ? `-${i}` : ''}.${reason}.json`), raw, this.writeOpts());
    const rel = path.relative(this.dir, where);
    this.quarantined = [rel, ...this.quarantined.filter((q) => q !== rel)];
    return rel;
  }

  private async makeBackup(data: string | Uint8Array, tag: string): Promise<void> {
    try {
      await this.ensureDir(this.sub(BACKUP_DIR));
      const t = stamp(this.clock.now());
      await writeFileExclusive((i) => this.sub(BACKUP_DIR, `elb-desk.${t}${i ? `-${i}` : ''}${tag}.json`), data, this.writeOpts());
      this.lastBackupAt = this.clock.now().getTime();
      const all = await this.listBackups();
      for (const old of all.slice(this.maxBackups)) {
        await this.fs.unlink(this.sub(BACKUP_DIR, old.file)).catch(() => undefined);
      }
      this.backups = all.slice(0, this.maxBackups);
      this.emitStatus();
    } catch (e) {
      this.log('warn', `could not write a backup: ${describeError(e)}`);
    }
  }

  /** Backups, newest first (by the time in their names, then by the collision counter). */
  private async listBackups(): Promise<StoreStatus['backups']> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.sub(BACKUP_DIR));
    } catch {
      return [];
    }
    const out: (StoreStatus['backups'][number] & { n: number })[] = [];
    for (const file of names.filter((n) => FILE_RE.test(n))) {
      const m = BACKUP_NAME_RE.exec(file);
      let savedAt = m?.[1] ? stampToIso(m[1]) : null;
      if (!savedAt) {
        const st = await this.fs.stat(this.sub(BACKUP_DIR, file)).catch(() => null);
        savedAt = st ? new Date(st.mtimeMs).toISOString() : '';
      }
      out.push({ file, savedAt, n: Number(m?.[2] ?? 0) });
    }
    out.sort((a, b) => (a.savedAt === b.savedAt ? b.n - a.n : b.savedAt.localeCompare(a.savedAt)));
    return out.map(({ file, savedAt }) => ({ file, savedAt }));
  }

  private async listQuarantine(): Promise<string[]> {
    try {
      const names = (await this.fs.readdir(this.sub(QUARANTINE_DIR))).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
      return names.sort().reverse().map((n) => path.join(QUARANTINE_DIR, n));
    } catch {
      return [];
    }
  }

  private emitStatus(): void {
    if (!this.onStatus) return;
    try {
      this.onStatus(this.status());
    } catch (e) {
      this.log('warn', `status listener failed: ${describeError(e)}`);
    }
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    try {
      this.logger?.log(level, '[store]', message);
    } catch {
      // a logger must never break the store
    }
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
