/**
 * The one place that decides a renderer's `webPreferences` (Electron security checklist items 2, 3, 4, 6, 8, 9).
 * Every BrowserWindow is created from this object; nothing else may set web preferences.
 */
import type { WebPreferences } from 'electron';

/** The hardened web preferences for the app's window: isolated, sandboxed, no Node, DevTools only in dev. */
export function webPreferencesFor(preloadPath: string, isDev: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    devTools: isDev,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** Whether the shell runs in developer mode: only for an unpacked app and only on explicit opt-in. */
export function isDevMode(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return !isPackaged && env['ELB_DESK_DEV'] === '1';
}
