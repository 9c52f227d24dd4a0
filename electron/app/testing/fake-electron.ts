/**
 * A fake of the parts of the `electron` module the shell uses, for unit tests (a real `import 'electron'` tries to
 * download a binary). It records calls so tests can assert order and arguments.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** A fake WebContents. */
export class FakeWebContents {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { origin: 'app://elb-desk' };
  destroyed = false;
  readonly send = vi.fn();
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** A fake BrowserWindow. */
export class FakeBrowserWindow {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly listeners = new Map<string, Listener[]>();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly maximize = vi.fn();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.instances.push(this);
  }
  on(event: string, l: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: Listener): this {
    return this.on(event, l);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 50, y: 60, width: 1100, height: 750 };
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
}

/** Builds a fresh fake electron module plus a log of calls in order. */
export function createFakeElectron(opts: { userData: string; lock?: boolean; platform?: string }) {
  const order: string[] = [];
  const dialogAnswer = { response: 0 };
  const appListeners = new Map<string, Listener[]>();
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const handlers = new Map<string, Listener>();
  let userData = opts.userData;
  const app = {
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    setPath: vi.fn((name: string, value: string) => {
      order.push(`setPath:${name}`);
      if (name === 'userData') userData = value;
    }),
    getPath: vi.fn((name: string) => (name === 'userData' ? userData : `/tmp/${name}`)),
    requestSingleInstanceLock: vi.fn(() => {
      order.push('requestSingleInstanceLock');
      return opts.lock ?? true;
    }),
    quit: vi.fn(() => order.push('quit')),
    exit: vi.fn((code?: number) => order.push(`exit:${code}`)),
    on: vi.fn((event: string, l: Listener) => {
      appListeners.set(event, [...(appListeners.get(event) ?? []), l]);
      return app;
    }),
    whenReady: vi.fn(() => {
      order.push('whenReady');
      return ready;
    }),
    isPackaged: false,
    getAppPath: vi.fn(() => '/app'),
    getVersion: vi.fn(() => '0.1.0'),
    getLocale: vi.fn(() => 'en-US'),
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
  };
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, l: Listener) => {
        order.push(`handle:${channel}`);
        handlers.set(channel, l);
      }),
      removeHandler: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: vi.fn(() => order.push('protocol.handle')),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(() => order.push('setPermissionRequestHandler')),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      setUsePlainTextEncryption: vi.fn(),
      encryptString: vi.fn((s: string) => Buffer.from(s).reverse()),
      decryptString: vi.fn((b: Buffer) => Buffer.from(b).reverse().toString()),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    screen: {
      getPrimaryDisplay: vi.fn(() => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } })),
      getAllDisplays: vi.fn(() => []),
    },
    dialog: {
      showErrorBox: vi.fn(),
      /** Answers with `dialogAnswer.response` (0 = the safe default). */
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: dialogAnswer.response, checkboxChecked: false })),
    },
  };
  const emitApp = (event: string, ...args: unknown[]): void => {
    for (const l of appListeners.get(event) ?? []) l(...args);
  };
  return { electron, order, handlers, resolveReady, emitApp, appListeners, dialogAnswer };
}
