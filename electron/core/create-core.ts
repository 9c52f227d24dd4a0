/**
 * createCore(ports): the whole main-process side of ELB Desk without Electron. Opens the store (one writer per
 * data folder), the vault and the logger, provisions the "Local sandbox" account on first run, and returns the
 * dispatcher both hosts call.
 */
import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../shared/ipc/contract';
import { AppFailure, type Result } from '../../shared/ipc/result';
import type { Inventory } from '../../shared/model/inventory';
import { REGIONS } from '../../shared/model/regions';
import { resolveSelection } from '../../shared/model/selection';
import { createDispatcher, type Handlers } from './dispatch';
import type { Ports, Sender } from './ports';
import { openStore, type Store } from './state/store';
import { createVault, type Vault } from './vault/vault';
import { createCloudAccess, type CloudAccessOptions } from './services/cloud-access';
import { accountsService } from './services/accounts';
import { migrateProxyCredentials } from './services/account-proxy';
import { draftsService } from './services/drafts';
import { inventoryService } from './services/inventory';
import { submitService, type SubmitOptions } from './services/submit';
import { ipGroupsService } from './services/ipgroups';
import { fleetService } from './services/fleet';
import { fleetApplyService, type FleetApplyOptions, type FleetApplyService } from './services/fleet-apply';
import { openFleetFiles } from './state/fleet-files';
import { recordFailedTarget } from './services/fleet-finish';
import type { ServiceContext } from './services/context';
import { DEFAULT_AK, DEFAULT_SK } from '../sandbox';
import { createRedactor, type Redactor } from './log/redact';
import { historyService } from './services/history';
import { lifecycleService } from './services/lifecycle';

export interface Core {
  dispatch(channel: string, raw: unknown, sender: Sender): Promise<Result<unknown>>;
  dispose(): Promise<void>;
  /** For tests and hosts: direct access to the pieces. */
  readonly store: Store;
  readonly vault: Vault;
  /** Resumes submits a crash left unfinished (runs in the background after start). */
  readonly resumed: Promise<void>;
  /** The fleet apply engine (tests wait on `fleet.settled(runId)`). */
  readonly fleet: FleetApplyService;
}

export interface CoreOptions {
  /** Use this sandbox for the "Local sandbox" account instead of one started in-process (ELB_DESK_SANDBOX_URL). */
  sandboxUrl?: string | null;
  cloud?: Pick<CloudAccessOptions, 'timeouts' | 'retry'>;
  submit?: SubmitOptions;
  fleet?: FleetApplyOptions;
  redactor?: Redactor;
  /** Check every response against the contract (tests, development). */
  checkResponses?: boolean;
}

export const SANDBOX_ACCOUNT_NAME = 'Local sandbox';
export const SANDBOX_REGION = 'sandbox-1';

/** Builds the core. Throws AppFailure('LOCKED') when another process owns the data folder. */
export async function createCore(ports: Ports, options: CoreOptions = {}): Promise<Core> {
  const { logger, clock } = ports;
  // One redactor for the vault (which registers every key), reply-derived error text, every IPC error and the
  // history (which must never hold one).
  const redactor = options.redactor ?? createRedactor();
  const store = await openStore({ dir: ports.paths.dataDir, clock, logger, onStatus: () => ports.events.emit('state:changed', { what: 'store' }) });
  let vault: Vault;
  try {
    vault = await createVault({ dir: ports.paths.dataDir, cipher: ports.cipher, logger, redactor });
  } catch (e) {
    await store.close();
    throw e;
  }
  const cloud = createCloudAccess({
    store,
    vault,
    logger,
    redactor,
    dataDir: ports.paths.dataDir,
    sandboxUrl: options.sandboxUrl ?? process.env.ELB_DESK_SANDBOX_URL ?? null,
    ...(options.cloud ?? {}),
  });
  const ctx: ServiceContext = { ports, store, vault, logger, clock, events: ports.events, cloud };

  await provisionSandboxAccount(ctx);
  await migrateProxyCredentials(ctx);

  const accounts = accountsService(ctx);
  const drafts = draftsService(ctx);
  // Wizards closed without an edit last time (window closed, app quit) leave untouched drafts: remove them now.
  if (store.status().state === 'ok') {
    await drafts.sweepUntouched().catch((e: unknown) => {
      logger.log('warn', '[drafts]', `removing untouched drafts failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  const history = historyService(ctx, redactor);
  const runnerOptions = {
    requestDeadlineMs: (options.cloud?.timeouts?.timeoutMs ?? 30_000) + 2_000,
    ...(options.submit ?? {}),
  };
  const lifecycle = lifecycleService(ctx, drafts, history, runnerOptions);
  // Create submits report through submit:progress; a finished one is recorded in the history.
  const submitCtx: ServiceContext = {
    ...ctx,
    events: {
      emit(name, payload) {
        ctx.events.emit(name, payload);
        if (name === 'submit:progress') void lifecycle.onCreateProgress((payload as EventPayload<'submit:progress'>).entry);
      },
    },
  };
  const submit = submitService(submitCtx, drafts, runnerOptions);
  const ipGroups = ipGroupsService(ctx, { requestDeadlineMs: (options.cloud?.timeouts?.timeoutMs ?? 30_000) + 2_000 });
  const fleetFiles = await openFleetFiles(ports.paths.dataDir, logger);
  const fleetApply = fleetApplyService(ctx, fleetFiles, submit, { recordFailure: recordFailedTarget(ctx, history), ...(options.fleet ?? {}) });
  const inventory = inventoryService(ctx, (a, r) => {
    drafts.inventoryChanged(a, r);
    // The cloud answers again: submits queued while offline go now, in the background.
    void submit.resumeFor(a, r);
    void lifecycle.resume({ accountId: a, region: r });
  });
  /** Edit and delete drafts submit through the lifecycle service, whichever channel the renderer uses. */
  const isLifecycleDraft = (draftId: string) => {
    const kind = store.getDraft(draftId)?.kind;
    return kind === 'edit' || kind === 'delete';
  };

  const fleet = fleetService(ctx, fleetFiles, fleetApply, (accountId, region) => inventory.sync({ accountId, region }));

  const appInfo = async () => ({
    version: ports.version,
    mode: ports.mode,
    dataDir: ports.paths.dataDir,
    keyStorage: ports.cipher.describe(),
    platform: process.platform,
    autoUpdateCheck: store.get().settings.autoUpdateCheck === true,
  });
  const handlers: Handlers = {
    'app:info': appInfo,
    'settings:acceptWeakKeyStorage': async (req) => {
      // A renderer call alone never grants it where main can ask the user itself (Electron's native dialog).
      if (req.accepted && ports.confirmWeakKeyStorage && !(await ports.confirmWeakKeyStorage())) return appInfo();
      await store.update((s) => {
        s.settings.weakKeyStorageAccepted = req.accepted;
      });
      ports.events.emit('state:changed', { what: 'credentials' });
      return appInfo();
    },
    'settings:setAutoUpdateCheck': async (req) => {
      await store.update((s) => {
        s.settings.autoUpdateCheck = req.enabled;
      });
      return appInfo();
    },
    'store:status': async () => store.status(),
    'store:recover': async (req) => store.recover(req.source),
    'store:retry': async () => store.retry(),
    'app:boot': async (req) => {
      const list = await accounts.list();
      const selection = resolveSelection(list, req.selection, REGIONS);
      let cached: Inventory | null = null;
      if (selection.accountId && selection.region) {
        cached = await inventory.get({ accountId: selection.accountId, region: selection.region }).catch(() => null);
      }
      return { accounts: list, selection, inventory: cached };
    },
    'accounts:list': () => accounts.list(),
    'accounts:create': (req) => accounts.create(req),
    'accounts:update': (req) => accounts.update(req),
    'accounts:remove': (req) => accounts.remove(req),
    'accounts:test': (req) => accounts.test(req),
    'credentials:set': (req) => accounts.setCredentials(req),
    'credentials:clear': (req) => accounts.clearCredentials(req),
    'credentials:status': (req) => accounts.credentialStatus(req),
    'inventory:get': (req) => inventory.get(req),
    'sync:run': (req) => inventory.sync(req),
    'drafts:list': () => drafts.list(),
    'drafts:get': (req) => drafts.get(req),
    'drafts:create': (req) => drafts.create(req),
    'drafts:save': (req) => drafts.save(req),
    'drafts:rename': (req) => drafts.rename(req),
    'drafts:delete': (req) => drafts.remove(req),
    'drafts:duplicate': (req) => drafts.duplicate(req),
    'drafts:validate': (req) => drafts.validateOne(req),
    'drafts:export': (req) => drafts.exportDraft(req),
    'drafts:import': (req) => drafts.importDraft(req),
    'submit:preflight': (req) => (isLifecycleDraft(req.draftId) ? lifecycle.preflight(req) : submit.preflight(req)),
    'submit:apply': (req) => (isLifecycleDraft(req.draftId) ? lifecycle.apply(req) : submit.apply(req)),
    'submit:rollback': async (req) => {
      if (isLifecycleDraft(req.draftId)) throw new AppFailure('VALIDATION', 'Edits and deletes cannot be rolled back; make a new edit draft instead.');
      return submit.rollback(req);
    },
    'submit:removeOrphan': (req) => submit.removeOrphan(req),
    'journal:list': (req) => submit.journal(req),
    'ipgroups:plan': (req) => ipGroups.plan(req),
    'ipgroups:apply': (req) => ipGroups.apply(req),
    'lifecycle:editDraft': (req) => lifecycle.editDraft(req),
    'lifecycle:cloneDraft': (req) => lifecycle.cloneDraft(req),
    'lifecycle:deleteDraft': (req) => lifecycle.deleteDraft(req),
    'lifecycle:deleteDrafts': (req) => lifecycle.deleteDrafts(req),
    'lifecycle:preflight': (req) => lifecycle.preflight(req),
    'lifecycle:resolve': (req) => lifecycle.resolve(req),
    'lifecycle:recreate': (req) => lifecycle.recreate(req),
    'lifecycle:apply': (req) => lifecycle.apply(req),
    'history:list': (req) => history.list(req),
    'history:export': (req) => history.exportJson(req),
    'drift:get': (req) => history.drift(req),
    'drift:accept': (req) => history.acceptDrift(req),
    'fleet:list': () => fleet.list(),
    'fleet:get': (req) => fleet.get(req),
    'fleet:create': (req) => fleet.create(req),
    'fleet:save': (req) => fleet.save(req),
    'fleet:delete': (req) => fleet.remove(req),
    'fleet:validate': (req) => fleet.validate(req),
    'fleet:nextFreePort': (req) => fleet.nextFreePort(req),
    'fleet:preflight': (req) => fleet.preflight(req),
    'fleet:export': (req) => fleet.exportPlan(req),
    'fleet:import': (req) => fleet.importPlan(req),
    'fleet:apply': (req) => fleet.apply(req),
    'fleet:cancel': (req) => fleetApply.cancel(req.runId),
    'fleet:retryFailed': (req) => fleetApply.retryFailed(req.runId),
    'fleet:runs': async (req) => fleetApply.list(req.planId),
    'fleet:run': async (req) => fleetApply.get(req.runId),
    'fleet:results': (req) => fleet.results(req),
  };

  const dispatch = createDispatcher(handlers, {
    trustedOrigins: ports.trustedOrigins,
    logger,
    redact: redactor.redactString,
    checkResponses: options.checkResponses ?? false,
  });

  // Create submits first (they mark every crashed entry interrupted), then edits and deletes, then fleet runs a crash
  // left running (once single submits, their targets included, have been reconciled).
  const resumed = submit
    .resumeInterrupted()
    .then(() => lifecycle.resume())
    .catch((e: unknown) => {
      logger.log('warn', '[submit]', `resume after restart failed: ${e instanceof Error ? e.message : String(e)}`);
    })
    .then(() => fleetApply.resume())
    .catch((e: unknown) => {
      logger.log('warn', '[fleet]', `resuming fleet runs failed: ${e instanceof Error ? e.message : String(e)}`);
    });

  let disposed = false;
  return {
    dispatch,
    store,
    vault,
    resumed,
    fleet: fleetApply,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await resumed;
      await fleetApply.stop();
      await cloud.close();
      await store.close();
    },
  };
}

/** Creates the "Local sandbox" account once, on first run, with the sandbox's keys in the vault. */
async function provisionSandboxAccount(ctx: ServiceContext): Promise<void> {
  const state = ctx.store.get();
  if (state.settings.sandboxProvisioned || state.accounts.some((a) => a.kind === 'sandbox')) return;
  if (ctx.store.status().state !== 'ok') return;
  const now = ctx.clock.now().toISOString();
  const id = randomUUID();
  await ctx.vault.set(id, { ak: process.env.ELB_DESK_SANDBOX_AK ?? DEFAULT_AK, sk: process.env.ELB_DESK_SANDBOX_SK ?? DEFAULT_SK });
  await ctx.store.update((s) => {
    s.accounts.push({
      id,
      name: SANDBOX_ACCOUNT_NAME,
      kind: 'sandbox',
      region: SANDBOX_REGION,
      projects: {},
      endpoint: null,
      iamEndpoint: null,
      authType: 'aksk',
      proxy: null,
      caCert: null,
      createdAt: now,
      updatedAt: now,
    });
    s.settings.sandboxProvisioned = true;
  });
}
