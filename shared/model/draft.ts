/**
 * The draft: one complete state of the Add TCP Listener wizard.
 *
 * These schemas describe the *shape* a draft may have while it is being edited: types and size caps only.
 * A draft may hold values that break the seed's rules (an idle timeout of 9, an empty port) — those are
 * reported by `shared/validation`, never refused here, so a half-filled draft can always be saved.
 */
import { z } from 'zod';
import { ACCESS_CONTROL_MODES, CAPS, DRAFT_KINDS, DRAFT_STATUSES, HEALTH_CHECK_TYPES, HTTP_METHODS, LB_ALGORITHMS, WIZARD_STEPS } from './draft-values';

export {
  ACCESS_CONTROL_MODES,
  CAPS,
  DRAFT_KINDS,
  draftKind,
  DRAFT_STATUSES,
  HEALTH_CHECK_TYPES,
  HTTP_METHODS,
  LB_ALGORITHMS,
  WIZARD_STEPS,
  defaultDraftContent,
  defaultListenerConfig,
  defaultRouting,
} from './draft-values';


const text = z.string().max(CAPS.shortText);
const longText = z.string().max(CAPS.longText);
const id = z.string().max(CAPS.id);
/** A number the user typed, or null when the field is empty. Range and integer rules are validation's job. */
const num = z.number().refine(Number.isFinite, 'must be a finite number').nullable();

export const PortRangeSchema = z.strictObject({ start: num, end: num });
export type PortRange = z.infer<typeof PortRangeSchema>;

export const TagSchema = z.strictObject({ key: text, value: text });
export type Tag = z.infer<typeof TagSchema>;

export type AccessControlMode = (typeof ACCESS_CONTROL_MODES)[number];

export const ConnectionLimitSchema = z.strictObject({
  mode: z.enum(['unlimited', 'limit']),
  value: num,
});
export type ConnectionLimit = z.infer<typeof ConnectionLimitSchema>;

/** Step 1: every parameter of the seed's Table 1 (labels in comments). */
export const ListenerConfigSchema = z.strictObject({
  /** Frontend Protocol — TCP only in this product. */
  protocol: z.literal('TCP'),
  /** Listening Port: single port or port ranges. */
  portMode: z.enum(['single', 'ranges']),
  port: num,
  portRanges: z.array(PortRangeSchema).max(CAPS.portRanges),
  /** Name (Optional). */
  name: text,
  /** IPv4/IPv6 Translation → nat64_enable. */
  nat64: z.boolean(),
  /** Transfer Client IP Address → transparent_client_ip_enable. */
  transparentClientIp: z.boolean(),
  /** ProxyProtocol → proxy_protocol_enable. */
  proxyProtocol: z.boolean(),
  /** Access Control → ipgroup. */
  accessControl: z.strictObject({
    mode: z.enum(ACCESS_CONTROL_MODES),
    ipGroupId: id.nullable(),
  }),
  /** More › Idle Timeout (s) → keepalive_timeout. */
  idleTimeout: num,
  /** More › Maximum New Connections per AZ → cps. */
  maxNewConnections: ConnectionLimitSchema,
  /** More › Maximum Concurrent Connections per AZ → connection. */
  maxConcurrentConnections: ConnectionLimitSchema,
  /** More › Tag. */
  tags: z.array(TagSchema).max(CAPS.tags),
  /** More › Description. */
  description: longText,
});
export type ListenerConfig = z.infer<typeof ListenerConfigSchema>;

export type LbAlgorithm = (typeof LB_ALGORITHMS)[number];

/** Table 3: the new backend server group. Backend Protocol is always TCP and so not stored. */
export const NewPoolSchema = z.strictObject({
  name: text,
  algorithm: z.enum(LB_ALGORITHMS),
  stickySession: z.strictObject({ enabled: z.boolean(), timeoutMinutes: num }),
  connectionDrain: z.strictObject({ enabled: z.boolean(), timeoutSeconds: num }),
  description: longText,
});
export type NewPool = z.infer<typeof NewPoolSchema>;

/** One backend server row. `rowId` is a stable key for the UI list, never sent to the API. */
export const MemberDraftSchema = z.strictObject({
  rowId: id,
  name: text,
  address: text,
  port: num,
  weight: num,
  /** subnet_cidr_id (neutron subnet ID); null for an IP-type backend. */
  subnetId: id.nullable(),
});
export type MemberDraft = z.infer<typeof MemberDraftSchema>;

export type HealthCheckType = (typeof HEALTH_CHECK_TYPES)[number];

/** Table 4: the health check of the new group. */
export const HealthCheckDraftSchema = z.strictObject({
  enabled: z.boolean(),
  type: z.enum(HEALTH_CHECK_TYPES),
  /** Health Check Port; null = each server's backend port. */
  port: num,
  /** Interval (s) → delay. */
  interval: num,
  /** Timeout (s). */
  timeout: num,
  /** Healthy threshold → max_retries. */
  healthyThreshold: num,
  /** Unhealthy threshold → max_retries_down. */
  unhealthyThreshold: num,
  /** HTTP/HTTPS only. */
  domainName: text,
  path: text,
  expectedCodes: text,
  httpMethod: z.enum(HTTP_METHODS),
});
export type HealthCheckDraft = z.infer<typeof HealthCheckDraftSchema>;

/** Step 2: request routing. Both branches are kept so switching between them loses nothing. */
export const RoutingSchema = z.strictObject({
  mode: z.enum(['existing', 'new']),
  existingPoolId: id.nullable(),
  newPool: NewPoolSchema,
  members: z.array(MemberDraftSchema).max(CAPS.members),
  healthCheck: HealthCheckDraftSchema,
});
export type Routing = z.infer<typeof RoutingSchema>;

export type WizardStep = (typeof WIZARD_STEPS)[number];

export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const DraftTargetSchema = z.strictObject({
  accountId: id.nullable(),
  region: id.nullable(),
  loadBalancerId: id.nullable(),
});
export type DraftTarget = z.infer<typeof DraftTargetSchema>;

export type DraftKind = (typeof DRAFT_KINDS)[number];

/**
 * The values of a listener that the API lets an edit change (elb-v3-api.md §4 PUT paragraph, SDK
 * `update_listener_option.py`), in the draft's terms. Tags change through the tags API, not PUT.
 * `defaultPoolId` is the bound backend server group (null = none).
 */
export const EditableFieldsSchema = z.strictObject({
  name: text,
  description: longText,
  idleTimeout: num,
  accessControl: z.strictObject({ mode: z.enum(ACCESS_CONTROL_MODES), ipGroupId: id.nullable() }),
  proxyProtocol: z.boolean(),
  nat64: z.boolean(),
  transparentClientIp: z.boolean(),
  /** 0 = unlimited (the API's value). */
  maxNewConnections: num,
  /** 0 = unlimited (the API's value). */
  maxConcurrentConnections: num,
  defaultPoolId: id.nullable(),
  tags: z.array(TagSchema).max(CAPS.tags),
});
export type EditableFields = z.infer<typeof EditableFieldsSchema>;
export type EditableField = keyof EditableFields;

/** An edit draft: which listener, and the live values the draft started from (the base of the 3-way conflict check). */
export const EditInfoSchema = z.strictObject({
  listenerId: id,
  /** The listener's editable values when the draft was made (or when a conflict was last resolved). */
  base: EditableFieldsSchema,
  /** The listener's `updated_at` when the base was read (null when the API did not say). */
  baseUpdatedAt: z.string().max(64).nullable(),
  /** When the base was read (ISO time). */
  readAt: z.string().max(64),
});
export type EditInfo = z.infer<typeof EditInfoSchema>;

/** A delete draft: the listeners to remove and whether their backend server groups go too (when nothing else uses them). */
export const DeleteInfoSchema = z.strictObject({
  listenerIds: z.array(id).min(1).max(CAPS.members),
  /** Delete each listener's group (health check, servers, group) when no listener outside this plan uses it. */
  deletePool: z.boolean(),
});
export type DeleteInfo = z.infer<typeof DeleteInfoSchema>;

/** Where a create draft came from when it was made from an existing listener (Clone listener). */
export const DraftOriginSchema = z.strictObject({
  kind: z.literal('clone'),
  listenerId: id,
  accountId: id,
  region: id,
  loadBalancerId: id,
});
export type DraftOrigin = z.infer<typeof DraftOriginSchema>;

/** What the user can edit: everything but identity, status and bookkeeping. */
export const DraftContentSchema = z.strictObject({
  title: text,
  /**
   * The title was generated (shared/model/draft-title) and follows the content until the user renames the draft.
   * Absent (drafts from before this field, imports, typed titles): the title is the user's and is never rewritten.
   */
  titleAuto: z.boolean().optional(),
  target: DraftTargetSchema,
  step: z.enum(WIZARD_STEPS),
  listener: ListenerConfigSchema,
  routing: RoutingSchema,
  /** Absent on drafts stored before kinds existed: those are create drafts. */
  kind: z.enum(DRAFT_KINDS).optional(),
  /** Present on edit drafts. */
  edit: EditInfoSchema.optional(),
  /** Present on delete drafts. */
  deletion: DeleteInfoSchema.optional(),
  /** Present on create drafts made by Clone listener. */
  origin: DraftOriginSchema.optional(),
});
export type DraftContent = z.infer<typeof DraftContentSchema>;

/** One field where what the cloud holds after a submit differs from what the draft asked (values as JSON text). */
export const ReadBackDifferenceSchema = z.strictObject({
  /** `listener.proxy_protocol_enable`, `pool.lb_algorithm`, `members[192.168.0.10:80].weight`, `healthmonitor.delay`… */
  field: text,
  asked: text,
  /** What the cloud holds; `(missing)` when the field or resource is not there. */
  cloud: text,
});
export type ReadBackDifference = z.infer<typeof ReadBackDifferenceSchema>;

/**
 * The read-back after a submit: the created listener and group (servers, health check) read again and compared
 * field by field with the request bodies. `error` is set when the read itself failed (the submit still succeeded).
 */
export const ReadBackSchema = z.strictObject({
  checkedAt: z.string().max(64),
  differences: z.array(ReadBackDifferenceSchema).max(500),
  error: longText.nullable(),
});
export type ReadBack = z.infer<typeof ReadBackSchema>;

/** Created resources, filled in by a submit. */
export const DraftResultSchema = z.strictObject({
  listenerId: id.nullable(),
  poolId: id.nullable(),
  memberIds: z.array(id).max(CAPS.members),
  healthMonitorId: id.nullable(),
  /** Read-back of what was created (null for results saved before read-back existed). */
  readBack: ReadBackSchema.nullable().default(null),
});
export type DraftResult = z.infer<typeof DraftResultSchema>;

export const DraftSchema = DraftContentSchema.extend({
  id: id,
  status: z.enum(DRAFT_STATUSES),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
  /**
   * Created by "Add TCP listener" / "New draft" and not edited since: not listed, discarded when the wizard is left
   * without an edit and at the next start. The first save or rename clears it. Absent on older drafts.
   */
  untouched: z.boolean().optional(),
  /** Increases by one on every save; a save naming an older revision is refused (CONFLICT). */
  revision: z.number().int().nonnegative(),
  result: DraftResultSchema.nullable(),
  /** Last submit error, shown on the drafts list. */
  lastError: z
    .strictObject({ code: text, message: longText, requestId: text.nullable(), httpStatus: z.number().int().nullable() })
    .nullable(),
});
export type Draft = z.infer<typeof DraftSchema>;


