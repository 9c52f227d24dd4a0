/**
 * The exact requests a workbench change sends (§8, §13): create a group (POST /ipgroups), or update one either by
 * merging (iplist/create-or-update for added entries and changed descriptions, iplist/batch-delete for removed ones)
 * or by replacing its whole list (PUT /ipgroups/{id}: the API replaces `ip_list` completely).
 */
import type { ApiEntry } from './analyze';
import { diffEntries, type GroupDiff } from './diff';

export type UpdateStrategy = 'merge' | 'replace';
export type PlanStepKey = 'create' | 'upsert' | 'delete' | 'replace';

/** Each step's title in the journal and the plan (English; the workbench says it in the UI's language by key). */
export const PLAN_STEP_TITLES: Record<PlanStepKey, string> = {
  create: 'Create IP address group',
  upsert: 'Add entries and change descriptions (create-or-update)',
  delete: 'Remove entries (batch-delete)',
  replace: 'Replace the whole list (PUT)',
};

export interface PlanStep {
  key: PlanStepKey;
  method: 'POST' | 'PUT';
  path: string;
  body: { ipgroup: Record<string, unknown> };
}

export interface CreateInput {
  mode: 'create';
  name: string;
  description: string;
  entries: ApiEntry[];
}
export interface UpdateInput {
  mode: 'update';
  groupId: string;
  strategy: UpdateStrategy;
  entries: ApiEntry[];
}
export type PlanInput = CreateInput | UpdateInput;

export interface IpGroupPlan {
  steps: PlanStep[];
  /** For an update: the comparison the steps were built from. */
  diff: GroupDiff | null;
  /** The number of entries the group holds afterwards. */
  resultCount: number;
}

const base = (projectId: string) => `/v3/${encodeURIComponent(projectId)}/elb/ipgroups`;

/**
 * Builds the plan. `existing` is the group's current list (required for an update). When merging would take the group
 * past `limit` before the removal ran, the removal goes first; otherwise entries are added before any are removed, so
 * a whitelist never covers less than both the old and the new list at any moment.
 */
export function buildPlan(input: PlanInput, projectId: string, existing: readonly ApiEntry[] | null, limit = -1): IpGroupPlan {
  if (input.mode === 'create') {
    return {
      steps: [{ key: 'create', method: 'POST', path: base(projectId), body: { ipgroup: { name: input.name, description: input.description, ip_list: input.entries.map((e) => ({ ...e })) } } }],
      diff: null,
      resultCount: input.entries.length,
    };
  }
  const diff = diffEntries(input.entries, existing ?? []);
  const path = `${base(projectId)}/${encodeURIComponent(input.groupId)}`;
  const resultCount = diff.added.length + diff.changed.length + diff.unchanged.length;
  if (input.strategy === 'replace') {
    return { steps: [{ key: 'replace', method: 'PUT', path, body: { ipgroup: { ip_list: input.entries.map((e) => ({ ...e })) } } }], diff, resultCount };
  }
  const upsertList = [...diff.added, ...diff.changed].map((e) => ({ ip: e.ip, description: e.description }));
  const upsert: PlanStep | null = upsertList.length > 0 ? { key: 'upsert', method: 'POST', path: `${path}/iplist/create-or-update`, body: { ipgroup: { ip_list: upsertList } } } : null;
  const del: PlanStep | null =
    diff.removed.length > 0 ? { key: 'delete', method: 'POST', path: `${path}/iplist/batch-delete`, body: { ipgroup: { ip_list: diff.removed.map((e) => ({ ip: e.existingIp ?? e.ip })) } } } : null;
  const peak = (existing?.length ?? 0) + diff.added.length;
  const deleteFirst = limit >= 0 && peak > limit;
  const steps = (deleteFirst ? [del, upsert] : [upsert, del]).filter((s): s is PlanStep => s !== null);
  return { steps, diff, resultCount };
}
