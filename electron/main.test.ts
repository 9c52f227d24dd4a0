/**
 * main.ts itself, with `electron` and the core mocked: it must enable the sandbox before anything else and
 * register exactly the contract's channels.
 */
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../shared/ipc/contract';

const h = vi.hoisted(() => ({ fake: null as null | ReturnType<typeof import('./app/testing/fake-electron').createFakeElectron> }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./app/testing/fake-electron');
  const dir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'elb-main-'));
  h.fake = createFakeElectron({ userData: dir });
  h.fake.resolveReady();
  return h.fake.electron;
});

vi.mock('./core/log/logger', () => ({ createFileLogger: vi.fn(() => ({ log: vi.fn(), close: vi.fn(), file: '', droppedLines: 0 })) }));

vi.mock('./core/create-core', () => ({
  createCore: vi.fn(async () => ({ dispatch: vi.fn(async () => ({ ok: true, value: null })), dispose: vi.fn(async () => undefined) })),
}));

describe('electron/main.ts', () => {
  it('enables the sandbox first and registers exactly the contract channels', async () => {
    delete process.env.ELB_DESK_DATA_DIR;
    await import('./main');
    const fake = h.fake!;
    await vi.waitFor(() => expect(fake.electron.ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length));
    expect(fake.order[0]).toBe('enableSandbox');
    expect(fake.electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    const registered = fake.electron.ipcMain.handle.mock.calls.map((c) => c[0]).sort();
    expect(registered).toEqual([...CHANNELS].sort());
    const { createCore } = await import('./core/create-core');
    expect(createCore).toHaveBeenCalledTimes(1);
    // the core gets the same redactor as the file logger
    expect(vi.mocked(createCore).mock.calls[0]?.[1]).toHaveProperty('redactor');
    fs.rmSync(fake.electron.app.getPath('userData'), { recursive: true, force: true });
  });
});
