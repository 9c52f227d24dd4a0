/** Accounts as stored (never with secrets) and as shown to the renderer. */
import { z } from 'zod';

export const AccountSchema = z.object({
  id: z.string().max(128),
  name: z.string().max(255),
  kind: z.enum(['huawei', 'sandbox']),
  /** Default region of the account; the header switcher can pick another. */
  region: z.string().max(64),
  /** Project ID per region (32 hex in Huawei Cloud); empty = discover with IAM. */
  projects: z.record(z.string().max(64), z.string().max(64)),
  /** Endpoint override (e.g. the sandbox's http://127.0.0.1:PORT); null = https://elb.{region}.myhuaweicloud.com. */
  endpoint: z.string().max(2048).nullable(),
  /** IAM endpoint override for project discovery; null = https://iam.myhuaweicloud.com. */
  iamEndpoint: z.string().max(2048).nullable(),
  authType: z.enum(['aksk', 'token']),
  /** HTTPS proxy URL for this account, never with `user:password@`; null = use HTTPS_PROXY/NO_PROXY from the environment. */
  proxy: z.string().max(2048).nullable(),
  /** The proxy's `user:password` is kept in the vault (shown masked, never sent to the window). */
  proxyAuth: z.boolean().optional(),
  /** Extra trusted CA certificate (PEM) for this account. */
  caCert: z.string().max(65536).nullable(),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
});
export type Account = z.infer<typeof AccountSchema>;

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;

/** A proxy URL split into the URL without `user:password@` and that user info (null when there is none). */
export function splitProxyUrl(url: string): { url: string; userinfo: string | null } {
  const m = USERINFO.exec(url);
  if (!m) return { url, userinfo: null };
  return { url: m[1]! + url.slice(m[0].length), userinfo: m[2]! === '' ? null : m[2]! };
}

/** The proxy URL with `user:password@` put back (main process only). */
export function joinProxyUrl(url: string, userinfo: string | null): string {
  if (!userinfo) return url;
  const m = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(url);
  return m ? `${m[1]}${userinfo}@${url.slice(m[0].length)}` : url;
}

/** What the window shows for an account's proxy: `http://****:****@host:port` when credentials are stored. */
export function maskedProxyUrl(account: Pick<Account, 'proxy' | 'proxyAuth'>): string | null {
  if (account.proxy === null) return null;
  return account.proxyAuth ? joinProxyUrl(account.proxy, '****:****') : account.proxy;
}

/** Where keys are kept, said honestly in the UI. */
export const KeyStorageSchema = z.object({
  kind: z.enum(['os-keychain', 'file-key', 'memory-only']),
  secure: z.boolean(),
  /** A short human sentence, e.g. "OS keychain (libsecret)" or "File key — weaker than the OS keychain". */
  label: z.string(),
});
export type KeyStorage = z.infer<typeof KeyStorageSchema>;

export const CredentialStatusSchema = z.object({
  accountId: z.string(),
  hasSecret: z.boolean(),
  /** First 4 + last 4 characters of the AK, the rest masked; null when none is stored. */
  maskedAk: z.string().nullable(),
  hasSecurityToken: z.boolean(),
  storage: KeyStorageSchema,
  /** The stored ciphertext could not be decrypted: the user must enter the keys again. */
  needsReentry: z.boolean(),
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;
