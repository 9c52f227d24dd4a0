/**
 * Graceful quit: the first `before-quit` is held (preventDefault) until `core.dispose()` has flushed the store and
 * released the lock, then the app quits for real. A dispose that hangs is abandoned after a deadline.
 */
import type { Logger } from '../core/ports';

/** The options of the guard. */
export interface QuitGuardOptions {
  dispose: () => Promise<void>;
  quit: () => void;
  logger?: Logger;
  /** How long to wait for dispose before quitting anyway. */
  timeoutMs?: number;
}

/** Returns the `before-quit` listener. */
export function createQuitGuard(o: QuitGuardOptions): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'disposing' | 'done' = 'running';
  const timeoutMs = o.timeoutMs ?? 5000;
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let started: Promise<void>;
    try {
      started = Promise.resolve(o.dispose());
    } catch (e) {
      started = Promise.reject(e);
    }
    const disposal = started.then(
        () => 'ok' as const,
        () => 'failed' as const,
      );
    void Promise.race([disposal, deadline]).then((outcome) => {
      if (timer) clearTimeout(timer);
      if (outcome !== 'ok') o.logger?.log('error', 'shell', `closing the data store ${outcome === 'timeout' ? 'timed out' : 'failed'}; quitting anyway`);
      state = 'done';
      o.quit();
    });
  };
}
