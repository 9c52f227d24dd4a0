/** Light/dark theme: follows `prefers-color-scheme` unless the user picked one; the choice is remembered. */

/** The user's theme choice. */
export const THEME_MODES = ['system', 'light', 'dark'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];

const STORAGE_KEY = 'elb-desk-theme';

function isThemeMode(value: unknown): value is ThemeMode {
  return typeof value === 'string' && (THEME_MODES as readonly string[]).includes(value);
}

function stored(): ThemeMode {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isThemeMode(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

function apply(mode: ThemeMode): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (mode === 'system') delete root.dataset.theme;
  else root.dataset.theme = mode;
}

class ThemeState {
  mode = $state<ThemeMode>(stored());

  constructor() {
    apply(this.mode);
  }

  /** Sets and remembers the theme; `system` follows the OS again. */
  set(mode: ThemeMode): void {
    if (!isThemeMode(mode)) return;
    this.mode = mode;
    apply(mode);
    try {
      localStorage.setItem(STORAGE_KEY, mode);
    } catch {
      /* not remembered in private mode */
    }
  }
}

/** The app's theme state. */
export const theme = new ThemeState();
