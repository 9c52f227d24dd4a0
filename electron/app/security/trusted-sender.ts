/**
 * IPC sender validation (checklist item 17): only the app's own main frame may call main. `senderOf` turns an
 * `IpcMainInvokeEvent` into the plain `Sender` the core checks again.
 */
import type { Sender } from '../../core/ports';

/** The parts of an IPC event the sender check reads (structurally typed so tests need no Electron). */
export interface IpcEventLike {
  readonly senderFrame: { readonly origin: string } | null;
  readonly sender: { readonly mainFrame: unknown };
}

/** The sending frame's origin and whether it is the top-level frame. A gone frame is an untrusted, empty origin. */
export function senderOf(event: IpcEventLike): Sender {
  const frame = event.senderFrame;
  if (!frame) return { origin: '', isMainFrame: false };
  let mainFrame: unknown;
  try {
    mainFrame = event.sender.mainFrame;
  } catch {
    mainFrame = undefined;
  }
  return { origin: typeof frame.origin === 'string' ? frame.origin : '', isMainFrame: mainFrame !== undefined && frame === mainFrame };
}

/** Whether a sender may call IPC: main frame, and an origin exactly in the trusted list. */
export function isTrustedSender(sender: Sender, trustedOrigins: readonly string[]): boolean {
  return sender.isMainFrame === true && sender.origin !== '' && sender.origin !== 'null' && trustedOrigins.includes(sender.origin);
}
