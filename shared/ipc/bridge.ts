/**
 * The shape of `window.api`, the only thing the Electron preload exposes to the renderer. The browser-mode
 * transport implements the same interface over HTTP + server-sent events.
 */
import type { Result } from './result';

/** The renderer's bridge to main. */
export interface ElbDeskBridge {
  /** Calls a contract channel. Never rejects: failures, including an unknown channel, come back as `{ ok: false }`. */
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Subscribes to a main→renderer event; the callback gets the payload only. Returns the unsubscribe function. */
  on(event: string, cb: (payload: unknown) => void): () => void;
}

/** The ipcRenderer channel every main→renderer event travels on, as `(name, payload)`. */
export const EVENT_IPC_CHANNEL = 'event';
