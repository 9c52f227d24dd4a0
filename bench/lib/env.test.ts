import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../electron/sandbox';
import { bundleAppChild, iamToken, startAppProcess, syncSandbox, TempDirs } from './env';

const dirs = new TempDirs();
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ listeners: 25 });
});
afterAll(async () => {
  await sandbox.close();
  dirs.removeAll();
});

describe('bench environment', () => {
  it('the bundled browser-mode app answers IPC with its token, syncs the sandbox and reports its memory after GC', async () => {
    const bundle = await bundleAppChild(dirs.make('bundle-test'));
    const app = await startAppProcess(bundle, dirs.make('app-test'), sandbox.url, { exposeGc: true });
    try {
      const info = await app.ipc<{ mode: string; version: string }>('app:info');
      expect(info.mode).toBe('browser');
      // The version comes from package.json, found through the pinned import.meta.url.
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(await syncSandbox(app)).toBe(sandbox.state().region('sandbox-1').listeners.size);
      const m1 = await app.memory();
      const m2 = await app.memory();
      expect(m1.gc && m2.gc).toBe(true);
      expect(m1.rss).toBeGreaterThan(10 * 1024 * 1024);
      expect(m2.heapUsed).toBeLessThanOrEqual(m2.heapTotal);
      await expect(app.ipc('no:such-channel')).rejects.toThrow(/no:such-channel failed/);
    } finally {
      await app.stop();
    }
  });

  it('gets an IAM token for unsigned calls', async () => {
    const token = await iamToken(sandbox.url);
    expect(token).toMatch(/^sbx-/);
  });
});
