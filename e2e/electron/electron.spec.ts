/**
 * Shell-only checks on the real Electron app (architecture §3, reliability S4.1–S4.4): isolation, the exposed
 * API, navigation and window policy, permissions, CSP. Skipped, with the reason, where no Electron binary can run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CHANNELS } from '../../shared/ipc/contract';
import { appBuilt, appEntry, electronRequired, findElectronBinary } from './electron-binary';

const status = findElectronBinary();
// CI sets ELB_DESK_REQUIRE_ELECTRON=1: there a missing binary or display is a failure, not a skip.
const required = electronRequired();

// The renderer globals these checks touch (this file is type-checked without the DOM library).
interface RendererEvent {
  violatedDirective: string;
}
interface RendererGlobals {
  api: { invoke(channel: string, payload: unknown): Promise<unknown>; on(event: string, cb: (p: unknown) => void): () => void };
  location: { assign(url: string): void };
  open(url: string): unknown;
  Notification: { requestPermission(): Promise<string> };
  document: {
    addEventListener(type: string, cb: (e: RendererEvent) => void, opts?: { once: boolean }): void;
    createElement(tag: 'script'): { textContent: string };
    head: { append(node: unknown): void };
  };
  __elbInline?: boolean;
  require?: unknown;
  process?: unknown;
}

test.describe('Electron shell', () => {
  test.skip(!status.available && !required, status.reason);
  test.skip(status.available && !appBuilt() && !required, 'The app is not built: run `npm run build` first (out/main/main.cjs, out/renderer/index.html).');

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    if (!status.available) throw new Error(`ELB_DESK_REQUIRE_ELECTRON=1, but: ${status.reason}`);
    if (!appBuilt()) throw new Error('ELB_DESK_REQUIRE_ELECTRON=1, but the app is not built (npm run build).');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'elb-e2e-electron-'));
    app = await electron.launch({
      executablePath: status.path!,
      args: [appEntry(), '--password-store=basic'],
      env: { ...process.env, ELB_DESK_DATA_DIR: dataDir, ELECTRON_ENABLE_SECURITY_WARNINGS: 'true' } as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the renderer has no Node: require and process are undefined', async () => {
    expect(await page.evaluate(() => typeof (globalThis as unknown as RendererGlobals).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as unknown as RendererGlobals).process)).toBe('undefined');
    expect(page.url()).toBe('app://elb-desk/index.html');
  });

  test('every window runs isolated, sandboxed, without Node, with web security', async () => {
    type Prefs = Record<string, unknown> | null;
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => (w.webContents as unknown as { getLastWebPreferences?: () => Prefs }).getLastWebPreferences?.() ?? null),
    );
    expect(prefs.length).toBe(1);
    test.skip(prefs.some((p) => p === null), 'This Electron has no webContents.getLastWebPreferences(); the renderer-side checks above still apply.');
    for (const p of prefs) {
      expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
      expect(p?.allowRunningInsecureContent ?? false).toBe(false);
      expect(p?.experimentalFeatures ?? false).toBe(false);
    }
  });

  test('window.api exposes invoke and on only, and answers contract channels', async () => {
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as RendererGlobals).api).sort())).toEqual(['invoke', 'on']);
    const info = await page.evaluate(() => (globalThis as unknown as RendererGlobals).api.invoke('app:info', {}));
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
    const unknown = await page.evaluate(() => (globalThis as unknown as RendererGlobals).api.invoke('credentials:dump', {}));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(CHANNELS).toContain('app:info');
  });

  test('navigation away from the app is refused', async () => {
    await page.evaluate(() => (globalThis as unknown as RendererGlobals).location.assign('https://evil.example/'));
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/elb-desk\//);
    await page.evaluate(() => (globalThis as unknown as RendererGlobals).location.assign('file:///etc/passwd'));
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/^app:\/\/elb-desk\//);
  });

  test('window.open returns null and no second window appears', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as RendererGlobals).open('https://evil.example/') === null);
    expect(opened).toBe(true);
    await page.waitForTimeout(300);
    expect(app.windows().length).toBe(1);
  });

  test('permission requests are denied', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as RendererGlobals).Notification.requestPermission())).toBe('denied');
  });

  test('an injected inline script does not run (CSP)', async () => {
    const result = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violation: string | null }>((resolve) => {
          const g = globalThis as unknown as RendererGlobals;
          let violation: string | null = null;
          g.document.addEventListener('securitypolicyviolation', (e) => (violation = e.violatedDirective), { once: true });
          const s = g.document.createElement('script');
          s.textContent = 'window.__elbInline = true';
          g.document.head.append(s);
          setTimeout(() => resolve({ ran: g.__elbInline === true, violation }), 200);
        }),
    );
    expect(result.ran).toBe(false);
    expect(result.violation).toMatch(/script-src/);
  });
});
