/**
 * The Electron `SecretCipher`: `safeStorage` (OS keychain) behind the key-storage decision. It never touches files:
 * the vault decides what to write, so a backend change between runs can never rewrite stored ciphertext here.
 * `safeStorage` is passed in (main.ts hands over Electron's), so this module has no runtime 'electron' import.
 */
import type { KeyStorage } from '../../shared/model/account';
import type { SecretCipher } from '../core/ports';
import { keyStorageDecision, type KeyStorageDecision } from './security/key-storage';

/** The part of Electron's `safeStorage` the cipher uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  setUsePlainTextEncryption(usePlainText: boolean): void;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Options of the safeStorage cipher. */
export interface SafeStorageCipherOptions {
  safeStorage: SafeStorageLike;
  platform: string;
  /** Reads the user's explicit consent to weaker storage (setting `weakKeyStorageAccepted`), at each call. */
  weakAccepted: () => boolean;
}

/** The cipher plus the decision behind it (for logging which backend is in force, never any secret). */
export interface SafeStorageCipher extends SecretCipher {
  decision(): KeyStorageDecision;
}

/** Error thrown when secrets cannot be encrypted or decrypted. Its message never holds key material. */
export class SecretCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretCipherError';
  }
}

/** Creates the SecretCipher over safeStorage. Call it after `app.whenReady()` (the Linux backend is `unknown` before). */
export function createSafeStorageCipher(opts: SafeStorageCipherOptions): SafeStorageCipher {
  const { safeStorage, platform } = opts;
  let plainTextEnabled = false;

  function decide(): KeyStorageDecision {
    let backend: string | null = null;
    if (platform === 'linux') {
      try {
        backend = safeStorage.getSelectedStorageBackend();
      } catch {
        backend = 'unknown';
      }
    }
    let available = false;
    try {
      available = safeStorage.isEncryptionAvailable();
    } catch {
      available = false;
    }
    return keyStorageDecision({ platform, backend, isEncryptionAvailable: available, weakAccepted: opts.weakAccepted() });
  }

  function usable(): KeyStorageDecision {
    const d = decide();
    if (!d.persist) throw new SecretCipherError(`Secrets cannot be stored on disk: ${d.storage.label}.`);
    if (d.usePlainTextEncryption && !plainTextEnabled) {
      safeStorage.setUsePlainTextEncryption(true);
      plainTextEnabled = true;
    }
    return d;
  }

  return {
    decision: decide,
    canPersist(): boolean {
      return decide().persist;
    },
    describe(): KeyStorage {
      return decide().storage;
    },
    async encrypt(plain: string): Promise<Buffer> {
      usable();
      try {
        return safeStorage.encryptString(plain);
      } catch {
        throw new SecretCipherError('The OS keychain refused to encrypt the secret.');
      }
    },
    async decrypt(cipher: Buffer): Promise<string> {
      usable();
      try {
        return safeStorage.decryptString(cipher);
      } catch {
        // Other machine, changed keychain or corrupt bytes: the vault turns this into "needs re-entry".
        throw new SecretCipherError('The stored secret cannot be decrypted with the current keychain.');
      }
    },
  };
}
