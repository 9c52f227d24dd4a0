/**
 * Whether a load balancer can take a fleet's listener at all, without zod or the validation rules, so the window's
 * first screen (the Load balancers page's multi-select) can say why a row is refused.
 */
import type { LoadBalancer } from '../model/inventory';

/** Is the load balancer inactive (frozen, offline, in error)? Returns its status text, or null when active. */
export function inactiveStatus(lb: Pick<LoadBalancer, 'operatingStatus' | 'provisioningStatus'>): string | null {
  const op = lb.operatingStatus.toUpperCase();
  if (op && op !== 'ONLINE') return op;
  if (lb.provisioningStatus.toUpperCase() === 'ERROR') return 'ERROR';
  return null;
}
