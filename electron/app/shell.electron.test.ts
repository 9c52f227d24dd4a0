import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Ports } from '../core/ports';
import { startShell, type ShellCore, type ShellElectron } from './shell.electron';
import { createFakeElectron, FakeBrowserWindow } from './testing/fake-electron';
import type { UpdaterPort } from './updates';

/** A mocked update feed whose latest version is `version` (the app runs 0.1.0). */
function fakeUpdater(version = '0.2.0') {
  const u = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    checkForUpdates: vi.fn(async () => ({ isUpdateAvailable: version !== '0.1.0', updateInfo: { version } })),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
    on: vi.fn(),
  };
  return u;
}

function coreWithSettings(settings: Record<string, unknown>): ShellCore {
  return { ...fakeCore(), store: { get: () => ({ settings }) } } as ShellCore;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elb-shell-'));
  FakeBrowserWindow.instances = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeCore(): ShellCore & { dispatch: ReturnType<typeof vi.fn>; dispose: ReturnType<typeof vi.fn> } {
  return { dispatch: vi.fn(async () => ({ ok: true as const, value: 'x' })), dispose: vi.fn(async () => undefined) };
}

async function start(
  opts: { lock?: boolean; env?: Record<string, string>; createCore?: (p: Ports) => Promise<ShellCore>; platform?: string; packaged?: boolean; loadUpdater?: () => Promise<UpdaterPort> } = {},
) {
  const fake = createFakeElectron({ userData: dir, lock: opts.lock ?? true });
  fake.electron.app.isPackaged = opts.packaged ?? false;
  const core = fakeCore();
  const createCore = vi.fn(opts.createCore ?? (async () => core));
  const log = vi.fn();
  const afterDispose = vi.fn();
  const started = startShell(fake.electron as unknown as ShellElectron, {
    createCore,
    env: opts.env ?? {},
    platform: opts.platform ?? 'linux',
    createLogger: () => ({ log }),
    afterDispose,
    ...(opts.loadUpdater ? { loadUpdater: opts.loadUpdater } : {}),
  });
  fake.resolveReady();
  const handle = await started;
  return { ...fake, core, createCore, handle, log, afterDispose };
}

describe('startShell', () => {
  it('enables the sandbox and registers the app scheme before ready, then takes the instance lock', async () => {
    const { order } = await start();
    expect(order.indexOf('enableSandbox')).toBe(0);
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('whenReady'));
    expect(order.indexOf('requestSingleInstanceLock')).toBeLessThan(order.indexOf('whenReady'));
    expect(order.indexOf('setPermissionRequestHandler')).toBeGreaterThan(order.indexOf('whenReady'));
  });

  it('registers exactly the contract channels, after the core exists and before the window loads', async () => {
    const { electron, order, createCore } = await start();
    expect(electron.ipcMain.handle.mock.calls.map((c) => c[0])).toEqual(CHANNELS);
    expect(createCore).toHaveBeenCalledTimes(1);
    const firstHandle = order.findIndex((o) => o.startsWith('handle:'));
    expect(firstHandle).toBeGreaterThan(order.indexOf('protocol.handle'));
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('builds the core with Electron ports', async () => {
    const { createCore } = await start();
    const ports = createCore.mock.calls[0]?.[0] as Ports;
    expect(ports.mode).toBe('electron');
    expect(ports.trustedOrigins).toEqual(['app://elb-desk']);
    expect(ports.paths).toEqual({ dataDir: dir, logDir: path.join(dir, 'logs') });
    expect(ports.version).toBe('0.1.0');
    expect(ports.cipher.describe()).toEqual({ kind: 'os-keychain', secure: true, label: 'OS keychain (gnome-libsecret)' });
  });

  it('ELB_DESK_DATA_DIR moves userData before the lock is taken', async () => {
    const other = path.join(dir, 'other');
    const { electron, order, createCore } = await start({ env: { ELB_DESK_DATA_DIR: other } });
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', other);
    expect(order.indexOf('setPath:userData')).toBeLessThan(order.indexOf('requestSingleInstanceLock'));
    expect((createCore.mock.calls[0]?.[0] as Ports).paths.dataDir).toBe(other);
  });

  it('a second instance quits without creating a core or a window', async () => {
    const { electron, createCore, handle } = await start({ lock: false });
    expect(handle).toBeNull();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('focuses the existing window on second-instance', async () => {
    const { emitApp } = await start();
    emitApp('second-instance');
    expect(FakeBrowserWindow.instances[0]?.focus).toHaveBeenCalled();
  });

  it('opens one hardened window on the app URL', async () => {
    await start();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options['show']).toBe(false);
    expect(win.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      preload: path.join('/app', 'out', 'preload', 'preload.cjs'),
    });
    expect(win.loadURL).toHaveBeenCalledWith('app://elb-desk/index.html');
  });

  it('IPC from the window reaches the core; IPC from a stranger does not', async () => {
    const { handlers, core, log } = await start();
    const win = FakeBrowserWindow.instances[0]!;
    const good = { senderFrame: win.webContents.mainFrame, sender: win.webContents };
    await expect(handlers.get('drafts:list')?.(good, {})).resolves.toEqual({ ok: true, value: 'x' });
    expect(core.dispatch).toHaveBeenCalledWith('drafts:list', {}, { origin: 'app://elb-desk', isMainFrame: true });
    const strangerContents = { id: 999, mainFrame: { origin: 'app://elb-desk' } };
    const bad = { senderFrame: strangerContents.mainFrame, sender: strangerContents };
    await expect(handlers.get('drafts:list')?.(bad, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(core.dispatch).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('warn', 'ipc', expect.stringMatching(/refused drafts:list/));
  });

  it('before-quit waits for core.dispose, then quits', async () => {
    const { emitApp, core, electron, afterDispose } = await start();
    const e = { preventDefault: vi.fn() };
    emitApp('before-quit', e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(core.dispose).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect(afterDispose).toHaveBeenCalledTimes(1);
    expect(afterDispose.mock.invocationCallOrder[0]).toBeGreaterThan(core.dispose.mock.invocationCallOrder[0]!);
  });

  it('a core that cannot start (LOCKED) shows an error and exits', async () => {
    const { electron, handle } = await start({
      createCore: async () => {
        throw new Error('Another ELB Desk process owns this data folder.');
      },
    });
    expect(handle).toBeNull();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('ELB Desk cannot start', 'Another ELB Desk process owns this data folder.');
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('menu commands reach the renderer as menu:command events', async () => {
    const { electron } = await start();
    const template = electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as Array<{ submenu?: Array<{ id?: string; click?: () => void }> }>;
    const file = template[0]?.submenu ?? [];
    file.find((i) => i.id === 'new-draft')?.click?.();
    file.find((i) => i.id === 'export')?.click?.();
    const send = FakeBrowserWindow.instances[0]!.webContents.send;
    expect(send.mock.calls).toEqual([
      ['event', 'menu:command', { command: 'new-draft' }],
      ['event', 'menu:command', { command: 'export' }],
    ]);
  });

  it('hardens every web contents created', async () => {
    const { emitApp } = await start();
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    emitApp('web-contents-created', {}, { on, setWindowOpenHandler });
    expect(on.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']));
    expect(setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });

  it('remembers the window bounds on close and restores them next time', async () => {
    await start();
    FakeBrowserWindow.instances[0]!.emit('close');
    FakeBrowserWindow.instances = [];
    await start();
    expect(FakeBrowserWindow.instances[0]!.options).toMatchObject({ x: 50, y: 60, width: 1100, height: 750 });
  });

  it('quits when the last window closes, except on macOS', async () => {
    const linux = await start();
    linux.emitApp('window-all-closed');
    expect(linux.electron.app.quit).toHaveBeenCalled();
    const mac = await start({ platform: 'darwin' });
    mac.emitApp('window-all-closed');
    expect(mac.electron.app.quit).not.toHaveBeenCalled();
  });

  it('Help → Check for Updates… in a development build says checks need the installed app, and loads no updater', async () => {
    const loadUpdater = vi.fn(async () => fakeUpdater() as UpdaterPort);
    const { electron } = await start({ loadUpdater });
    const template = electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as Array<{ label?: string; submenu?: Array<{ id?: string; click?: () => void }> }>;
    template.find((m) => m.label === '&Help')?.submenu?.find((i) => i.id === 'check-updates')?.click?.();
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    const [parent, box] = electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; buttons: string[] }];
    expect(parent).toBe(FakeBrowserWindow.instances[0]);
    expect(box.message).toMatch(/only in the installed app/);
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('packaged: a manual check asks before downloading; refusing downloads nothing', async () => {
    const u = fakeUpdater();
    const { electron, handle } = await start({ packaged: true, loadUpdater: async () => u as UpdaterPort });
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await expect(handle!.checkForUpdates()).resolves.toBe('declined');
    expect(u.autoDownload).toBe(false);
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect((electron.dialog.showMessageBox.mock.calls[0]?.[1] as { message: string }).message).toBe('ELB Desk 0.2.0 is available. You have 0.1.0. Download it now?');
    expect(u.downloadUpdate).not.toHaveBeenCalled();
  });

  it('packaged: no check at start unless the user turned it on (setting autoUpdateCheck)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const off = vi.fn(async () => fakeUpdater() as UpdaterPort);
      await start({ packaged: true, loadUpdater: off, createCore: async () => coreWithSettings({}) });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(off).not.toHaveBeenCalled();

      const u = fakeUpdater('0.1.0');
      const on = vi.fn(async () => u as UpdaterPort);
      const { electron } = await start({ packaged: true, loadUpdater: on, createCore: async () => coreWithSettings({ autoUpdateCheck: true }) });
      expect(on).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(on).toHaveBeenCalledTimes(1);
      expect(u.checkForUpdates).toHaveBeenCalledTimes(1);
      // up to date and automatic: silent
      expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('update dialogs follow the app language setting', async () => {
    const u = fakeUpdater('0.1.0');
    const { electron, handle } = await start({ packaged: true, loadUpdater: async () => u as UpdaterPort, createCore: async () => coreWithSettings({ language: 'zh-CN' }) });
    await handle!.checkForUpdates();
    expect((electron.dialog.showMessageBox.mock.calls[0]?.[1] as { message: string }).message).toBe('ELB Desk 已是最新版本（0.1.0）。');
  });
});
