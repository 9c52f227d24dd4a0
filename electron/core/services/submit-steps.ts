/**
 * The four create steps of a submit, as cloud calls: what a step sends, what it records before sending (the
 * look-alikes a lost reply must not be mistaken for), and how its outcome is found again when a reply was lost
 * (submit-find.ts) — functions of the draft, the journal entry and the client, without state of their own.
 */
import type { JournalEntry } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { newPoolForwardsAllPorts } from '../../../shared/model/all-port';
import { healthMonitorBody, listenerBody, membersBatchBody, poolBody } from '../../../shared/mapping/api';
import type { CreateStepKey } from '../../../shared/mapping/step-label';
import type { ElbClient } from '../cloud/client';
import { findCreatedListener, findCreatedPool, listenersOnDraftPorts, listenersOnDraftPortsIn, lookAlikePools, lookAlikePoolsIn } from './submit-find';
import type { TargetPreState } from './submit-hooks';
import { recordOrphans } from './submit-orphans';

export type Step = JournalEntry['steps'][number];
export type StepKey = CreateStepKey;

/** The steps a draft needs, in order. */
export function stepsFor(draft: Draft): StepKey[] {
  if (draft.routing.mode === 'existing') return ['listener'];
  const keys: StepKey[] = ['pool'];
  if (draft.routing.members.length > 0) keys.push('members');
  if (draft.routing.healthCheck.enabled) keys.push('healthmonitor');
  keys.push('listener');
  return keys;
}

/** Thrown when several equal groups could be the one a lost create made: nothing more is sent. */
export class AmbiguousPool extends AppFailure {
  constructor(readonly candidates: Array<{ id: string; name: string }>) {
    super(
      'CONFLICT',
      `${candidates.length} equal backend server groups (${candidates.map((c) => c.id).join(', ')}) could be the one this submit created; none was taken and no other group was created. Remove the extra ones, then submit again.`,
    );
  }
}

/** Finds the resource a step may already have created. Returns its ID, or null when it does not exist. */
export async function reconcile(client: ElbClient, draft: Draft, entry: JournalEntry, key: StepKey): Promise<string | null> {
  const step = entry.steps.find((s) => s.key === key);
  const poolId = entry.steps.find((s) => s.key === 'pool')?.resourceId ?? draft.routing.existingPoolId;
  switch (key) {
    case 'pool': {
      const found = await findCreatedPool(client, entry.loadBalancerId, draft, step?.seen);
      if (found.kind === 'ambiguous') {
        recordOrphans(entry, found.candidates.map((c) => ({ kind: 'pool', id: c.id, name: c.name, reason: 'ambiguous', state: 'present', error: null })));
        throw new AmbiguousPool(found.candidates);
      }
      return found.kind === 'found' ? found.id : null;
    }
    case 'members': {
      if (!poolId) return null;
      const members = await client.listMembers(poolId);
      // All-port groups ignore the member port, so only the address identifies a server there.
      const allPorts = newPoolForwardsAllPorts(draft);
      const wanted = draft.routing.members.map((m) => (allPorts ? m.address : `${m.address}|${m.port}`));
      const have = new Set(members.map((m) => (allPorts ? m.address : `${m.address}|${m.protocol_port}`)));
      return wanted.every((w) => have.has(w)) ? poolId : null;
    }
    case 'healthmonitor': {
      if (!poolId) return null;
      const pool = await client.getPool(poolId);
      return pool.healthmonitor_id ? pool.healthmonitor_id : null;
    }
    case 'listener':
      return findCreatedListener(client, entry.loadBalancerId, draft, poolId, step?.seen);
  }
}

/** `lookAlikes` from the batch read of the load balancer. */
export function lookAlikesIn(pre: TargetPreState, draft: Draft, entry: JournalEntry, key: StepKey): string[] | undefined {
  if (key === 'pool') return lookAlikePoolsIn(pre.pools, draft);
  if (key === 'listener') return listenersOnDraftPortsIn(pre.listeners, entry.loadBalancerId, draft).map((l) => l.id);
  return undefined;
}

/** What already exists that a lost reply must not be mistaken for: recorded in the step before it is sent. */
export async function lookAlikes(client: ElbClient, draft: Draft, entry: JournalEntry, key: StepKey): Promise<string[] | undefined> {
  if (key === 'pool') return lookAlikePools(client, entry.loadBalancerId, draft);
  if (key === 'listener') return (await listenersOnDraftPorts(client, entry.loadBalancerId, draft)).map((l) => l.id);
  return undefined;
}

export async function send(client: ElbClient, draft: Draft, entry: JournalEntry, key: StepKey, onRequestId: (id: string | null) => void): Promise<string> {
  const poolId = entry.steps.find((s) => s.key === 'pool')?.resourceId ?? draft.routing.existingPoolId;
  const o = { onRequestId };
  switch (key) {
    case 'pool':
      return (await client.createPool(poolBody(draft, entry.loadBalancerId), o)).id;
    case 'members': {
      if (!poolId) throw new AppFailure('INTERNAL', 'The backend server group ID is missing.');
      await client.batchAddMembers(poolId, membersBatchBody(draft.routing.members, newPoolForwardsAllPorts(draft)), o);
      return poolId;
    }
    case 'healthmonitor': {
      if (!poolId) throw new AppFailure('INTERNAL', 'The backend server group ID is missing.');
      return (await client.createHealthMonitor(healthMonitorBody(draft.routing.healthCheck, poolId), o)).id;
    }
    case 'listener':
      if (!poolId) throw new AppFailure('INTERNAL', 'The backend server group ID is missing.');
      return (await client.createListener(listenerBody({ ...draft, target: { ...draft.target, loadBalancerId: entry.loadBalancerId } }, { poolId }), o)).id;
  }
}
