/**
 * The app's first calls to main, sent by the entry script before the app's own code is loaded and mounted: the
 * accounts, and the cached inventory of the account + region that will be shown — the remembered one at once (in
 * parallel with the accounts), else the one the accounts resolve to as soon as they arrive. `AppState.start()`
 * adopts these answers instead of asking again. Kept free of Svelte and of the UI, so it loads first and fast.
 */
import type { Account } from '../../../../shared/model/account';
import type { Inventory } from '../../../../shared/model/inventory';
import { REGIONS } from '../../../../shared/model/regions';
import type { Result } from '../../../../shared/ipc/result';
import { call as ipcCall } from '../api/client';
import { resolveSelection, type Selection } from './selection';

const SELECTION_KEY = 'elb-desk-selection';

/** The account + region remembered from the last session (nulls when none, or storage is unavailable). */
export function readStoredSelection(): Selection {
  try {
    const raw = localStorage.getItem(SELECTION_KEY);
    if (!raw) return { accountId: null, region: null };
    const parsed = JSON.parse(raw) as Partial<Selection>;
    return {
      accountId: typeof parsed.accountId === 'string' ? parsed.accountId : null,
      region: typeof parsed.region === 'string' ? parsed.region : null,
    };
  } catch {
    return { accountId: null, region: null };
  }
}

/** Remembers the account + region for the next session. */
export function writeStoredSelection(selection: Selection): void {
  try {
    localStorage.setItem(SELECTION_KEY, JSON.stringify(selection));
  } catch {
    /* not remembered in private mode */
  }
}

/** Calls already under way when the app starts. */
export interface Boot {
  /** The `accounts:list` answer. */
  readonly accounts: Promise<Result<Account[]>>;
  /** The `inventory:get` call already made for this account + region, if any; each can be taken once. */
  takeInventory(accountId: string, region: string): Promise<Result<Inventory>> | null;
}

/** What the boot calls go through (the real client by default; tests pass fakes). */
export interface BootDeps {
  call: typeof ipcCall;
  readSelection: () => Selection;
}

function inventoryKey(accountId: string, region: string): string {
  return `${accountId}\u0000${region}`;
}

/** Sends the first calls now and returns them (see the module comment). */
export function startBoot(deps: BootDeps = { call: ipcCall, readSelection: readStoredSelection }): Boot {
  const { call } = deps;
  // The accounts first: reading the remembered selection is the renderer's first storage access, slow when cold.
  const accounts = call('accounts:list', {});
  const remembered = deps.readSelection();
  const inventories = new Map<string, Promise<Result<Inventory>>>();
  const fetchInventory = (accountId: string, region: string): void => {
    const key = inventoryKey(accountId, region);
    if (!inventories.has(key)) inventories.set(key, call('inventory:get', { accountId, region }));
  };

  if (remembered.accountId && remembered.region) fetchInventory(remembered.accountId, remembered.region);
  // Registered before anyone else can await `accounts`, so the inventory call exists by the time AppState looks.
  void accounts.then((r) => {
    if (!r.ok) return;
    const selection = resolveSelection(r.value, remembered, REGIONS);
    if (selection.accountId && selection.region) fetchInventory(selection.accountId, selection.region);
  });

  return {
    accounts,
    takeInventory(accountId, region) {
      const key = inventoryKey(accountId, region);
      const pending = inventories.get(key) ?? null;
      inventories.delete(key);
      return pending;
    },
  };
}
