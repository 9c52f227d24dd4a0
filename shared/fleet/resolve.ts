/**
 * One matrix row → the create draft it stands for: the template with the row's port or ranges, and the group and
 * IP address group looked up by name in that target's cached inventory (IDs differ per region and account).
 */
import type { DraftContent } from '../model/draft';
import type { FleetPlanContent, FleetTarget } from '../model/fleet';
import type { Inventory, IpGroup, Pool } from '../model/inventory';

/** A deep copy of plain JSON data (the template is plain data). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The cached inventory of an account + region, or null when nothing is cached. */
export type InventoryLookup = (accountId: string, region: string) => Inventory | null;

/** A name lookup that did not give exactly one match. */
export interface NameMiss {
  kind: 'missing' | 'ambiguous';
  name: string;
  /** The IDs that matched (ambiguous). */
  ids: string[];
}

/** A row resolved into a create draft, plus what the lookups found. */
export interface ResolvedTarget {
  draft: DraftContent;
  /** The group found by name (routing `existing`), or why not. */
  group: { id: string; name: string } | NameMiss | null;
  /** The IP address group found by name (access control on), or why not. */
  ipGroup: { id: string; name: string } | NameMiss | null;
}

const byNameIndexes = new WeakMap<readonly { name: string }[], Map<string, { id: string; name: string }[]>>();

function namedIndex<T extends { id: string; name: string }>(items: readonly T[]): Map<string, T[]> {
  let idx = byNameIndexes.get(items) as Map<string, T[]> | undefined;
  if (!idx) {
    idx = new Map();
    for (const it of items) {
      const list = idx.get(it.name);
      if (list) list.push(it);
      else idx.set(it.name, [it]);
    }
    byNameIndexes.set(items, idx);
  }
  return idx;
}

function lookup<T extends { id: string; name: string }>(items: readonly T[], name: string, keep: (t: T) => boolean = () => true): { id: string; name: string } | NameMiss {
  const found = (namedIndex(items).get(name) ?? []).filter(keep);
  if (found.length === 1) return { id: found[0]!.id, name };
  return { kind: found.length === 0 ? 'missing' : 'ambiguous', name, ids: found.map((f) => f.id) };
}

/** The group name a row uses (its override, else the plan's). */
export function groupNameFor(plan: FleetPlanContent, t: FleetTarget): string {
  return t.groupName ?? plan.groupName;
}

/** The IP address group name a row uses (its override, else the plan's). */
export function ipGroupNameFor(plan: FleetPlanContent, t: FleetTarget): string {
  return t.ipGroupName ?? plan.ipGroupName;
}

/** True when a lookup result is a miss. */
export function isMiss(x: ResolvedTarget['group']): x is NameMiss {
  return x !== null && 'kind' in x;
}

/** Resolves one row against its target's cached inventory (null = not cached: lookups miss). */
export function resolveTarget(plan: FleetPlanContent, t: FleetTarget, inv: Inventory | null): ResolvedTarget {
  const listener = clone(plan.listener);
  if (listener.portMode === 'single' && t.port !== null) listener.port = t.port;
  if (listener.portMode === 'ranges' && t.portRanges !== null) listener.portRanges = clone(t.portRanges);
  const routing = clone(plan.routing);

  let group: ResolvedTarget['group'] = null;
  if (routing.mode === 'existing') {
    const name = groupNameFor(plan, t);
    const pools: readonly Pool[] = inv?.pools ?? [];
    group = lookup(pools, name, (p) => p.loadBalancerIds.includes(t.loadBalancerId) || p.loadBalancerIds.length === 0);
    routing.existingPoolId = isMiss(group) ? null : group.id;
  } else {
    routing.existingPoolId = null;
    if (t.members !== null) routing.members = clone(t.members);
  }

  let ipGroup: ResolvedTarget['ipGroup'] = null;
  if (listener.accessControl.mode !== 'all') {
    const groups: readonly IpGroup[] = inv?.ipGroups ?? [];
    ipGroup = lookup(groups, ipGroupNameFor(plan, t));
    listener.accessControl.ipGroupId = isMiss(ipGroup) ? null : ipGroup.id;
  } else listener.accessControl.ipGroupId = null;

  const draft: DraftContent = {
    title: `${plan.title || 'Fleet plan'} · ${t.loadBalancerName || t.loadBalancerId}`,
    target: { accountId: t.accountId, region: t.region, loadBalancerId: t.loadBalancerId },
    step: 'confirm',
    listener,
    routing,
  };
  return { draft, group, ipGroup };
}
