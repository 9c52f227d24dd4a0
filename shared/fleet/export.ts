/**
 * Fleet plan exports and import: the plan as one JSON file (an envelope like the draft's), and the API requests per
 * target (the single-draft plan of each resolved row, from shared/mapping).
 */
import type { FieldIssue } from '../ipc/result';
import { planRequests } from '../mapping/api';
import { toApiRequestsText } from '../mapping/api-requests';
import { FleetPlanContentSchema, type FleetPlanContent } from '../model/fleet';
import { type InventoryLookup, resolveTarget } from './resolve';

export const FLEET_FILE_FORMAT = 'elb-desk-fleet-plan';
export const FLEET_FILE_VERSION = 1;

/** Pretty JSON of the plan's editable content in the file envelope. */
export function exportFleetJson(plan: FleetPlanContent): string {
  const content: FleetPlanContent = {
    title: plan.title,
    listener: plan.listener,
    routing: plan.routing,
    groupName: plan.groupName,
    ipGroupName: plan.ipGroupName,
    targets: plan.targets,
    concurrency: plan.concurrency,
  };
  return JSON.stringify({ format: FLEET_FILE_FORMAT, version: FLEET_FILE_VERSION, content }, null, 2) + '\n';
}

export type ParseFleetResult = { ok: true; content: FleetPlanContent } | { ok: false; issues: FieldIssue[] };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function unsafePath(v: unknown, path: string[], depth: number): string | null {
  if (depth > 32) return path.join('.') || '(root)';
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = unsafePath(v[i], [...path, String(i)], depth + 1);
      if (hit !== null) return hit;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      if (FORBIDDEN.has(k)) return [...path, k].join('.');
      const hit = unsafePath((v as Record<string, unknown>)[k], [...path, k], depth + 1);
      if (hit !== null) return hit;
    }
  }
  return null;
}

const fail = (path: string, code: string, message: string): ParseFleetResult => ({ ok: false, issues: [{ path, code, message }] });

/** Reads a fleet plan file; refuses non-JSON, a wrong envelope or version, forbidden keys and schema mismatches. */
export function parseFleetJson(text: string): ParseFleetResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return fail('', 'import.json', `The file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const bad = unsafePath(data, [], 0);
  if (bad !== null) return fail(bad, 'import.forbiddenKey', `The file contains a forbidden key or is nested too deep at ${bad}.`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail('', 'import.envelope', 'The file is not an ELB Desk fleet plan: expected a JSON object.');
  const env = data as Record<string, unknown>;
  if (env.format !== FLEET_FILE_FORMAT) return fail('format', 'import.envelope', `The file is not an ELB Desk fleet plan: "format" must be "${FLEET_FILE_FORMAT}".`);
  if (env.version !== FLEET_FILE_VERSION) {
    return fail('version', 'import.version', `Unsupported fleet plan file version ${JSON.stringify(env.version) ?? 'undefined'}; expected ${FLEET_FILE_VERSION}.`);
  }
  const parsed = FleetPlanContentSchema.safeParse(env.content);
  if (parsed.success) return { ok: true, content: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      return { path, code: 'import.field', message: path ? `${path}: ${i.message}` : i.message };
    }),
  };
}

/**
 * The API requests of every included target, one section per target (`projectIdOf` fills in project IDs where
 * known). Group and IP group names are resolved from the cached inventories; unresolved ones stay empty.
 */
export function fleetApiRequestsText(plan: FleetPlanContent, inventories: InventoryLookup, projectIdOf: (accountId: string, region: string) => string | undefined = () => undefined): string {
  const included = plan.targets.filter((t) => !t.excluded);
  const parts = [`# Fleet plan ${plan.title ? `"${plan.title}"` : '(untitled)'}: ${included.length} target${included.length === 1 ? '' : 's'}`];
  for (const t of included) {
    const { draft } = resolveTarget(plan, t, inventories(t.accountId, t.region));
    const requests = planRequests({ ...draft, id: t.key }, t.loadBalancerId, projectIdOf(t.accountId, t.region));
    parts.push(`\n## ${t.loadBalancerName || t.loadBalancerId} (${t.region}, load balancer ${t.loadBalancerId})\n\n${toApiRequestsText(requests)}`);
  }
  return parts.join('\n') + '\n';
}
