/**
 * The account + region the app looks at, and how a remembered choice is resolved against the accounts. Pure and
 * zod-free: main answers `app:boot` with it, and the renderer's account/region switcher uses it.
 */
import type { Account } from './account';
import type { RegionInfo } from './regions';

/** A region choice in the switcher. */
export interface RegionOption {
  id: string;
  /** Display name; the ID itself for a region not in the known list (a custom one). */
  name: string;
}

/** The account + region the app is looking at. */
export interface Selection {
  accountId: string | null;
  region: string | null;
}

/**
 * Regions offered for an account: the sandbox account gets the sandbox regions, a real account every known
 * cloud region; the account's own region is always included (first if it is not a known one).
 */
export function regionOptions(account: Account | null, known: readonly RegionInfo[]): RegionOption[] {
  if (!account) return [];
  const wantSandbox = account.kind === 'sandbox';
  const list: RegionOption[] = known.filter((r) => r.sandbox === wantSandbox).map((r) => ({ id: r.id, name: r.name }));
  if (account.region && !list.some((r) => r.id === account.region)) {
    const info = known.find((r) => r.id === account.region);
    list.unshift({ id: account.region, name: info?.name ?? account.region });
  }
  return list;
}

/**
 * Resolves the selection against the current accounts: keeps a stored choice that still exists, else the
 * first account (the sandbox comes first when nothing else was chosen) in its own region.
 */
export function resolveSelection(accounts: readonly Account[], wanted: Selection, known: readonly RegionInfo[]): Selection {
  if (accounts.length === 0) return { accountId: null, region: null };
  const account = accounts.find((a) => a.id === wanted.accountId) ?? accounts[0]!;
  const regions = regionOptions(account, known);
  const keepRegion = account.id === wanted.accountId && wanted.region !== null && regions.some((r) => r.id === wanted.region);
  return { accountId: account.id, region: keepRegion ? wanted.region : account.region };
}
