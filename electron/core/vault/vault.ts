/**
 * The credential vault: AK/SK (and an optional security token) per account, main-process only.
 *
 * - Stored in `vault.json` (durable writer, 0600) as `{ ciphertext, maskedAk, storageKind, savedAt,
 *   hasSecurityToken, bound }` per account, the ciphertext being base64 of `cipher.encrypt(JSON {ak, sk, token, bind})`.
 *   Nothing else about a secret is written. A proxy's `user:password` is kept the same way under `proxyAuth`.
 * - Every record is bound to its account and field (`recordBinding`): given to the cipher as additional data (AES-GCM
 *   authenticates it) and checked inside the plaintext, so records swapped between accounts or fields never decrypt.
 *   Records written before the binding (`bound` absent) are opened once the old way and sealed again, bound.
 * - When the cipher cannot persist (no keychain, no opt-in), secrets stay in memory for the session.
 * - A ciphertext that does not decrypt (another machine, a changed keychain backend, corruption) gives
 *   `needsReentry: true` and `get() → null`, never an exception, and stays byte-identical on disk until the
 *   user enters new keys or clears them.
 * - Every AK, SK and token is registered with the redactor before anything else happens to it.
 */
import path from 'node:path';
import { z } from 'zod';
import type { CredentialStatus } from '../../../shared/model/account';
import { AppFailure } from '../../../shared/ipc/result';
import { systemClock, type Clock, type Logger, type SecretCipher } from '../ports';
import { createRedactor, type Redactor } from '../log/redact';
import { DurableJsonFile, describeError, ensureDir, nodeFs, readFileOrNull, writeFileExclusive, type FsLike } from '../state/durable-file';

/** The vault file name in the data folder. */
export const VAULT_FILE = 'vault.json';

/** Keys of one account. */
export interface Credentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

/** The vault's API. */
export interface Vault {
  /** Store new keys (replacing any, even undecryptable ones: the user chose to). */
  set(accountId: string, creds: Credentials): Promise<CredentialStatus>;
  /** Forget the keys of an account (memory and disk). */
  clear(accountId: string): Promise<CredentialStatus>;
  status(accountId: string): CredentialStatus;
  /** The keys, for the main process only; null when absent or undecryptable. Never throws for a bad ciphertext. */
  get(accountId: string): Promise<Credentials | null>;
  /** Forget an account entirely (account deleted): keys and proxy credentials. */
  remove(accountId: string): Promise<void>;
  /** Store (or, with null, forget) the `user:password` of the account's proxy. */
  setProxyAuth(accountId: string, userinfo: string | null): Promise<void>;
  /** The proxy's `user:password`, main process only; null when none or undecryptable. */
  getProxyAuth(accountId: string): Promise<string | null>;
  /** Whether proxy credentials are stored (even if they cannot be decrypted now). */
  hasProxyAuth(accountId: string): boolean;
  /** Wait for pending writes. */
  flush(): Promise<void>;
}

/** Options of `createVault`. */
export interface VaultOptions {
  dir: string;
  cipher: SecretCipher;
  logger: Logger;
  /** Every secret is registered here (a private one is used when absent). */
  redactor?: Redactor;
  fs?: FsLike;
  clock?: Clock;
}

const RecordSchema = z.object({
  ciphertext: z.string().max(1_000_000),
  maskedAk: z.string().max(64),
  storageKind: z.string().max(64),
  savedAt: z.string().max(64),
  hasSecurityToken: z.boolean().optional(),
  /** Sealed bound to its account and field; absent on records written before the binding (migrated on load). */
  bound: z.literal(true).optional(),
});
type VaultRecord = z.infer<typeof RecordSchema>;

const ProxyRecordSchema = z.object({
  ciphertext: z.string().max(100_000),
  storageKind: z.string().max(64),
  savedAt: z.string().max(64),
  bound: z.literal(true),
});
type ProxyRecord = z.infer<typeof ProxyRecordSchema>;

const VaultDocSchema = z.object({
  schemaVersion: z.literal(1),
  accounts: z.record(z.string().max(128), RecordSchema),
  proxyAuth: z.record(z.string().max(128), ProxyRecordSchema).optional(),
});
type VaultDoc = z.infer<typeof VaultDocSchema>;

const PlainSchema = z.object({ ak: z.string().min(1), sk: z.string().min(1), token: z.string().min(1).optional(), bind: z.string().optional() });
const ProxyPlainSchema = z.object({ userinfo: z.string().min(1), bind: z.string() });

/** The fields a vault record can hold. */
export type VaultField = 'keys' | 'proxyAuth';

/** What a record is bound to: its account and field (the AES-GCM additional data, and a check inside the plaintext). */
export function recordBinding(accountId: string, field: VaultField): string {
  return `elb-desk/vault/${field}/${accountId}`;
}

/** Registers a proxy's `user:password` and its parts (raw and URL-decoded) with the redactor. */
function registerUserinfo(redactor: Redactor, userinfo: string): void {
  redactor.register(userinfo);
  const colon = userinfo.indexOf(':');
  const password = colon >= 0 ? userinfo.slice(colon + 1) : '';
  redactor.register(password);
  try {
    redactor.register(decodeURIComponent(password));
  } catch {
    /* not URL-encoded */
  }
}

/** First 4 + '…' + last 4 characters; AKs shorter than 12 characters are fully masked. */
export function maskAk(ak: string): string {
  if (ak.length < 12) return '••••';
  return `${ak.slice(0, 4)}…${ak.slice(-4)}`;
}

/** Open the vault in `dir` (reads `vault.json` and tries to decrypt every entry once). */
export async function createVault(opts: VaultOptions): Promise<Vault> {
  const dir = path.resolve(opts.dir);
  const file = path.join(dir, VAULT_FILE);
  const fs = opts.fs ?? nodeFs;
  const clock = opts.clock ?? systemClock;
  const { cipher, logger } = opts;
  const redactor = opts.redactor ?? createRedactor();
  const writer = new DurableJsonFile<VaultDoc>(file, { fs });

  const records = new Map<string, VaultRecord>();
  const session = new Map<string, Credentials>();
  const proxyRecords = new Map<string, ProxyRecord>();
  const proxySession = new Map<string, string>();
  const needsReentry = new Set<string>();
  /** True when vault.json could not be read nor set aside: never overwrite it in this session. */
  let persistBlocked = false;

  const log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => {
    try {
      logger.log(level, '[vault]', message, data);
    } catch {
      // never let logging break the vault
    }
  };

  function registerAll(c: Credentials): void {
    redactor.register(c.ak);
    redactor.register(c.sk);
    redactor.register(c.securityToken);
  }

  // ---- load
  let raw: Buffer | null = null;
  try {
    raw = await readFileOrNull(file, fs);
  } catch (e) {
    persistBlocked = true;
    log('error', `cannot read ${file}: ${describeError(e)}; stored keys are unavailable and the file is left untouched`);
  }
  if (raw !== null) {
    let doc: VaultDoc | null = null;
    let problem = '';
    try {
      const parsed = VaultDocSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success) doc = parsed.data;
      else problem = 'schema-invalid';
    } catch {
      problem = raw.includes(0) ? 'nul-bytes' : 'invalid-json';
    }
    if (doc) {
      for (const [id, rec] of Object.entries(doc.accounts)) records.set(id, rec);
      for (const [id, rec] of Object.entries(doc.proxyAuth ?? {})) proxyRecords.set(id, rec);
    } else {
      try {
        await ensureDir(path.join(dir, 'quarantine'), fs);
        const t = clock.now().toISOString().replace(/:/g, '-');
        const where = await writeFileExclusive((i) => path.join(dir, 'quarantine', `vault.${t}${i ? `-${i}` : ''}.${problem}.json`), raw, { fs });
        log('error', `${VAULT_FILE} could not be read (${problem}); its bytes were kept as ${path.relative(dir, where)}. Keys must be entered again.`);
      } catch (e) {
        persistBlocked = true;
        log('error', `${VAULT_FILE} could not be read (${problem}) nor copied aside (${describeError(e)}); it is left untouched and new keys are kept in memory only.`);
      }
    }
  }

  async function tryDecrypt(id: string, rec: VaultRecord): Promise<Credentials | null> {
    try {
      const binding = rec.bound ? recordBinding(id, 'keys') : undefined;
      const plain = await cipher.decrypt(Buffer.from(rec.ciphertext, 'base64'), binding);
      const p = PlainSchema.parse(JSON.parse(plain));
      if (binding !== undefined && p.bind !== binding) throw new Error('the record is bound to another account or field');
      const creds: Credentials = { ak: p.ak, sk: p.sk, ...(p.token ? { securityToken: p.token } : {}) };
      registerAll(creds);
      session.set(id, creds);
      needsReentry.delete(id);
      return creds;
    } catch (e) {
      if (!needsReentry.has(id)) {
        log('warn', `the stored keys of account ${id} cannot be decrypted; the user must enter them again (the stored ciphertext is kept unchanged)`, {
          accountId: id,
          storedWith: rec.storageKind,
          current: cipher.describe().kind,
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        });
      }
      needsReentry.add(id);
      return null;
    }
  }

  async function tryDecryptProxy(id: string, rec: ProxyRecord): Promise<string | null> {
    try {
      const binding = recordBinding(id, 'proxyAuth');
      const p = ProxyPlainSchema.parse(JSON.parse(await cipher.decrypt(Buffer.from(rec.ciphertext, 'base64'), binding)));
      if (p.bind !== binding) throw new Error('the record is bound to another account or field');
      registerUserinfo(redactor, p.userinfo);
      proxySession.set(id, p.userinfo);
      return p.userinfo;
    } catch (e) {
      log('warn', `the stored proxy credentials of account ${id} cannot be decrypted; the user must enter them again`, {
        accountId: id,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
      return null;
    }
  }

  /** Seals the keys of an account, bound to it. */
  async function sealKeys(accountId: string, c: Credentials): Promise<VaultRecord> {
    const bind = recordBinding(accountId, 'keys');
    const sealed = await cipher.encrypt(JSON.stringify({ ak: c.ak, sk: c.sk, ...(c.securityToken ? { token: c.securityToken } : {}), bind }), bind);
    return {
      ciphertext: sealed.toString('base64'),
      maskedAk: maskAk(c.ak),
      storageKind: cipher.describe().kind,
      savedAt: clock.now().toISOString(),
      hasSecurityToken: !!c.securityToken,
      bound: true,
    };
  }

  for (const [id, rec] of records) await tryDecrypt(id, rec);
  for (const [id, rec] of proxyRecords) await tryDecryptProxy(id, rec);

  function doc(): VaultDoc {
    return {
      schemaVersion: 1,
      accounts: Object.fromEntries(records),
      ...(proxyRecords.size > 0 ? { proxyAuth: Object.fromEntries(proxyRecords) } : {}),
    };
  }

  async function persist(): Promise<void> {
    if (persistBlocked) throw new Error(`${VAULT_FILE} is not writable in this session`);
    await ensureDir(dir, fs);
    await writer.write(doc());
  }

  // Migration: records sealed before the binding are sealed again, bound to their account (once, at load).
  const unbound = [...records].filter(([id, rec]) => !rec.bound && session.has(id));
  if (unbound.length > 0 && cipher.canPersist() && !persistBlocked) {
    const before = new Map(records);
    try {
      for (const [id] of unbound) records.set(id, await sealKeys(id, session.get(id)!));
      await persist();
      log('info', `sealed the keys of ${unbound.length} account(s) again, bound to their account`);
    } catch (e) {
      records.clear();
      for (const [id, rec] of before) records.set(id, rec);
      log('warn', `could not bind the stored keys to their accounts yet: ${describeError(e)}`);
    }
  }

  function status(accountId: string): CredentialStatus {
    const rec = records.get(accountId);
    const s = session.get(accountId);
    return {
      accountId,
      hasSecret: !!s,
      maskedAk: s ? maskAk(s.ak) : (rec?.maskedAk ?? null),
      hasSecurityToken: s ? !!s.securityToken : (rec?.hasSecurityToken ?? false),
      storage: cipher.describe(),
      needsReentry: !s && needsReentry.has(accountId),
    };
  }

  async function forgetProxy(accountId: string): Promise<void> {
    proxySession.delete(accountId);
    const prev = proxyRecords.get(accountId);
    if (!prev) return;
    proxyRecords.delete(accountId);
    try {
      await persist();
    } catch (e) {
      proxyRecords.set(accountId, prev);
      throw new AppFailure('STORE_WRITE', `Could not remove the proxy credentials from ${file}: ${describeError(e)}.`);
    }
  }

  async function forget(accountId: string): Promise<void> {
    session.delete(accountId);
    needsReentry.delete(accountId);
    const prev = records.get(accountId);
    if (!prev) return;
    records.delete(accountId);
    try {
      await persist();
    } catch (e) {
      records.set(accountId, prev);
      throw new AppFailure('STORE_WRITE', `Could not remove the keys from ${file}: ${describeError(e)}.`);
    }
  }

  return {
    async set(accountId, creds) {
      registerAll(creds);
      const clean: Credentials = { ak: creds.ak, sk: creds.sk, ...(creds.securityToken ? { securityToken: creds.securityToken } : {}) };
      session.set(accountId, clean);
      needsReentry.delete(accountId);
      if (!cipher.canPersist()) {
        log('info', `keys of account ${accountId} are kept in memory only (${cipher.describe().label})`);
        return status(accountId);
      }
      let sealed: VaultRecord;
      try {
        sealed = await sealKeys(accountId, clean);
      } catch (e) {
        log('error', `could not encrypt the keys of account ${accountId}: ${describeError(e)}`);
        throw new AppFailure(
          'CREDENTIALS',
          `The keys could not be encrypted (${cipher.describe().label}): ${describeError(e)}. They are kept in memory for this session only.`,
        );
      }
      const prev = records.get(accountId);
      records.set(accountId, sealed);
      try {
        await persist();
      } catch (e) {
        if (prev) records.set(accountId, prev);
        else records.delete(accountId);
        log('error', `could not save ${VAULT_FILE}: ${describeError(e)}`);
        throw new AppFailure('STORE_WRITE', `Could not save the keys to ${file}: ${describeError(e)}. They are kept in memory for this session only.`);
      }
      return status(accountId);
    },

    async clear(accountId) {
      await forget(accountId);
      return status(accountId);
    },

    status,

    async get(accountId) {
      const s = session.get(accountId);
      if (s) return { ...s };
      const rec = records.get(accountId);
      if (!rec) return null;
      const again = await tryDecrypt(accountId, rec); // a keychain that was briefly unavailable may work now
      return again ? { ...again } : null;
    },

    async remove(accountId) {
      await forget(accountId);
      await forgetProxy(accountId);
    },

    async setProxyAuth(accountId, userinfo) {
      if (userinfo === null) return forgetProxy(accountId);
      registerUserinfo(redactor, userinfo);
      proxySession.set(accountId, userinfo);
      if (!cipher.canPersist()) return;
      const bind = recordBinding(accountId, 'proxyAuth');
      let sealed: Buffer;
      try {
        sealed = await cipher.encrypt(JSON.stringify({ userinfo, bind }), bind);
      } catch (e) {
        throw new AppFailure('CREDENTIALS', `The proxy credentials could not be encrypted (${cipher.describe().label}): ${describeError(e)}.`);
      }
      const prev = proxyRecords.get(accountId);
      proxyRecords.set(accountId, { ciphertext: sealed.toString('base64'), storageKind: cipher.describe().kind, savedAt: clock.now().toISOString(), bound: true });
      try {
        await persist();
      } catch (e) {
        if (prev) proxyRecords.set(accountId, prev);
        else proxyRecords.delete(accountId);
        throw new AppFailure('STORE_WRITE', `Could not save the proxy credentials to ${file}: ${describeError(e)}. They are kept in memory for this session only.`);
      }
    },

    async getProxyAuth(accountId) {
      const s = proxySession.get(accountId);
      if (s) return s;
      const rec = proxyRecords.get(accountId);
      return rec ? tryDecryptProxy(accountId, rec) : null;
    },

    hasProxyAuth(accountId) {
      return proxySession.has(accountId) || proxyRecords.has(accountId);
    },

    async flush() {
      await writer.idle();
    },
  };
}
