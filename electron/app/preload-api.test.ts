import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../shared/ipc/contract';
import { assertContextIsolated, buildPreloadApi, type IpcRendererLike } from './preload-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(invokeImpl: (channel: string, payload: unknown) => Promise<unknown> = async () => ({ ok: true, value: 1 })) {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn((channel: string, payload: unknown) => invokeImpl(channel, payload)),
    on: vi.fn((channel: string, l: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    }),
    removeListener: vi.fn((channel: string, l: Listener) => {
      listeners.get(channel)?.delete(l);
    }),
  } satisfies IpcRendererLike;
  const emit = (name: string, payload: unknown): void => {
    const event = { sender: { secret: 'ipcRenderer' }, senderId: 0, ports: [] };
    for (const l of listeners.get('event') ?? []) l(event, name, payload);
  };
  return { ipc, emit, count: () => listeners.get('event')?.size ?? 0 };
}

describe('buildPreloadApi', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const api = buildPreloadApi(fakeIpc().ipc, CHANNELS, EVENT_NAMES);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards every contract channel, and only those', async () => {
    const { ipc } = fakeIpc();
    const api = buildPreloadApi(ipc, CHANNELS, EVENT_NAMES);
    for (const channel of CHANNELS) {
      await expect(api.invoke(channel, { x: 1 })).resolves.toEqual({ ok: true, value: 1 });
    }
    expect(ipc.invoke.mock.calls.map((c) => c[0])).toEqual(CHANNELS);
    for (const bad of ['event', 'credentials:get', 'app:info ', '__proto__', 'constructor', '', 'toString']) {
      const r = await api.invoke(bad, {});
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION');
    }
    await expect(api.invoke(42 as unknown as string, {})).resolves.toMatchObject({ ok: false });
    expect(ipc.invoke).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('sends {} for an undefined payload, like the HTTP transport', async () => {
    const { ipc } = fakeIpc();
    await buildPreloadApi(ipc, CHANNELS, EVENT_NAMES).invoke('app:info', undefined);
    expect(ipc.invoke).toHaveBeenCalledWith('app:info', {});
  });

  it('never rejects: a thrown invoke or a non-Result answer become INTERNAL', async () => {
    const api1 = buildPreloadApi(fakeIpc(async () => Promise.reject(new Error('No handler registered'))).ipc, CHANNELS, EVENT_NAMES);
    await expect(api1.invoke('app:info', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'No handler registered' } });
    const api2 = buildPreloadApi(fakeIpc(async () => 'weird').ipc, CHANNELS, EVENT_NAMES);
    await expect(api2.invoke('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('listeners receive the payload only, never the IpcRendererEvent', () => {
    const { ipc, emit } = fakeIpc();
    const api = buildPreloadApi(ipc, CHANNELS, EVENT_NAMES);
    const cb = vi.fn();
    api.on('state:changed', cb);
    emit('state:changed', { what: 'drafts' });
    emit('sync:progress', { accountId: 'a' });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]).toEqual([{ what: 'drafts' }]);
  });

  it('returns an unsubscribe function that really removes the listener (and the ipc listener when idle)', () => {
    const { ipc, emit, count } = fakeIpc();
    const api = buildPreloadApi(ipc, CHANNELS, EVENT_NAMES);
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.on('state:changed', a);
    const offB = api.on('state:changed', b);
    expect(count()).toBe(1);
    offA();
    offA();
    emit('state:changed', { what: 'store' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    offB();
    expect(count()).toBe(0);
    emit('state:changed', { what: 'store' });
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('the same callback subscribed twice is two subscriptions', () => {
    const { ipc, emit } = fakeIpc();
    const api = buildPreloadApi(ipc, CHANNELS, EVENT_NAMES);
    const cb = vi.fn();
    const off1 = api.on('state:changed', cb);
    api.on('state:changed', cb);
    off1();
    emit('state:changed', {});
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('refuses unknown events and non-function listeners', () => {
    const api = buildPreloadApi(fakeIpc().ipc, CHANNELS, EVENT_NAMES);
    expect(() => api.on('event', () => {})).toThrow(/Unknown event/);
    expect(() => api.on('menu:nope', () => {})).toThrow(/Unknown event/);
    expect(() => api.on('state:changed', 'x' as unknown as () => void)).toThrow(TypeError);
  });

  it('a throwing listener does not stop the others', async () => {
    const { ipc, emit } = fakeIpc();
    const api = buildPreloadApi(ipc, CHANNELS, EVENT_NAMES);
    const errors: unknown[] = [];
    const onErr = (e: unknown): void => {
      errors.push(e);
    };
    process.on('uncaughtException', onErr);
    try {
      const good = vi.fn();
      api.on('state:changed', () => {
        throw new Error('listener bug');
      });
      api.on('state:changed', good);
      emit('state:changed', {});
      expect(good).toHaveBeenCalledTimes(1);
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('uncaughtException', onErr);
    }
    expect(errors).toHaveLength(1);
  });
});

describe('assertContextIsolated', () => {
  it('fails closed unless context isolation is on', () => {
    expect(() => assertContextIsolated(true)).not.toThrow();
    expect(() => assertContextIsolated(false)).toThrow(/context isolation/);
    expect(() => assertContextIsolated(undefined)).toThrow(/context isolation/);
  });
});
