/**
 * Opening a data folder, the sequence `openStore()` runs once before the store answers anything:
 * 1. `lockFolder()` — create the folder (0700), take `elb-desk.lock` (a folder that is not writable opens read-only),
 *    and remove the temp files a stopped writer left (data folder, drafts/, backups/, quarantine/, cache/*);
 * 2. `loadFolder()` — read the main file and classify it (see data-file.ts): a bad one is set aside in quarantine/
 *    (status `needs-recovery`), a newer one opens read-only; merge the drafts in their own files and the draft log,
 *    hand the log to the drafts repository, keep a backup of the last good state, and say which drafts and whether
 *    the main file must be written now (a first start, a migration, drafts still held inline).
 * The store then takes the state and writes what was asked (store.ts `persist`).
 */
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Clock } from '../ports';
import { bundleOf, committedFrom, mergeState, orderDrafts, type Committed } from './committed';
import { STORE_FILE, classifyDataFile, type MainFile } from './data-file';
import { DRAFT_LOG_FILE } from './draft-log';
import type { DraftsRepository, FolderDrafts } from './drafts-repository';
import { DIR_MODE, describeError, errCode, removeStaleTemps, type FsLike } from './durable-file';
import type { InventoryCache } from './inventory-cache';
import { acquireDirLock, type DirLock } from './lock';
import type { Recovery } from './recovery';
import { CURRENT_SCHEMA_VERSION, defaultAppState, type MigrationTable, type StoreFile } from './schema';
import type { LogLevel, StatusBook } from './store-status';

/** The parts of a data folder the opening sequence works on (owned by the store). */
export interface FolderParts {
  dir: string;
  fs: FsLike;
  clock: Clock;
  migrations: MigrationTable;
  main: MainFile;
  drafts: DraftsRepository;
  cache: InventoryCache;
  recovery: Recovery;
  st: StatusBook;
  log: (level: LogLevel, message: string) => void;
}

/** What the store starts with, and what it must write at once (`null`: nothing). */
export interface LoadedFolder {
  committed: Committed;
  persist: { ids: readonly string[] } | null;
}

/**
 * Create and lock the data folder, then remove stale temp files. Returns null (status read-only) when the folder
 * cannot be written; throws AppFailure('LOCKED') when another live process holds it.
 */
export async function lockFolder(p: FolderParts): Promise<DirLock | null> {
  try {
    await p.fs.mkdir(p.dir, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    throw new AppFailure('STORE_WRITE', `Cannot create the data folder ${p.dir}: ${describeError(e)}`);
  }
  await p.fs.chmod(p.dir, DIR_MODE).catch((e: unknown) => p.log('warn', `cannot chmod ${p.dir} to 0700: ${describeError(e)}`));

  let lock: DirLock;
  try {
    lock = await acquireDirLock(p.dir, { fs: p.fs, now: () => p.clock.now() });
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    const code = errCode(e);
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw new AppFailure('INTERNAL', `Cannot lock the data folder ${p.dir}: ${describeError(e)}`);
    p.st.setReadOnly('folder', appMessage('storeFolderReadOnly', { dir: p.dir, reason: describeError(e) }), 'warn');
    return null;
  }

  for (const d of [p.dir, p.drafts.dir, ...p.recovery.dirs, ...(await p.cache.dirs())]) {
    const removed = await removeStaleTemps(d, p.fs).catch(() => []);
    if (removed.length) p.log('info', `removed ${removed.length} temp file(s) left by a stopped writer in ${d}`);
  }
  return lock;
}

/**
 * Read what the folder holds into the state the store starts with (see the module comment). `locked`: this store
 * holds the folder's lock. A bad or newer file does not throw: it sets the status.
 */
export async function loadFolder(p: FolderParts, locked: boolean): Promise<LoadedFolder> {
  const { st } = p;
  const empty: LoadedFolder = { committed: committedFrom(defaultAppState(), []), persist: null };
  await p.recovery.load();

  let raw: Buffer | null;
  try {
    raw = await p.main.read();
  } catch (e) {
    st.setReadOnly('unreadable', appMessage('storeFileUnreadable', { file: p.main.file, reason: describeError(e) }), 'error');
    return empty;
  }

  if (raw === null) {
    // A first start — or a main file someone removed: the drafts in their own files are still loaded.
    const folder = await p.drafts.load();
    if (newerLog(p, folder)) return empty;
    const committed = committedFrom(defaultAppState(), orderDrafts(folder.drafts, []));
    st.note(folder.problems);
    p.recovery.lastBackupAt = p.clock.now().getTime(); // nothing worth a backup yet
    if (!locked || st.readOnlyCause) return { committed, persist: null };
    await p.drafts.adopt(folder);
    return { committed, persist: { ids: [] } };
  }

  const res = classifyDataFile(raw, p.migrations);
  if (res.kind === 'bad') {
    st.state = 'needs-recovery';
    const kept = await p.recovery.setAsideMain(raw, res.reason, res.detail);
    st.badFilePreserved = kept.preserved;
    st.say(...kept.message);
    p.log('error', st.message ?? '');
    return empty;
  }
  if (res.kind === 'newer') {
    st.state = 'read-only';
    st.readOnlyCause = 'newer';
    st.badFilePreserved = false;
    const folder = await p.drafts.load();
    const { committed } = merge(p, res.data, folder);
    st.say(appMessage('storeFileNewer', { version: res.version }));
    st.note(folder.problems);
    p.log('warn', st.message ?? '');
    return { committed, persist: null };
  }
  const folder = await p.drafts.load();
  const { committed, inlineOnly } = merge(p, res.data, folder);
  if (newerLog(p, folder)) return { committed, persist: null };
  st.note(folder.problems);
  if (!locked || st.readOnlyCause) return { committed, persist: null };
  await p.drafts.adopt(folder);
  // The state just validated is the last good one: keep a copy (an old-schema file as it was, before migrating), unless
  // the newest backup is that same state already (a restart without a change).
  if (res.migratedFrom !== null) await p.recovery.makeBackup(raw, `.v${res.migratedFrom}`);
  else await p.recovery.backupAtOpen(bundleOf(committed.state));
  if (res.migratedFrom === null && res.data.drafts === undefined) return { committed, persist: null };
  // Drafts held inline move to their own files first; only then is the main file rewritten without them.
  p.main.inlineOnDisk = res.data.drafts !== undefined;
  if (res.migratedFrom !== null) p.log('info', `migrating ${STORE_FILE} from schema ${res.migratedFrom} to ${CURRENT_SCHEMA_VERSION}`);
  return { committed, persist: { ids: inlineOnly } };
}

/** Merge the main file's parts with the drafts in their own files (and the log). */
function merge(p: FolderParts, data: StoreFile, folder: FolderDrafts): { committed: Committed; inlineOnly: string[] } {
  return mergeState(data, folder, (m) => p.log('warn', m));
}

/** A draft log written by a newer ELB Desk (or unreadable): open read-only (true), as for a newer main file. */
function newerLog(p: FolderParts, folder: FolderDrafts): boolean {
  if (folder.log.unreadable) {
    // Nothing may empty a log this store could not read.
    p.st.badFilePreserved = false;
    p.st.setReadOnly('unreadable', [appMessage('storeDraftLogUnreadable', folder.log.unreadable), appMessage('storeOpenedReadOnlyFix')], 'error');
    return true;
  }
  const v = folder.log.newerVersion;
  if (v === null) return false;
  p.st.badFilePreserved = false;
  p.st.setReadOnly('newer', appMessage('storeDraftLogNewer', { file: DRAFT_LOG_FILE, version: v }), 'warn');
  return true;
}
