/**
 * Builds signed ELB clients per account and region: endpoint (region default, override, or the local sandbox),
 * project ID (stored, or discovered once through IAM and remembered), credentials from the vault, proxy and CA.
 * Also turns client errors into the IPC error envelope.
 */
import path from 'node:path';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Account } from '../../../shared/model/account';
import { createElbClient, discoverProjectId, type ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';
import { createThrottleGate, type ThrottleGate } from '../cloud/throttle-gate';
import type { Logger } from '../ports';
import type { Redactor } from '../log/redact';
import type { Store } from '../state/store';
import type { Vault } from '../vault/vault';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { effectiveProxy } from './account-proxy';

export const DEFAULT_IAM_ENDPOINT = 'https://iam.myhuaweicloud.com';

/** The region's ELB endpoint (elb-v3-api.md §1). */
export function regionEndpoint(region: string): string {
  return `https://elb.${region}.myhuaweicloud.com`;
}

/** Converts any failure of a cloud call into an AppFailure with the details the user needs. */
export function toAppFailure(e: unknown): AppFailure {
  if (e instanceof AppFailure) return e;
  if (e instanceof CloudError) {
    const cloud = { httpStatus: e.status, errorCode: e.errorCode, requestId: e.requestId, hint: e.hint };
    switch (e.kind) {
      case 'network':
        return new AppFailure("NETWORK", /cannot be reached/i.test(e.message) ? e.message : appMessage('netUnreachableBecause', { reason: e.message }), { cloud });
      case 'timeout':
        return new AppFailure('TIMEOUT', e.message, { cloud });
      case 'credentials':
        return new AppFailure('CREDENTIALS', e.message, { cloud });
      default:
        return new AppFailure('CLOUD', e.message, { cloud });
    }
  }
  return new AppFailure('INTERNAL', e instanceof Error ? e.message : String(e));
}

export interface CloudAccessOptions {
  store: Store;
  vault: Vault;
  logger: Logger;
  /** Reply-derived error text goes through it before it leaves the client (IPC replies, caches, drafts). */
  redactor?: Redactor;
  dataDir: string;
  /** An external sandbox to use for the "Local sandbox" account instead of starting one in-process. */
  sandboxUrl?: string | null;
  /** Request deadlines (tests shorten them). */
  timeouts?: { connectTimeoutMs?: number; timeoutMs?: number };
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; throttleMinDelayMs?: number };
}

export interface CloudAccess {
  clientFor(accountId: string, region: string): Promise<{ client: ElbClient; projectId: string; account: Account }>;
  /** The account's shared 429 limiter (one per account, used by all its clients in every region). */
  gateFor(accountId: string): ThrottleGate;
  /** Drops cached clients of an account (after a change of keys, proxy, endpoint). */
  forget(accountId: string): void;
  /** The base URL of the sandbox, starting it if needed. */
  sandboxUrl(): Promise<string>;
  close(): Promise<void>;
}

export function createCloudAccess(opts: CloudAccessOptions): CloudAccess {
  let sandbox: SandboxHandle | null = null;
  let sandboxStarting: Promise<SandboxHandle> | null = null;
  const clients = new Map<string, { client: ElbClient; projectId: string }>();
  const gates = new Map<string, ThrottleGate>();
  const gateFor = (accountId: string): ThrottleGate => {
    let g = gates.get(accountId);
    if (!g) {
      g = createThrottleGate();
      gates.set(accountId, g);
    }
    return g;
  };

  async function sandboxUrl(): Promise<string> {
    if (opts.sandboxUrl) return opts.sandboxUrl.replace(/\/+$/, '');
    if (!sandbox) {
      sandboxStarting ??= startSandbox({ port: 0, stateFile: path.join(opts.dataDir, 'sandbox', 'state.json'), pendingMs: 300 });
      sandbox = await sandboxStarting;
      opts.logger.log('info', '[sandbox]', `local sandbox started at ${sandbox.url}`);
    }
    return sandbox.url;
  }

  function account(accountId: string): Account {
    const a = opts.store.get().accounts.find((x) => x.id === accountId);
    if (!a) throw new AppFailure('NOT_FOUND', appMessage('noAccount', { id: accountId }));
    return a;
  }

  async function credentials(accountId: string) {
    const creds = await opts.vault.get(accountId);
    if (!creds) {
      const status = await opts.vault.status(accountId);
      throw new AppFailure(
        'CREDENTIALS',
        status.needsReentry
          ? 'The stored access keys of this account can no longer be decrypted (the keychain changed). Enter the AK/SK again on the Accounts page.'
          : status.storage.kind === 'memory-only'
            ? 'This account has no access keys in this session (no secure keychain: keys are kept in memory only). Enter the AK/SK again on the Accounts page.'
            : 'This account has no access keys. Add the AK/SK on the Accounts page.',
      );
    }
    return creds;
  }

  return {
    sandboxUrl,
    gateFor,
    forget(accountId) {
      for (const key of [...clients.keys()]) if (key.startsWith(`${accountId}|`)) clients.delete(key);
    },
    async clientFor(accountId, region) {
      const a = account(accountId);
      const key = `${accountId}|${region}`;
      const cached = clients.get(key);
      if (cached) return { ...cached, account: a };
      try {
        const endpoint = a.kind === 'sandbox' ? await sandboxUrl() : (a.endpoint ?? regionEndpoint(region));
        const common = {
          credentials: () => opts.vault.get(accountId),
          proxy: await effectiveProxy(a, opts.vault),
          caCert: a.caCert,
          logger: opts.logger,
          ...(opts.redactor ? { redact: opts.redactor.redactString } : {}),
          ...opts.timeouts,
          ...(opts.retry ? { retry: opts.retry } : {}),
        };
        let projectId = a.projects[region];
        if (!projectId) {
          await credentials(accountId);
          const iamEndpoint = a.iamEndpoint ?? (a.kind === 'sandbox' || a.endpoint?.startsWith('http://127.0.0.1') ? endpoint : DEFAULT_IAM_ENDPOINT);
          projectId = await discoverProjectId({ iamEndpoint, region, ...common });
          const found = projectId;
          await opts.store.update((s) => {
            const acc = s.accounts.find((x) => x.id === accountId);
            if (acc) acc.projects[region] = found;
          });
        }
        const client = createElbClient({ endpoint, region, projectId, ...common, gate: gateFor(accountId) });
        clients.set(key, { client, projectId });
        return { client, projectId, account: a };
      } catch (e) {
        throw toAppFailure(e);
      }
    },
    async close() {
      clients.clear();
      if (sandbox) await sandbox.close();
      sandbox = null;
    },
  };
}
