/** Test support: valid inventories of any size. */
import { emptyInventory, type Inventory, type Listener, type Pool } from '../../../../shared/model/inventory';

export function testListener(i: number): Listener {
  return {
    id: `l-${i}`,
    name: `tcp-${i} 监听器`,
    description: i % 3 ? '' : `line "one"\nline two ${i}`,
    loadBalancerId: `lb-${i % 7}`,
    protocol: 'TCP',
    port: i % 5 ? 1000 + (i % 60000) : null,
    portRanges: i % 5 ? [] : [{ start: 2000, end: 2100 }],
    defaultPoolId: i % 4 ? `pool-${i}` : null,
    keepaliveTimeout: 300,
    cps: 0,
    connection: null,
    ipGroup: i % 6 ? null : { id: `ipg-${i}`, type: 'white', enabled: true },
    transparentClientIp: i % 2 === 0,
    proxyProtocol: false,
    nat64: false,
    tags: [{ key: 'env', value: i % 2 ? 'prod' : 'dev' }],
    createdAt: '2025-01-01T00:00:00Z',
  };
}

function testPool(i: number): Pool {
  return {
    id: `pool-${i}`,
    name: `pool ${i}`,
    description: '',
    protocol: 'TCP',
    algorithm: 'ROUND_ROBIN',
    loadBalancerIds: [`lb-${i % 7}`],
    listenerIds: [`l-${i}`],
    healthMonitorId: null,
    sessionPersistence: null,
    connectionDrain: { enabled: false, timeoutSeconds: null },
    ipVersion: 'v4',
    type: null,
    anyPortEnable: false,
    memberRemovalProtection: false,
  };
}

/** An inventory with `n` listeners and a pool for every other one. */
export function testInventory(accountId: string, region: string, n: number): Inventory {
  return {
    ...emptyInventory(accountId, region),
    listeners: Array.from({ length: n }, (_, i) => testListener(i)),
    pools: Array.from({ length: Math.ceil(n / 2) }, (_, i) => testPool(i * 2)),
    quotas: { listener: { limit: 50, used: n } },
    syncedAt: { listeners: '2025-03-01T10:00:00.000Z', pools: null },
    lastError: 'x',
  };
}
