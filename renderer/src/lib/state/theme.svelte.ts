/** Light/dark theme: follows `prefers-color-scheme` unless the user picked one; the choice is remembered. */
import { isThemeMode, readStoredTheme, storeTheme, type ThemeMode } from './theme-store';

export { THEME_MODES, type ThemeMode } from './theme-store';

function apply(mode: ThemeMode): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (mode === 'system') delete root.dataset.theme;
  else root.dataset.theme = mode;
}

class ThemeState {
  mode = $state<ThemeMode>(readStoredTheme());

  constructor() {
    apply(this.mode);
  }

  /** Sets and remembers the theme; `system` follows the OS again. */
  set(mode: ThemeMode): void {
    if (!isThemeMode(mode)) return;
    this.mode = mode;
    apply(mode);
    storeTheme(mode);
  }
}

/** The app's theme state. */
export const theme = new ThemeState();
