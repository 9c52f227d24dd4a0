/**
 * The fleet's target selection (issue 12 §1), pure: load balancers picked on the Load balancers page and in the
 * target picker (any cached account + region), keyed by account, region and ID. Rows that cannot take a TCP
 * listener (L7-only, inactive) are never selectable; "select all matching" covers the selectable rows of a filter.
 * No zod and nothing heavy: the Load balancers page (first screen) uses it.
 */
import { inactiveStatus } from '../../../../../shared/fleet/lb-status';
import type { FleetTarget } from '../../../../../shared/model/fleet';
import type { LoadBalancer } from '../../../../../shared/model/inventory';

/** One picked load balancer. */
export interface PickedTarget {
  accountId: string;
  region: string;
  loadBalancerId: string;
  loadBalancerName: string;
}

/** Why a load balancer cannot be a target: application (L7) only, or not active; null when it can. */
export type Refusal = { kind: 'l7' } | { kind: 'inactive'; status: string } | null;

/** A selection: target key → target, in the order picked. */
export type Selection = ReadonlyMap<string, PickedTarget>;

export const EMPTY_SELECTION: Selection = new Map();

/** The key of a target (also the plan row's key): account, region and load balancer ID. */
export function targetKey(t: Pick<PickedTarget, 'accountId' | 'region' | 'loadBalancerId'>): string {
  return `${t.accountId}/${t.region}/${t.loadBalancerId}`;
}

/** Why `lb` cannot take the fleet's TCP listener, or null. */
export function refusalOf(lb: Pick<LoadBalancer, 'type' | 'operatingStatus' | 'provisioningStatus'>): Refusal {
  if (lb.type === 'application') return { kind: 'l7' };
  const status = inactiveStatus(lb);
  return status ? { kind: 'inactive', status } : null;
}

/** The picked target for a load balancer of an account + region. */
export function pickOf(accountId: string, region: string, lb: Pick<LoadBalancer, 'id' | 'name'>): PickedTarget {
  return { accountId, region, loadBalancerId: lb.id, loadBalancerName: lb.name };
}

/** Load balancers whose name, ID or a private address contains the text (case-insensitive), in their order. */
export function filterLoadBalancers<T extends Pick<LoadBalancer, 'id' | 'name' | 'vipAddress' | 'ipv6VipAddress'>>(lbs: readonly T[], query: string): readonly T[] {
  const q = query.trim().toLowerCase();
  if (!q) return lbs;
  return lbs.filter((lb) => lb.name.toLowerCase().includes(q) || lb.id.toLowerCase().includes(q) || (lb.vipAddress ?? '').includes(q) || (lb.ipv6VipAddress ?? '').toLowerCase().includes(q));
}

/** Adds the target when absent, removes it when present. */
export function toggleTarget(sel: Selection, t: PickedTarget): Selection {
  const next = new Map(sel);
  const k = targetKey(t);
  if (!next.delete(k)) next.set(k, t);
  return next;
}

/** The header checkbox's state over the selectable rows shown. */
export function allState(shown: readonly PickedTarget[], sel: Selection): 'none' | 'some' | 'all' {
  let n = 0;
  for (const t of shown) if (sel.has(targetKey(t))) n++;
  if (n === 0) return 'none';
  return n === shown.length ? 'all' : 'some';
}

/** The header checkbox: selects every selectable row shown, or (when all are selected) unselects them. */
export function toggleAllShown(shown: readonly PickedTarget[], sel: Selection): Selection {
  const next = new Map(sel);
  if (allState(shown, sel) === 'all') for (const t of shown) next.delete(targetKey(t));
  else for (const t of shown) next.set(targetKey(t), t);
  return next;
}

/** Adds several targets (the picker's choice); the ones already selected stay where they are. */
export function addTargets(sel: Selection, list: readonly PickedTarget[]): Selection {
  const next = new Map(sel);
  for (const t of list) if (!next.has(targetKey(t))) next.set(targetKey(t), t);
  return next;
}

/**
 * The selection without the rows of `accountId` + `region` that are no longer selectable there (gone from the cache
 * or now refused): a sync can freeze a load balancer after it was picked. Other regions are kept as picked.
 */
export function pruneSelection(sel: Selection, accountId: string | null, region: string | null, lbs: readonly LoadBalancer[] | null): Selection {
  if (!accountId || !region || !lbs) return sel;
  const byId = new Map(lbs.map((lb) => [lb.id, lb]));
  let changed = false;
  const next = new Map<string, PickedTarget>();
  for (const [k, t] of sel) {
    if (t.accountId === accountId && t.region === region) {
      const lb = byId.get(t.loadBalancerId);
      if (!lb || refusalOf(lb)) {
        changed = true;
        continue;
      }
    }
    next.set(k, t);
  }
  return changed ? next : sel;
}

/** The plan rows for the picked targets: no overrides (the template's values), none excluded. */
export function toFleetTargets(list: readonly PickedTarget[]): FleetTarget[] {
  return list.map((t) => ({
    key: targetKey(t).slice(0, 128),
    accountId: t.accountId,
    region: t.region,
    loadBalancerId: t.loadBalancerId,
    loadBalancerName: t.loadBalancerName,
    excluded: false,
    port: null,
    portRanges: null,
    groupName: null,
    members: null,
    ipGroupName: null,
  }));
}
