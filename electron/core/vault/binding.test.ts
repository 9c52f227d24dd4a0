/**
 * Vault records are bound to their account and field (AES-GCM additional data + a check inside the plaintext), so
 * swapped records never decrypt; records written before the binding are migrated on load; proxy credentials live in
 * the vault too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import { createRedactor } from '../log/redact';
import type { SecretCipher } from '../ports';
import { createFileKeyCipher, createMemoryOnlyCipher, openWithKey, sealWithKey } from './cipher';
import { VAULT_FILE, createVault, maskAk, recordBinding } from './vault';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'elb-vault-bind-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const A = { ak: 'AKAAAAAAAAAAAAAAAAAA', sk: 'SKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
const B = { ak: 'AKBBBBBBBBBBBBBBBBBB', sk: 'SKBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' };
type Doc = { schemaVersion: 1; accounts: Record<string, { ciphertext: string; maskedAk: string; bound?: boolean }>; proxyAuth?: Record<string, { ciphertext: string }> };
const readDoc = (): Doc => JSON.parse(readFileSync(path.join(dir, VAULT_FILE), 'utf8')) as Doc;
const writeDoc = (d: Doc): void => writeFileSync(path.join(dir, VAULT_FILE), JSON.stringify(d));
const open = (cipher: SecretCipher = createFileKeyCipher(dir)) => createVault({ dir, cipher, logger: createMemoryLogger(createRedactor()) });

describe('file-key cipher additional data', () => {
  it('opens only with the same additional data, and never mixes bound and unbound ciphertexts', () => {
    const key = Buffer.alloc(32, 3);
    const bound = sealWithKey(key, 'secret', 'elb-desk/vault/keys/a');
    expect(openWithKey(key, bound, 'elb-desk/vault/keys/a')).toBe('secret');
    expect(() => openWithKey(key, bound, 'elb-desk/vault/keys/b')).toThrow(/could not be decrypted/);
    expect(() => openWithKey(key, bound)).toThrow(/not bound to this record/);
    const plain = sealWithKey(key, 'secret');
    expect(() => openWithKey(key, plain, 'elb-desk/vault/keys/a')).toThrow(/not bound to this record/);
    expect(openWithKey(key, plain)).toBe('secret');
  });
});

describe('vault record binding', () => {
  it('writes bound records; two accounts whose ciphertexts are swapped both fail to decrypt', async () => {
    const v = await open();
    await v.set('a', A);
    await v.set('b', B);
    const doc = readDoc();
    expect(doc.accounts['a']!.bound).toBe(true);
    const ca = doc.accounts['a']!.ciphertext;
    doc.accounts['a']!.ciphertext = doc.accounts['b']!.ciphertext;
    doc.accounts['b']!.ciphertext = ca;
    writeDoc(doc);
    const v2 = await open();
    expect(await v2.get('a')).toBeNull();
    expect(await v2.get('b')).toBeNull();
    expect(v2.status('a').needsReentry).toBe(true);
    expect(v2.status('b').needsReentry).toBe(true);
    // Unswapped, they open again: the failure was the binding, nothing else.
    doc.accounts['b']!.ciphertext = doc.accounts['a']!.ciphertext;
    doc.accounts['a']!.ciphertext = ca;
    writeDoc(doc);
    expect(await (await open()).get('a')).toEqual(A);
  });

  it('a record cannot be replayed as another field (keys ⇄ proxy credentials)', async () => {
    const v = await open();
    await v.set('a', A);
    await v.setProxyAuth('a', 'user:pa55word');
    const doc = readDoc();
    const keys = doc.accounts['a']!.ciphertext;
    doc.accounts['a']!.ciphertext = doc.proxyAuth!['a']!.ciphertext;
    doc.proxyAuth!['a']!.ciphertext = keys;
    writeDoc(doc);
    const v2 = await open();
    expect(await v2.get('a')).toBeNull();
    expect(await v2.getProxyAuth('a')).toBeNull();
    expect(v2.hasProxyAuth('a')).toBe(true);
  });

  it('a bound record stripped of its flag still does not open', async () => {
    const v = await open();
    await v.set('a', A);
    const doc = readDoc();
    delete doc.accounts['a']!.bound;
    writeDoc(doc);
    expect(await (await open()).get('a')).toBeNull();
  });

  it('migrates records written before the binding: opened once the old way, sealed again bound', async () => {
    const cipher = createFileKeyCipher(dir);
    const old = await cipher.encrypt(JSON.stringify({ ak: A.ak, sk: A.sk, token: 'TOKENTOKENTOKEN' }));
    writeDoc({
      schemaVersion: 1,
      accounts: { a: { ciphertext: old.toString('base64'), maskedAk: maskAk(A.ak), storageKind: 'file-key', savedAt: '2026-01-01T00:00:00.000Z', hasSecurityToken: true } as never },
    });
    const v = await open(cipher);
    expect(await v.get('a')).toEqual({ ...A, securityToken: 'TOKENTOKENTOKEN' });
    const doc = readDoc();
    expect(doc.accounts['a']!.bound).toBe(true);
    expect(doc.accounts['a']!.ciphertext).not.toBe(old.toString('base64'));
    const reopened = await cipher.decrypt(Buffer.from(doc.accounts['a']!.ciphertext, 'base64'), recordBinding('a', 'keys'));
    expect(JSON.parse(reopened)).toMatchObject({ ak: A.ak, bind: recordBinding('a', 'keys') });
    expect(await (await open(cipher)).get('a')).toEqual({ ...A, securityToken: 'TOKENTOKENTOKEN' });
  });

  it('checks the binding inside the plaintext for ciphers without additional data (safeStorage)', async () => {
    // A cipher that ignores `aad`, as Electron's safeStorage does.
    const key = Buffer.alloc(32, 9);
    const noAad: SecretCipher = {
      canPersist: () => true,
      describe: () => ({ kind: 'os-keychain', secure: true, label: 'test' }),
      encrypt: async (p) => sealWithKey(key, p),
      decrypt: async (c) => openWithKey(key, c),
    };
    const v = await open(noAad);
    await v.set('a', A);
    await v.set('b', B);
    const doc = readDoc();
    [doc.accounts['a']!.ciphertext, doc.accounts['b']!.ciphertext] = [doc.accounts['b']!.ciphertext, doc.accounts['a']!.ciphertext];
    writeDoc(doc);
    const v2 = await open(noAad);
    expect(await v2.get('a')).toBeNull();
    expect(await v2.get('b')).toBeNull();
  });
});

describe('proxy credentials in the vault', () => {
  it('are stored encrypted, read back, registered with the redactor, and forgotten with the account', async () => {
    const redactor = createRedactor();
    const v = await createVault({ dir, cipher: createFileKeyCipher(dir), logger: createMemoryLogger(redactor), redactor });
    await v.setProxyAuth('a', 'alice:s3cr%40t-pass');
    expect(readFileSync(path.join(dir, VAULT_FILE), 'utf8')).not.toContain('s3cr');
    expect(redactor.redactString('pw s3cr@t-pass and s3cr%40t-pass')).toBe('pw [REDACTED] and [REDACTED]');
    const v2 = await open();
    expect(v2.hasProxyAuth('a')).toBe(true);
    expect(await v2.getProxyAuth('a')).toBe('alice:s3cr%40t-pass');
    await v2.remove('a');
    expect(v2.hasProxyAuth('a')).toBe(false);
    expect(readDoc().proxyAuth).toBeUndefined();
  });

  it('stay in memory when the cipher cannot persist', async () => {
    const v = await open(createMemoryOnlyCipher());
    await v.setProxyAuth('a', 'alice:pw-memory');
    expect(await v.getProxyAuth('a')).toBe('alice:pw-memory');
    await v.setProxyAuth('a', null);
    expect(await v.getProxyAuth('a')).toBeNull();
  });
});
