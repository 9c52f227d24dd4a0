/**
 * The preload's API, as a pure function of an `ipcRenderer`-like object and the contract's names (architecture
 * §2 rule 5): one frozen object with `invoke` (refuses unknown channels) and `on` (refuses unknown events, hands
 * the callback the payload only — never the IpcRendererEvent — and returns an unsubscribe function).
 */
import { EVENT_IPC_CHANNEL, type ElbDeskBridge } from '../../shared/ipc/bridge';
import type { Result } from '../../shared/ipc/result';

/** The part of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function failure(code: 'VALIDATION' | 'INTERNAL', message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean';
}

/** Builds the frozen `window.api` for the given channels and event names. */
export function buildPreloadApi(ipc: IpcRendererLike, channels: readonly string[], events: readonly string[]): ElbDeskBridge {
  const channelSet = new Set(channels);
  const eventSet = new Set(events);
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  let dispatcher: ((event: unknown, ...args: unknown[]) => void) | null = null;

  function ensureDispatcher(): void {
    if (dispatcher) return;
    dispatcher = (_event: unknown, ...args: unknown[]) => {
      const [name, payload] = args;
      if (typeof name !== 'string') return;
      const set = subscribers.get(name);
      if (!set) return;
      for (const cb of [...set]) {
        try {
          cb(payload);
        } catch (e) {
          // One failing listener must not starve the others; report it asynchronously.
          queueMicrotask(() => {
            throw e;
          });
        }
      }
    };
    ipc.on(EVENT_IPC_CHANNEL, dispatcher);
  }

  function releaseDispatcherIfIdle(): void {
    if (!dispatcher) return;
    for (const set of subscribers.values()) if (set.size > 0) return;
    ipc.removeListener(EVENT_IPC_CHANNEL, dispatcher);
    dispatcher = null;
  }

  const api: ElbDeskBridge = {
    async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
      if (typeof channel !== 'string' || !channelSet.has(channel)) {
        return failure('VALIDATION', `Unknown IPC channel: ${String(channel).slice(0, 64)}`);
      }
      try {
        const res = await ipc.invoke(channel, payload === undefined ? {} : payload);
        return isResult(res) ? res : failure('INTERNAL', 'The main process returned no result.');
      } catch (e) {
        return failure('INTERNAL', e instanceof Error ? e.message : 'The call to the main process failed.');
      }
    },
    on(event: string, cb: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !eventSet.has(event)) throw new Error(`Unknown event: ${String(event).slice(0, 64)}`);
      if (typeof cb !== 'function') throw new TypeError('The listener must be a function.');
      let set = subscribers.get(event);
      if (!set) subscribers.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (payload: unknown): void => cb(payload);
      set.add(entry);
      ensureDispatcher();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        releaseDispatcherIfIdle();
      };
    },
  };
  return Object.freeze(api);
}

/** The isolation guard: the preload refuses to expose anything into a non-isolated world. */
export function assertContextIsolated(contextIsolated: boolean | undefined): void {
  if (contextIsolated !== true) {
    throw new Error('ELB Desk preload: context isolation is off; refusing to expose the API.');
  }
}
