/** Accounts and their credentials. Secrets go to the vault only; the renderer gets at most a masked AK. */
import { randomUUID } from 'node:crypto';
import type { Parsed, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import { splitProxyUrl, type Account } from '../../../shared/model/account';
import { proxyChanges, proxyPlan, type ProxyPlan } from './account-proxy';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';


function findAccount(ctx: ServiceContext, id: string): Account {
  const account = ctx.store.get().accounts.find((a) => a.id === id);
  if (!account) throw new AppFailure('NOT_FOUND', appMessage('noAccount', { id }));
  return account;
}

export function accountsService(ctx: ServiceContext) {
  const changed_ = () => ctx.events.emit('state:changed', { what: 'accounts' });

  return {
    async list(): Promise<Res<'accounts:list'>> {
      return structuredClone(ctx.store.get().accounts);
    },

    async create(req: Parsed<'accounts:create'>): Promise<Res<'accounts:create'>> {
      const now = ctx.clock.now().toISOString();
      const account: Account = {
        id: randomUUID(),
        name: req.name.trim(),
        kind: 'huawei',
        region: req.region,
        projects: req.projectId ? { [req.region]: req.projectId } : {},
        endpoint: cleanEndpoint(req.endpoint),
        iamEndpoint: null,
        authType: 'aksk',
        proxy: null,
        caCert: cleanCaCert(req.caCert),
        createdAt: now,
        updatedAt: now,
      };
      // A proxy typed with user:password@ keeps them in the vault; the account keeps the URL without them.
      const typedProxy = cleanProxy(req.proxy);
      const proxy = typedProxy === null ? { url: null, userinfo: null } : splitProxyUrl(typedProxy);
      account.proxy = proxy.url;
      if (proxy.userinfo !== null) account.proxyAuth = true;
      validateUrls(account);
      if (ctx.store.get().accounts.some((a) => a.name.toLowerCase() === account.name.toLowerCase())) {
        throw new AppFailure('VALIDATION', `An account named "${account.name}" already exists.`, {
          fields: [{ path: 'name', code: 'account.name.unique', message: `An account named "${account.name}" already exists.` }],
        });
      }
      await ctx.vault.set(account.id, { ak: req.ak, sk: req.sk, ...(req.securityToken ? { securityToken: req.securityToken } : {}) });
      try {
        if (proxy.userinfo !== null) await ctx.vault.setProxyAuth(account.id, proxy.userinfo);
        await ctx.store.update((s) => {
          s.accounts.push(account);
        });
      } catch (e) {
        await ctx.vault.remove(account.id).catch(() => undefined);
        throw e;
      }
      changed_();
      return structuredClone(account);
    },

    async update(req: Parsed<'accounts:update'>): Promise<Res<'accounts:update'>> {
      const current = findAccount(ctx, req.id);
      const newKeys = keysOf(req);
      const plan = req.proxy === undefined ? null : proxyPlan(current, cleanProxy(req.proxy));
      const storedUserinfo = current.proxyAuth ? await ctx.vault.getProxyAuth(req.id) : null;
      const changed = targetChanges(current, req, plan, storedUserinfo);
      if (changed.length > 0 && !newKeys) {
        const st = ctx.vault.status(req.id);
        if (st.hasSecret || st.needsReentry) throw keysAgainFailure(changed);
      }
      // Checked before any key is touched, so a refused update changes nothing.
      validateUrls({
        ...current,
        ...(req.endpoint !== undefined && current.kind !== 'sandbox' ? { endpoint: cleanEndpoint(req.endpoint) } : {}),
        ...(plan ? { proxy: plan.url } : {}),
        ...(req.caCert !== undefined ? { caCert: cleanCaCert(req.caCert) } : {}),
      });
      // New keys first: if the account cannot be saved after them, they are cleared rather than left with the old target.
      if (newKeys) await ctx.vault.set(req.id, newKeys);
      let updated: Account;
      try {
        if (plan?.creds.kind === 'new') await ctx.vault.setProxyAuth(req.id, plan.creds.userinfo);
        updated = await ctx.store.update((s) => {
          const a = s.accounts.find((x) => x.id === req.id)!;
          if (req.name !== undefined) a.name = req.name.trim();
          if (req.region !== undefined) a.region = req.region;
          if (req.projectId !== undefined) {
            if (req.projectId) a.projects[a.region] = req.projectId;
            else delete a.projects[a.region];
          }
          if (req.endpoint !== undefined && a.kind !== 'sandbox') a.endpoint = cleanEndpoint(req.endpoint);
          if (plan) {
            a.proxy = plan.url;
            if (plan.creds.kind === 'clear') delete a.proxyAuth;
            else if (plan.creds.kind === 'new') a.proxyAuth = true;
          }
          if (req.caCert !== undefined) a.caCert = cleanCaCert(req.caCert);
          validateUrls(a);
          a.updatedAt = ctx.clock.now().toISOString();
          return structuredClone(a);
        });
      } catch (e) {
        if (newKeys && changed.length > 0) await ctx.vault.clear(req.id).catch(() => undefined);
        if (plan?.creds.kind === 'new') await ctx.vault.setProxyAuth(req.id, storedUserinfo).catch(() => undefined);
        throw e;
      }
      if (plan?.creds.kind === 'clear' && current.proxyAuth) await ctx.vault.setProxyAuth(req.id, null);
      ctx.cloud.forget(req.id);
      if (newKeys) ctx.events.emit('state:changed', { what: 'credentials' });
      changed_();
      return updated;
    },

    async remove(req: { id: string }): Promise<Res<'accounts:remove'>> {
      findAccount(ctx, req.id);
      await ctx.store.update((s) => {
        s.accounts = s.accounts.filter((a) => a.id !== req.id);
      });
      await ctx.vault.remove(req.id);
      ctx.cloud.forget(req.id);
      changed_();
      return { removed: true };
    },

    async test(req: { id: string; region?: string | undefined }): Promise<Res<'accounts:test'>> {
      const account = findAccount(ctx, req.id);
      const region = req.region ?? account.region;
      try {
        const { client, projectId } = await ctx.cloud.clientFor(account.id, region);
        const lbs = await client.listLoadBalancers();
        return {
          reachable: true,
          message: appMessage(lbs.length === 1 ? 'connectedOne' : 'connectedMany', { region, count: lbs.length }),
          projectId,
          loadBalancers: lbs.length,
        };
      } catch (e) {
        const f = toAppFailure(e);
        if (f.appError.code === 'INTERNAL' || f.appError.code === 'NOT_FOUND') throw f;
        const cloud = f.appError.cloud;
        return {
          reachable: false,
          message: [f.appError.message, cloud?.requestId ? `(request ID ${cloud.requestId})` : null, cloud?.hint].filter(Boolean).join(' '),
          failure: { message: f.appError.message, requestId: cloud?.requestId ?? null, hint: cloud?.hint ?? null },
          projectId: ctx.store.get().accounts.find((a) => a.id === account.id)?.projects[region] ?? null,
          loadBalancers: null,
        };
      }
    },

    async setCredentials(req: Parsed<'credentials:set'>): Promise<Res<'credentials:set'>> {
      findAccount(ctx, req.accountId);
      const status = await ctx.vault.set(req.accountId, {
        ak: req.ak,
        sk: req.sk,
        ...(req.securityToken ? { securityToken: req.securityToken } : {}),
      });
      ctx.cloud.forget(req.accountId);
      ctx.events.emit('state:changed', { what: 'credentials' });
      return status;
    },

    async clearCredentials(req: { accountId: string }): Promise<Res<'credentials:clear'>> {
      findAccount(ctx, req.accountId);
      const status = await ctx.vault.clear(req.accountId);
      ctx.cloud.forget(req.accountId);
      ctx.events.emit('state:changed', { what: 'credentials' });
      return status;
    },

    async credentialStatus(req: { accountId: string }): Promise<Res<'credentials:status'>> {
      findAccount(ctx, req.accountId);
      return ctx.vault.status(req.accountId);
    },
  };
}

const cleanEndpoint = (v: string | null | undefined): string | null => (v?.trim() ? v.trim() : null);
const cleanProxy = (v: string | null | undefined): string | null => (v?.trim() ? v.trim() : null);
const cleanCaCert = (v: string | null | undefined): string | null => (v?.trim() ? v : null);

/** The keys of an update request: both AK and SK, or none (one without the other is refused). */
function keysOf(req: Parsed<'accounts:update'>): { ak: string; sk: string; securityToken?: string } | null {
  if (req.ak === undefined && req.sk === undefined) {
    if (req.securityToken !== undefined) throw keysPairFailure('ak');
    return null;
  }
  if (req.ak === undefined) throw keysPairFailure('ak');
  if (req.sk === undefined) throw keysPairFailure('sk');
  return { ak: req.ak, sk: req.sk, ...(req.securityToken ? { securityToken: req.securityToken } : {}) };
}

function keysPairFailure(missing: 'ak' | 'sk'): AppFailure {
  const message = 'New keys need both the AK and the SK.';
  return new AppFailure('VALIDATION', message, { fields: [{ path: missing, code: 'account.keys.pair', message }] });
}

/**
 * Which of endpoint, proxy (URL or credentials) and CA certificate the update really changes (the sandbox's endpoint
 * never changes).
 */
export function targetChanges(
  a: Account,
  req: Parsed<'accounts:update'>,
  plan: ProxyPlan | null,
  storedUserinfo: string | null,
): Array<'endpoint' | 'proxy' | 'caCert'> {
  const out: Array<'endpoint' | 'proxy' | 'caCert'> = [];
  if (req.endpoint !== undefined && a.kind !== 'sandbox' && cleanEndpoint(req.endpoint) !== a.endpoint) out.push('endpoint');
  if (plan && proxyChanges(a, plan, storedUserinfo)) out.push('proxy');
  if (req.caCert !== undefined && (cleanCaCert(req.caCert)?.trim() ?? null) !== (a.caCert?.trim() ?? null)) out.push('caCert');
  return out;
}

const TARGET_LABELS = { endpoint: 'custom endpoint', proxy: 'proxy', caCert: 'CA certificate' } as const;

function keysAgainFailure(changed: ReadonlyArray<'endpoint' | 'proxy' | 'caCert'>): AppFailure {
  const what = changed.map((c) => TARGET_LABELS[c]).join(', ');
  const message = `Changing the ${what} needs the AK and SK again: the stored keys are never sent to a server they were not entered for.`;
  return new AppFailure('VALIDATION', message, {
    fields: [
      { path: 'ak', code: 'account.keys.again', message },
      { path: 'sk', code: 'account.keys.again', message },
    ],
  });
}

function validateUrls(a: Account): void {
  for (const [field, value, label] of [
    ['endpoint', a.endpoint, 'Custom endpoint'],
    ['proxy', a.proxy, 'Proxy'],
  ] as const) {
    if (value === null) continue;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new AppFailure('VALIDATION', `${label} must be a URL such as https://host:port.`, {
        fields: [{ path: field, code: `account.${field}.url`, message: `${label} must be a URL such as https://host:port.` }],
      });
    }
    const okProtocols = field === 'endpoint' ? ['https:', 'http:'] : ['http:', 'https:'];
    if (!okProtocols.includes(u.protocol)) {
      throw new AppFailure('VALIDATION', `${label} must start with https:// or http://.`, {
        fields: [{ path: field, code: `account.${field}.protocol`, message: `${label} must start with https:// or http://.` }],
      });
    }
    if (field === 'endpoint' && u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      throw new AppFailure('VALIDATION', 'Custom endpoint must use https:// (plain http is only allowed for 127.0.0.1).', {
        fields: [{ path: 'endpoint', code: 'account.endpoint.https', message: 'Custom endpoint must use https:// (plain http is only allowed for 127.0.0.1).' }],
      });
    }
  }
  if (a.caCert !== null && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(a.caCert)) {
    throw new AppFailure('VALIDATION', 'CA certificate must be PEM text (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).', {
      fields: [{ path: 'caCert', code: 'account.caCert.pem', message: 'CA certificate must be PEM text (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).' }],
    });
  }
}
