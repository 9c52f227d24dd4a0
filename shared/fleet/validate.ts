/**
 * Offline validation of a fleet plan: every row is resolved into a create draft and checked with the same rules as
 * a single draft (`validateDraft`) against that target's cached inventory, plus the fleet's own rules (target not
 * cached, inactive or L7-only load balancers refused with the reason, duplicate rows, names that do not resolve).
 * Issues are sorted into the matrix cells they belong to. Pure and synchronous; indexes are shared per inventory.
 */
import type { FleetPlanContent, FleetTarget } from '../model/fleet';
import type { Inventory, LoadBalancer } from '../model/inventory';
import { buildContext } from '../validation/context';
import type { Issue } from '../validation/issue';
import { LABELS } from '../validation/rule-labels';
import { validateDraft } from '../validation/validate';
import { inactiveStatus } from './lb-status';
import { groupNameFor, type InventoryLookup, ipGroupNameFor, isMiss, type NameMiss, resolveTarget, type ResolvedTarget } from './resolve';

export { inactiveStatus };

/** The matrix columns an issue is shown in. */
export const FLEET_CELLS = ['target', 'port', 'group', 'servers', 'ipGroup', 'other'] as const;
export type FleetCell = (typeof FLEET_CELLS)[number];

/** One row's validation. */
export interface FleetRowValidation {
  key: string;
  excluded: boolean;
  /** Why the target cannot take the listener at all (L7-only, inactive, not cached, duplicate), or null. */
  refusal: Issue | null;
  /** Every issue of the row (empty for excluded rows). */
  issues: Issue[];
  cells: Record<FleetCell, Issue[]>;
  /** error > warning > ok; `excluded` for excluded rows. */
  status: 'ok' | 'warning' | 'error' | 'excluded';
  /** The resolved create draft (null for excluded rows). */
  resolved: ResolvedTarget | null;
}

/** What applying the plan creates over the included rows without errors. */
export interface FleetTotals {
  targets: number;
  listeners: number;
  groups: number;
  servers: number;
  healthChecks: number;
}

export interface FleetValidation {
  rows: FleetRowValidation[];
  /** Plan-level issues (no targets, every target excluded). */
  planIssues: Issue[];
  totals: FleetTotals;
  /** True when no included row and no plan-level rule has an error, and at least one row is included. */
  canStart: boolean;
}

/** The fleet's rule codes and severities (the single-draft rules keep theirs). */
export const FLEET_RULES = {
  'fleet.targets.none': 'error',
  'fleet.target.notCached': 'error',
  'fleet.target.inactive': 'error',
  'fleet.target.duplicate': 'error',
  'fleet.group.nameRequired': 'error',
  'fleet.group.missing': 'error',
  'fleet.group.ambiguous': 'error',
  'fleet.ipGroup.nameRequired': 'error',
  'fleet.ipGroup.missing': 'error',
  'fleet.ipGroup.ambiguous': 'error',
} as const;
export type FleetRuleCode = keyof typeof FLEET_RULES;

function issue(code: FleetRuleCode, path: string, message: string, params?: Record<string, string | number>): Issue {
  const i: Issue = { path, code, severity: FLEET_RULES[code], message };
  if (params) i.params = params;
  return i;
}

/** The cell an issue path belongs to. */
export function cellOf(path: string): FleetCell {
  if (path.startsWith('target')) return 'target';
  if (path.startsWith('listener.port') || path === 'listener.portMode') return 'port';
  if (path.startsWith('routing.existingPoolId')) return 'group';
  if (path.startsWith('routing.members')) return 'servers';
  if (path.startsWith('listener.accessControl')) return 'ipGroup';
  return 'other';
}


const lbIndexes = new WeakMap<readonly LoadBalancer[], Map<string, LoadBalancer>>();
function findLb(inv: Inventory, id: string): LoadBalancer | undefined {
  let idx = lbIndexes.get(inv.loadBalancers);
  if (!idx) {
    idx = new Map(inv.loadBalancers.map((lb) => [lb.id, lb]));
    lbIndexes.set(inv.loadBalancers, idx);
  }
  return idx.get(id);
}

function describeLb(t: FleetTarget): string {
  return t.loadBalancerName ? `"${t.loadBalancerName}" (${t.loadBalancerId})` : t.loadBalancerId;
}

function nameIssues(which: 'group' | 'ipGroup', miss: NameMiss, t: FleetTarget): Issue {
  const label = which === 'group' ? LABELS.pool : LABELS.accessControl;
  const path = which === 'group' ? 'routing.existingPoolId' : 'listener.accessControl.ipGroupId';
  const where = which === 'group' ? `load balancer ${describeLb(t)}` : `${t.region} of this account`;
  if (miss.name.trim() === '') {
    return issue(
      which === 'group' ? 'fleet.group.nameRequired' : 'fleet.ipGroup.nameRequired',
      path,
      which === 'group' ? `${label}: enter the name of the existing backend server group to use on each target.` : `${label}: enter the name of the IP address group to use on each target.`,
    );
  }
  if (miss.kind === 'missing') {
    return issue(
      which === 'group' ? 'fleet.group.missing' : 'fleet.ipGroup.missing',
      path,
      which === 'group'
        ? `${label}: no backend server group named "${miss.name}" exists on ${where} in the cached inventory.`
        : `${label}: no IP address group named "${miss.name}" exists in ${where} in the cached inventory.`,
      { name: miss.name },
    );
  }
  return issue(
    which === 'group' ? 'fleet.group.ambiguous' : 'fleet.ipGroup.ambiguous',
    path,
    `${label}: ${miss.ids.length} groups named "${miss.name}" exist on ${where}; the name must pick exactly one.`,
    { name: miss.name, count: miss.ids.length },
  );
}

function emptyCells(): Record<FleetCell, Issue[]> {
  return { target: [], port: [], group: [], servers: [], ipGroup: [], other: [] };
}

/** Validates one row (not excluded). `seen` detects duplicate targets. */
function validateRow(plan: FleetPlanContent, t: FleetTarget, inv: Inventory | null, duplicate: boolean): FleetRowValidation {
  const issues: Issue[] = [];
  let refusal: Issue | null = null;
  const lb = inv ? findLb(inv, t.loadBalancerId) : undefined;
  if (duplicate) {
    refusal = issue('fleet.target.duplicate', 'target.loadBalancerId', `${LABELS.loadBalancer} ${describeLb(t)} is already a target of this plan (same account and region); remove one of the rows.`);
  } else if (!inv || !lb) {
    refusal = issue(
      'fleet.target.notCached',
      'target.loadBalancerId',
      `${LABELS.loadBalancer} ${describeLb(t)} is not in the cached inventory of ${t.region}; sync that account and region, or remove the row.`,
      { region: t.region },
    );
  } else {
    const status = inactiveStatus(lb);
    if (status) {
      refusal = issue('fleet.target.inactive', 'target.loadBalancerId', `${LABELS.loadBalancer} ${describeLb(t)} is ${status} (not active): listeners cannot be added to it.`, { status });
    }
  }
  const resolved = resolveTarget(plan, t, inv);
  const drop = new Set<string>();
  if (isMiss(resolved.group)) {
    issues.push(nameIssues('group', resolved.group, t));
    drop.add('routing.existingPoolId');
  } else if (resolved.group === null && plan.routing.mode === 'existing') {
    drop.add('routing.existingPoolId');
  }
  if (isMiss(resolved.ipGroup)) {
    issues.push(nameIssues('ipGroup', resolved.ipGroup, t));
    drop.add('listener.accessControl.ipGroupId');
  }
  if (refusal) issues.unshift(refusal);
  if (!refusal || refusal.code === 'fleet.target.inactive') {
    const ctx = buildContext(inv, t.loadBalancerId, t.region);
    for (const i of validateDraft(resolved.draft, ctx)) {
      if (drop.has(i.path) && i.severity === 'error') continue;
      issues.push(i);
      if (!refusal && i.code === 'target.loadBalancer.applicationOnly') refusal = i;
    }
  }
  const cells = emptyCells();
  for (const i of issues) cells[cellOf(i.path)].push(i);
  const status = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : 'ok';
  return { key: t.key, excluded: false, refusal, issues, cells, status, resolved };
}

/** Validates every row of a plan against the cached inventories. */
export function validateFleet(plan: FleetPlanContent, inventories: InventoryLookup): FleetValidation {
  const rows: FleetRowValidation[] = [];
  const seen = new Set<string>();
  const invCache = new Map<string, Inventory | null>();
  const totals: FleetTotals = { targets: 0, listeners: 0, groups: 0, servers: 0, healthChecks: 0 };
  let anyError = false;
  for (const t of plan.targets) {
    if (t.excluded) {
      rows.push({ key: t.key, excluded: true, refusal: null, issues: [], cells: emptyCells(), status: 'excluded', resolved: null });
      continue;
    }
    const ik = `${t.accountId}|${t.region}`;
    let inv = invCache.get(ik);
    if (inv === undefined) {
      inv = inventories(t.accountId, t.region);
      invCache.set(ik, inv);
    }
    const tk = `${ik}|${t.loadBalancerId}`;
    const row = validateRow(plan, t, inv, seen.has(tk));
    seen.add(tk);
    rows.push(row);
    totals.targets += 1;
    if (row.status === 'error') {
      anyError = true;
      continue;
    }
    totals.listeners += 1;
    if (plan.routing.mode === 'new') {
      totals.groups += 1;
      totals.servers += (t.members ?? plan.routing.members).length;
      if (plan.routing.healthCheck.enabled) totals.healthChecks += 1;
    }
  }
  const planIssues: Issue[] = [];
  if (totals.targets === 0) {
    planIssues.push(
      issue('fleet.targets.none', 'targets', plan.targets.length === 0 ? 'Targets: add at least one load balancer to the plan.' : 'Targets: every row is excluded; include at least one load balancer.'),
    );
  }
  return { rows, planIssues, totals, canStart: !anyError && planIssues.length === 0 };
}

/** The group name and IP group name a row would use (for display in the matrix). */
export function rowNames(plan: FleetPlanContent, t: FleetTarget): { groupName: string | null; ipGroupName: string | null } {
  return {
    groupName: plan.routing.mode === 'existing' ? groupNameFor(plan, t) : null,
    ipGroupName: plan.listener.accessControl.mode !== 'all' ? ipGroupNameFor(plan, t) : null,
  };
}
