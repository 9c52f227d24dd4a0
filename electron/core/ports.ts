/**
 * Everything the Electron-free core needs from its host, as small interfaces ("ports").
 * The Electron shell passes safeStorage, app.getPath and webContents.send; browser mode and tests pass
 * a file-key cipher, a temp dir and an SSE sink. This file must never import 'electron'.
 */
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { KeyStorage } from '../../shared/model/account';

/** Encrypts secrets at rest. `describe()` is what the UI shows about where keys are kept. */
export interface SecretCipher {
  /** Whether ciphertext may be written to disk at all (false = keep secrets in memory for this session only). */
  canPersist(): boolean;
  describe(): KeyStorage;
  /**
   * `aad`: additional data the ciphertext is bound to (the vault passes account ID + field). Ciphers that can
   * authenticate it (AES-GCM) do; the others ignore it — the vault also checks the binding inside the plaintext.
   */
  encrypt(plain: string, aad?: string): Promise<Buffer>;
  /** Throws when the ciphertext cannot be decrypted (other machine, changed backend, corrupt, other `aad`). */
  decrypt(cipher: Buffer, aad?: string): Promise<string>;
}

export interface AppPaths {
  /** The data folder: Electron userData, or ELB_DESK_DATA_DIR. */
  dataDir: string;
  logDir: string;
}

export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export interface Clock {
  now(): Date;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, tag: string, message: string, data?: unknown): void;
}

/** Who sent an IPC call: checked before the payload is even parsed. */
export interface Sender {
  /** Origin of the sending frame, e.g. `app://elb-desk` or `http://127.0.0.1:5173`. */
  origin: string;
  isMainFrame: boolean;
}

export interface Ports {
  paths: AppPaths;
  cipher: SecretCipher;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  mode: 'electron' | 'browser';
  /** Origins allowed to call IPC (the app's own). */
  trustedOrigins: readonly string[];
  version: string;
  /**
   * Asks the user, outside the window's reach, to confirm weaker key storage (Electron: a native dialog owned by main).
   * When present, `settings:acceptWeakKeyStorage` grants the consent only if this resolves true; withdrawing needs no
   * confirmation. Browser mode has none: the page itself is the only UI there.
   */
  confirmWeakKeyStorage?: () => Promise<boolean>;
}

export const systemClock: Clock = { now: () => new Date() };
