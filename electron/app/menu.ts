/**
 * The native application menu, as a pure template. Commands that belong to the renderer (new draft, import,
 * export) are callbacks; main.ts turns them into a `menu:command` event. View → reload / DevTools only in dev.
 * No tray, no telemetry. Help → Check for Updates… is the manual update check (./updates.ts); it is the only way
 * the app contacts the update feed unless the user turns on the check at start.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { DOCS_URL } from './security/external-links';

/** The commands the menu sends to the renderer as `menu:command` `{ command }`. */
export const MENU_COMMANDS = ['new-draft', 'import', 'export'] as const;
/** One of the renderer-bound menu commands. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What the menu needs from its host. */
export interface MenuOptions {
  isDev: boolean;
  isMac: boolean;
  appName?: string;
  onNewDraft: () => void;
  onImport: () => void;
  onExport: () => void;
  onAbout: () => void;
  /** Help → Check for Updates…: a manual check (works whether or not the check at start is on). */
  onCheckForUpdates: () => void;
  /** Opens an allow-listed documentation URL in the system browser. */
  openDocs: (url: string) => void;
}

/** Builds the application menu template. */
export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const appName = o.appName ?? 'ELB Desk';
  const template: MenuItemConstructorOptions[] = [];
  if (o.isMac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: () => o.onAbout() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'new-draft', label: 'New Listener Draft', accelerator: 'CmdOrCtrl+N', click: () => o.onNewDraft() },
      { type: 'separator' },
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => o.onImport() },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => o.onExport() },
      { type: 'separator' },
      o.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(o.isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(o.isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: '&Window',
    submenu: o.isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'docs', label: 'Documentation', click: () => o.openDocs(DOCS_URL) },
      { id: 'check-updates', label: 'Check for Updates…', click: () => o.onCheckForUpdates() },
      { type: 'separator' },
      { id: 'about', label: `About ${appName}`, click: () => o.onAbout() },
    ],
  });
  return template;
}
