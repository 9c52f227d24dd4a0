/**
 * The durable store: the sole owner of `elb-desk.json` (lowdb 7 over `DurableJsonFile`), the inventory cache
 * files, the backups and the data-folder lock.
 *
 * Guarantees (reliability.md §2):
 * - An acknowledged `update()` is on disk (fsynced temp file, rename, fsynced folder).
 * - One writer per data folder (`elb-desk.lock`); stale temp files of dead writers are removed on open.
 * - A bad file (empty, NUL bytes, truncated, `null`/`0`/`[]`, schema-invalid, failed migration) is never
 *   replaced silently: its bytes are copied to `quarantine/` under a name that is never reused, the store
 *   runs read-only on empty data with status `needs-recovery`, and only `recover()` writes again.
 * - A file from a newer ELB Desk opens read-only with its known fields.
 * - A failed write leaves the file intact, rejects with STORE_WRITE quickly, keeps the edit in memory
 *   (`write-failed`, `unsavedChanges`) and `retry()` writes it later.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Low } from 'lowdb';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { InventorySchema, type Inventory } from '../../../shared/model/inventory';
import { systemClock, type Clock, type Logger } from '../ports';
import {
  DIR_MODE,
  DurableJsonFile,
  describeError,
  errCode,
  nodeFs,
  readFileOrNull,
  removeStaleTemps,
  writeFileExclusive,
  type FsLike,
} from './durable-file';
import { acquireDirLock, type DirLock } from './lock';
import {
  AppStateSchema,
  CURRENT_SCHEMA_VERSION,
  MIGRATIONS,
  defaultAppState,
  describeIssues,
  documentVersion,
  migrate,
  type AppState,
  type JsonObject,
  type MigrationTable,
} from './schema';

export type { AppState, Settings } from './schema';
export type { StoreStatus } from '../../../shared/ipc/contract';

/** The data file name. */
export const STORE_FILE = 'elb-desk.json';
/** Folder (in the data folder) of the backups of the last good file. */
export const BACKUP_DIR = 'backups';
/** Folder of the copies of files that could not be used. */
export const QUARANTINE_DIR = 'quarantine';
/** Folder of the per-account, per-region inventory cache. */
export const CACHE_DIR = 'cache';

/** The store's API (see the module comment). */
export interface Store {
  /** Current in-memory state. Treat as read-only: every `update()` replaces it with a new object. */
  get(): Readonly<AppState>;
  /**
   * Apply `fn` to a copy of the state, make the copy current, then write it durably. `fn` must be
   * synchronous; if it throws nothing changes. Rejects with READ_ONLY (newer file, recovery pending),
   * or STORE_WRITE (the edit stays in memory; see `retry()`).
   */
  update<T>(fn: (s: AppState) => T): Promise<T>;
  /** The cached inventory, or null when there is none (or it was unreadable and set aside). */
  getInventory(accountId: string, region: string): Promise<Inventory | null>;
  /** Durably write the cache file of that account and region. */
  putInventory(inv: Inventory): Promise<void>;
  status(): StoreStatus;
  /** Replace the data with a listed backup or with empty defaults — only on the user's explicit choice. */
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
}

type LoadResult =
  | { kind: 'ok'; data: AppState; migratedFrom: number | null }
  | { kind: 'newer'; version: number; data: AppState }
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

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/**
 * Decide what a data file's bytes hold. Pure (no I/O); used on open and to check a backup before restoring.
 */
export function classifyDataFile(raw: Uint8Array, migrations: MigrationTable = MIGRATIONS): LoadResult {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buf.length === 0 || buf.toString('utf8').trim() === '') {
    return { kind: 'bad', reason: 'empty', detail: 'the file is empty' };
  }
  const nuls = buf.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (nuls > 0) {
    return {
      kind: 'bad',
      reason: 'nul-bytes',
      detail: `the file holds ${nuls} NUL byte${nuls === 1 ? '' : 's'} out of ${buf.length} (typical of a crash or power loss during a write)`,
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    return { kind: 'bad', reason: 'invalid-json', detail: `it is not valid JSON, probably cut short (${describeError(e)})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { kind: 'bad', reason: 'not-an-object', detail: `it holds ${jsonKind(doc)} instead of the expected object` };
  }
  const obj = doc as JsonObject;
  const v = documentVersion(obj);
  if (v === 'invalid') {
    return { kind: 'bad', reason: 'schema-invalid', detail: 'its schemaVersion is not a whole number' };
  }
  const version = v === 'missing' ? 0 : v;
  if (version > CURRENT_SCHEMA_VERSION) {
    const parsed = AppStateSchema.safeParse(obj);
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
  const parsed = AppStateSchema.safeParse(current);
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

class StoreImpl implements Store {
  private readonly dir: string;
  private readonly file: string;
  private readonly fs: FsLike;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly onStatus: ((s: StoreStatus) => void) | undefined;
  private readonly migrations: MigrationTable;
  private readonly maxBackups: number;
  private readonly backupIntervalMs: number;
  private readonly renameRetryDelayMs: number;
  private readonly writer: DurableJsonFile<AppState>;
  private readonly db: Low<AppState>;
  private readonly caches = new Map<string, DurableJsonFile<Inventory>>();
  private readonly background = new Set<Promise<unknown>>();

  private lock: DirLock | null = null;
  private state: StoreStatus['state'] = 'ok';
  private readOnlyCause: ReadOnlyCause | null = null;
  private message: string | null = null;
  private quarantined: string[] = [];
  private backups: StoreStatus['backups'] = [];
  private memSeq = 0;
  private diskSeq = 0;
  private failedSeq = 0;
  private lastBackupAt = Number.NEGATIVE_INFINITY;
  /** The bytes on disk that could not be used were copied to quarantine (so a recovery may replace them). */
  private badFilePreserved = true;
  private closed = false;

  constructor(opts: OpenStoreOptions) {
    this.dir = path.resolve(opts.dir);
    this.file = path.join(this.dir, STORE_FILE);
    this.fs = opts.fs ?? nodeFs;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger;
    this.onStatus = opts.onStatus;
    this.migrations = opts.migrations ?? MIGRATIONS;
    this.maxBackups = opts.maxBackups ?? 5;
    this.backupIntervalMs = opts.backupIntervalMs ?? 10 * 60_000;
    this.renameRetryDelayMs = opts.renameRetryDelayMs ?? 25;
    this.writer = new DurableJsonFile<AppState>(this.file, { fs: this.fs, renameRetryDelayMs: this.renameRetryDelayMs });
    this.db = new Low<AppState>(this.writer, defaultAppState());
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
      for (const d of [this.dir, this.sub(BACKUP_DIR), this.sub(QUARANTINE_DIR), ...(await this.cacheDirs())]) {
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
      this.db.data = defaultAppState();
      this.lastBackupAt = this.clock.now().getTime(); // nothing worth a backup yet
      if (this.lock) await this.persist().catch(() => undefined);
      return;
    }

    const res = classifyDataFile(raw, this.migrations);
    if (res.kind === 'bad') {
      this.db.data = defaultAppState();
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
      this.db.data = res.data;
      this.state = 'read-only';
      this.readOnlyCause = 'newer';
      this.badFilePreserved = false;
      this.message = `The data file was written by a newer ELB Desk (schema ${res.version}); opened read-only. Update ELB Desk to edit it.`;
      this.log('warn', this.message);
      return;
    }
    this.db.data = res.data;
    if (this.lock) {
      // The bytes just validated are the last good file: keep a copy (an old-schema file before migrating it).
      await this.makeBackup(raw, res.migratedFrom === null ? '' : `.v${res.migratedFrom}`);
      if (res.migratedFrom !== null) {
        this.log('info', `migrated ${STORE_FILE} from schema ${res.migratedFrom} to ${CURRENT_SCHEMA_VERSION}`);
        await this.persist().catch(() => undefined);
      }
    }
  }

  // ---------------------------------------------------------------- API

  get(): Readonly<AppState> {
    return this.db.data;
  }

  async update<T>(fn: (s: AppState) => T): Promise<T> {
    this.assertWritable();
    const next = structuredClone(this.db.data);
    const result = fn(next);
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      // Edits made after an await would silently miss the write: refuse, and drop this copy.
      throw new AppFailure('INTERNAL', 'store.update(fn): fn must be synchronous (it returned a promise); nothing was changed.');
    }
    this.db.data = next;
    await this.persist();
    return result;
  }

  async getInventory(accountId: string, region: string): Promise<Inventory | null> {
    this.assertOpen();
    const file = this.cachePath(accountId, region);
    await this.caches.get(file)?.idle();
    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(file, this.fs);
    } catch (e) {
      this.log('warn', `cannot read the inventory cache ${file}: ${describeError(e)}`);
      return null;
    }
    if (raw === null) return null;
    let reason: string;
    let detail: string;
    try {
      const parsed = InventorySchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success && parsed.data.accountId === accountId && parsed.data.region === region) return parsed.data;
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
    let writer = this.caches.get(file);
    if (!writer) {
      writer = new DurableJsonFile<Inventory>(file, { ...this.writeOpts(), serialize: (d) => JSON.stringify(d) });
      this.caches.set(file, writer);
    }
    try {
      await this.ensureDir(this.sub(CACHE_DIR));
      await this.ensureDir(path.dirname(file));
      await writer.write(inv);
    } catch (e) {
      throw new AppFailure('STORE_WRITE', `Could not save the inventory cache ${file}: ${describeError(e)}.`);
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
    await this.writer.idle();
    let data: AppState;
    let done: string;
    if (source === 'defaults') {
      data = defaultAppState();
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
    this.db.data = data;
    this.state = 'ok';
    this.readOnlyCause = null;
    this.badFilePreserved = true;
    await this.persist(); // throws STORE_WRITE (state write-failed, data kept in memory)
    this.message = wasNewer ? `${done} The newer file was kept in ${QUARANTINE_DIR}/.` : done;
    this.log('info', this.message);
    this.emitStatus();
    return this.status();
  }

  async retry(): Promise<StoreStatus> {
    this.assertOpen();
    if (this.state === 'write-failed') {
      await this.persist().catch(() => undefined);
    }
    return this.status();
  }

  async flush(): Promise<void> {
    await this.writer.idle();
    await Promise.all([...this.caches.values()].map((c) => c.idle()));
    while (this.background.size) await Promise.all([...this.background]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.lock?.release();
    this.lock = null;
  }

  // ---------------------------------------------------------------- internals

  private async persist(): Promise<void> {
    const seq = ++this.memSeq;
    try {
      await this.db.write();
    } catch (e) {
      if (seq > this.failedSeq) this.failedSeq = seq;
      if (this.failedSeq > this.diskSeq) {
        this.state = 'write-failed';
        this.message = `Could not save ${this.file}: ${describeError(e)}. Your changes are kept in memory; free disk space or fix the folder's permissions, then retry.`;
        this.log('error', this.message);
        this.emitStatus();
      }
      throw new AppFailure('STORE_WRITE', `Could not save ${this.file}: ${describeError(e)}. Your changes are kept in memory until a save succeeds.`);
    }
    if (seq > this.diskSeq) this.diskSeq = seq;
    if (this.state === 'write-failed' && this.diskSeq >= this.failedSeq) {
      this.state = 'ok';
      this.message = 'Saved.';
      this.log('info', `${STORE_FILE} saved after an earlier failure`);
      this.emitStatus();
    }
    if (this.clock.now().getTime() - this.lastBackupAt >= this.backupIntervalMs) {
      this.lastBackupAt = this.clock.now().getTime();
      this.track(
        readFileOrNull(this.file, this.fs).then((raw) => (raw && classifyDataFile(raw, this.migrations).kind === 'ok' ? this.makeBackup(raw, '') : undefined)),
      );
    }
  }

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

  private async makeBackup(raw: Uint8Array, tag: string): Promise<void> {
    try {
      await this.ensureDir(this.sub(BACKUP_DIR));
      const t = stamp(this.clock.now());
      await writeFileExclusive((i) => this.sub(BACKUP_DIR, `elb-desk.${t}${i ? `-${i}` : ''}${tag}.json`), raw, this.writeOpts());
      this.lastBackupAt = this.clock.now().getTime();
      const all = await this.listBackups();
      for (const old of all.slice(this.maxBackups)) {
        await this.fs.unlink(this.sub(BACKUP_DIR, old.file)).catch(() => undefined);
      }
      this.backups = all.slice(0, this.maxBackups);
      this.emitStatus();
    } catch (e) {
      this.log('warn', `could not write a backup of ${STORE_FILE}: ${describeError(e)}`);
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
