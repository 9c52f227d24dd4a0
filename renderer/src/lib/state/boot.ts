/**
 * The app's first call to main, sent by the entry script before the app's own code is loaded and mounted:
 * `app:boot` answers the accounts, the account + region that will be shown (the remembered one if it still exists)
 * and its cached inventory, in one round trip. `AppState.start()` adopts these answers instead of asking again.
 * Kept free of Svelte and of the UI, so it loads first and fast.
 *
 * In browser mode the page of the printed URL comes with that answer inlined (shared/ipc/inline-boot.ts): when it is
 * the answer for the remembered account + region, it is taken as it is and nothing is sent.
 */
import type { Account } from '../../../../shared/model/account';
import type { Inventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';
import { INLINE_BOOT_ID } from '../../../../shared/ipc/inline-boot';
import { REGIONS } from '../../../../shared/model/regions';
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

/** What `app:boot` answered. */
export interface BootAnswer {
  accounts: Account[];
  selection: Selection;
  inventory: Inventory | null;
}

/** Calls already under way when the app starts. */
export interface Boot {
  /** The accounts `app:boot` answered (or its error). */
  readonly accounts: Promise<Result<Account[]>>;
  /** The answer, once it has arrived (null before, or when the call failed): the app can render with it at once. */
  readonly answer: BootAnswer | null;
  /** The `inventory:get` call already made for this account + region, if any; each can be taken once. */
  takeInventory(accountId: string, region: string): Promise<Result<Inventory>> | null;
}

/**
 * The `app:boot` answer the host inlined into the page, or null when there is none (or it is not an answer). The
 * block is removed from the document once read (it is no longer needed, and could be large).
 */
export function readInlineBoot(): BootAnswer | null {
  const el = typeof document === 'undefined' ? null : document.getElementById(INLINE_BOOT_ID);
  if (!el) return null;
  el.remove();
  try {
    const value = JSON.parse(el.textContent ?? '') as Partial<BootAnswer> | null;
    if (!value || !Array.isArray(value.accounts) || !value.selection || value.inventory === undefined) return null;
    return value as BootAnswer;
  } catch {
    return null;
  }
}

/** What the boot calls go through (the real client by default; tests pass fakes). */
export interface BootDeps {
  call: typeof ipcCall;
  readSelection: () => Selection;
  /** The answer inlined into the page, if any (none by default). */
  readInline?: () => BootAnswer | null;
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.accountId === b.accountId && a.region === b.region;
}

function inventoryKey(accountId: string, region: string): string {
  return `${accountId}\u0000${region}`;
}

/** Sends the first call now and returns what it will answer (see the module comment). */
export function startBoot(deps: BootDeps = { call: ipcCall, readSelection: readStoredSelection, readInline: readInlineBoot }): Boot {
  const { call } = deps;
  const inventories = new Map<string, Promise<Result<Inventory>>>();
  let answered: BootAnswer | null = null;
  const wanted = deps.readSelection();
  const inline = deps.readInline?.() ?? null;
  // The inlined answer was made for no remembered selection: it serves only if the remembered one resolves the same.
  const fits = inline !== null && sameSelection(resolveSelection(inline.accounts, wanted, REGIONS), inline.selection);
  if (fits) answered = inline;
  const reply: Promise<Result<BootAnswer>> = fits ? Promise.resolve({ ok: true, value: inline }) : call('app:boot', { selection: wanted });
  // The inventory is filed before the accounts resolve, so it is there for whoever awaits them.
  const accounts = reply.then((r): Result<Account[]> => {
    if (!r.ok) return r;
    answered = r.value;
    const { selection, inventory } = r.value;
    if (inventory && selection.accountId && selection.region) {
      inventories.set(inventoryKey(selection.accountId, selection.region), Promise.resolve({ ok: true, value: inventory }));
    }
    return { ok: true, value: r.value.accounts };
  });

  return {
    accounts,
    get answer() {
      return answered;
    },
    takeInventory(accountId, region) {
      const key = inventoryKey(accountId, region);
      const pending = inventories.get(key) ?? null;
      inventories.delete(key);
      return pending;
    },
  };
}
