/** "Use the next free port on each": a pure rewrite of the rows' port overrides, using the single-draft search. */
import type { FleetPlanContent, FleetTarget } from '../model/fleet';
import { findPortClash, nextFreePort } from '../validation/context';
import type { InventoryLookup } from './resolve';

/** The result: the new rows, and which rows changed from which port to which. */
export interface NextFreePortResult {
  targets: FleetTarget[];
  changed: Array<{ key: string; from: number; to: number }>;
  /** Rows with a clash where every port is taken. */
  full: string[];
}

/**
 * For every included row in single-port mode whose port (its override, else the template's) clashes with a
 * TCP/HTTP/HTTPS listener of its load balancer in the cached inventory, sets the row's port to the first free port
 * at or after it (wrapping round). Rows without a clash, excluded rows, rows of uncached targets and port-range
 * plans are returned unchanged. Nothing else in the plan changes.
 */
export function useNextFreePortOnEach(plan: FleetPlanContent, inventories: InventoryLookup): NextFreePortResult {
  const changed: NextFreePortResult['changed'] = [];
  const full: string[] = [];
  if (plan.listener.portMode !== 'single') return { targets: plan.targets.map((t) => ({ ...t })), changed, full };
  const targets = plan.targets.map((t) => {
    const port = t.port ?? plan.listener.port;
    if (t.excluded || port === null || !Number.isInteger(port) || port < 1 || port > 65535) return { ...t };
    const inv = inventories(t.accountId, t.region);
    if (!inv) return { ...t };
    if (!findPortClash(inv.listeners, t.loadBalancerId, port, port)) return { ...t };
    const free = nextFreePort(inv.listeners, t.loadBalancerId, port);
    if (free === null) {
      full.push(t.key);
      return { ...t };
    }
    changed.push({ key: t.key, from: port, to: free });
    return { ...t, port: free };
  });
  return { targets, changed, full };
}
