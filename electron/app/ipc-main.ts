/**
 * Registers one `ipcMain.handle` per contract channel (architecture §2 rule 4). Each handler checks the sender
 * (known WebContents, main frame, app origin) before the core sees anything, and never throws.
 */
import { err, type Result } from '../../shared/ipc/result';
import type { Logger, Sender } from '../core/ports';
import { isTrustedSender, senderOf, type IpcEventLike } from './security/trusted-sender';

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** An invoke event as far as this module cares. */
export interface InvokeEventLike extends IpcEventLike {
  readonly sender: { readonly mainFrame: unknown; readonly id?: number };
}

/** What the handlers call. */
export type DispatchFn = (channel: string, raw: unknown, sender: Sender) => Promise<Result<unknown>>;

/** Options of the registration. */
export interface IpcRegistration {
  channels: readonly string[];
  dispatch: DispatchFn;
  trustedOrigins: readonly string[];
  logger: Logger;
  /** Whether a WebContents id belongs to a window the shell created (defence in depth). */
  isKnownWebContents?: (id: number) => boolean;
}

/** The handler for one channel (exported for tests). */
export function ipcHandlerFor(channel: string, reg: IpcRegistration): (event: InvokeEventLike, raw?: unknown) => Promise<Result<unknown>> {
  return async (event, raw) => {
    const sender = senderOf(event);
    const id = event.sender.id;
    const known = reg.isKnownWebContents ? typeof id === 'number' && reg.isKnownWebContents(id) : true;
    if (!known || !isTrustedSender(sender, reg.trustedOrigins)) {
      reg.logger.log('warn', 'ipc', `refused ${channel} from an untrusted sender (${sender.origin || 'no frame'}, main frame: ${sender.isMainFrame})`);
      return err('UNTRUSTED_SENDER', 'This call did not come from the ELB Desk window.');
    }
    try {
      return await reg.dispatch(channel, raw, sender);
    } catch (e) {
      reg.logger.log('error', 'ipc', `${channel} failed unexpectedly: ${e instanceof Error ? e.name : 'error'}`);
      return err('INTERNAL', 'An unexpected error occurred in the main process.');
    }
  };
}

/** Registers a handler for every channel; returns a function that removes them. */
export function registerIpcHandlers(ipcMain: IpcMainLike, reg: IpcRegistration): () => void {
  for (const channel of reg.channels) {
    const handler = ipcHandlerFor(channel, reg);
    ipcMain.handle(channel, handler);
  }
  return () => {
    for (const channel of reg.channels) ipcMain.removeHandler(channel);
  };
}
