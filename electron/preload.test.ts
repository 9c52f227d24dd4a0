import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../shared/ipc/contract';

const h = vi.hoisted(() => {
  const listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    ipcRenderer: {
      invoke: vi.fn(async (channel: string) => ({ ok: true, value: channel })),
      on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
      }),
      removeListener: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l));
      }),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld: h.exposeInMainWorld }, ipcRenderer: h.ipcRenderer }));

type Api = { invoke(c: string, p: unknown): Promise<unknown>; on(e: string, cb: (p: unknown) => void): () => void };

describe('preload', () => {
  const original = Object.getOwnPropertyDescriptor(process, 'contextIsolated');
  beforeEach(() => {
    vi.resetModules();
    h.exposeInMainWorld.mockClear();
    h.ipcRenderer.invoke.mockClear();
    h.listeners.clear();
  });
  afterEach(() => {
    if (original) Object.defineProperty(process, 'contextIsolated', original);
    else delete (process as { contextIsolated?: boolean }).contextIsolated;
  });

  it('exposes one object, `api`, with invoke/on over exactly the contract', async () => {
    Object.defineProperty(process, 'contextIsolated', { value: true, configurable: true });
    await import('./preload');
    expect(h.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = h.exposeInMainWorld.mock.calls[0] as [string, Api];
    expect(key).toBe('api');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    for (const c of CHANNELS) await api.invoke(c, {});
    expect(h.ipcRenderer.invoke.mock.calls.map((c) => c[0])).toEqual(CHANNELS);
    await api.invoke('not:a-channel', {});
    expect(h.ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNELS.length);
    // raw ipcRenderer is never exposed
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/send|ipc|removeListener/);
  });

  it('accepts every contract event plus menu:command, and hands listeners the payload only', async () => {
    Object.defineProperty(process, 'contextIsolated', { value: true, configurable: true });
    await import('./preload');
    const api = h.exposeInMainWorld.mock.calls[0]?.[1] as Api;
    for (const e of [...EVENT_NAMES, 'menu:command']) expect(() => api.on(e, () => {})()).not.toThrow();
    expect(() => api.on('ipc:raw', () => {})).toThrow();
    const got: unknown[][] = [];
    api.on('menu:command', (...args: unknown[]) => got.push(args));
    for (const l of h.listeners.get('event') ?? []) l({ sender: 'IpcRendererEvent' }, 'menu:command', { command: 'new-draft' });
    expect(got).toEqual([[{ command: 'new-draft' }]]);
  });

  it('fails closed when context isolation is off: nothing is exposed', async () => {
    Object.defineProperty(process, 'contextIsolated', { value: false, configurable: true });
    await expect(import('./preload')).rejects.toThrow(/context isolation/);
    expect(h.exposeInMainWorld).not.toHaveBeenCalled();
  });
});
