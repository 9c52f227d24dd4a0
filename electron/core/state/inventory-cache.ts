/**
 * The inventory cache: one file per account and region, `cache/<account>/<region>.json`, kept parsed in memory for
 * the last few used.
 *
 * Derived data, not user data: a sync can always rebuild it. So it is replaced atomically (temp file + rename) but
 * without fsync, in a compact format with a length and a checksum (inventory-format.ts); a file that is torn,
 * damaged, from another account or unreadable is discarded and logged — it means "no cache, sync needed", never a
 * loss the user must act on, so it is neither quarantined nor shown in the store's status.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InventorySchema, type Inventory } from '../../../shared/model/inventory';
import { byNaturalName } from '../../../shared/model/natural-order';
import { deepFreeze } from './cow-drafts';
import { DIR_MODE, DurableJsonFile, describeError, errCode, readFileOrNull, type FsLike } from './durable-file';
import { decodeInventory, encodeInventory } from './inventory-format';
import { describeIssues } from './schema';

/** Folder of the per-account, per-region inventory cache. */
export const CACHE_DIR = 'cache';
/** Inventories kept parsed in memory (least recently used dropped first). */
export const INVENTORY_MEMORY_SLOTS = 8;

/** A cache path segment for an account ID or region: kept when plainly safe, hashed otherwise. */
export function safeSegment(s: string): string {
  if (/^[A-Za-z0-9_-]{1,100}$/.test(s)) return s;
  return `h-${createHash('sha256').update(s).digest('hex').slice(0, 32)}`;
}

export interface InventoryCacheOptions {
  /** The data folder. */
  dir: string;
  fs: FsLike;
  renameRetryDelayMs: number;
  log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * An inventory as the cache stores it: listeners in the listings' default order (by name, then ID), so the first
 * listing after a start finds them sorted with one pass (~10 ms less for 10,000 listeners in a cold renderer).
 */
export function inStoredOrder(inv: Inventory): Inventory {
  const listeners = byNaturalName(inv.listeners);
  return listeners.every((l, i) => l === inv.listeners[i]) ? inv : { ...inv, listeners };
}

/** The inventory cache of one data folder. */
export class InventoryCache {
  private readonly writers = new Map<string, DurableJsonFile<Inventory>>();
  /**
   * Parsed inventories by cache file, most recently used last, with the identity of the file they came from
   * (inode, size, mtime — or 'absent'), so a file changed behind the store's back is read again.
   */
  private readonly memory = new Map<string, { inv: Inventory | null; sig: string }>();
  /**
   * The newest put of a cache file until its write has finished: `get` returns it at once, so whoever reads the
   * inventory right after a sync (the listing) does not wait for the file. Dropped when the write ends.
   */
  private readonly unwritten = new Map<string, Inventory>();
  /** Puts issued per cache file (a read or put only fills the memory copy if no newer put was issued since). */
  private readonly puts = new Map<string, number>();
  /** Puts not finished yet (whatever their outcome): `idle` waits for them, their ordering included. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Account folders this store created (or found) and chmodded: not checked again before every put. */
  private readonly readyDirs = new Set<string>();

  constructor(private readonly o: InventoryCacheOptions) {}

  /** The cache's account folders (their stale temp files are removed at open). */
  async dirs(): Promise<string[]> {
    try {
      return (await this.o.fs.readdir(this.sub(CACHE_DIR))).map((n) => this.sub(CACHE_DIR, n));
    } catch {
      return [];
    }
  }

  /** The cache file of an account and region. */
  pathOf(accountId: string, region: string): string {
    return this.sub(CACHE_DIR, safeSegment(accountId), `${safeSegment(region)}.json`);
  }

  /** See `Store.getInventory`. */
  async get(accountId: string, region: string): Promise<Inventory | null> {
    const file = this.pathOf(accountId, region);
    const fresh = this.unwritten.get(file);
    if (fresh) return deepFreeze(fresh);
    await this.writers.get(file)?.idle();
    const putsBefore = this.puts.get(file) ?? 0;
    const sig = await this.signature(file);
    const hit = this.memory.get(file);
    if (hit && sig !== null && hit.sig === sig) {
      this.remember(file, hit.inv, sig); // most recently used
      // Frozen when first handed out (not in put: ~30 ms for 10,000 listeners, off the sync's path).
      return deepFreeze(hit.inv);
    }
    let raw: Buffer | null;
    try {
      raw = await readFileOrNull(file, this.o.fs);
    } catch (e) {
      this.o.log('warn', `cannot read the inventory cache ${file}: ${describeError(e)}`);
      return null;
    }
    const remember = (inv: Inventory | null): Inventory | null => {
      if (sig !== null && (this.puts.get(file) ?? 0) === putsBefore) this.remember(file, inv, sig);
      return inv;
    };
    if (raw === null) return remember(null);
    const what = `The cached inventory of ${accountId} / ${region} (${file})`;
    const res = decodeInventory(raw);
    if (res.kind === 'newer') {
      this.o.log('info', `${what} was written by a newer ELB Desk (cache format ${res.format}); it is ignored and will be fetched again.`);
      return remember(null);
    }
    let detail: string;
    if (res.kind === 'ok') {
      const parsed = InventorySchema.safeParse(res.value);
      if (parsed.success && parsed.data.accountId === accountId && parsed.data.region === region) return remember(deepFreeze(parsed.data));
      detail = parsed.success ? 'it belongs to another account or region' : describeIssues(parsed.error);
    } else {
      detail = res.detail;
    }
    // Only a cache: drop it (the next sync writes it again).
    await this.o.fs.unlink(file).catch((e: unknown) => {
      if (errCode(e) !== 'ENOENT') this.o.log('warn', `could not remove the unusable cache file ${file}: ${describeError(e)}`);
    });
    this.o.log('warn', `${what} could not be used (${detail}); it was discarded and will be fetched again at the next sync.`);
    return null;
  }

  /**
   * See `Store.putInventory`; throws the write's error. `inv` is what `get` returns from the call on (before the
   * write has finished); once written, `get` returns the stored form (`inStoredOrder`), which is what the file holds.
   */
  put(inv: Inventory): Promise<void> {
    const p = this.putNow(inv);
    const settled = p.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
    return p;
  }

  private async putNow(inv: Inventory): Promise<void> {
    const file = this.pathOf(inv.accountId, inv.region);
    const seq = (this.puts.get(file) ?? 0) + 1;
    this.puts.set(file, seq);
    this.unwritten.set(file, inv);
    let writer = this.writers.get(file);
    if (!writer) {
      // Compact, checksummed, in pieces through one reused buffer (see writePieces); atomic but not fsynced.
      writer = new DurableJsonFile<Inventory>(file, { fs: this.o.fs, renameRetryDelayMs: this.o.renameRetryDelayMs, fsync: false, serialize: (d) => encodeInventory(d) });
      this.writers.set(file, writer);
    }
    const folder = path.dirname(file);
    let stored: Inventory | null = null;
    const write = async () => {
      if (!stored) {
        // The stored order is made in a later task, like the file: the sync is done once `get` serves `inv`.
        await new Promise<void>((resolve) => setImmediate(resolve));
        stored = inStoredOrder(inv);
      }
      if (!this.readyDirs.has(folder)) {
        await this.ensureDir(this.sub(CACHE_DIR));
        await this.ensureDir(folder);
        this.readyDirs.add(folder);
      }
      await writer.write(stored);
    };
    try {
      await write().catch(async (e: unknown) => {
        if (errCode(e) !== 'ENOENT' || !this.readyDirs.delete(folder)) throw e;
        await write(); // the folder went away behind the store's back: create it again, once
      });
    } catch (e) {
      // What is on disk is the older file (or nothing): read it again next time.
      if (this.puts.get(file) === seq) {
        this.memory.delete(file);
        this.unwritten.delete(file);
      }
      throw e;
    }
    if (this.puts.get(file) === seq) {
      const sig = await this.signature(file);
      if (this.puts.get(file) === seq) {
        if (sig !== null) this.remember(file, stored, sig);
        this.unwritten.delete(file);
      }
    }
  }

  /** Resolves when no cache write is in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight, ...[...this.writers.values()].map((w) => w.idle())]);
  }

  /** Identity of a file as it is now ('absent' when missing), or null when it cannot be told. */
  private async signature(file: string): Promise<string | null> {
    try {
      const st = await this.o.fs.stat(file);
      return `${st.ino ?? ''}:${st.size}:${st.mtimeMs}`;
    } catch (e) {
      return errCode(e) === 'ENOENT' ? 'absent' : null;
    }
  }

  private remember(file: string, inv: Inventory | null, sig: string): void {
    this.memory.delete(file);
    this.memory.set(file, { inv, sig });
    while (this.memory.size > INVENTORY_MEMORY_SLOTS) this.memory.delete(this.memory.keys().next().value!);
  }

  private async ensureDir(dir: string): Promise<void> {
    await this.o.fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    await this.o.fs.chmod(dir, DIR_MODE);
  }

  private sub(...parts: string[]): string {
    return path.join(this.o.dir, ...parts);
  }
}
