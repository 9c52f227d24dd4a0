/**
 * The one declaration of every IPC channel (`domain:verb`): request and response schemas, and the
 * main→renderer events. Both hosts (Electron ipcMain, browser-mode HTTP) dispatch through it; the preload
 * and the renderer client are generated from its keys. Request schemas are strict and capped.
 */
import { z } from 'zod';
import { EDITABLE_FIELDS } from '../lifecycle/fields';
import { AccountSchema, CredentialStatusSchema, KeyStorageSchema } from '../model/account';
import { DraftContentSchema, DraftSchema, DRAFT_KINDS, DRAFT_STATUSES, ReadBackSchema, WIZARD_STEPS } from '../model/draft';
import { DriftItemSchema, HistoryEntrySchema } from '../model/history';
import { InventorySchema } from '../model/inventory';
import { IssueSchema } from '../validation/issue.schema';
import { PlannedRequestSchema, StepLabelSchema } from './planned-request.schema';
import { fleetChannels, fleetEvents } from './contract-fleet';

const id = z.string().min(1).max(128);
const name = z.string().max(255);
const region = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'a region ID such as ap-southeast-1');
const empty = z.strictObject({});
const url = z.string().max(2048);

/** A secret field as typed by the user: AK 1–128, SK 1–256 characters, no whitespace. */
const ak = z.string().min(1).max(128).regex(/^\S+$/, 'no spaces');
const sk = z.string().min(1).max(256).regex(/^\S+$/, 'no spaces');
const securityToken = z.string().min(1).max(16384);

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  keyStorage: KeyStorageSchema,
  platform: z.string(),
  /** The user turned on the update check at start (off by default; only the installed desktop app checks). */
  autoUpdateCheck: z.boolean(),
});

export const StoreStatusSchema = z.object({
  /** ok; needs-recovery = a bad file was set aside and the user must choose a backup or empty data; read-only = written by a newer version; write-failed = edits held in memory. */
  state: z.enum(['ok', 'needs-recovery', 'read-only', 'write-failed']),
  message: z.string().nullable(),
  /**
   * The message's sentences (joined, they are `message`): each one of main's messages (shared/mapping/app-messages.ts)
   * or a text as it came, so the window can say each in its language. Absent from hosts older than this field.
   */
  messageParts: z.array(z.string()).optional(),
  /** Timestamped copies of files that could not be read, never overwritten. */
  quarantined: z.array(z.string()),
  /** Backups that can be restored (newest first). */
  backups: z.array(z.object({ file: z.string(), savedAt: z.string() })),
  /** Edits held in memory because the last write failed. */
  unsavedChanges: z.boolean(),
});
export type StoreStatus = z.infer<typeof StoreStatusSchema>;

export const DraftSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  /** create (also clones), edit or delete; absent from hosts older than draft kinds. */
  kind: z.enum(DRAFT_KINDS).optional(),
  status: z.enum(DRAFT_STATUSES),
  step: z.enum(WIZARD_STEPS),
  target: DraftSchema.shape.target,
  port: z.string(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  updatedAt: z.string(),
  revision: z.number().int(),
  lastError: DraftSchema.shape.lastError,
  result: DraftSchema.shape.result,
});
export type DraftSummary = z.infer<typeof DraftSummarySchema>;

export { PlannedRequestSchema, type PlannedRequest } from './planned-request.schema';

export const PreflightSchema = z.object({
  issues: z.array(IssueSchema),
  plan: z.array(PlannedRequestSchema),
  /** false when the live state could not be read (offline): the plan is from the cache. */
  live: z.boolean(),
  checkedAt: z.string(),
});
export type Preflight = z.infer<typeof PreflightSchema>;

export const JournalStepSchema = z.object({
  key: z.string(),
  title: z.string(),
  /** The step's request label, when it came from a plan (the UI says the title in its language). */
  label: StepLabelSchema.optional(),
  state: z.enum(['pending', 'sending', 'unknown', 'done', 'failed', 'skipped', 'rolled_back']),
  resourceId: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  requestId: z.string().nullable(),
  /** When the last attempt was sent: its outcome is only final once its deadline has passed. */
  sentAt: z.string().nullable().optional(),
  /**
   * IDs of look-alike resources that already existed when the create was sent (same LB and port for a listener;
   * same name, description and algorithm, unused, for a group): a retry never takes one of them for its own.
   */
  seen: z.array(z.string()).max(1000).optional(),
  /** While a retry waits for the earlier request's deadline: when the wait ends. */
  waitUntil: z.string().nullable().optional(),
});
/** A backend server group a submit created (or may have created) that no listener uses. */
export const OrphanSchema = z.object({
  kind: z.literal('pool'),
  id: z.string(),
  name: z.string(),
  /** unused: the plan stopped after creating it; ambiguous: one of several equal groups that may be ours. */
  reason: z.enum(['unused', 'ambiguous']),
  state: z.enum(['present', 'removing', 'removed']),
  error: z.string().nullable(),
});
export type Orphan = z.infer<typeof OrphanSchema>;
export const JournalEntrySchema = z.object({
  id: z.string(),
  draftId: z.string(),
  accountId: z.string(),
  region: z.string(),
  loadBalancerId: z.string(),
  /** Legacy: the `elbdesk:` description marker older versions appended; still read to find what they created. */
  marker: z.string(),
  state: z.enum(['running', 'done', 'failed', 'interrupted', 'rolled_back']),
  steps: z.array(JournalStepSchema),
  /** Groups left without a listener (or several candidates after a lost reply), with a journaled removal. */
  orphans: z.array(OrphanSchema).optional(),
  /** The read-back after the last step: "applied as asked" or each field where the cloud differs. */
  readBack: ReadBackSchema.nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** IP address group workbench (shared/ipgroups): the entries, the change asked for, the plan and its warnings. */
const ipEntry = z.strictObject({ ip: z.string().min(1).max(100), description: z.string().max(255) });
export const IpGroupPlanInputSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('create'), name: z.string().min(1).max(255), description: z.string().max(255), entries: z.array(ipEntry).max(10_000) }),
  z.strictObject({ mode: z.literal('update'), groupId: id, strategy: z.enum(['merge', 'replace']), entries: z.array(ipEntry).max(10_000) }),
]);
export const IpGroupWarningSchema = z.object({
  /** emptiesWhitelist: the group ends empty while a whitelist uses it (blocks every client; needs acknowledging);
   * sharedGroup: other listeners use the group; overLimit / groupQuota: refused; nameExists: another group has the name. */
  code: z.enum(['emptiesWhitelist', 'sharedGroup', 'overLimit', 'groupQuota', 'nameExists']),
  severity: z.enum(['error', 'warning']),
  listeners: z.array(z.object({ id: z.string(), name: z.string(), type: z.enum(['white', 'black']), enabled: z.boolean() })),
  count: z.number().int().nullable(),
  limit: z.number().int().nullable(),
});
export type IpGroupWarning = z.infer<typeof IpGroupWarningSchema>;
const entryChange = z.object({ ip: z.string(), description: z.string(), previousDescription: z.string().optional() });
export const IpGroupPlanSchema = z.object({
  steps: z.array(PlannedRequestSchema),
  diff: z.object({ added: z.array(entryChange), removed: z.array(entryChange), changed: z.array(entryChange), unchanged: z.array(entryChange) }).nullable(),
  resultCount: z.number().int(),
  limit: z.object({ count: z.number().int(), limit: z.number().int(), source: z.enum(['quota', 'default']), over: z.boolean() }),
  warnings: z.array(IpGroupWarningSchema),
  /** Identifies this exact plan: apply refuses when the live state gives another one. */
  fingerprint: z.string(),
});
export type IpGroupPlanView = z.infer<typeof IpGroupPlanSchema>;

export const ExportFormatSchema = z.enum(['json', 'terraform', 'api']);

const FieldChangeSchema = z.object({ field: z.enum(EDITABLE_FIELDS), label: z.string(), before: z.unknown(), after: z.unknown() });
const FieldConflictSchema = z.object({ field: z.enum(EDITABLE_FIELDS), label: z.string(), base: z.unknown(), theirs: z.unknown(), mine: z.unknown() });

/** The live check of an edit or delete draft before its submit. */
export const LifecyclePreflightSchema = z.object({
  kind: z.enum(['edit', 'delete']),
  issues: z.array(IssueSchema),
  /** The exact requests, in order (edit: only what still differs from the live listener). */
  plan: z.array(PlannedRequestSchema),
  /** false when the live state could not be read: plan and diff are from the draft and cache. */
  live: z.boolean(),
  checkedAt: z.string(),
  /** Edit: base → mine, changed fields only. */
  diff: z.array(FieldChangeSchema),
  /** Edit: fields changed both by someone else and in the draft (resolve with lifecycle:resolve). */
  conflicts: z.array(FieldConflictSchema),
  /** Edit: fields only someone else changed; kept (not sent). */
  theirsOnly: z.array(FieldChangeSchema),
  /** Edit: the listener was deleted meanwhile (lifecycle:recreate makes it a new-listener draft). */
  gone: z.boolean(),
  /** Delete: what goes and what stays. */
  deletion: z
    .object({
      listeners: z.array(z.object({ id: z.string(), name: z.string(), port: z.string(), defaultPoolId: z.string().nullable(), ipGroupId: z.string().nullable() })),
      missing: z.array(z.string()),
      groups: z.array(
        z.object({
          poolId: z.string(),
          name: z.string(),
          willDelete: z.boolean(),
          usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
          /** Removal protection is on and the group has servers: it stays. */
          protectedServers: z.boolean().default(false),
          healthMonitorId: z.string().nullable(),
          memberIds: z.array(z.string()),
        }),
      ),
    })
    .nullable(),
});
export type LifecyclePreflight = z.infer<typeof LifecyclePreflightSchema>;

const listenerRef = z.strictObject({ accountId: id, region, listenerId: id });

/** Every channel: `domain:verb` → { req, res }. One object argument per call. */
export const contract = {
  'app:info': { req: empty, res: AppInfoSchema },
  /**
   * The renderer's first call: the accounts, the selection resolved (as the switcher does) from the one the renderer
   * remembers, and that selection's cached inventory — null when there is nothing to show or it cannot be read (the
   * renderer then asks `inventory:get`, which says why). One round trip instead of two before the first screen. The
   * remembered IDs are only compared with the accounts' own, never used as they are.
   */
  'app:boot': {
    req: z.strictObject({ selection: z.strictObject({ accountId: z.string().max(128).nullable(), region: z.string().max(64).nullable() }) }),
    res: z.object({
      accounts: z.array(AccountSchema),
      selection: z.object({ accountId: z.string().nullable(), region: z.string().nullable() }),
      inventory: InventorySchema.nullable(),
    }),
  },

  /** The user's explicit consent to keep keys with weaker storage where no secure OS keychain exists (Linux basic_text). */
  'settings:acceptWeakKeyStorage': { req: z.strictObject({ accepted: z.boolean() }), res: AppInfoSchema },
  /** Turns the update check at start on or off (off by default). Help → Check for Updates… works either way. */
  'settings:setAutoUpdateCheck': { req: z.strictObject({ enabled: z.boolean() }), res: AppInfoSchema },

  'store:status': { req: empty, res: StoreStatusSchema },
  /** Restore a listed backup, or start empty ('defaults') — only ever on the user's explicit choice. */
  'store:recover': { req: z.strictObject({ source: z.union([z.literal('defaults'), z.string().max(512)]) }), res: StoreStatusSchema },
  /** Try to write again edits held in memory after a failed write. */
  'store:retry': { req: empty, res: StoreStatusSchema },

  'accounts:list': { req: empty, res: z.array(AccountSchema) },
  'accounts:create': {
    req: z.strictObject({
      name: name.min(1),
      region,
      projectId: z.string().max(64).regex(/^[0-9a-f]{32}$|^$/, '32 lowercase hex characters').optional(),
      endpoint: url.nullable().optional(),
      proxy: url.nullable().optional(),
      caCert: z.string().max(65536).nullable().optional(),
      ak,
      sk,
      securityToken: securityToken.optional(),
    }),
    res: AccountSchema,
  },
  'accounts:update': {
    req: z.strictObject({
      id,
      name: name.min(1).optional(),
      region: region.optional(),
      projectId: z.string().max(64).regex(/^[0-9a-f]{32}$|^$/, '32 lowercase hex characters').optional(),
      endpoint: url.nullable().optional(),
      proxy: url.nullable().optional(),
      caCert: z.string().max(65536).nullable().optional(),
      /**
       * New keys, stored with the update. Required (AK and SK) when the endpoint, proxy or CA certificate changes
       * while keys are stored: the old keys are never used to sign for a server the user did not enter them for.
       */
      ak: ak.optional(),
      sk: sk.optional(),
      securityToken: securityToken.optional(),
    }),
    res: AccountSchema,
  },
  'accounts:remove': { req: z.strictObject({ id }), res: z.object({ removed: z.boolean() }) },
  'accounts:test': {
    req: z.strictObject({ id, region: region.optional() }),
    res: z.object({
      reachable: z.boolean(),
      /** What happened, in English (when unreachable: the failure, its request ID and what to do, in one line). */
      message: z.string(),
      /** When unreachable: the same in parts, for the UI to say in its language. */
      failure: z.object({ message: z.string(), requestId: z.string().nullable(), hint: z.string().nullable() }).optional(),
      projectId: z.string().nullable(),
      loadBalancers: z.number().int().nullable(),
    }),
  },

  'credentials:set': { req: z.strictObject({ accountId: id, ak, sk, securityToken: securityToken.optional() }), res: CredentialStatusSchema },
  'credentials:clear': { req: z.strictObject({ accountId: id }), res: CredentialStatusSchema },
  'credentials:status': { req: z.strictObject({ accountId: id }), res: CredentialStatusSchema },

  'inventory:get': { req: z.strictObject({ accountId: id, region }), res: InventorySchema },
  'sync:run': { req: z.strictObject({ accountId: id, region }), res: InventorySchema },

  'drafts:list': { req: empty, res: z.array(DraftSummarySchema) },
  'drafts:get': { req: z.strictObject({ id }), res: DraftSchema },
  'drafts:create': {
    req: z.strictObject({
      content: DraftContentSchema.optional(),
      target: DraftSchema.shape.target.optional(),
      title: name.optional(),
      /** `title` was generated (it follows the content until renamed); without `title` one is always generated. */
      titleAuto: z.boolean().optional(),
      /** Nothing was typed yet: the draft is hidden from the list and discarded if the wizard is left unedited. */
      untouched: z.boolean().optional(),
    }),
    res: DraftSchema,
  },
  /** Save the whole editable content; `revision` must be the one the caller last saw. */
  'drafts:save': { req: z.strictObject({ id, revision: z.number().int().nonnegative(), content: DraftContentSchema }), res: DraftSchema },
  'drafts:rename': { req: z.strictObject({ id, title: name }), res: DraftSchema },
  /** `onlyIfUntouched`: delete only a draft still untouched (a wizard left without an edit); else `deleted: false`. */
  'drafts:delete': { req: z.strictObject({ id, onlyIfUntouched: z.boolean().optional() }), res: z.object({ deleted: z.boolean() }) },
  'drafts:duplicate': { req: z.strictObject({ id }), res: DraftSchema },
  'drafts:validate': { req: z.strictObject({ id }), res: z.object({ issues: z.array(IssueSchema) }) },
  'drafts:export': {
    req: z.strictObject({ id, format: ExportFormatSchema }),
    res: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
  'drafts:import': { req: z.strictObject({ text: z.string().max(1_000_000) }), res: DraftSchema },

  'submit:preflight': { req: z.strictObject({ draftId: id }), res: PreflightSchema },
  'submit:apply': { req: z.strictObject({ draftId: id }), res: JournalEntrySchema },
  'submit:rollback': { req: z.strictObject({ draftId: id }), res: JournalEntrySchema },
  /** Removes a group the submit left without a listener (with its servers and health check), journaled. */
  'submit:removeOrphan': { req: z.strictObject({ draftId: id, poolId: id }), res: JournalEntrySchema },
  'journal:list': { req: z.strictObject({ draftId: id.optional() }), res: z.array(JournalEntrySchema) },

  /** IP address group workbench: the exact requests of a change, from the live group, with its warnings. */
  'ipgroups:plan': { req: z.strictObject({ accountId: id, region, input: IpGroupPlanInputSchema }), res: IpGroupPlanSchema },
  /** Runs the plan (journaled) if the live state still gives `fingerprint`; `acknowledged` lists warning codes the user accepted. */
  'ipgroups:apply': {
    req: z.strictObject({ accountId: id, region, input: IpGroupPlanInputSchema, fingerprint: z.string().max(128), acknowledged: z.array(z.enum(['emptiesWhitelist', 'sharedGroup'])).max(5) }),
    res: z.object({ entry: JournalEntrySchema, groupId: z.string(), groupName: z.string() }),
  },
  /** Edit listener: an edit draft pre-filled from the cached listener. */
  'lifecycle:editDraft': { req: listenerRef, res: DraftSchema },
  /** Clone listener: a new-listener draft from the cached listener, for the same or another load balancer. */
  'lifecycle:cloneDraft': {
    req: listenerRef.extend({
      target: z.strictObject({ accountId: id, region, loadBalancerId: id }),
      pool: z.enum(['reuse', 'copy']),
      port: z.enum(['clear', 'suggest']),
    }),
    res: z.object({ draft: DraftSchema, notes: z.array(z.object({ code: z.string(), message: z.string() })) }),
  },
  /** Delete listener (one or many): a delete draft; confirmation is the UI's. */
  'lifecycle:deleteDraft': {
    req: z.strictObject({ accountId: id, region, listenerIds: z.array(id).min(1).max(500), deletePool: z.boolean(), title: name.optional() }),
    res: DraftSchema,
  },
  /** Multi-select delete across load balancers: one delete draft (one journaled plan) per load balancer, in selection order. */
  'lifecycle:deleteDrafts': {
    req: z.strictObject({ accountId: id, region, listenerIds: z.array(id).min(1).max(500), deletePool: z.boolean() }),
    res: z.array(DraftSchema),
  },
  'lifecycle:preflight': { req: z.strictObject({ draftId: id }), res: LifecyclePreflightSchema },
  /** Rebase an edit draft on the live listener with a choice per conflicting field. */
  'lifecycle:resolve': {
    req: z.strictObject({ draftId: id, resolutions: z.partialRecord(z.enum(EDITABLE_FIELDS), z.enum(['mine', 'theirs'])) }),
    res: DraftSchema,
  },
  /** An edit draft whose listener was deleted meanwhile becomes a new-listener draft (same values). */
  'lifecycle:recreate': { req: z.strictObject({ draftId: id }), res: DraftSchema },
  /** Submit an edit or delete draft (journaled; also reachable through submit:apply). */
  'lifecycle:apply': { req: z.strictObject({ draftId: id }), res: JournalEntrySchema },
  /** History: every submitted plan, oldest first; per listener, per account/region, or all. */
  'history:list': {
    req: z.strictObject({ listenerId: id.optional(), accountId: id.optional(), region: region.optional() }),
    res: z.array(HistoryEntrySchema),
  },
  'history:export': {
    req: z.strictObject({ listenerId: id.optional() }),
    res: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
  /** Listeners whose cached live values differ from what ELB Desk last applied (after a sync). */
  'drift:get': { req: z.strictObject({ accountId: id, region }), res: z.array(DriftItemSchema) },
  /**
   * "Take live values" on a drifted listener: records the cached live values as the new applied baseline (a history
   * entry of kind `accepted`; nothing is sent), so the listener is no longer drifted, in every window and after a restart.
   */
  'drift:accept': { req: z.strictObject({ accountId: id, region, listenerId: id }), res: HistoryEntrySchema },
  /** Fleet rollout (issue 12): ./contract-fleet.ts. */
  ...fleetChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Req<C extends Channel> = z.input<Contract[C]['req']>;
/** A request after schema parsing (what handlers receive). */
export type Parsed<C extends Channel> = z.output<Contract[C]['req']>;
export type Res<C extends Channel> = z.infer<Contract[C]['res']>;
export const CHANNELS = Object.keys(contract) as Channel[];

/** main → renderer pushes. */
export const events = {
  'sync:progress': z.object({ accountId: z.string(), region: z.string(), kind: z.string(), fetched: z.number().int(), done: z.boolean() }),
  'submit:progress': z.object({ draftId: z.string(), entry: JournalEntrySchema }),
  /** A native menu command (Electron shell). */
  'menu:command': z.object({ command: z.enum(['new-draft', 'import', 'export']) }),
  'state:changed': z.object({ what: z.enum(['accounts', 'drafts', 'inventory', 'store', 'credentials']) }),
  ...fleetEvents,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
