/**
 * Proxy URLs and their `user:password@` part. Free of zod (types only from ./account), so the renderer's account form
 * can use them without loading zod; shared/model/account.ts re-exports them.
 */
import type { Account } from './account';

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
