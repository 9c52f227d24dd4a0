/**
 * The fleet rollout channels (issue 12), spread into `contract` in ./contract.ts. Kept apart so the fleet's schemas
 * do not crowd the main contract; the same rules apply (strict, capped requests; one object argument).
 */
import { z } from 'zod';
import { FLEET_CONCURRENCY, FleetPlanContentSchema, FleetPlanSchema, FleetRunSchema, FleetTargetResultSchema } from '../model/fleet';
import { IssueSchema } from '../validation/issue.schema';
import { PlannedRequestSchema } from './planned-request.schema';

const id = z.string().min(1).max(128);
const issues = z.array(IssueSchema);

export const FleetPlanSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  targets: z.number().int(),
  excluded: z.number().int(),
  updatedAt: z.string(),
  revision: z.number().int(),
});

/** One matrix row's validation as the renderer sees it (issues per cell). */
export const FleetRowReplySchema = z.object({
  key: z.string(),
  status: z.enum(['ok', 'warning', 'error', 'excluded']),
  refusal: IssueSchema.nullable(),
  cells: z.object({ target: issues, port: issues, group: issues, servers: issues, ipGroup: issues, other: issues }),
  /** The resolved port (or null in port-range mode) and the IDs found by name. */
  port: z.number().nullable(),
  poolId: z.string().nullable(),
  ipGroupId: z.string().nullable(),
});

export const FleetValidationReplySchema = z.object({
  rows: z.array(FleetRowReplySchema),
  planIssues: issues,
  totals: z.object({ targets: z.number().int(), listeners: z.number().int(), groups: z.number().int(), servers: z.number().int(), healthChecks: z.number().int() }),
  canStart: z.boolean(),
});
export type FleetValidationReply = z.infer<typeof FleetValidationReplySchema>;


/** The live preflight of a plan: every account + region read again, every row checked against it. */
export const FleetPreflightSchema = z.object({
  validation: FleetValidationReplySchema,
  /** Per account + region: whether it was read live, and why not; quota shortfalls for what the plan creates there. */
  regions: z.array(z.object({ accountId: z.string(), region: z.string(), live: z.boolean(), error: z.string().nullable(), issues })),
  /** The exact requests per included target (project IDs filled in where known). */
  requests: z.array(z.object({ key: z.string(), requests: z.array(PlannedRequestSchema) })),
  checkedAt: z.string(),
  /** True when every region was read live, no row has an error and no quota falls short. */
  canStart: z.boolean(),
});

const fileReply = z.object({ filename: z.string(), mime: z.string(), content: z.string() });

export const fleetChannels = {
  'fleet:list': { req: z.strictObject({}), res: z.array(FleetPlanSummarySchema) },
  'fleet:get': { req: z.strictObject({ id }), res: FleetPlanSchema },
  'fleet:create': { req: z.strictObject({ content: FleetPlanContentSchema.optional() }), res: FleetPlanSchema },
  /** Save the whole content; `revision` must be the one the caller last saw (else CONFLICT). */
  'fleet:save': { req: z.strictObject({ id, revision: z.number().int().nonnegative(), content: FleetPlanContentSchema }), res: FleetPlanSchema },
  'fleet:delete': { req: z.strictObject({ id }), res: z.object({ deleted: z.boolean() }) },
  /** Every row checked offline against its target's cached inventory. */
  'fleet:validate': { req: z.strictObject({ id }), res: FleetValidationReplySchema },
  /** "Use the next free port on each": saves the plan with the clashing rows moved; lists what changed. */
  'fleet:nextFreePort': {
    req: z.strictObject({ id, revision: z.number().int().nonnegative() }),
    res: z.object({ plan: FleetPlanSchema, changed: z.array(z.object({ key: z.string(), from: z.number(), to: z.number() })), full: z.array(z.string()) }),
  },
  /** Reads every account + region of the plan again (a sync) and checks each row against it, with quotas. */
  'fleet:preflight': { req: z.strictObject({ id }), res: FleetPreflightSchema },
  'fleet:export': { req: z.strictObject({ id, format: z.enum(['json', 'api', 'terraform']) }), res: fileReply },
  'fleet:import': { req: z.strictObject({ text: z.string().max(5_000_000) }), res: FleetPlanSchema },
  /** Starts a run of the plan (refused while any included row has an error); returns at once, progress by event. */
  'fleet:apply': {
    req: z.strictObject({ id, concurrency: z.number().int().min(FLEET_CONCURRENCY.min).max(FLEET_CONCURRENCY.max).optional() }),
    res: FleetRunSchema,
  },
  /** Stops starting new targets; the ones in flight finish. */
  'fleet:cancel': { req: z.strictObject({ runId: id }), res: FleetRunSchema },
  /** Runs the failed (and cancelled) targets of a run again, and only those. */
  'fleet:retryFailed': { req: z.strictObject({ runId: id }), res: FleetRunSchema },
  'fleet:runs': { req: z.strictObject({ planId: id.optional() }), res: z.array(FleetRunSchema) },
  'fleet:run': { req: z.strictObject({ runId: id }), res: FleetRunSchema },
  /** The results table (target, status, created IDs, request IDs, error) as CSV or JSON. */
  'fleet:results': { req: z.strictObject({ runId: id, format: z.enum(['csv', 'json']) }), res: fileReply },
} as const;

export const fleetEvents = {
  /** One target of a run changed (state, IDs, error), with the run's counts. */
  'fleet:progress': z.object({
    runId: z.string(),
    state: FleetRunSchema.shape.state,
    target: FleetTargetResultSchema.nullable(),
    counts: z.record(z.string(), z.number().int()),
  }),
} as const;
