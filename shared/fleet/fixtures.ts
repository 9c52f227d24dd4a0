/** Builders for fleet tests and the bench: a plan over N load balancers in two regions. Not used by the app. */
import { emptyFleetPlanContent, type FleetPlanContent, type FleetTarget } from '../model/fleet';
import type { Inventory, LoadBalancer } from '../model/inventory';
import { makeFlavor, makeInventory, makeIpGroup, makeListener, makeLoadBalancer, makePool, validDraft } from '../validation/fixtures';
import type { InventoryLookup } from './resolve';

export const FLEET_ACCOUNT = 'acct-1';
export const FLEET_REGIONS = ['sandbox-1', 'sandbox-2'] as const;

/** A target row with no overrides. */
export function makeTarget(lb: Pick<LoadBalancer, 'id' | 'name'>, region: string, over: Partial<FleetTarget> = {}): FleetTarget {
  return {
    key: `${region}/${lb.id}`,
    accountId: FLEET_ACCOUNT,
    region,
    loadBalancerId: lb.id,
    loadBalancerName: lb.name,
    excluded: false,
    port: null,
    portRanges: null,
    groupName: null,
    members: null,
    ipGroupName: null,
    ...over,
  };
}

/**
 * Two regions with `n` load balancers in all (even → sandbox-1, odd → sandbox-2), each with listeners on 80 and 443
 * (plus `extraListeners` more each), a pool `app-pool` and an IP group `office`. Returns the lookup and the plan
 * template (TCP 8080, a new group without servers + TCP health check) with every LB as a target.
 */
export function makeFleet(n: number, extraListeners = 0): { lookup: InventoryLookup; inventories: Map<string, Inventory>; plan: FleetPlanContent } {
  const invs = new Map<string, Inventory>();
  for (const region of FLEET_REGIONS) {
    invs.set(`${FLEET_ACCOUNT}|${region}`, {
      ...makeInventory({ loadBalancers: [], flavors: [makeFlavor()], ipGroups: [makeIpGroup({ id: `ipg-${region}` })] }),
      region,
    });
  }
  const d = validDraft();
  const plan = emptyFleetPlanContent(d.listener, { ...d.routing, members: [] }, 'Open 8080');
  for (let i = 0; i < n; i++) {
    const region = FLEET_REGIONS[i % 2]!;
    const inv = invs.get(`${FLEET_ACCOUNT}|${region}`)!;
    const lb = makeLoadBalancer({ id: `lb-${i}`, name: `lb-${String(i).padStart(4, '0')}` });
    inv.loadBalancers.push(lb);
    inv.listeners.push(makeListener({ id: `l-${i}-80`, loadBalancerId: lb.id, port: 80 }), makeListener({ id: `l-${i}-443`, loadBalancerId: lb.id, port: 443 }));
    for (let k = 0; k < extraListeners; k++) inv.listeners.push(makeListener({ id: `l-${i}-x${k}`, loadBalancerId: lb.id, port: 20000 + k }));
    inv.pools.push(makePool({ id: `pool-${i}`, name: 'app-pool', loadBalancerIds: [lb.id] }));
    plan.targets.push(makeTarget(lb, region));
  }
  return { lookup: (a, r) => invs.get(`${a}|${r}`) ?? null, inventories: invs, plan };
}
