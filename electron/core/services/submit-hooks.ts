/** What a fleet target's submit takes beyond a single draft's (submit.ts, services/fleet-apply.ts). */
import type { JournalEntry } from '../../../shared/ipc/contract';
import type { Draft } from '../../../shared/model/draft';
import type { ApiListener, ApiPool } from '../cloud/api-types';

/**
 * How a fleet target's submit differs from a single draft's (services/fleet-apply.ts); the exactly-once discipline is
 * the same: every create's intent (with its look-alikes) is durable before it is sent, and an unknown outcome is
 * reconciled from live state before anything is sent again.
 */
export interface FleetSubmitHooks {
  /**
   * Where the entry is read and saved instead of the store's journal: the run's append-only journal. Saves after a
   * create returned are not waited for — the next step's intent save (same file, in order) or the final save carries
   * them to disk, and a crash before that leaves the step `sending`, which is reconciled.
   */
  journal: { last(draftId: string): JournalEntry | undefined; save(entry: JournalEntry): Promise<void>; stage(entry: JournalEntry): void };
  /** This target's load balancer as read in the run's batch, when it was (fleet-prestate.ts). */
  pre?: TargetPreState | undefined;
  /** The caller reads the created resources back (in a batch per account + region); the entry ends without one. */
  deferReadBack: true;
  /**
   * The draft's status and result while the submit goes and when it ends, written with the run's other drafts in
   * one store update a little later (the journal, not the draft, is the submit's truth).
   */
  setDraft: (draftId: string, patch: Partial<Pick<Draft, 'status' | 'result' | 'lastError'>>) => void;
}

/** A target's load balancer as read in a batch shortly before its submit. */
export interface TargetPreState {
  /** provisioning_status was ACTIVE. */
  active: boolean;
  /** Its TCP listeners. */
  listeners: ApiListener[];
  /** Its backend server groups. */
  pools: ApiPool[];
}
