/** The app window's constructor options, from restored bounds and the hardened web preferences. */
import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_SIZE, type RestoredBounds } from './security/window-bounds';
import { webPreferencesFor } from './security/web-preferences';

/** Options for the one app window. */
export function windowOptionsFor(bounds: RestoredBounds, preloadPath: string, isDev: boolean): BrowserWindowConstructorOptions {
  const options: BrowserWindowConstructorOptions = {
    width: bounds.width,
    height: bounds.height,
    minWidth: Math.min(MIN_SIZE.width, bounds.width),
    minHeight: Math.min(MIN_SIZE.height, bounds.height),
    show: false,
    title: 'ELB Desk',
    webPreferences: webPreferencesFor(preloadPath, isDev),
  };
  if (bounds.x !== undefined && bounds.y !== undefined) {
    options.x = bounds.x;
    options.y = bounds.y;
  }
  return options;
}
