/**
 * The Electron EventSink: `webContents.send('event', name, payload)` to the app window, skipped when the window or
 * its contents are gone (GitHub Desktop's rule: never send to destroyed WebContents).
 */
import { EVENT_IPC_CHANNEL } from '../../shared/ipc/bridge';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { EventSink } from '../core/ports';

/** The part of a WebContents the sink uses. */
export interface WebContentsLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** The sink, plus `sendShellEvent` for the shell's own events (e.g. `menu:command`). */
export interface WebContentsSink extends EventSink {
  sendShellEvent(name: string, payload: unknown): boolean;
}

/** Creates a sink that sends to whatever `target()` returns at the time of the event. */
export function createWebContentsSink(target: () => WebContentsLike | null | undefined): WebContentsSink {
  function send(name: string, payload: unknown): boolean {
    const wc = target();
    if (!wc || wc.isDestroyed()) return false;
    try {
      wc.send(EVENT_IPC_CHANNEL, name, payload);
      return true;
    } catch {
      return false;
    }
  }
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      send(name, payload);
    },
    sendShellEvent: send,
  };
}
