/**
 * The theme choice as remembered in localStorage. Free of Svelte, so the first-paint request (first-paint/request.ts)
 * reads it before the app's code is loaded; the app's theme state is theme.svelte.ts.
 */

/** The user's theme choice. */
export const THEME_MODES = ['system', 'light', 'dark'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];

const STORAGE_KEY = 'elb-desk-theme';

/** True when `value` is one of the theme choices. */
export function isThemeMode(value: unknown): value is ThemeMode {
  return typeof value === 'string' && (THEME_MODES as readonly string[]).includes(value);
}

/** The remembered choice ('system' when none, or storage is unavailable). */
export function readStoredTheme(): ThemeMode {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isThemeMode(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the choice (not in private mode). */
export function storeTheme(mode: ThemeMode): void {
  try {
    localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    /* not remembered in private mode */
  }
}
