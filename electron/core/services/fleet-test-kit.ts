/** Test helpers for fleet runs against the sandbox: a plan over the sandbox's fleet load balancers. Tests only. */
import type { FleetPlanContent, FleetTarget } from '../../../shared/model/fleet';
import { defaultListenerConfig, defaultRouting } from '../../../shared/model/draft-values';
import type { Inventory } from '../../../shared/model/inventory';
import type { SandboxHandle } from '../../sandbox';
import type { TestCore } from '../test-support';

/** Syncs both sandbox regions of the sandbox account; returns the account ID and the two inventories. */
export async function syncBoth(t: TestCore): Promise<{ accountId: string; inv: Record<'sandbox-1' | 'sandbox-2', Inventory> }> {
  const acc = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
  const one = await t.must('sync:run', { accountId: acc.id, region: 'sandbox-1' });
  const two = await t.must('sync:run', { accountId: acc.id, region: 'sandbox-2' });
  return { accountId: acc.id, inv: { 'sandbox-1': one, 'sandbox-2': two } };
}

/** A target row for the fleet LB named `name` (looked up in the inventories). */
export function targetFor(accountId: string, inv: Record<string, Inventory>, name: string, over: Partial<FleetTarget> = {}): FleetTarget {
  for (const [region, i] of Object.entries(inv)) {
    const lb = i.loadBalancers.find((l) => l.name === name);
    if (lb) {
      return { key: `${region}/${lb.id}`, accountId, region, loadBalancerId: lb.id, loadBalancerName: lb.name, excluded: false, port: null, portRanges: null, groupName: null, members: null, ipGroupName: null, ...over };
    }
  }
  throw new Error(`no load balancer ${name}`);
}

/** A plan: TCP `port`, a new group (no servers) with a TCP health check, named after the port. */
export function planContent(title: string, port: number, targets: FleetTarget[]): FleetPlanContent {
  const listener = defaultListenerConfig();
  listener.port = port;
  listener.name = `fleet-${port}`;
  const routing = defaultRouting();
  routing.mode = 'new';
  routing.newPool.name = `fleet-group-${port}`;
  return { title, listener, routing, groupName: '', ipGroupName: '', targets, concurrency: 2 };
}

/** Listeners on `port` of each load balancer, and groups named `name`, straight from the sandbox state. */
export function countOnSandbox(sb: SandboxHandle, port: number, groupName: string): { listeners: Map<string, number>; groups: Map<string, number> } {
  const listeners = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const r of ['sandbox-1', 'sandbox-2'] as const) {
    const ps = sb.state().region(r);
    for (const l of ps.listeners.values()) if (l.protocol === 'TCP' && l.protocol_port === port) listeners.set(l.loadbalancer_id, (listeners.get(l.loadbalancer_id) ?? 0) + 1);
    for (const p of ps.pools.values()) if (p.name === groupName) groups.set(p.loadbalancer_id ?? '', (groups.get(p.loadbalancer_id ?? '') ?? 0) + 1);
  }
  return { listeners, groups };
}
