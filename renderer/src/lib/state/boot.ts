/**
 * The app's first call to main, sent by the entry script before the app's own code is loaded and mounted:
 * `app:boot` answers the accounts, the account + region that will be shown (the remembered one if it still exists)
 * and its cached inventory, in one round trip. `AppState.start()` adopts these answers instead of asking again.
 * Kept free of Svelte and of the UI, so it loads first and fast.
 *
 * In browser mode the page of the printed URL comes with that answer preloaded (shared/ipc/boot-preload.ts): when it
 * is the answer for the remembered account + region, it is taken as it is and nothing else is sent; the mount waits
 * for it (`settled`), so the first render already has the listing.
 */
import type { Account } from '../../../../shared/model/account';
import type { Inventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';
import { BOOT_PRELOAD_ID } from '../../../../shared/ipc/boot-preload';
import { REGIONS } from '../../../../shared/model/regions';
import { call as ipcCall } from '../api/client';
import { resolveSelection, type Selection } from './selection';
import { readStoredSelection } from './stored-selection';

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
  /**
   * Resolves when the preloaded answer has arrived (then `answer` has it, if it fits) or failed; null without a
   * preload. The mount waits for it.
   */
  readonly settled: Promise<void> | null;
  /** The answer, once it has arrived (null before, or when the call failed): the app can render with it at once. */
  readonly answer: BootAnswer | null;
  /** The account + region asked for (the remembered one; nulls for none): the answer is adopted only if it resolves to it. */
  readonly wanted: Selection;
  /** The `inventory:get` call already made for this account + region, if any; each can be taken once. */
  takeInventory(accountId: string, region: string): Promise<Result<Inventory>> | null;
}

/** The body of a boot answer when it has the answer's shape, else null. */
export function asBootAnswer(value: unknown): BootAnswer | null {
  const v = value as Partial<BootAnswer> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.accounts) || !v.selection || typeof v.selection !== 'object' || v.inventory === undefined) return null;
  return v as BootAnswer;
}

/**
 * The `app:boot` answer the host preloaded for this page: null when there is no preload link, else the answer (null
 * when it failed, was refused or is not an answer: the caller then asks main). Same URL and credentials as the
 * link, so the browser hands over the preloaded response instead of asking again (the ticket is single-use).
 */
export function readPreloadedBoot(doc: Document | undefined = typeof document === 'undefined' ? undefined : document, get: typeof fetch = (...a) => fetch(...a)): Promise<BootAnswer | null> | null {
  const el = doc?.getElementById(BOOT_PRELOAD_ID);
  if (!el || el.tagName !== 'LINK') return null;
  const href = (el as HTMLLinkElement).href;
  return get(href, { credentials: 'same-origin' })
    .then(async (res) => (res.ok ? asBootAnswer(await res.json()) : null))
    .catch(() => null);
}

/** What the boot calls go through (the real client by default; tests pass fakes). */
export interface BootDeps {
  call: typeof ipcCall;
  readSelection: () => Selection;
  /** The answer preloaded for the page, if any (none by default). */
  readPreloaded?: () => Promise<BootAnswer | null> | null;
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.accountId === b.accountId && a.region === b.region;
}

function inventoryKey(accountId: string, region: string): string {
  return `${accountId}\u0000${region}`;
}

/** Sends the first call now and returns what it will answer (see the module comment). */
export function startBoot(deps: BootDeps = { call: ipcCall, readSelection: readStoredSelection, readPreloaded: () => readPreloadedBoot() }): Boot {
  const { call } = deps;
  const inventories = new Map<string, Promise<Result<Inventory>>>();
  let answered: BootAnswer | null = null;
  const wanted = deps.readSelection();
  const preloaded = deps.readPreloaded?.() ?? null;
  // The preloaded answer was made for no remembered selection: it serves only if the remembered one resolves the same.
  const fits = (ans: BootAnswer | null): ans is BootAnswer => ans !== null && sameSelection(resolveSelection(ans.accounts, wanted, REGIONS), ans.selection);
  const reply: Promise<Result<BootAnswer>> = preloaded
    ? preloaded.then((ans) => (fits(ans) ? { ok: true, value: ans } : call('app:boot', { selection: wanted })))
    : call('app:boot', { selection: wanted });
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
    wanted,
    // The preload only: a fallback call to main is not waited for (the app renders its loading state meanwhile).
    settled: preloaded
      ? preloaded.then((ans) => {
          if (fits(ans)) answered = ans;
        })
      : null,
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
