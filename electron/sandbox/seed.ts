/**
 * The seeded sandbox state: two projects = two regions, with the inventory of seed-regions.ts, the extra listeners of
 * scale tests and the fleet's load balancers (fleet-seed.ts). Seeded IDs are stable (derived from names), so they are
 * the same on every run and for any project ID. The records are built by seed-load-balancers.ts, seed-listeners.ts,
 * seed-pools.ts and seed-ipgroups.ts.
 */
import { addFleetLoadBalancers } from './fleet-seed';
import { addExtraListeners } from './seed-listeners';
import { flavors, subnets } from './seed-load-balancers';
import { SEED_EPOCH, seedRegion1, seedRegion2 } from './seed-regions';
import type { QuotaLimits } from './records';
import { makeState, ProjectState, type SandboxState } from './state';
import type { RegionId } from './types';

export { stableId } from './seed-ids';

/** The base quota limits of a project (−1 = no limit). */
export function baseQuota(): QuotaLimits {
  return {
    loadbalancer: 50,
    listener: 1500,
    pool: 5000,
    member: 10000,
    healthmonitor: 5000,
    ipgroup: 50,
    ipgroup_bindings: 50,
    ipgroup_max_length: 300,
    ipgroups_per_listener: 5,
    listeners_per_loadbalancer: 100,
    members_per_pool: 1000,
    listeners_per_pool: 50,
    certificate: 120,
    l7policy: 2000,
    security_policy: 50,
    condition_per_policy: 10,
  };
}

/** Options of `buildState`. */
export interface BuildOptions {
  projectIds: Record<RegionId, string>;
  /** false: load balancers, flavors and subnets only (no listeners, pools, members, monitors, IP groups). */
  seed: boolean;
  extraListeners: number;
  /** Fleet-scale load balancers over both regions (fleet-seed.ts); 0 or absent = none. */
  loadBalancers?: number;
}

/** Creates an empty project with its static parts (flavors, subnets, quota). */
export function emptyProject(region: RegionId, projectId: string): ProjectState {
  const ps = new ProjectState(projectId, region, region === 'sandbox-1' ? { portRanges: true, nat64: true } : { portRanges: false, nat64: false });
  for (const f of flavors(region)) ps.flavors.set(f.id, f);
  ps.subnets.push(...subnets(region));
  ps.quota = baseQuota();
  return ps;
}

/** Builds the seeded state. */
export function buildState(o: BuildOptions): SandboxState {
  const r1 = emptyProject('sandbox-1', o.projectIds['sandbox-1']);
  const r2 = emptyProject('sandbox-2', o.projectIds['sandbox-2']);
  seedRegion1(r1, o.seed);
  seedRegion2(r2, o.seed);
  // (the extra listeners are timed after every seeded record)
  addExtraListeners(r1, o.extraListeners, SEED_EPOCH + 400 * 3600_000);
  addFleetLoadBalancers(r1, r2, o.loadBalancers ?? 0, o.seed);
  return makeState(r1, r2);
}

/** Replaces the live state's content with a fresh seed (the same objects are kept, so references stay valid). */
export function reseed(state: SandboxState, o: BuildOptions): void {
  const fresh = buildState(o);
  for (const r of ['sandbox-1', 'sandbox-2'] as const) state.region(r).load(fresh.region(r).dump());
}
