/**
 * The seeded data, byte for byte: a hash of everything `buildState` puts in each project (resources in insertion
 * order with their keys in order, flavors, subnets, quota, features), for a spread of options. A refactor of the
 * seeders must leave these unchanged; a deliberate change of the seed updates them here, in the same commit.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildState, type BuildOptions } from './seed';
import type { SandboxState } from './state';

const projectIds = { 'sandbox-1': 'p-one', 'sandbox-2': 'p-two' } as const;

function stateHash(s: SandboxState): string {
  const h = createHash('sha256');
  for (const r of ['sandbox-1', 'sandbox-2'] as const) {
    const ps = s.region(r);
    h.update(JSON.stringify({ region: ps.region, projectId: ps.projectId, features: ps.features, flavors: [...ps.flavors.values()], subnets: ps.subnets, dump: ps.dump() }));
  }
  return h.digest('hex').slice(0, 16);
}

const cases: Array<[string, Omit<BuildOptions, 'projectIds'>, string]> = [
  ['the full seed', { seed: true, extraListeners: 0 }, '949e36244fefb6e1'],
  ['load balancers only', { seed: false, extraListeners: 0 }, '089166c995927007'],
  ['with 45 extra listeners', { seed: true, extraListeners: 45 }, 'ae3c624a696dd330'],
  ['with 23 fleet load balancers', { seed: true, extraListeners: 0, loadBalancers: 23 }, '5aa06dbb6fa9941d'],
  ['fleet load balancers without the full seed', { seed: false, extraListeners: 0, loadBalancers: 23 }, '35d3c2d32d1fd046'],
  ['everything', { seed: true, extraListeners: 1000, loadBalancers: 200 }, 'f7b59e91e35924ca'],
];

describe('seeded state', () => {
  it.each(cases)('%s is unchanged', (_name, o, hash) => {
    const a = stateHash(buildState({ projectIds, ...o }));
    expect(stateHash(buildState({ projectIds, ...o }))).toBe(a); // deterministic
    expect(a).toBe(hash);
  });
});
