/**
 * Proxy credentials of an account: a proxy URL typed with `user:password@` is split — the account keeps the URL
 * without them plus the `proxyAuth` flag, the vault keeps `user:password` (encrypted, bound to the account) — and
 * joined again only when a client is built in the main process.
 */
import { AppFailure } from '../../../shared/ipc/result';
import { joinProxyUrl, splitProxyUrl, type Account } from '../../../shared/model/account';
import type { ServiceContext } from './context';
import type { Vault } from '../vault/vault';

/** What an update does to the proxy: its new URL (without credentials) and its credentials. */
export interface ProxyPlan {
  url: string | null;
  /** New credentials, keep the stored ones (the same URL typed without them), or clear them. */
  creds: { kind: 'new'; userinfo: string } | { kind: 'keep' } | { kind: 'clear' };
}

/** The plan for a typed proxy value (already trimmed; null = no proxy). */
export function proxyPlan(current: Pick<Account, 'proxy'>, typed: string | null): ProxyPlan {
  if (typed === null) return { url: null, creds: { kind: 'clear' } };
  const split = splitProxyUrl(typed);
  if (split.userinfo !== null) return { url: split.url, creds: { kind: 'new', userinfo: split.userinfo } };
  // The same URL typed without credentials keeps them; any other URL never receives them.
  return { url: split.url, creds: { kind: split.url === current.proxy ? 'keep' : 'clear' } };
}

/** True when the plan changes where requests go or which proxy credentials are sent. */
export function proxyChanges(current: Pick<Account, 'proxy' | 'proxyAuth'>, plan: ProxyPlan, storedUserinfo: string | null): boolean {
  if (plan.url !== current.proxy) return true;
  if (plan.creds.kind === 'keep') return false;
  if (plan.creds.kind === 'clear') return !!current.proxyAuth;
  return plan.creds.userinfo !== storedUserinfo;
}

/** The proxy URL a client uses, with the credentials from the vault (main process only). */
export async function effectiveProxy(account: Pick<Account, 'id' | 'proxy' | 'proxyAuth'>, vault: Vault): Promise<string | null> {
  if (account.proxy === null || !account.proxyAuth) return account.proxy;
  const userinfo = await vault.getProxyAuth(account.id);
  if (userinfo === null) {
    throw new AppFailure(
      'CREDENTIALS',
      'The stored proxy user name and password of this account cannot be read. Enter the proxy URL with user:password again on the Accounts page.',
    );
  }
  return joinProxyUrl(account.proxy, userinfo);
}

/**
 * Moves proxy credentials still written in accounts' proxy URLs (before issue 10) into the vault and rewrites those
 * accounts. Runs once at start; an account whose credentials could not be stored keeps its URL until the next start.
 */
export async function migrateProxyCredentials(ctx: Pick<ServiceContext, 'store' | 'vault' | 'logger'>): Promise<number> {
  if (ctx.store.status().state !== 'ok') return 0;
  const moved: Array<{ id: string; url: string }> = [];
  for (const a of ctx.store.get().accounts) {
    if (a.proxy === null) continue;
    const split = splitProxyUrl(a.proxy);
    if (split.userinfo === null) continue;
    try {
      await ctx.vault.setProxyAuth(a.id, split.userinfo);
      moved.push({ id: a.id, url: split.url });
    } catch (e) {
      ctx.logger.log('warn', '[accounts]', `could not move the proxy credentials of account ${a.id} to the vault yet: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (moved.length === 0) return 0;
  await ctx.store.update((s) => {
    for (const m of moved) {
      const a = s.accounts.find((x) => x.id === m.id);
      if (!a) continue;
      a.proxy = m.url;
      a.proxyAuth = true;
    }
  });
  ctx.logger.log('info', '[accounts]', `moved the proxy credentials of ${moved.length} account(s) into the vault`);
  // The backups (the one taken at this start among them) still hold the old URLs: take the credentials out of them
  // too, or a secret the vault now keeps would stay on disk in plain text.
  const scrubbed = await ctx.store.scrubBackups(scrubProxyCredentials);
  if (scrubbed > 0) ctx.logger.log('info', '[accounts]', `took proxy credentials out of ${scrubbed} backup(s)`);
  return moved.length;
}

/**
 * Takes `user:password@` out of every account's proxy URL in a stored document (a backup), marking the account
 * `proxyAuth` (the vault keeps the credentials under the account's ID). Returns true when it changed anything.
 */
export function scrubProxyCredentials(doc: Record<string, unknown>): boolean {
  const accounts = doc['accounts'];
  if (!Array.isArray(accounts)) return false;
  let changed = false;
  for (const a of accounts as unknown[]) {
    if (a === null || typeof a !== 'object') continue;
    const account = a as Record<string, unknown>;
    if (typeof account['proxy'] !== 'string') continue;
    const split = splitProxyUrl(account['proxy']);
    if (split.userinfo === null) continue;
    account['proxy'] = split.url;
    account['proxyAuth'] = true;
    changed = true;
  }
  return changed;
}
