/**
 * The Electron composition root's body: lifecycle, single-instance lock, hardening, app protocol, core with Electron
 * ports, IPC, menu, and the one window. It receives the `electron` module from main.ts (so its tests pass a mock)
 * and holds no security decision of its own — those are the pure functions in ./security.
 */
import path from 'node:path';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { Logger, Ports, Sender } from '../core/ports';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { createWebContentsSink } from './event-sink';
import { hardenSession, hardenWebContents, openExternalIfAllowed } from './hardening';
import { registerIpcHandlers } from './ipc-main';
import { createConsoleLogger } from './logger';
import { menuTemplate, type MenuCommand } from './menu';
import { createQuitGuard } from './quit-guard';
import { createSafeStorageCipher } from './secret-cipher.safe-storage';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './security/navigation';
import { isDevMode } from './security/web-preferences';
import { ACCEPT_BUTTON, weakStorageConsentOptions } from './security/weak-storage-consent';
import { restoreBounds } from './security/window-bounds';
import { readShellSettings } from './shell-settings';
import { createUpdateChecker, type UpdaterPort } from './updates';
import { updateLanguage } from './updates-messages';
import { windowOptionsFor } from './window-options';
import { loadWindowState, saveWindowState } from './window-state';

/** The parts of the `electron` module the shell uses. */
export type ShellElectron = Pick<
  typeof import('electron'),
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'safeStorage' | 'shell' | 'Menu' | 'screen' | 'dialog'
>;

/** The core as the shell uses it (electron/core/create-core's `Core`). */
export interface ShellCore {
  dispatch(channel: string, raw: unknown, sender: Sender): Promise<Result<unknown>>;
  dispose(): Promise<void>;
}

/** What main.ts passes besides the electron module. */
export interface ShellDeps {
  createCore: (ports: Ports) => Promise<ShellCore>;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /** A logger factory (main.ts passes the core's redacting file logger); defaults to the console logger. */
  createLogger?: (logDir: string) => Logger;
  /** Runs after `core.dispose()` on quit (e.g. closes the file logger). */
  afterDispose?: () => void;
  /** Loads electron-updater's autoUpdater on the first update check (main.ts); without it checks report a failure. */
  loadUpdater?: () => Promise<UpdaterPort>;
}

/** What a started shell exposes (for tests and for main.ts). */
export interface ShellHandle {
  core: ShellCore;
  getWindow(): BrowserWindow | null;
  /** Runs a manual update check (what Help → Check for Updates… does). */
  checkForUpdates(): Promise<string>;
}

/** The trusted origins passed to the core. */
export const TRUSTED_ORIGINS: readonly string[] = [APP_ORIGIN];

/** Runs the shell. Resolves to null when this is a second instance or the core could not start. */
export async function startShell(electron: ShellElectron, deps: ShellDeps): Promise<ShellHandle | null> {
  const { app } = electron;
  // Before ready: sandbox every renderer, register the app scheme, pick the data folder, take the instance lock.
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  const dataDirOverride = deps.env['ELB_DESK_DATA_DIR'];
  if (dataDirOverride) app.setPath('userData', path.resolve(dataDirOverride));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const dataDir = app.getPath('userData');
  const logDir = path.join(dataDir, 'logs');
  let logger: Logger;
  try {
    logger = deps.createLogger ? deps.createLogger(logDir) : createConsoleLogger('info');
  } catch {
    logger = createConsoleLogger('info');
  }
  let mainWindow: BrowserWindow | null = null;
  const knownContents = new Set<number>();
  const openExternal = (url: string): Promise<void> => electron.shell.openExternal(url);

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, openExternal, logger);
  });

  await app.whenReady();

  const isDev = isDevMode(app.isPackaged, deps.env);
  const appRoot = app.getAppPath();
  const rendererDir = path.join(appRoot, 'out', 'renderer');
  const preloadPath = path.join(appRoot, 'out', 'preload', 'preload.cjs');

  hardenSession(electron.session.defaultSession);
  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const cipher = createSafeStorageCipher({
    safeStorage: electron.safeStorage,
    platform: deps.platform,
    // The consent is a core setting (settings:acceptWeakKeyStorage); shell-settings.json is still honoured.
    weakAccepted: () => coreSettings()?.weakKeyStorageAccepted === true || readShellSettings(dataDir).weakKeyStorageAccepted,
  });
  let coreSettings: () => { weakKeyStorageAccepted?: boolean; autoUpdateCheck?: boolean; language?: string | null } | null = () => null;
  logger.log('info', 'keys', `key storage: ${cipher.describe().label}`);
  const sink = createWebContentsSink(() => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null));

  let core: ShellCore;
  try {
    core = await deps.createCore({
      paths: { dataDir, logDir },
      cipher,
      events: sink,
      clock: { now: () => new Date() },
      logger,
      mode: 'electron',
      trustedOrigins: TRUSTED_ORIGINS,
      version: app.getVersion(),
      confirmWeakKeyStorage: async () => {
        const options = weakStorageConsentOptions(app.getLocale());
        const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
        const answer = win ? await electron.dialog.showMessageBox(win, options) : await electron.dialog.showMessageBox(options);
        logger.log('info', 'keys', `weaker key storage ${answer.response === ACCEPT_BUTTON ? 'accepted' : 'declined'} in the native dialog`);
        return answer.response === ACCEPT_BUTTON;
      },
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    logger.log('error', 'shell', `the core could not start: ${message}`);
    electron.dialog.showErrorBox('ELB Desk cannot start', message);
    deps.afterDispose?.();
    app.exit(1);
    return null;
  }

  const withStore = core as Partial<{ store: { get(): { settings: { weakKeyStorageAccepted?: boolean; autoUpdateCheck?: boolean; language?: string | null } } } }>;
  if (withStore.store) coreSettings = () => withStore.store!.get().settings;

  registerIpcHandlers(electron.ipcMain, {
    channels: CHANNELS,
    dispatch: (channel, raw, sender) => core.dispatch(channel, raw, sender),
    trustedOrigins: TRUSTED_ORIGINS,
    logger,
    isKnownWebContents: (id) => knownContents.has(id),
  });
  const dispose = async (): Promise<void> => {
    try {
      await core.dispose();
    } finally {
      deps.afterDispose?.();
    }
  };
  app.on('before-quit', createQuitGuard({ dispose, quit: () => app.quit(), logger }));

  // The opt-in update check: manual from the Help menu; at start only when the user turned it on.
  const updates = createUpdateChecker({
    loadUpdater: deps.loadUpdater ?? (() => Promise.reject(new Error('No updater in this build.'))),
    ask: async (o) => {
      const options = { ...o, noLink: true };
      const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
      const r = parent ? await electron.dialog.showMessageBox(parent, options) : await electron.dialog.showMessageBox(options);
      return r.response;
    },
    currentVersion: app.getVersion(),
    isPackaged: app.isPackaged,
    language: () => updateLanguage(coreSettings()?.language, app.getLocale()),
    logger,
  });

  const sendMenuCommand = (command: MenuCommand): void => {
    sink.sendShellEvent('menu:command', { command });
  };
  app.setAboutPanelOptions({ applicationName: 'ELB Desk', applicationVersion: app.getVersion(), copyright: 'MIT licence' });
  const template: MenuItemConstructorOptions[] = menuTemplate({
    isDev,
    isMac: deps.platform === 'darwin',
    onNewDraft: () => sendMenuCommand('new-draft'),
    onImport: () => sendMenuCommand('import'),
    onExport: () => sendMenuCommand('export'),
    onAbout: () => app.showAboutPanel(),
    onCheckForUpdates: () => void updates.check({ manual: true }),
    openDocs: (url) => openExternalIfAllowed(url, openExternal, logger),
  });
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));

  const createWindow = (): BrowserWindow => {
    const displays = [electron.screen.getPrimaryDisplay(), ...electron.screen.getAllDisplays()];
    const bounds = restoreBounds(loadWindowState(dataDir), displays);
    const win = new electron.BrowserWindow(windowOptionsFor(bounds, preloadPath, isDev));
    const contentsId = win.webContents.id;
    knownContents.add(contentsId);
    if (bounds.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.on('close', () => {
      saveWindowState(dataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    });
    win.on('closed', () => {
      knownContents.delete(contentsId);
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
      logger.log('error', 'shell', `the window could not load the app: ${e instanceof Error ? e.message : String(e)}`);
    });
    return win;
  };

  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  });
  mainWindow = createWindow();
  updates.scheduleAutomaticCheck(coreSettings()?.autoUpdateCheck === true);

  return { core, getWindow: () => mainWindow, checkForUpdates: () => updates.check({ manual: true }) };
}
