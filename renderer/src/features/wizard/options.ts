/**
 * Pure choices offered by the wizard, built from the cached inventory: target load balancers, existing TCP
 * backend server groups of the target LB, IP address groups, and the LB flavor's connection figures.
 */
import type { Flavor, Inventory, LoadBalancer, LbType } from '../../../../shared/model/inventory';

/** A load balancer in the target picker. */
export interface LbOption {
  id: string;
  name: string;
  type: LbType;
  /** Why it cannot be chosen; null when it can. */
  disabledReason: 'l7-only' | null;
}

/** Every cached LB, L7-only ones disabled ("cannot add TCP listeners"), sorted by name. */
export function loadBalancerOptions(inventory: Pick<Inventory, 'loadBalancers'> | null): LbOption[] {
  if (!inventory) return [];
  return inventory.loadBalancers
    .map((lb) => ({ id: lb.id, name: lb.name || lb.id, type: lb.type, disabledReason: lb.type === 'application' ? ('l7-only' as const) : null }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The target LB from the cache, or null. */
export function findLoadBalancer(inventory: Pick<Inventory, 'loadBalancers'> | null, id: string | null): LoadBalancer | null {
  if (!inventory || !id) return null;
  return inventory.loadBalancers.find((lb) => lb.id === id) ?? null;
}

/** An existing backend server group in the "Use existing" picker. */
export interface PoolOption {
  id: string;
  /** "name (ID)", as the console shows it. */
  label: string;
  /** The selected group is not a TCP group of this LB in the cache (kept so the choice is visible, and flagged). */
  unavailable: boolean;
  /**
   * The listener uses port ranges and this group does not forward all ports (`any_port_enable`), so it cannot be
   * chosen (shown disabled with the reason; a draft that already points at it is flagged by validation).
   */
  noAllPort: boolean;
}

/** "name (ID)"; just the ID when unnamed. */
export function poolLabel(name: string, id: string): string {
  return name ? `${name} (${id})` : id;
}

/**
 * The TCP groups of the target LB, sorted by name. When the draft's current choice is not among them (another
 * LB's group, a non-TCP group, or not in the cache) it is appended as `unavailable`, so the select still shows it.
 * With `portRanges`, groups without all-port forwarding are marked `noAllPort`.
 */
export function tcpPoolOptions(
  inventory: Pick<Inventory, 'pools'> | null,
  loadBalancerId: string | null,
  selectedId: string | null,
  portRanges = false,
): PoolOption[] {
  const pools = inventory?.pools ?? [];
  const options: PoolOption[] = pools
    .filter((p) => p.protocol.toUpperCase() === 'TCP' && loadBalancerId !== null && p.loadBalancerIds.includes(loadBalancerId))
    .map((p) => ({ id: p.id, label: poolLabel(p.name, p.id), unavailable: false, noAllPort: portRanges && !p.anyPortEnable }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (selectedId && !options.some((o) => o.id === selectedId)) {
    const p = pools.find((x) => x.id === selectedId);
    options.push({ id: selectedId, label: poolLabel(p?.name ?? '', selectedId), unavailable: true, noAllPort: portRanges && p !== undefined && !p.anyPortEnable });
  }
  return options;
}

/** An IP address group in the Access Control picker. */
export interface IpGroupOption {
  id: string;
  name: string;
  entries: number;
  /** The chosen group is not in the cache (kept visible, and flagged by validation). */
  missing: boolean;
}

/** The cached IP address groups with entry counts, sorted by name; an uncached current choice is appended. */
export function ipGroupOptions(inventory: Pick<Inventory, 'ipGroups'> | null, selectedId: string | null): IpGroupOption[] {
  const groups = inventory?.ipGroups ?? [];
  const out: IpGroupOption[] = groups
    .map((g) => ({ id: g.id, name: g.name || g.id, entries: g.entries.length, missing: false }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (selectedId && !out.some((g) => g.id === selectedId)) out.push({ id: selectedId, name: selectedId, entries: 0, missing: true });
  return out;
}

/** The per-AZ connection figures of the LB's L4 flavor (null when unknown). */
export interface FlavorFigures {
  flavorName: string | null;
  cps: number | null;
  connection: number | null;
}

/** Looks up the target LB's L4 flavor in the cache. */
export function flavorFigures(inventory: Pick<Inventory, 'flavors'> | null, lb: LoadBalancer | null): FlavorFigures {
  const none: FlavorFigures = { flavorName: null, cps: null, connection: null };
  if (!inventory || !lb?.l4FlavorId) return none;
  const f: Flavor | undefined = inventory.flavors.find((x) => x.id === lb.l4FlavorId);
  if (!f) return none;
  return { flavorName: f.name || f.id, cps: f.cps, connection: f.connection };
}
