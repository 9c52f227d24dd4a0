import { describe, expect, it } from 'vitest';
import { KeyStorageSchema } from '../../../shared/model/account';
import { keyStorageDecision, WEAK_LABEL, type KeyStorageInput } from './key-storage';

function d(input: Partial<KeyStorageInput> & Pick<KeyStorageInput, 'platform'>) {
  return keyStorageDecision({ backend: null, isEncryptionAvailable: true, weakAccepted: false, ...input });
}

describe('keyStorageDecision — the S1.1 matrix', () => {
  it.each([
    ['win32', 'OS keychain (Windows DPAPI)'],
    ['darwin', 'OS keychain (macOS Keychain)'],
  ])('%s with encryption available → OS keychain, persisted', (platform, label) => {
    expect(d({ platform })).toEqual({ persist: true, usePlainTextEncryption: false, storage: { kind: 'os-keychain', secure: true, label } });
  });

  it.each(['win32', 'darwin'])('%s without encryption → memory only', (platform) => {
    const r = d({ platform, isEncryptionAvailable: false, weakAccepted: true });
    expect(r.persist).toBe(false);
    expect(r.storage.kind).toBe('memory-only');
    expect(r.storage.secure).toBe(false);
  });

  it.each([
    ['gnome_libsecret', 'OS keychain (gnome-libsecret)'],
    ['kwallet6', 'OS keychain (kwallet6)'],
    ['kwallet5', 'OS keychain (kwallet5)'],
    ['kwallet', 'OS keychain (kwallet)'],
  ])('linux %s → OS keychain', (backend, label) => {
    expect(d({ platform: 'linux', backend })).toEqual({ persist: true, usePlainTextEncryption: false, storage: { kind: 'os-keychain', secure: true, label } });
  });

  it('linux secure backend that is not available → memory only, never "OS keychain" as in force', () => {
    const r = d({ platform: 'linux', backend: 'gnome_libsecret', isEncryptionAvailable: false });
    expect(r.persist).toBe(false);
    expect(r.storage).toEqual({ kind: 'memory-only', secure: false, label: 'Memory only — the OS keychain (gnome-libsecret) is not available' });
  });

  it.each([true, false])('linux basic_text (available=%s) without consent → memory only', (available) => {
    expect(d({ platform: 'linux', backend: 'basic_text', isEncryptionAvailable: available })).toEqual({
      persist: false,
      usePlainTextEncryption: false,
      storage: { kind: 'memory-only', secure: false, label: 'Memory only — no secure keychain found (basic_text)' },
    });
  });

  it('linux basic_text available, with consent → weak, persisted, not secure', () => {
    expect(d({ platform: 'linux', backend: 'basic_text', weakAccepted: true })).toEqual({
      persist: true,
      usePlainTextEncryption: false,
      storage: { kind: 'file-key', secure: false, label: WEAK_LABEL },
    });
  });

  it('linux basic_text unavailable, with consent → weak, plain-text encryption switched on', () => {
    expect(d({ platform: 'linux', backend: 'basic_text', isEncryptionAvailable: false, weakAccepted: true })).toEqual({
      persist: true,
      usePlainTextEncryption: true,
      storage: { kind: 'file-key', secure: false, label: WEAK_LABEL },
    });
  });

  it.each([
    { backend: 'unknown' },
    { backend: null },
    { backend: 'something-new' },
    { backend: 'unknown', isEncryptionAvailable: false, weakAccepted: true },
  ])('linux %o → memory only', (input: Partial<KeyStorageInput>) => {
    const r = d({ platform: 'linux', ...input });
    expect(r.persist).toBe(false);
    expect(r.storage).toEqual({ kind: 'memory-only', secure: false, label: 'Memory only — no secure keychain found (unknown)' });
  });

  it('linux unknown but available, with consent → weak, never plain-text mode blind', () => {
    expect(d({ platform: 'linux', backend: 'unknown', weakAccepted: true })).toEqual({
      persist: true,
      usePlainTextEncryption: false,
      storage: { kind: 'file-key', secure: false, label: WEAK_LABEL },
    });
  });

  it('never calls basic_text or unknown an OS keychain, and every label fits the shared schema', () => {
    for (const platform of ['linux', 'win32', 'darwin', 'freebsd']) {
      for (const backend of ['basic_text', 'unknown', 'gnome_libsecret', 'kwallet6', null]) {
        for (const isEncryptionAvailable of [true, false]) {
          for (const weakAccepted of [true, false]) {
            const r = keyStorageDecision({ platform, backend, isEncryptionAvailable, weakAccepted });
            expect(KeyStorageSchema.safeParse(r.storage).success).toBe(true);
            expect(r.storage.secure).toBe(r.storage.kind === 'os-keychain');
            if (r.storage.kind === 'os-keychain') {
              expect(isEncryptionAvailable).toBe(true);
              expect(['win32', 'darwin'].includes(platform) || backend === 'gnome_libsecret' || backend === 'kwallet6').toBe(true);
            } else {
              expect(r.storage.label).not.toMatch(/^OS keychain/);
            }
            if (r.persist && !r.storage.secure) expect(weakAccepted).toBe(true);
            if (r.usePlainTextEncryption) expect(weakAccepted && backend === 'basic_text').toBe(true);
          }
        }
      }
    }
  });
});
