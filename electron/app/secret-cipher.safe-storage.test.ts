import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageCipher, SecretCipherError, type SafeStorageLike } from './secret-cipher.safe-storage';

/** A fake safeStorage: "encryption" is a keyed XOR tagged with the backend, so another backend cannot decrypt. */
function fakeSafeStorage(init: { backend: string; available: boolean }) {
  const state = { ...init, plainText: false };
  const tag = (): string => `${state.backend}${state.plainText ? '+plain' : ''}:`;
  const ss = {
    isEncryptionAvailable: vi.fn(() => state.available || state.plainText),
    getSelectedStorageBackend: vi.fn(() => state.backend),
    setUsePlainTextEncryption: vi.fn((v: boolean) => {
      state.plainText = v;
    }),
    encryptString: vi.fn((plain: string) => Buffer.concat([Buffer.from(tag()), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)])),
    decryptString: vi.fn((buf: Buffer) => {
      const t = Buffer.from(tag());
      if (!buf.subarray(0, t.length).equals(t)) throw new Error(`Error while decrypting the ciphertext provided to safeStorage.decryptString. ${buf.toString('hex')}`);
      return Buffer.from(buf.subarray(t.length).map((b) => b ^ 0x5a)).toString('utf8');
    }),
  } satisfies SafeStorageLike;
  return { ss, state };
}

describe('createSafeStorageCipher', () => {
  it('Windows/macOS: OS keychain, round-trips', async () => {
    for (const platform of ['win32', 'darwin']) {
      const { ss } = fakeSafeStorage({ backend: 'unknown', available: true });
      const c = createSafeStorageCipher({ safeStorage: ss, platform, weakAccepted: () => false });
      expect(c.canPersist()).toBe(true);
      expect(c.describe().kind).toBe('os-keychain');
      const enc = await c.encrypt('SK-canary-123');
      expect(enc.toString('utf8')).not.toContain('SK-canary-123');
      await expect(c.decrypt(enc)).resolves.toBe('SK-canary-123');
      expect(ss.getSelectedStorageBackend).not.toHaveBeenCalled();
    }
  });

  it('Linux libsecret: OS keychain (gnome-libsecret)', () => {
    const { ss } = fakeSafeStorage({ backend: 'gnome_libsecret', available: true });
    const c = createSafeStorageCipher({ safeStorage: ss, platform: 'linux', weakAccepted: () => false });
    expect(c.describe()).toEqual({ kind: 'os-keychain', secure: true, label: 'OS keychain (gnome-libsecret)' });
  });

  it('Linux basic_text without consent: memory only, encrypt and decrypt refuse, nothing is encrypted', async () => {
    const { ss } = fakeSafeStorage({ backend: 'basic_text', available: true });
    const c = createSafeStorageCipher({ safeStorage: ss, platform: 'linux', weakAccepted: () => false });
    expect(c.canPersist()).toBe(false);
    expect(c.describe()).toEqual({ kind: 'memory-only', secure: false, label: 'Memory only — no secure keychain found (basic_text)' });
    await expect(c.encrypt('x')).rejects.toBeInstanceOf(SecretCipherError);
    expect(ss.encryptString).not.toHaveBeenCalled();
    expect(ss.setUsePlainTextEncryption).not.toHaveBeenCalled();
  });

  it('Linux basic_text with consent given while running: weak storage, plain-text mode enabled once', async () => {
    const { ss } = fakeSafeStorage({ backend: 'basic_text', available: false });
    let accepted = false;
    const c = createSafeStorageCipher({ safeStorage: ss, platform: 'linux', weakAccepted: () => accepted });
    expect(c.canPersist()).toBe(false);
    accepted = true;
    expect(c.canPersist()).toBe(true);
    expect(c.describe()).toEqual({ kind: 'file-key', secure: false, label: "Weak: Chromium's built-in key (accepted by you)" });
    const enc = await c.encrypt('ak');
    await c.encrypt('sk');
    expect(ss.setUsePlainTextEncryption).toHaveBeenCalledTimes(1);
    expect(ss.setUsePlainTextEncryption).toHaveBeenCalledWith(true);
    await expect(c.decrypt(enc)).resolves.toBe('ak');
  });

  it('decryption failure throws without echoing the ciphertext or the native message', async () => {
    const { ss } = fakeSafeStorage({ backend: 'kwallet6', available: true });
    const c = createSafeStorageCipher({ safeStorage: ss, platform: 'linux', weakAccepted: () => false });
    const bogus = Buffer.from('not-ours');
    const e = await c.decrypt(bogus).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SecretCipherError);
    expect(String((e as Error).message)).not.toContain(bogus.toString('hex'));
  });

  it('a backend change between runs (libsecret → basic_text) is detected and never rewrites the stored ciphertext', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elb-cipher-'));
    try {
      const file = path.join(dir, 'secrets.bin');
      // Run 1: libsecret. The (test's) vault writes the ciphertext.
      const run1 = fakeSafeStorage({ backend: 'gnome_libsecret', available: true });
      const c1 = createSafeStorageCipher({ safeStorage: run1.ss, platform: 'linux', weakAccepted: () => false });
      fs.writeFileSync(file, await c1.encrypt('SK-canary-xyz'));
      const before = fs.readFileSync(file);
      const mtime = fs.statSync(file).mtimeMs;

      // Run 2: the desktop session changed, Chromium fell back to basic_text.
      const writeSpy = vi.spyOn(fs, 'writeFileSync');
      const run2 = fakeSafeStorage({ backend: 'basic_text', available: true });
      const c2 = createSafeStorageCipher({ safeStorage: run2.ss, platform: 'linux', weakAccepted: () => false });
      expect(c2.canPersist()).toBe(false);
      expect(c2.describe().kind).toBe('memory-only');
      await expect(c2.decrypt(fs.readFileSync(file))).rejects.toBeInstanceOf(SecretCipherError);
      // Even with consent the old ciphertext stays undecryptable, and the cipher writes nothing itself.
      const c3 = createSafeStorageCipher({ safeStorage: run2.ss, platform: 'linux', weakAccepted: () => true });
      await expect(c3.decrypt(fs.readFileSync(file))).rejects.toBeInstanceOf(SecretCipherError);
      expect(writeSpy).not.toHaveBeenCalled();
      writeSpy.mockRestore();
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      expect(fs.statSync(file).mtimeMs).toBe(mtime);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a safeStorage that throws on availability counts as unavailable', () => {
    const { ss } = fakeSafeStorage({ backend: 'gnome_libsecret', available: true });
    ss.isEncryptionAvailable.mockImplementation(() => {
      throw new Error('hang');
    });
    const c = createSafeStorageCipher({ safeStorage: ss, platform: 'linux', weakAccepted: () => false });
    expect(c.canPersist()).toBe(false);
  });
});
