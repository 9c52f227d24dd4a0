/**
 * Secret ciphers for hosts without the OS keychain.
 *
 * - `createFileKeyCipher(dataDir)` (browser mode): AES-256-GCM with a random 32-byte key in `vault.key`
 *   (0600, created once, atomically, never replaced while it is valid). Honest label: weaker than the OS
 *   keychain — anyone who can read the data folder can read the keys.
 * - `createMemoryOnlyCipher()`: nothing may be written; secrets live in memory for the session.
 *
 * Ciphertext layout: `[1 byte version][12 bytes IV][16 bytes GCM tag][ciphertext]`. Version 1: no additional data
 * (before issue 10); version 2: sealed with additional data (the vault binds each record to its account and field),
 * which must be given again to open it. A version-2 ciphertext never opens without it, nor a version-1 one with it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { KeyStorage } from '../../../shared/model/account';
import type { SecretCipher } from '../ports';
import { FILE_MODE, ensureDir, errCode, nodeFs, readFileOrNull, syncDir, tempNameFor, writeNewFile, type FsLike } from '../state/durable-file';

/** The key file name in the data folder. */
export const KEY_FILE = 'vault.key';

const VERSION = 1;
const VERSION_AAD = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Thrown when a secret cannot be encrypted or decrypted. Its message never holds key material. */
export class CipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CipherError';
  }
}

/** Options of `createFileKeyCipher`. */
export interface FileKeyCipherOptions {
  fs?: FsLike;
}

/** What the file-key cipher says about itself. */
export const FILE_KEY_STORAGE: KeyStorage = {
  kind: 'file-key',
  secure: false,
  label: 'File key in the data folder — weaker than the OS keychain',
};

/** The memory-only description. */
export const MEMORY_ONLY_STORAGE: KeyStorage = {
  kind: 'memory-only',
  secure: false,
  label: 'Memory only — keys are forgotten when ELB Desk closes',
};

/** AES-256-GCM encryption of `plain` with `key`, bound to `aad` (additional authenticated data) when given. */
export function sealWithKey(key: Buffer, plain: string, aad?: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([aad === undefined ? VERSION : VERSION_AAD]), iv, c.getAuthTag(), body]);
}

/** Reverse of `sealWithKey` (with the same `aad`); throws CipherError on any mismatch (wrong key or aad, tampering, truncation). */
export function openWithKey(key: Buffer, sealed: Buffer, aad?: string): string {
  const version = aad === undefined ? VERSION : VERSION_AAD;
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || (sealed[0] !== VERSION && sealed[0] !== VERSION_AAD)) {
    throw new CipherError('the ciphertext is not in the file-key format');
  }
  if (sealed[0] !== version) throw new CipherError('the ciphertext is not bound to this record');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    if (aad !== undefined) d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  } catch {
    throw new CipherError('the ciphertext could not be decrypted with the key of this data folder');
  }
}

/**
 * Load `vault.key`, or create it once. Creation writes a temp file, fsyncs it and hard-links it into place,
 * so two racing processes agree on one key and a crash never leaves a half-written key. A key file of the
 * wrong size is moved aside (`vault.key.bad-<time>`), never deleted, and a new key is made; secrets sealed
 * with the old key then report "re-enter" (their ciphertext is kept as it is).
 */
async function loadOrCreateKey(dataDir: string, fs: FsLike): Promise<Buffer> {
  const file = path.join(dataDir, KEY_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await readFileOrNull(file, fs);
    if (existing !== null) {
      if (existing.length === KEY_BYTES) {
        await fs.chmod(file, FILE_MODE).catch(() => undefined);
        return existing;
      }
      await fs.rename(file, `${file}.bad-${new Date().toISOString().replace(/:/g, '-')}`);
      continue;
    }
    await ensureDir(dataDir, fs);
    const key = randomBytes(KEY_BYTES);
    const tmp = tempNameFor(file);
    try {
      const h = await fs.open(tmp, 'wx', FILE_MODE);
      try {
        await h.writeFile(key);
        await h.chmod(FILE_MODE);
        await h.sync();
      } finally {
        await h.close();
      }
      try {
        await fs.link(tmp, file);
      } catch (e) {
        if (errCode(e) === 'EEXIST') continue; // someone else made it first: use theirs
        // No hard links on this file system: exclusive create (a crash mid-write leaves a short key, which the
        // size check above sets aside).
        try {
          await writeNewFile(fs, file, key);
        } catch (e2) {
          if (errCode(e2) === 'EEXIST') continue;
          throw e2;
        }
      }
      await syncDir(fs, dataDir).catch(() => undefined);
      return key;
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
  }
  throw new CipherError(`could not create or read ${file}`);
}

/** The browser-mode cipher: AES-256-GCM with a key file in the data folder. */
export function createFileKeyCipher(dataDir: string, opts: FileKeyCipherOptions = {}): SecretCipher {
  const fs = opts.fs ?? nodeFs;
  let key: Promise<Buffer> | null = null;
  const getKey = () => {
    key ??= loadOrCreateKey(dataDir, fs).catch((e: unknown) => {
      key = null;
      throw e;
    });
    return key;
  };
  return {
    canPersist: () => true,
    describe: () => ({ ...FILE_KEY_STORAGE }),
    async encrypt(plain, aad) {
      return sealWithKey(await getKey(), plain, aad);
    },
    async decrypt(cipher, aad) {
      return openWithKey(await getKey(), cipher, aad);
    },
  };
}

/** A cipher that refuses to persist anything: secrets stay in memory for this session only. */
export function createMemoryOnlyCipher(): SecretCipher {
  return {
    canPersist: () => false,
    describe: () => ({ ...MEMORY_ONLY_STORAGE }),
    encrypt() {
      return Promise.reject(new CipherError('memory-only storage cannot encrypt for disk'));
    },
    decrypt() {
      return Promise.reject(new CipherError('memory-only storage cannot decrypt stored secrets'));
    },
  };
}
