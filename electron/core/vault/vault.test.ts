import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretCipher } from '../ports';
import { createMemoryLogger } from '../log/logger';
import { createRedactor } from '../log/redact';
import { KEY_FILE, createFileKeyCipher, createMemoryOnlyCipher, openWithKey, sealWithKey } from './cipher';
import { VAULT_FILE, createVault, maskAk } from './vault';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'elb-vault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const AK = 'HPUAQ7XW2M4P9ZL1ABCD';
const SK = 'vG3k9Qw7Zx2Lm5Np8Rt1Yb4Hc6Jd0FeKs3Tu7Wq';
const vaultDoc = () => JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')) as { accounts: Record<string, { ciphertext: string; maskedAk: string; storageKind: string }> };

describe('file-key cipher', () => {
  it('AES-256-GCM round trip with a random IV; the key file is 32 bytes, 0600, created once', async () => {
    const c = createFileKeyCipher(dir);
    const a = await c.encrypt('hello');
    const b = await c.encrypt('hello');
    expect(a.equals(b)).toBe(false);
    expect(await c.decrypt(a)).toBe('hello');
    const keyFile = path.join(dir, KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile);
    expect(key).toHaveLength(32);
    const c2 = createFileKeyCipher(dir);
    expect(await c2.decrypt(a)).toBe('hello');
    expect(readFileSync(keyFile).equals(key)).toBe(true);
    expect(c.describe()).toEqual({ kind: 'file-key', secure: false, label: 'File key in the data folder — weaker than the OS keychain' });
    expect(c.canPersist()).toBe(true);
  });

  it('two ciphers racing to create the key agree on one key', async () => {
    const ciphers = Array.from({ length: 5 }, () => createFileKeyCipher(dir));
    const sealed = await Promise.all(ciphers.map((c, i) => c.encrypt(`m${i}`)));
    for (const c of ciphers) for (let i = 0; i < 5; i++) expect(await c.decrypt(sealed[i]!)).toBe(`m${i}`);
  });

  it('tampered or foreign ciphertext fails to decrypt', async () => {
    const c = createFileKeyCipher(dir);
    const s = await c.encrypt('secret');
    s[s.length - 1]! ^= 1;
    await expect(c.decrypt(s)).rejects.toThrow(/could not be decrypted/);
    const other = sealWithKey(Buffer.alloc(32, 7), 'x');
    await expect(c.decrypt(other)).rejects.toThrow();
    expect(() => openWithKey(Buffer.alloc(32, 7), Buffer.from('short'))).toThrow(/format/);
  });

  it('memory-only cipher cannot persist', async () => {
    const c = createMemoryOnlyCipher();
    expect(c.canPersist()).toBe(false);
    expect(c.describe().kind).toBe('memory-only');
    expect(c.describe().secure).toBe(false);
    await expect(c.encrypt('x')).rejects.toThrow();
  });
});

describe('maskAk', () => {
  it('shows the first 4 and last 4 characters, fully masks short AKs', () => {
    expect(maskAk(AK)).toBe('HPUA…ABCD');
    expect(maskAk('SHORTAK')).toBe('••••');
    expect(maskAk('ABCDEFGHIJK')).toBe('••••');
  });
});

describe('vault', () => {
  it('stores ciphertext only (0600), reads it back after a restart, and registers secrets with the redactor', async () => {
    const redactor = createRedactor();
    const logger = createMemoryLogger(redactor);
    const v = await createVault({ dir, cipher: createFileKeyCipher(dir), logger, redactor });
    const st = await v.set('acc-1', { ak: AK, sk: SK, securityToken: 'TOKEN-0123456789' });
    expect(st).toMatchObject({ accountId: 'acc-1', hasSecret: true, maskedAk: 'HPUA…ABCD', hasSecurityToken: true, needsReentry: false, storage: { kind: 'file-key', secure: false } });
    const raw = readFileSync(path.join(dir, VAULT_FILE), 'utf8');
    expect(raw).not.toContain(AK);
    expect(raw).not.toContain(SK);
    expect(statSync(path.join(dir, VAULT_FILE)).mode & 0o777).toBe(0o600);
    expect(vaultDoc().accounts['acc-1']).toMatchObject({ maskedAk: 'HPUA…ABCD', storageKind: 'file-key' });
    expect(redactor.redactString(`${AK} ${SK} TOKEN-0123456789`)).toBe('[REDACTED] [REDACTED] [REDACTED]');

    const redactor2 = createRedactor();
    const v2 = await createVault({ dir, cipher: createFileKeyCipher(dir), logger, redactor: redactor2 });
    expect(await v2.get('acc-1')).toEqual({ ak: AK, sk: SK, securityToken: 'TOKEN-0123456789' });
    expect(v2.status('acc-1').hasSecret).toBe(true);
    // secrets loaded from disk are registered too
    expect(redactor2.redactString(SK)).toBe('[REDACTED]');
  });

  it('clear and remove forget the keys in memory and on disk', async () => {
    const v = await createVault({ dir, cipher: createFileKeyCipher(dir), logger: createMemoryLogger(createRedactor()) });
    await v.set('a', { ak: AK, sk: SK });
    await v.set('b', { ak: AK, sk: SK });
    const st = await v.clear('a');
    expect(st).toMatchObject({ hasSecret: false, maskedAk: null, needsReentry: false });
    await v.remove('b');
    expect(await v.get('a')).toBeNull();
    expect(Object.keys(vaultDoc().accounts)).toEqual([]);
  });

  it('memory-only: usable for the session, nothing written', async () => {
    const v = await createVault({ dir, cipher: createMemoryOnlyCipher(), logger: createMemoryLogger(createRedactor()) });
    const st = await v.set('a', { ak: AK, sk: SK });
    expect(st).toMatchObject({ hasSecret: true, storage: { kind: 'memory-only' } });
    expect(await v.get('a')).toEqual({ ak: AK, sk: SK });
    expect(readdirSync(dir)).toEqual([]);
    const v2 = await createVault({ dir, cipher: createMemoryOnlyCipher(), logger: createMemoryLogger(createRedactor()) });
    expect(await v2.get('a')).toBeNull();
  });

  it('undecryptable ciphertext (backend changed): needsReentry, get → null, no throw, ciphertext byte-identical, nothing secret logged', async () => {
    const v = await createVault({ dir, cipher: createFileKeyCipher(dir), logger: createMemoryLogger(createRedactor()) });
    await v.set('acc-1', { ak: AK, sk: SK });
    const before = vaultDoc().accounts['acc-1']!.ciphertext;

    // A different backend: a cipher that can persist but cannot read the old ciphertext.
    const otherKey = Buffer.alloc(32, 9);
    const changed: SecretCipher = {
      canPersist: () => true,
      describe: () => ({ kind: 'os-keychain', secure: true, label: 'OS keychain (test)' }),
      encrypt: async (p) => sealWithKey(otherKey, p),
      decrypt: async (c) => openWithKey(otherKey, c),
    };
    const redactor = createRedactor();
    const logger = createMemoryLogger(redactor);
    const v2 = await createVault({ dir, cipher: changed, logger, redactor });
    expect(v2.status('acc-1')).toMatchObject({ hasSecret: false, needsReentry: true, maskedAk: 'HPUA…ABCD' });
    expect(await v2.get('acc-1')).toBeNull();
    // other accounts can still be saved: the old ciphertext is carried over byte for byte
    await v2.set('acc-2', { ak: 'ANOTHERAK0123456', sk: 'ANOTHERSK0123456' });
    expect(vaultDoc().accounts['acc-1']!.ciphertext).toBe(before);
    expect(vaultDoc().accounts['acc-1']!.storageKind).toBe('file-key');
    const logged = JSON.stringify(logger.entries);
    expect(logged).toContain('cannot be decrypted');
    expect(logged).not.toContain(SK);
    expect(logged).not.toContain(AK);
    // the user enters the keys again: now stored with the new backend
    const st = await v2.set('acc-1', { ak: AK, sk: SK });
    expect(st).toMatchObject({ hasSecret: true, needsReentry: false });
    expect(vaultDoc().accounts['acc-1']!.storageKind).toBe('os-keychain');
  });

  it('a decrypt that throws (keychain locked) never crashes, and a later get() retries', async () => {
    const c = createFileKeyCipher(dir);
    const v = await createVault({ dir, cipher: c, logger: createMemoryLogger(createRedactor()) });
    await v.set('a', { ak: AK, sk: SK });
    let locked = true;
    const flaky: SecretCipher = { ...c, canPersist: () => true, describe: c.describe, encrypt: c.encrypt, decrypt: (x, aad) => (locked ? Promise.reject(new Error('keychain locked')) : c.decrypt(x, aad)) };
    const v2 = await createVault({ dir, cipher: flaky, logger: createMemoryLogger(createRedactor()) });
    expect(v2.status('a').needsReentry).toBe(true);
    locked = false;
    expect(await v2.get('a')).toEqual({ ak: AK, sk: SK });
    expect(v2.status('a').needsReentry).toBe(false);
  });

  it('a corrupt vault.json is copied aside (original bytes) and the vault starts empty', async () => {
    writeFileSync(path.join(dir, VAULT_FILE), '{"schemaVersion":1,"acc');
    const v = await createVault({ dir, cipher: createFileKeyCipher(dir), logger: createMemoryLogger(createRedactor()) });
    expect(v.status('x').hasSecret).toBe(false);
    const q = readdirSync(path.join(dir, 'quarantine'));
    expect(q).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'quarantine', q[0]!), 'utf8')).toBe('{"schemaVersion":1,"acc');
    await v.set('a', { ak: AK, sk: SK });
    expect(Object.keys(vaultDoc().accounts)).toEqual(['a']);
  });
});
