/**
 * The batch read of a fleet run's load balancers, per account + region: one list of the load balancers (`id=`
 * filters), one of their TCP listeners and one of their backend server groups (`loadbalancer_id=` filters), 50
 * load balancers per call, the three calls at once — instead of, per target, a GET of the load balancer before each
 * step and a look-alike list before each create.
 *
 * What a target takes from it, for the first send of each of its steps (submit.ts, FleetSubmitHooks.pre):
 * - ACTIVE: no GET of the load balancer before the step. A load balancer busy by then refuses the create with 409
 *   (nothing is created); the step goes back to pending and its next round waits for ACTIVE live.
 * - The look-alikes (`seen`): the listeners on the target's port, the unused groups that look like its new group.
 *   They are still journaled, durably, in the step before its create is sent, exactly as a live read would be.
 *
 * Why a batch read is sound for `seen`: reconciliation after a lost reply takes as ours only a look-alike that is not
 * in `seen` (and, for a group, untouched; for a listener, holding what we sent). So `seen` must (1) not hold what this
 * step's own create made and (2) hold what existed when it was sent. (1): the batch is read before the step's first
 * send (it is used only when the step has never been sent — `attempts === 0`), and every target has its own load
 * balancer (a plan refuses duplicate rows), so no other target of the run creates anything there; every later round
 * of a step reads live. (2) is what a live read gives too, up to the gap between the read and the send; the batch
 * widens that gap to at most PRESTATE_MAX_AGE_MS (an older batch is read again). What appears in that gap is someone
 * else's identical group or listener made at the same time: a listener on our port makes our create fail (409, port
 * in use), and for a group it shows as a second candidate when our reply is lost — ambiguous, so the submit stops and
 * lists both instead of creating again, as it does for a live read's gap. The batch never makes the submit send twice.
 */
import type { ApiListener, ApiLoadBalancer, ApiPool } from '../cloud/api-types';
import type { ElbClient } from '../cloud/client';
import * as N from '../cloud/normalize';
import { poolLoadBalancerIds } from './submit-find';
import type { TargetPreState } from './submit';

/** A batch older than this is read again before a target uses it. */
export const PRESTATE_MAX_AGE_MS = 30_000;
/** Load balancers per list call (repeated filters keep the URL well under common limits). */
const PER_CALL = 50;

/** Reads the state of these load balancers in one batch (see the module comment). */
export async function readPreState(client: ElbClient, lbIds: readonly string[]): Promise<Map<string, TargetPreState>> {
  const out = new Map<string, TargetPreState>();
  const chunks: string[][] = [];
  for (let i = 0; i < lbIds.length; i += PER_CALL) chunks.push(lbIds.slice(i, i + PER_CALL));
  const parts = await Promise.all(
    chunks.map((ids) =>
      Promise.all([
        client.listLoadBalancers({ id: ids }),
        client.listAllListeners({ loadbalancer_id: ids, protocol: 'TCP' }),
        client.listPools({ loadbalancer_id: ids }),
      ]),
    ),
  );
  const lbs: ApiLoadBalancer[] = [];
  const listeners: ApiListener[] = [];
  const pools: ApiPool[] = [];
  for (const [l, li, p] of parts) {
    lbs.push(...l);
    listeners.push(...li);
    pools.push(...p);
  }
  const wanted = new Set(lbIds);
  for (const lb of lbs) if (wanted.has(lb.id)) out.set(lb.id, { active: lb.provisioning_status === 'ACTIVE', listeners: [], pools: [] });
  for (const l of listeners) out.get(N.toListener(l).loadBalancerId)?.listeners.push(l);
  for (const p of pools) for (const id of poolLoadBalancerIds(p)) out.get(id)?.pools.push(p);
  return out;
}

/**
 * The batches of one account + region: a target asks for its load balancer's state before its submit; a missing or
 * stale batch is read again for the targets still to start (concurrent asks share one read). A failed read gives
 * nothing (the target reads live, as a single draft does).
 */
export class PreStateCache {
  private batch: { at: number; states: Map<string, TargetPreState>; failed: boolean } | null = null;
  private reading: Promise<void> | null = null;
  /** Batch reads made (for tests and the bench). */
  reads = 0;

  constructor(
    private readonly read: (lbIds: string[]) => Promise<Map<string, TargetPreState>>,
    private readonly nowMs: () => number,
    private readonly maxAgeMs = PRESTATE_MAX_AGE_MS,
  ) {}

  /** This load balancer's state from a fresh batch (each state is handed out once), or undefined. */
  async forTarget(lbId: string, toStart: () => string[]): Promise<TargetPreState | undefined> {
    const fresh = () => this.batch !== null && this.nowMs() - this.batch.at <= this.maxAgeMs;
    if (fresh() && this.batch!.failed) return undefined;
    if (!fresh() || !this.batch!.states.has(lbId)) {
      if (!this.reading) {
        const ids = [...new Set([lbId, ...toStart()])];
        const at = this.nowMs();
        this.reads++;
        this.reading = this.read(ids)
          .then((states) => void (this.batch = { at, states, failed: false }))
          .catch(() => void (this.batch = { at, states: new Map(), failed: true }))
          .finally(() => (this.reading = null));
      }
      await this.reading;
    }
    if (!fresh()) return undefined;
    const s = this.batch!.states.get(lbId);
    this.batch!.states.delete(lbId);
    return s;
  }
}
