/**
 * Consent to weaker key storage in Electron is asked in a native dialog owned by main: a renderer call to
 * `settings:acceptWeakKeyStorage` alone never grants it (issue 10 §6). Browser mode keeps its own rule.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../core/create-core';
import type { Ports } from '../core/ports';
import { createFileKeyCipher } from '../core/vault/cipher';
import { ACCEPT_BUTTON, weakStorageConsentOptions } from './security/weak-storage-consent';
import { startShell, type ShellCore, type ShellElectron } from './shell.electron';
import { createFakeElectron, FakeBrowserWindow } from './testing/fake-electron';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elb-consent-'));
  FakeBrowserWindow.instances = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ORIGIN = 'app://elb-desk';

async function startWithFake() {
  const fake = createFakeElectron({ userData: dir });
  let ports: Ports | null = null;
  const core: ShellCore = { dispatch: vi.fn(async () => ({ ok: true as const, value: null })), dispose: vi.fn(async () => undefined) };
  const started = startShell(fake.electron as unknown as ShellElectron, {
    createCore: async (p) => {
      ports = p;
      return core;
    },
    env: {},
    platform: 'linux',
    createLogger: () => ({ log: vi.fn() }),
  });
  fake.resolveReady();
  await started;
  return { ...fake, ports: ports! };
}

describe('the native consent dialog (Electron)', () => {
  it('is shown by main over the window, and only its accept button grants consent', async () => {
    const { ports, electron, dialogAnswer } = await startWithFake();
    expect(ports.confirmWeakKeyStorage).toBeTypeOf('function');
    expect(await ports.confirmWeakKeyStorage!()).toBe(false);
    const [win, options] = electron.dialog.showMessageBox.mock.calls[0] as unknown as [unknown, ReturnType<typeof weakStorageConsentOptions>];
    expect(win).toBe(FakeBrowserWindow.instances[0]);
    expect(options).toMatchObject({ type: 'warning', defaultId: 0, cancelId: 0 });
    expect(options.buttons![ACCEPT_BUTTON]).toBe('Store with the weaker key');
    dialogAnswer.response = ACCEPT_BUTTON;
    expect(await ports.confirmWeakKeyStorage!()).toBe(true);
  });

  it('speaks Simplified Chinese on a Chinese system', () => {
    expect(weakStorageConsentOptions('zh-CN').buttons![ACCEPT_BUTTON]).toBe('使用较弱的密钥保存');
    expect(weakStorageConsentOptions('zh-TW').message).toMatch(/密钥/);
    expect(weakStorageConsentOptions('de-DE').message).toMatch(/weaker protection/);
  });
});

describe('settings:acceptWeakKeyStorage in the core', () => {
  async function core(confirm?: () => Promise<boolean>) {
    const ports: Ports = {
      paths: { dataDir: dir, logDir: path.join(dir, 'logs') },
      cipher: await createFileKeyCipher(dir),
      events: { emit: () => undefined },
      clock: { now: () => new Date() },
      logger: { log: () => undefined },
      mode: confirm ? 'electron' : 'browser',
      trustedOrigins: [ORIGIN],
      version: 'test',
      ...(confirm ? { confirmWeakKeyStorage: confirm } : {}),
    };
    return createCore(ports, { sandboxUrl: 'http://127.0.0.1:9' });
  }
  const accept = (c: Awaited<ReturnType<typeof core>>, accepted: boolean) => c.dispatch('settings:acceptWeakKeyStorage', { accepted }, { origin: ORIGIN, isMainFrame: true });

  it('is not granted by the renderer call when the user declines the dialog, and is when they accept', async () => {
    const answers = [false, true];
    const confirm = vi.fn(async () => answers.shift()!);
    const c = await core(confirm);
    try {
      expect((await accept(c, true)).ok).toBe(true);
      expect(confirm).toHaveBeenCalledTimes(1);
      expect(c.store.get().settings.weakKeyStorageAccepted).not.toBe(true);
      await accept(c, true);
      expect(c.store.get().settings.weakKeyStorageAccepted).toBe(true);
      // Withdrawing needs no dialog.
      await accept(c, false);
      expect(confirm).toHaveBeenCalledTimes(2);
      expect(c.store.get().settings.weakKeyStorageAccepted).toBe(false);
    } finally {
      await c.dispose();
    }
  });

  it('keeps the browser-mode rule: no dialog there, the call records the consent', async () => {
    const c = await core();
    try {
      await accept(c, true);
      expect(c.store.get().settings.weakKeyStorageAccepted).toBe(true);
    } finally {
      await c.dispose();
    }
  });
});
