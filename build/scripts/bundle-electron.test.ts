/**
 * The shell bundles: esbuild settings, a preload free of zod/schemas, and a boot of the real main bundle (with the
 * real core) in a child Node process where `require('electron')` returns a fake — the closest thing to launching
 * Electron on a machine without its binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/ipc/contract';
import { bundleConfigs, bundleElectron, REPO_ROOT } from './bundle-electron';

describe('bundleConfigs', () => {
  it('main: CJS for Node with electron (and electron-updater, shipped in the asar) external; preload: CJS, browser platform; no source maps', () => {
    const { main, preload } = bundleConfigs();
    expect(main).toMatchObject({ format: 'cjs', platform: 'node', external: ['electron', 'electron-updater'], sourcemap: false, bundle: true });
    expect(main.outfile).toMatch(/out[\\/]main[\\/]main\.cjs$/);
    expect(preload).toMatchObject({ format: 'cjs', platform: 'browser', external: ['electron'], sourcemap: false, bundle: true });
    expect(preload.outfile).toMatch(/out[\\/]preload[\\/]preload\.cjs$/);
  });
});

describe('the built bundles', () => {
  let outRoot: string;
  let main: string;
  let preload: string;
  beforeAll(async () => {
    outRoot = mkdtempSync(path.join(os.tmpdir(), 'elb-bundle-'));
    ({ main, preload } = await bundleElectron({ outRoot }));
  }, 120_000);
  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  it('the preload is small, has the contract names inline, and no zod', () => {
    const text = readFileSync(preload, 'utf8');
    expect(text.length).toBeLessThan(20_000);
    expect(text).not.toMatch(/zod|ZodError|safeParse/);
    for (const c of CHANNELS) expect(text).toContain(JSON.stringify(c));
    for (const e of EVENT_NAMES) expect(text).toContain(JSON.stringify(e));
    expect(text).toContain('require("electron")');
    expect(text).not.toMatch(/require\("(fs|path|child_process|node:)/);
  });

  it('the main bundle requires only electron, electron-updater and Node built-ins, with no source map', () => {
    const text = readFileSync(main, 'utf8');
    expect(text).not.toContain('sourceMappingURL');
    const required = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    for (const r of required) expect(r === 'electron' || r === 'electron-updater' || r.startsWith('node:') || /^[a-z_]+(\/[a-z_]+)?$/.test(r), r).toBe(true);
    expect([...required].filter((r) => r !== 'electron' && !r.startsWith('node:')).every((r) => !['zod', 'lowdb', 'undici', 'ipaddr.js', 'steno'].includes(r))).toBe(true);
  });

  it('boots against a fake electron: sandbox first, every channel registered, trusted calls served, quit waits for dispose', { timeout: 60_000 }, () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'elb-boot-'));
    const harness = path.join(outRoot, 'boot.cjs');
    writeFileSync(harness, BOOT_HARNESS);
    try {
      const r = spawnSync(process.execPath, [harness, main, dataDir, REPO_ROOT], { encoding: 'utf8', timeout: 50_000, env: { ...process.env, ELB_DESK_DATA_DIR: dataDir } });
      const line = r.stdout.split('\n').find((l) => l.startsWith('@@BOOT@@'));
      expect(line, `boot output:\n${r.stdout}\n${r.stderr}`).toBeTruthy();
      const out = JSON.parse(line!.slice('@@BOOT@@'.length)) as {
        order: string[];
        channels: string[];
        info: { ok: boolean; value?: { mode: string; keyStorage: { kind: string; label: string } } };
        untrusted: { ok: boolean; error?: { code: string } };
        csp: string | null;
        quit: string[];
      };
      expect(out.order[0]).toBe('enableSandbox');
      expect(out.channels.sort()).toEqual([...CHANNELS].sort());
      expect(out.info.ok).toBe(true);
      expect(out.info.value?.mode).toBe('electron');
      expect(out.info.value?.keyStorage).toMatchObject({ kind: 'memory-only', label: 'Memory only — no secure keychain found (basic_text)' });
      expect(out.untrusted).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
      if (existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'))) expect(out.csp).toMatch(/^default-src 'self'; script-src 'self';/);
      expect(out.quit).toEqual(['preventDefault', 'quit']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Loads the main bundle with `require('electron')` answered by a fake, drives it, prints one JSON line. */
const BOOT_HARNESS = String.raw`
const Module = require('module');
const [bundle, dataDir, appRoot] = process.argv.slice(2);
const order = [];
const handlers = new Map();
const appListeners = {};
let protocolHandler = null;
let resolveReady;
const ready = new Promise((r) => (resolveReady = r));
const wc = { id: 1, mainFrame: { origin: 'app://elb-desk' }, isDestroyed: () => false, send() {} };
class BrowserWindow {
  constructor(o) { order.push('BrowserWindow'); this.webContents = wc; this.options = o; }
  on() { return this; } once() { return this; } maximize() {} isDestroyed() { return false; }
  loadURL(u) { order.push('loadURL ' + u); return Promise.resolve(); }
}
const quit = [];
const fake = {
  app: {
    enableSandbox: () => order.push('enableSandbox'), setPath() {}, getPath: () => dataDir,
    requestSingleInstanceLock: () => true, quit: () => quit.push('quit'), exit: (c) => order.push('exit ' + c),
    on: (e, l) => { (appListeners[e] = appListeners[e] || []).push(l); }, whenReady: () => ready,
    isPackaged: true, getAppPath: () => appRoot, getVersion: () => '0.0.0-test', setAboutPanelOptions() {}, showAboutPanel() {},
  },
  BrowserWindow,
  ipcMain: { handle: (c, l) => handlers.set(c, l), removeHandler() {} },
  protocol: { registerSchemesAsPrivileged: () => order.push('registerSchemesAsPrivileged'), handle: (s, h) => { protocolHandler = h; } },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} } },
  safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', setUsePlainTextEncryption() {}, encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() },
  shell: { openExternal: async () => {} },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu() {} },
  screen: { getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }), getAllDisplays: () => [] },
  dialog: { showErrorBox: (t, m) => order.push('showErrorBox ' + m) },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? fake : load.call(this, request, ...rest); };
require(bundle);
resolveReady();
const until = async (cond, ms) => { const end = Date.now() + ms; while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25)); };
(async () => {
  await until(() => order.some((o) => o.startsWith('loadURL')) || order.some((o) => o.startsWith('exit')), 30000);
  const trusted = { senderFrame: wc.mainFrame, sender: wc };
  const strangerContents = { id: 99, mainFrame: { origin: 'https://evil.test' } };
  const untrustedEvent = { senderFrame: strangerContents.mainFrame, sender: strangerContents };
  const info = handlers.has('app:info') ? await handlers.get('app:info')(trusted, {}) : null;
  const untrusted = handlers.has('app:info') ? await handlers.get('app:info')(untrustedEvent, {}) : null;
  let csp = null;
  if (protocolHandler) { const res = await protocolHandler({ url: 'app://elb-desk/index.html', method: 'GET' }); csp = res.headers.get('content-security-policy'); }
  for (const l of appListeners['before-quit'] || []) l({ preventDefault: () => quit.push('preventDefault') });
  await until(() => quit.includes('quit'), 10000);
  process.stdout.write('@@BOOT@@' + JSON.stringify({ order, channels: [...handlers.keys()], info, untrusted, csp, quit }) + '\n');
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;
