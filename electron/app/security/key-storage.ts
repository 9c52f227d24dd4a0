/**
 * Where AK/SK may be kept, decided from what `safeStorage` reports (reliability S1.1). Windows (DPAPI) and macOS
 * (Keychain) are trusted when encryption is available. On Linux only a real secret service (libsecret, kwallet*)
 * counts as an OS keychain; `basic_text` (Chromium's hard-coded key) and `unknown` are not secure: secrets stay in
 * memory for the session unless the user explicitly accepted weaker storage. The UI never calls those "OS keychain".
 */
import type { KeyStorage } from '../../../shared/model/account';

/** The values `safeStorage.getSelectedStorageBackend()` returns (Linux), plus hyphenated spellings from older docs. */
export type LinuxBackend = 'basic_text' | 'gnome_libsecret' | 'gnome-libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** What the decision reads. */
export interface KeyStorageInput {
  platform: string;
  /** Linux only; ignored elsewhere. Anything unrecognised counts as `unknown`. */
  backend: string | null;
  isEncryptionAvailable: boolean;
  /** The user explicitly accepted Chromium's built-in key where no keychain exists (setting `weakKeyStorageAccepted`). */
  weakAccepted: boolean;
}

/** The decision: whether ciphertext may go to disk, what to tell the user, and whether plain-text mode must be enabled. */
export interface KeyStorageDecision {
  /** Ciphertext may be written to disk. */
  persist: boolean;
  storage: KeyStorage;
  /** Call `safeStorage.setUsePlainTextEncryption(true)` first (Linux basic_text, accepted by the user, not otherwise available). */
  usePlainTextEncryption: boolean;
}

const SECURE_LINUX_BACKENDS = new Set(['gnome_libsecret', 'gnome-libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** The human name of a Linux backend, e.g. `gnome-libsecret`. */
export function backendLabel(backend: string): string {
  return backend.replace(/_/g, '-');
}

function memoryOnly(label: string): KeyStorageDecision {
  return { persist: false, usePlainTextEncryption: false, storage: { kind: 'memory-only', secure: false, label } };
}

/** The label shown when Chromium's built-in key is in force. */
export const WEAK_LABEL = "Weak: Chromium's built-in key (accepted by you)";

/** Decides how secrets are kept for this platform/backend/availability/consent (the S1.1 matrix). */
export function keyStorageDecision(input: KeyStorageInput): KeyStorageDecision {
  const { platform, isEncryptionAvailable, weakAccepted } = input;
  if (platform === 'win32' || platform === 'darwin') {
    const name = platform === 'win32' ? 'Windows DPAPI' : 'macOS Keychain';
    if (!isEncryptionAvailable) return memoryOnly(`Memory only — the OS keychain (${name}) is not available`);
    return { persist: true, usePlainTextEncryption: false, storage: { kind: 'os-keychain', secure: true, label: `OS keychain (${name})` } };
  }
  const backend = input.backend ?? 'unknown';
  if (SECURE_LINUX_BACKENDS.has(backend)) {
    if (!isEncryptionAvailable) return memoryOnly(`Memory only — the OS keychain (${backendLabel(backend)}) is not available`);
    return {
      persist: true,
      usePlainTextEncryption: false,
      storage: { kind: 'os-keychain', secure: true, label: `OS keychain (${backendLabel(backend)})` },
    };
  }
  // basic_text, unknown, or anything unrecognised: not a secure store.
  const shown = backend === 'basic_text' ? 'basic_text' : 'unknown';
  if (!weakAccepted) return memoryOnly(`Memory only — no secure keychain found (${shown})`);
  if (backend === 'basic_text') {
    return {
      persist: true,
      usePlainTextEncryption: !isEncryptionAvailable,
      storage: { kind: 'file-key', secure: false, label: WEAK_LABEL },
    };
  }
  // An unknown backend with consent: usable only if Chromium says encryption works; never plain-text mode blind.
  if (!isEncryptionAvailable) return memoryOnly(`Memory only — no secure keychain found (${shown})`);
  return { persist: true, usePlainTextEncryption: false, storage: { kind: 'file-key', secure: false, label: WEAK_LABEL } };
}
