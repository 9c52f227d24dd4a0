/**
 * The fleet plan (issue 12): one listener template (Table 1 + the routing step, as in a draft) applied to many load
 * balancers across regions and accounts, with per-target overrides. Like a draft, a plan holds what the user typed
 * (shape and size caps only here); every rule is checked by `shared/fleet` against each target's cached inventory.
 * Plans are their own records (not drafts), stored under `fleet/` in the data folder.
 */
import { z } from 'zod';
import { CAPS } from './draft-values';
import { ListenerConfigSchema, MemberDraftSchema, PortRangeSchema, RoutingSchema } from './draft';

import { FLEET_CONCURRENCY, FLEET_MAX_TARGETS } from './fleet-values';

export { FLEET_CONCURRENCY, FLEET_MAX_TARGETS };

const id = z.string().max(CAPS.id);
const text = z.string().max(CAPS.shortText);
const num = z.number().refine(Number.isFinite, 'must be a finite number').nullable();

/** One row of the target matrix: a load balancer and what differs there. Null overrides = the template's. */
export const FleetTargetSchema = z.strictObject({
  /** Stable row key (also the per-target draft's key at apply time). */
  key: id,
  accountId: id,
  region: id,
  loadBalancerId: id,
  /** The load balancer's name when it was picked (display and exports only). */
  loadBalancerName: text,
  /** Excluded rows are kept in the plan but neither validated as blocking nor applied. */
  excluded: z.boolean(),
  /** Single-port override (template in single-port mode). */
  port: num,
  /** Port-range override (template in port-range mode). */
  portRanges: z.array(PortRangeSchema).max(CAPS.portRanges).nullable(),
  /** Existing backend server group by name on this target (template routing `existing`); null = the plan's name. */
  groupName: text.nullable(),
  /** The new group's backend servers on this target (template routing `new`); null = the template's. */
  members: z.array(MemberDraftSchema).max(CAPS.members).nullable(),
  /** IP address group by name in this target's region and account; null = the plan's name. */
  ipGroupName: text.nullable(),
});
export type FleetTarget = z.infer<typeof FleetTargetSchema>;

/** What the user edits. */
export const FleetPlanContentSchema = z.strictObject({
  title: text,
  /** The listener template: every Table 1 parameter. `accessControl.ipGroupId` is ignored: groups go by name. */
  listener: ListenerConfigSchema,
  /** The routing template. `existing` → a group found by name on each target; `new` → one new group per target. */
  routing: RoutingSchema,
  /** The existing group's name on every target (routing `existing`), unless a row overrides it. */
  groupName: text,
  /** The IP address group's name (access control whitelist/blacklist), unless a row overrides it. */
  ipGroupName: text,
  targets: z.array(FleetTargetSchema).max(FLEET_MAX_TARGETS),
  /** Targets applied at the same time per account + region. */
  concurrency: z.number().int().min(FLEET_CONCURRENCY.min).max(FLEET_CONCURRENCY.max),
});
export type FleetPlanContent = z.infer<typeof FleetPlanContentSchema>;

export const FleetPlanSchema = FleetPlanContentSchema.extend({
  id,
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
  /** Increases by one on every save; a save naming an older revision is refused (CONFLICT). */
  revision: z.number().int().nonnegative(),
});
export type FleetPlan = z.infer<typeof FleetPlanSchema>;

/** Status of one target in a run. */
export const FLEET_TARGET_STATES = ['pending', 'running', 'done', 'failed', 'skipped', 'cancelled'] as const;
export type FleetTargetState = (typeof FLEET_TARGET_STATES)[number];

/** One target's outcome in a run (the results table). */
export const FleetTargetResultSchema = z.strictObject({
  key: id,
  accountId: id,
  region: id,
  loadBalancerId: id,
  loadBalancerName: text,
  /** The per-target draft the submit journal runs (deterministic from run and row). */
  draftId: id,
  state: z.enum(FLEET_TARGET_STATES),
  listenerId: id.nullable(),
  poolId: id.nullable(),
  healthMonitorId: id.nullable(),
  requestIds: z.array(z.string().max(256)).max(64),
  error: z.string().max(CAPS.longText).nullable(),
  startedAt: z.string().max(64).nullable(),
  finishedAt: z.string().max(64).nullable(),
});
export type FleetTargetResult = z.infer<typeof FleetTargetResultSchema>;

/** A run of a plan: what was started, and each target's outcome. Saved durably after every change. */
export const FleetRunSchema = z.strictObject({
  id,
  planId: id,
  planTitle: text,
  state: z.enum(['running', 'interrupted', 'cancelled', 'done', 'failed']),
  concurrency: z.number().int().min(FLEET_CONCURRENCY.min).max(FLEET_CONCURRENCY.max),
  targets: z.array(FleetTargetResultSchema).max(FLEET_MAX_TARGETS),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
});
export type FleetRun = z.infer<typeof FleetRunSchema>;

/** A new, empty plan content. */
export function emptyFleetPlanContent(listener: FleetPlanContent['listener'], routing: FleetPlanContent['routing'], title = ''): FleetPlanContent {
  return { title, listener, routing, groupName: '', ipGroupName: '', targets: [], concurrency: FLEET_CONCURRENCY.default };
}
