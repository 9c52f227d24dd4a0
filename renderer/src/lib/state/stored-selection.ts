/**
 * The account + region remembered from the last session, in localStorage. Free of the app's other code, so the entry
 * script and the first-paint request (first-paint/request.ts) read it before the app's code is loaded.
 */
import type { Selection } from './selection';

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
