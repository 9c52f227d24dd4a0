/** "Add TCP listener to selected": a new fleet plan (the template a new draft gets) with the picked targets. */
import type { Channel, Req, Res } from '../../../../../shared/ipc/contract';
import type { Result } from '../../../../../shared/ipc/result';
import type { FleetPlan } from '../../../../../shared/model/fleet';
import { type PickedTarget, toFleetTargets } from './selection';

/** The calls it needs (the app's client, or a double). */
export type FleetCall = <C extends Channel>(channel: C, payload: Req<C>) => Promise<Result<Res<C>>>;

/**
 * Creates the plan (main fills in the default template: the listener and routing a new draft gets), then saves the
 * title and the targets into it. Returns the saved plan, or the first error.
 */
export async function createFleetPlan(call: FleetCall, targets: readonly PickedTarget[], title: string): Promise<Result<FleetPlan>> {
  const created = await call('fleet:create', {});
  if (!created.ok) return created;
  const p = created.value;
  return call('fleet:save', {
    id: p.id,
    revision: p.revision,
    content: { title, listener: p.listener, routing: p.routing, groupName: p.groupName, ipGroupName: p.ipGroupName, targets: toFleetTargets(targets), concurrency: p.concurrency },
  });
}
