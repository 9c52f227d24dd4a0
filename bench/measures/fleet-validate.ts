/**
 * fleet-validate: one offline validation of a 200-target fleet matrix (`validateFleet`), 100 load balancers in each of
 * two regions, 50 listeners on each (10,000 in all), every row resolving an existing group and an IP address group by
 * name and 10 rows clashing on the port. Each run validates against fresh copies of the inventory arrays, so the
 * port/ID/name indexes are built inside the timed call (the cold, whole cost of opening a plan).
 */
import { makeFleet } from '../../shared/fleet/fixtures';
import { validateFleet } from '../../shared/fleet/validate';
import type { FleetPlanContent } from '../../shared/model/fleet';
import type { Inventory } from '../../shared/model/inventory';
import { absoluteRow, measure, type ResultRow } from '../stats';

/** The bench plan and its inventories (listeners per LB = 2 + `extra`). */
export function fleetBenchPlan(targets = 200, extra = 48): { plan: FleetPlanContent; inventories: Map<string, Inventory> } {
  const { plan, inventories } = makeFleet(targets, extra);
  plan.routing.mode = 'existing';
  plan.groupName = 'app-pool';
  plan.listener.accessControl = { mode: 'whitelist', ipGroupId: null };
  plan.ipGroupName = 'office';
  plan.listener.tags = [{ key: 'env', value: 'prod' }];
  for (let i = 0; i < targets; i += 20) plan.targets[i]!.port = 443; // clashes
  return { plan, inventories };
}

function freshLookup(inventories: Map<string, Inventory>): (a: string, r: string) => Inventory | null {
  const copies = new Map<string, Inventory>();
  for (const [k, inv] of inventories) {
    copies.set(k, { ...inv, loadBalancers: [...inv.loadBalancers], listeners: [...inv.listeners], pools: [...inv.pools], ipGroups: [...inv.ipGroups], members: [...inv.members] });
  }
  return (a, r) => copies.get(`${a}|${r}`) ?? null;
}

/** Measures `fleet-validate`. */
export async function measureFleetValidate(o: { targets?: number; runs?: number } = {}): Promise<ResultRow> {
  const targets = o.targets ?? 200;
  const { plan, inventories } = fleetBenchPlan(targets);
  const check = validateFleet(plan, freshLookup(inventories));
  const errorRows = check.rows.filter((r) => r.status === 'error').length;
  if (errorRows !== Math.ceil(targets / 20)) throw new Error(`the bench plan should have ${Math.ceil(targets / 20)} clashing rows, got ${errorRows}`);
  let listeners = 0;
  for (const inv of inventories.values()) listeners += inv.listeners.length;
  const sample = await measure(
    () => {
      const lookup = freshLookup(inventories);
      const s = performance.now();
      const v = validateFleet(plan, lookup);
      const ms = performance.now() - s;
      if (v.rows.length !== targets) throw new Error('unreachable');
      return ms;
    },
    o.runs ?? 15,
    3,
  );
  return absoluteRow(
    'fleet-validate',
    'ms',
    sample,
    50,
    null,
    `validateFleet of a ${targets}-target matrix over 2 regions (${listeners.toLocaleString('en')} cached listeners, group and IP group by name, ` +
      `${errorRows} port clashes); cold indexes each run (fresh inventory arrays); after 3 warm-up runs`,
  );
}
