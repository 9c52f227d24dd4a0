/**
 * The app-wide state: accounts, the selected account + region, its cached inventory, sync progress, the store
 * status, the drafts list and the offline flag. Main is the authority: everything here is a copy refreshed from
 * `call()` results and the `state:changed` / `sync:progress` events.
 */
import { createContext } from 'svelte';
import type { DraftSummary, EventPayload, StoreStatus } from '../../../../shared/ipc/contract';
import type { Account } from '../../../../shared/model/account';
import type { Inventory } from '../../../../shared/model/inventory';
import { REGIONS } from '../../../../shared/model/regions';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { call, on } from '../api/client';
import { isOfflineError, isStoreError } from '../errors';
import type { Boot } from './boot';
import { readStoredSelection, writeStoredSelection } from './stored-selection';
import { lastSyncedAt, regionOptions, resolveSelection, type RegionOption, type Selection } from './selection';

/** A native-menu command (`menu:command`) and the draft it concerns (the one open in the wizard), if any. */
export interface PendingCommand {
  command: EventPayload<'menu:command'>['command'];
  draftId: string | null;
}

/** Progress of one resource kind during a sync. */
export interface SyncKindProgress {
  fetched: number;
  done: boolean;
}

/** Shared state of the app shell and the listing pages. */
export class AppState {
  accounts = $state.raw<Account[]>([]);
  accountsLoaded = $state(false);
  accountsError = $state.raw<AppError | null>(null);

  accountId = $state<string | null>(null);
  region = $state<string | null>(null);

  inventory = $state.raw<Inventory | null>(null);
  inventoryLoading = $state(false);
  inventoryError = $state.raw<AppError | null>(null);

  syncing = $state(false);
  syncProgress = $state.raw<Record<string, SyncKindProgress>>({});
  syncError = $state.raw<AppError | null>(null);

  storeStatus = $state.raw<StoreStatus | null>(null);
  /** Set when a call came back NETWORK; cleared by the next successful sync. */
  networkDown = $state(false);

  drafts = $state.raw<DraftSummary[]>([]);
  draftsLoaded = $state(false);
  draftsError = $state.raw<AppError | null>(null);

  /** Bumped on `state:changed` for credentials, so pages showing key status reload it. */
  credentialsRevision = $state(0);

  /** A native-menu command received outside the drafts page, for the drafts page to run when it opens. */
  pendingCommand = $state.raw<PendingCommand | null>(null);

  /** The selected account, or null. */
  account = $derived(this.accounts.find((a) => a.id === this.accountId) ?? null);
  /** Regions the switcher offers for the selected account. */
  regions: RegionOption[] = $derived(regionOptions(this.account, REGIONS));
  /** True when cached data is shown because the cloud (or the host) is not reachable. */
  offline = $derived(this.networkDown || (this.inventory?.stale ?? false));
  /** Last successful fetch of the selected inventory (ISO) or null. */
  lastSynced = $derived(lastSyncedAt(this.inventory));

  #inventoryKey = '';
  /** The calls the entry script already sent (`startBoot`), until the first accounts load takes them. */
  #boot: Boot | null = null;
  /** The boot whose inventory the selection made by the first accounts load may take. */
  #bootInventory: Boot | null = null;
  /** An `inventory` change event arrived while our own sync was running (it was that sync's own event). */
  #inventoryEventDuringSync = false;
  /** Our last sync succeeded before its own `inventory` change event arrived: that event brings nothing new. */
  #ownInventoryEventPending = false;

  /**
   * On `state:changed` for the inventory: reload the cache, unless the event is our own sync's — its result
   * already replaced the inventory, and re-reading the same data (megabytes with 10,000 listeners) only slows
   * the sync down. Only a sync writes the cache, and the core runs one sync per account + region at a time.
   */
  #onInventoryChanged(): void {
    if (this.syncing) {
      this.#inventoryEventDuringSync = true;
      return;
    }
    if (this.#ownInventoryEventPending) {
      this.#ownInventoryEventPending = false;
      return;
    }
    void this.loadInventory();
  }

  /** Notes what a result says about the world (offline, store trouble) and returns it unchanged. */
  track<T>(result: Result<T>): Result<T> {
    if (!result.ok) {
      if (isOfflineError(result.error)) this.networkDown = true;
      if (isStoreError(result.error)) void this.loadStoreStatus();
    }
    return result;
  }

  /**
   * Takes the boot's answer at once if it has arrived (before the first render, so the first screen is drawn once,
   * with its data, instead of empty and then again): the accounts, the selection and its inventory. `start()` then
   * finds them in place. Does nothing when the answer is not there yet (start() waits for it as usual).
   */
  adoptBoot(boot: Boot): void {
    const answer = boot.answer;
    if (!answer) return;
    this.accounts = answer.accounts;
    this.accountsLoaded = true;
    this.accountsError = null;
    const next = resolveSelection(answer.accounts, boot.wanted, REGIONS);
    const { accountId, region } = next;
    const inventory = answer.inventory;
    if (!inventory || !accountId || !region || accountId !== answer.selection.accountId || region !== answer.selection.region) return;
    boot.takeInventory(accountId, region);
    this.accountId = accountId;
    this.region = region;
    writeStoredSelection(next);
    this.#inventoryKey = `${accountId}\u0000${region}`;
    this.inventory = inventory;
    this.inventoryError = null;
  }

  /**
   * Loads everything and subscribes to main's events; returns the unsubscribe function. With `boot`, the accounts
   * and the first inventory come from the calls the entry script already sent. What the first listing does not need
   * — the event subscriptions (in browser mode: a ticket request and the event stream), the store status and the
   * drafts list — starts when `later` runs it (the app root: after the first paint; by default at once); the
   * subscriptions still come before those reads.
   */
  start(boot?: Boot, later: (task: () => void) => () => void = runNow): () => void {
    this.#boot = boot ?? null;
    let offs: Array<() => void> = [];
    void this.loadAccounts();
    const cancel = later(() => {
      offs = this.#subscribe();
      void this.loadStoreStatus();
      void this.loadDrafts();
    });
    return () => {
      cancel();
      for (const off of offs) off();
    };
  }

  /** Subscribes to main's events (state changes, sync progress); returns the unsubscribe functions. */
  #subscribe(): Array<() => void> {
    return [
      on('state:changed', ({ what }) => {
        if (what === 'accounts') void this.loadAccounts();
        else if (what === 'drafts') void this.loadDrafts();
        else if (what === 'inventory') this.#onInventoryChanged();
        else if (what === 'store') void this.loadStoreStatus();
        else if (what === 'credentials') this.credentialsRevision += 1;
      }),
      on('sync:progress', (p) => {
        if (p.accountId !== this.accountId || p.region !== this.region) return;
        this.syncProgress = { ...this.syncProgress, [p.kind]: { fetched: p.fetched, done: p.done } };
      }),
    ];
  }

  /** Reloads the store status (banner). */
  async loadStoreStatus(): Promise<void> {
    const r = this.track(await call('store:status', {}));
    if (r.ok) this.storeStatus = r.value;
  }

  /** Reloads the accounts and re-resolves the selection against them. */
  async loadAccounts(): Promise<void> {
    // The boot's answer serves the first load only; a later one (an `accounts` event meanwhile) asks main.
    const boot = this.#boot;
    this.#boot = null;
    this.#bootInventory = boot;
    const r = this.track(await (boot ? boot.accounts : call('accounts:list', {})));
    this.accountsLoaded = true;
    if (!r.ok) {
      this.#bootInventory = null;
      this.accountsError = r.error;
      return;
    }
    this.accountsError = null;
    this.accounts = r.value;
    const wanted: Selection = this.accountId ? { accountId: this.accountId, region: this.region } : readStoredSelection();
    const next = resolveSelection(r.value, wanted, REGIONS);
    if (next.accountId !== this.accountId || next.region !== this.region || this.inventory === null) {
      this.#setSelection(next);
    }
    // The boot's inventory (if it was for this selection) has been taken by now; later loads ask main again.
    if (this.#bootInventory === boot) this.#bootInventory = null;
  }

  /** Switches account (to its own region unless `region` is given) and loads the cached inventory. */
  select(accountId: string, region?: string): void {
    const account = this.accounts.find((a) => a.id === accountId);
    if (!account) return;
    const next = resolveSelection(this.accounts, { accountId, region: region ?? account.region }, REGIONS);
    this.#setSelection(next);
  }

  #setSelection(selection: Selection): void {
    const changed = selection.accountId !== this.accountId || selection.region !== this.region;
    this.accountId = selection.accountId;
    this.region = selection.region;
    if (changed) {
      this.syncProgress = {};
      this.syncError = null;
      this.inventory = null;
      // The new account may use another network path (the local sandbox, a proxy): its own cache says if it is stale.
      this.networkDown = false;
    }
    if (selection.accountId) writeStoredSelection(selection);
    void this.loadInventory();
  }

  /** Loads the cached inventory of the selection (works offline: it is local). */
  async loadInventory(): Promise<void> {
    const { accountId, region } = this;
    if (!accountId || !region) {
      this.inventory = null;
      return;
    }
    const key = `${accountId}\u0000${region}`;
    this.#inventoryKey = key;
    this.inventoryLoading = true;
    const prefetched = this.#bootInventory?.takeInventory(accountId, region) ?? null;
    const r = this.track(await (prefetched ?? call('inventory:get', { accountId, region })));
    if (this.#inventoryKey !== key) return;
    this.inventoryLoading = false;
    if (r.ok) {
      this.inventory = r.value;
      this.inventoryError = null;
    } else {
      this.inventoryError = r.error;
    }
  }

  /** Fetches the selection's inventory from the cloud; progress arrives as `sync:progress` events. */
  async sync(): Promise<void> {
    const { accountId, region } = this;
    if (!accountId || !region || this.syncing) return;
    this.syncing = true;
    this.syncProgress = {};
    this.syncError = null;
    this.#inventoryEventDuringSync = false;
    this.#ownInventoryEventPending = false;
    const r = this.track(await call('sync:run', { accountId, region }));
    this.syncing = false;
    // The sync's own change event may still be on its way (events and results travel separately).
    this.#ownInventoryEventPending = r.ok && !this.#inventoryEventDuringSync;
    if (accountId !== this.accountId || region !== this.region) {
      // The selection changed meanwhile: its cache may be what the event was about.
      this.#ownInventoryEventPending = false;
      void this.loadInventory();
      return;
    }
    if (r.ok) {
      this.inventory = r.value;
      this.inventoryError = null;
      if (!r.value.stale) this.networkDown = false;
    } else {
      this.syncError = r.error;
      void this.loadInventory();
    }
  }

  /** Which drafts read is the latest: a reply to an older one is dropped (it may predate a status change). */
  #draftsRead = 0;

  /**
   * Reloads the drafts list. Reads can overlap (the first load and a `drafts` event during it) and their replies can
   * come back in any order; only the reply to the latest read is shown, since only that one was sent after the last
   * change main told us about (`start()` subscribes before its first read for the same reason).
   */
  async loadDrafts(): Promise<void> {
    const read = ++this.#draftsRead;
    const r = this.track(await call('drafts:list', {}));
    if (read !== this.#draftsRead) return;
    this.draftsLoaded = true;
    if (r.ok) {
      this.drafts = r.value;
      this.draftsError = null;
    } else {
      this.draftsError = r.error;
    }
  }

  /** Restores a backup or starts empty — only ever after the user confirmed it. */
  async recoverStore(source: 'defaults' | string): Promise<Result<StoreStatus>> {
    const r = this.track(await call('store:recover', { source }));
    if (r.ok) {
      this.storeStatus = r.value;
      void this.loadAccounts();
      void this.loadDrafts();
    }
    return r;
  }

  /** Writes again the edits held in memory after a failed write. */
  async retryStore(): Promise<Result<StoreStatus>> {
    const r = this.track(await call('store:retry', {}));
    if (r.ok) this.storeStatus = r.value;
    return r;
  }

  /** Clears the offline flag (after something reached the network again). */
  markOnline(): void {
    this.networkDown = false;
  }
}

/** Runs the task at once (no cancel needed). */
function runNow(task: () => void): () => void {
  task();
  return () => {};
}

const [getAppState, setAppState] = createContext<AppState>();

/** The AppState provided by the app root (or a test). */
export { getAppState, setAppState };
