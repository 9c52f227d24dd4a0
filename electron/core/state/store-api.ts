/**
 * The store's API and its options (implemented in store.ts, which composes the parts of a data folder).
 */
import type { StoreStatus } from '../../../shared/ipc/contract';
import type { Draft } from '../../../shared/model/draft';
import type { Inventory } from '../../../shared/model/inventory';
import type { Clock, Logger } from '../ports';
import type { FsLike } from './durable-file';
import type { AppState, MigrationTable } from './schema';

/** The store's API (see store.ts for its guarantees). */
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
   * Replace the draft with this ID by what `fn` (synchronous) builds from the committed, frozen draft, with no copy of
   * it or of the state: the returned object becomes the committed draft (frozen in place), so it must be new and
   * hold only objects nobody else holds, or frozen parts of the draft `fn` got. Resolves with the committed draft;
   * rejects with NOT_FOUND when there is no such draft, and as `update()` does.
   */
  replaceDraft(id: string, fn: (current: Readonly<Draft>) => Draft): Promise<Readonly<Draft>>;
  /**
   * The cached inventory, or null when there is none (or it was unreadable and set aside). Kept parsed in memory
   * after the first read and on `putInventory`: the same frozen object is returned until the next put.
   */
  getInventory(accountId: string, region: string): Promise<Inventory | null>;
  /**
   * Write the cache file of that account and region (atomically; no fsync: derived data). `inv` itself is kept as
   * the in-memory copy (frozen when a `getInventory` first returns it): do not change it after the call.
   * `getInventory` returns it from the call on, before the file is written; the promise settles when it is.
   */
  putInventory(inv: Inventory): Promise<void>;
  status(): StoreStatus;
  /**
   * Replace the main file's data (accounts, journal, settings) with a listed backup or with empty defaults —
   * only on the user's explicit choice. Draft files in drafts/ are kept (they win over a backup's copy of the
   * same draft); drafts only in the backup are restored.
   */
  recover(source: 'defaults' | string): Promise<StoreStatus>;
  /**
   * Rewrite the backups whose parsed document `scrub` changes (it mutates the document and returns true): for secrets
   * that must leave the disk once they have a safe home. Returns how many were rewritten. Never throws.
   */
  scrubBackups(scrub: (doc: Record<string, unknown>) => boolean): Promise<number>;
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
