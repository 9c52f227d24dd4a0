/**
 * Delete plans: which listeners go, in which order, and which backend server groups go with them.
 *
 * The API refuses to delete a listener while a group is bound (elb-v3-api.md §13), so each bound listener is first
 * unbound (PUT `default_pool_id: null`), then deleted. A group goes only when asked, when no listener outside the
 * plan uses it and when its servers can be removed (no removal protection, or no servers): its health check, then its
 * servers, then the group. IP address groups are never deleted.
 * Pure functions.
 */
import type { PlannedRequest } from '../ipc/contract';
import { PROJECT_ID_PLACEHOLDER } from '../mapping/api';
import { stepLabel, type StepLabel } from '../mapping/step-label';
import type { Inventory, Listener } from '../model/inventory';

export type DeleteStepKind = 'unbind' | 'listener' | 'healthmonitor' | 'member' | 'pool';

/** One step; `key` is `<kind>:<id>` (members: `member:<poolId>/<memberId>`), unique in a plan. */
export interface DeleteStep {
  key: string;
  kind: DeleteStepKind;
  /** The resource the step acts on (for unbind: the listener). */
  id: string;
  /** Members: their group. */
  poolId: string | null;
  title: string;
  /** The title as a code and values, for the UI's language (shared/mapping/step-label.ts). */
  label: StepLabel;
}

/** A group of a listener in the plan. */
export interface DeleteGroupInfo {
  poolId: string;
  name: string;
  /** Deleted with the listeners. */
  willDelete: boolean;
  /** Listeners outside the plan that use it (why it stays). */
  usedBy: Array<{ id: string; name: string }>;
  /** Removal protection is on and it has servers: they cannot be removed, so it stays (why it stays). */
  protectedServers: boolean;
  healthMonitorId: string | null;
  memberIds: string[];
}

export interface DeletePlan {
  listeners: Array<{ id: string; name: string; port: string; defaultPoolId: string | null; ipGroupId: string | null }>;
  /** Listener IDs of the draft that the inventory does not know (deleted meanwhile, or never synced). */
  missing: string[];
  groups: DeleteGroupInfo[];
  steps: DeleteStep[];
}

function portOf(l: Listener): string {
  return l.port !== null ? String(l.port) : l.portRanges.map((r) => `${r.start}-${r.end}`).join(', ');
}

/** Parses a step key back into a step (for resuming a journal). */
export function parseDeleteStepKey(key: string): Pick<DeleteStep, 'kind' | 'id' | 'poolId'> | null {
  const m = /^(unbind|listener|healthmonitor|member|pool):(.+)$/.exec(key);
  if (!m) return null;
  const kind = m[1] as DeleteStepKind;
  if (kind === 'member') {
    const [poolId, id] = m[2]!.split('/');
    return poolId && id ? { kind, id, poolId } : null;
  }
  return { kind, id: m[2]!, poolId: null };
}

/** Builds the plan from the (cached or live) inventory. */
export function planDelete(listenerIds: readonly string[], inv: Pick<Inventory, 'listeners' | 'pools' | 'members'>, deletePool: boolean): DeletePlan {
  const byId = new Map(inv.listeners.map((l) => [l.id, l]));
  const selected = new Set(listenerIds);
  const plan: DeletePlan = { listeners: [], missing: [], groups: [], steps: [] };
  const poolIds: string[] = [];
  for (const id of new Set(listenerIds)) {
    const l = byId.get(id);
    if (!l) {
      plan.missing.push(id);
      continue;
    }
    const label = l.name || l.id;
    plan.listeners.push({ id, name: l.name, port: portOf(l), defaultPoolId: l.defaultPoolId, ipGroupId: l.ipGroup?.id ?? null });
    if (l.defaultPoolId) {
      plan.steps.push({ key: `unbind:${id}`, kind: 'unbind', id, poolId: l.defaultPoolId, title: `Unbind the backend server group from listener ${label}`, label: stepLabel('unbindPool', { listener: label }) });
      if (!poolIds.includes(l.defaultPoolId)) poolIds.push(l.defaultPoolId);
    }
    plan.steps.push({ key: `listener:${id}`, kind: 'listener', id, poolId: null, title: `Delete listener ${label} (${portOf(l)})`, label: stepLabel('deleteListener', { listener: label, port: portOf(l) }) });
  }
  for (const pid of poolIds) {
    const pool = inv.pools.find((p) => p.id === pid);
    const users = new Set<string>(pool?.listenerIds ?? []);
    for (const l of inv.listeners) if (l.defaultPoolId === pid) users.add(l.id);
    const usedBy = [...users].filter((u) => !selected.has(u)).map((u) => ({ id: u, name: byId.get(u)?.name ?? '' }));
    const memberIds = inv.members.filter((m) => m.poolId === pid).map((m) => m.id);
    // The API refuses to remove a server from a protected group (409), so the group could never go: it stays.
    const protectedServers = pool?.memberRemovalProtection === true && memberIds.length > 0;
    const info: DeleteGroupInfo = {
      poolId: pid,
      name: pool?.name ?? '',
      willDelete: deletePool && usedBy.length === 0 && pool !== undefined && !protectedServers,
      usedBy,
      protectedServers,
      healthMonitorId: pool?.healthMonitorId ?? null,
      memberIds,
    };
    plan.groups.push(info);
    if (!info.willDelete) continue;
    const label = info.name || pid;
    if (info.healthMonitorId) {
      plan.steps.push({ key: `healthmonitor:${info.healthMonitorId}`, kind: 'healthmonitor', id: info.healthMonitorId, poolId: pid, title: `Delete the health check of group ${label}`, label: stepLabel('deleteHealthCheck', { group: label }) });
    }
    for (const mid of memberIds) {
      plan.steps.push({ key: `member:${pid}/${mid}`, kind: 'member', id: mid, poolId: pid, title: `Remove a backend server from group ${label}`, label: stepLabel('removeMember', { group: label }) });
    }
    plan.steps.push({ key: `pool:${pid}`, kind: 'pool', id: pid, poolId: null, title: `Delete backend server group ${label}`, label: stepLabel('deletePool', { group: label }) });
  }
  return plan;
}

/** The method, path and body of one delete step. */
export function deleteStepRequest(step: Pick<DeleteStep, 'kind' | 'id' | 'poolId'>, projectId?: string): Omit<PlannedRequest, 'key' | 'title'> {
  const base = `/v3/${projectId || PROJECT_ID_PLACEHOLDER}/elb`;
  const e = encodeURIComponent;
  switch (step.kind) {
    case 'unbind':
      return { method: 'PUT', path: `${base}/listeners/${e(step.id)}`, body: { listener: { default_pool_id: null } } };
    case 'listener':
      return { method: 'DELETE', path: `${base}/listeners/${e(step.id)}`, body: null };
    case 'healthmonitor':
      return { method: 'DELETE', path: `${base}/healthmonitors/${e(step.id)}`, body: null };
    case 'member':
      return { method: 'DELETE', path: `${base}/pools/${e(step.poolId ?? '')}/members/${e(step.id)}`, body: null };
    case 'pool':
      return { method: 'DELETE', path: `${base}/pools/${e(step.id)}`, body: null };
  }
}

/** The plan as requests (confirm step, "Show the requests", history). */
export function planDeleteRequests(plan: DeletePlan, projectId?: string): PlannedRequest[] {
  return plan.steps.map((s) => ({ key: s.key, title: s.title, label: s.label, ...deleteStepRequest(s, projectId) }));
}
