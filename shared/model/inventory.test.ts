import { describe, expect, it } from 'vitest';
import { InventorySchema, PoolSchema, emptyInventory } from './inventory';

/** A pool as caches written before `anyPortEnable` existed stored it. */
const olderPool = {
  id: 'pool-1',
  name: 'web',
  description: '',
  protocol: 'TCP',
  algorithm: 'ROUND_ROBIN',
  loadBalancerIds: ['lb-1'],
  listenerIds: [],
  healthMonitorId: null,
  sessionPersistence: null,
  connectionDrain: null,
  ipVersion: 'dualstack',
  type: null,
};

describe('PoolSchema: all-port forwarding', () => {
  it('an older cached pool without anyPortEnable still loads, as a group without all-port forwarding', () => {
    expect(PoolSchema.parse(olderPool).anyPortEnable).toBe(false);
    const inv = InventorySchema.parse({ ...emptyInventory('a', 'r'), pools: [olderPool] });
    expect(inv.pools[0]?.anyPortEnable).toBe(false);
  });

  it('keeps true, and refuses a value that is not a boolean', () => {
    expect(PoolSchema.parse({ ...olderPool, anyPortEnable: true }).anyPortEnable).toBe(true);
    expect(PoolSchema.safeParse({ ...olderPool, anyPortEnable: 'yes' }).success).toBe(false);
  });
});
