import { describe, expect, it, vi } from 'vitest';
import { emptyInventory, type Inventory, type Listener } from '../../../../shared/model/inventory';
import { makeListener, makeLoadBalancer, makePool } from '../../../../shared/validation/fixtures';
import {
  accessMode,
  ariaSort,
  buildListenerRows,
  EMPTY_FILTER,
  filterIpGroups,
  filterListeners,
  filterPools,
  formatPort,
  formatTags,
  protocolsOf,
  sortListeners,
  toggleSort,
  type ListenerFilter,
} from './filters';

function listener(over: Partial<Listener> & { id: string }): Listener {
  return makeListener({ name: over.id, loadBalancerId: 'lb-1', ...over });
}

function inventory(listeners: Listener[]): Inventory {
  return {
    ...emptyInventory('acc', 'sandbox-1'),
    loadBalancers: [
      makeLoadBalancer({ id: 'lb-1', name: 'web-lb', vipAddress: '10.0.0.2', l4FlavorId: 'f4', vpcId: null }),
      makeLoadBalancer({ id: 'lb-2', name: 'db-lb', availabilityZones: [], vipAddress: null, l4FlavorId: 'f4', vpcId: null }),
    ],
    pools: [makePool({ id: 'pool-1', name: 'web-servers', loadBalancerIds: ['lb-1'] })],
    ipGroups: [{ id: 'ipg-1', name: 'office', description: '', entries: [{ ip: '10.1.0.0/16', description: 'HQ' }], listenerIds: [] }],
    listeners,
  };
}

const sample = inventory([
  listener({ id: 'l-a', name: 'https-front', port: 443, defaultPoolId: 'pool-1', tags: [{ key: 'env', value: 'prod' }] }),
  listener({ id: 'l-b', name: 'game', port: null, portRanges: [{ start: 1000, end: 2000 }, { start: 3000, end: 3000 }] }),
  listener({ id: 'l-c', name: 'mysql', port: 3306, loadBalancerId: 'lb-2', ipGroup: { id: 'ipg-1', type: 'white', enabled: true } }),
  listener({ id: 'l-d', name: 'dns', protocol: 'UDP', port: 53, ipGroup: { id: 'ipg-1', type: 'black', enabled: true } }),
  listener({ id: 'l-e', name: '', port: 8080, keepaliveTimeout: null, ipGroup: { id: 'ipg-x', type: 'white', enabled: false }, cps: 500 }),
]);
const rows = buildListenerRows(sample);
const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);
const filter = (over: Partial<ListenerFilter>): ListenerFilter => ({ ...EMPTY_FILTER, ...over });

describe('buildListenerRows', () => {
  it('joins LB, pool and IP group names and formats ports and tags', () => {
    const a = rows.find((r) => r.id === 'l-a')!;
    expect(a.loadBalancerName).toBe('web-lb');
    expect(a.poolName).toBe('web-servers');
    expect(a.portText).toBe('443');
    expect(a.tagsText).toBe('env=prod');
    const b = rows.find((r) => r.id === 'l-b')!;
    expect(b.port).toBeNull();
    expect(b.portText).toBe('1000-2000, 3000');
    expect(b.portSort).toBe(1000);
    const c = rows.find((r) => r.id === 'l-c')!;
    expect(c.access).toBe('whitelist');
    expect(c.ipGroupName).toBe('office');
    expect(c.loadBalancerName).toBe('db-lb');
  });

  it('formats tags (a key-only tag shows its key) and keeps each display string once read', () => {
    expect(formatTags([{ key: 'env', value: 'prod' }, { key: 'team', value: '' }])).toBe('env=prod, team');
    expect(formatTags([])).toBe('');
    const [row] = buildListenerRows(inventory([listener({ id: 'l-t', port: null, portRanges: [{ start: 5, end: 5 }], tags: [{ key: 'a', value: '' }] })]));
    expect(row!.tagsText).toBe('a');
    expect(row!.tagsText).toBe('a');
    expect(row!.portText).toBe('5');
    expect(row!.portText).toBe(row!.portText);
  });

  it('keeps unknown references as null names', () => {
    const e = rows.find((r) => r.id === 'l-e')!;
    expect(e.ipGroupName).toBeNull();
    expect(e.poolName).toBeNull();
  });
});

describe('accessMode and formatPort', () => {
  it('treats a missing or disabled IP group as all addresses', () => {
    expect(accessMode({ ipGroup: null })).toBe('all');
    expect(accessMode({ ipGroup: { id: 'x', type: 'white', enabled: false } })).toBe('all');
    expect(accessMode({ ipGroup: { id: 'x', type: 'black', enabled: true } })).toBe('blacklist');
  });
  it('prefers the single port, treats 0 as range mode', () => {
    expect(formatPort(0, [{ start: 5, end: 6 }])).toBe('5-6');
    expect(formatPort(null, [])).toBe('');
    expect(formatPort(22, [{ start: 5, end: 6 }])).toBe('22');
  });
});

describe('filterListeners', () => {
  it('returns the same array when nothing is filtered', () => {
    expect(filterListeners(rows, EMPTY_FILTER)).toBe(rows);
  });

  it('searches name, ID and LB name case-insensitively', () => {
    expect(ids(filterListeners(rows, filter({ query: 'HTTPS' })))).toEqual(['l-a']);
    expect(ids(filterListeners(rows, filter({ query: 'l-c' })))).toEqual(['l-c']);
    expect(ids(filterListeners(rows, filter({ query: 'db-lb' })))).toEqual(['l-c']);
    expect(ids(filterListeners(rows, filter({ query: '  game ' })))).toEqual(['l-b']);
  });

  it('matches a number against single ports and inside ranges', () => {
    expect(ids(filterListeners(rows, filter({ query: '443' })))).toEqual(['l-a']);
    expect(ids(filterListeners(rows, filter({ query: '1500' })))).toEqual(['l-b']);
    expect(ids(filterListeners(rows, filter({ query: '3000' })))).toEqual(['l-b']);
    expect(ids(filterListeners(rows, filter({ query: '2001' })))).toEqual([]);
  });

  it('filters by protocol, load balancer and access control, combined', () => {
    expect(ids(filterListeners(rows, filter({ protocol: 'udp' })))).toEqual(['l-d']);
    expect(ids(filterListeners(rows, filter({ loadBalancerId: 'lb-2' })))).toEqual(['l-c']);
    expect(ids(filterListeners(rows, filter({ access: 'all' })))).toEqual(['l-a', 'l-b', 'l-e']);
    expect(ids(filterListeners(rows, filter({ access: 'blacklist', protocol: 'TCP' })))).toEqual([]);
    expect(ids(filterListeners(rows, filter({ access: 'whitelist', query: 'mysql' })))).toEqual(['l-c']);
  });
});

describe('sortListeners', () => {
  it('sorts by name with numeric collation, empty names last in both directions', () => {
    expect(ids(sortListeners(rows, { key: 'name', dir: 'asc' }))).toEqual(['l-d', 'l-b', 'l-a', 'l-c', 'l-e']);
    expect(ids(sortListeners(rows, { key: 'name', dir: 'desc' }))).toEqual(['l-c', 'l-a', 'l-b', 'l-d', 'l-e']);
  });

  it('sorts ports numerically using the first range start', () => {
    expect(ids(sortListeners(rows, { key: 'port', dir: 'asc' }))).toEqual(['l-d', 'l-a', 'l-b', 'l-c', 'l-e']);
  });

  it('puts null idle timeouts last; ties go by ID, whatever order the rows came in', () => {
    expect(ids(sortListeners(rows, { key: 'idleTimeout', dir: 'desc' }))).toEqual(['l-a', 'l-b', 'l-c', 'l-d', 'l-e']);
    expect(ids(sortListeners([...rows].reverse(), { key: 'idleTimeout', dir: 'desc' }))).toEqual(['l-a', 'l-b', 'l-c', 'l-d', 'l-e']);
    for (const key of ['name', 'port', 'protocol', 'limits'] as const) {
      expect(ids(sortListeners([...rows].reverse(), { key, dir: 'asc' }))).toEqual(ids(sortListeners(rows, { key, dir: 'asc' })));
    }
  });

  it('treats 0 (unlimited) as the largest limit', () => {
    const sorted = ids(sortListeners(rows, { key: 'limits', dir: 'asc' }));
    expect(sorted[0]).toBe('l-e');
  });

  it('takes rows already in order (main sends listeners by name) with one pass, and gives the same order as a sort', () => {
    const inOrder = sortListeners(rows, { key: 'name', dir: 'asc' });
    const sort = vi.spyOn(Array.prototype, 'sort');
    try {
      expect(ids(sortListeners(inOrder, { key: 'name', dir: 'asc' }))).toEqual(ids(inOrder));
      expect(sort).not.toHaveBeenCalled();
      // Not in order for another direction or key: sorted as before.
      expect(ids(sortListeners(inOrder, { key: 'name', dir: 'desc' }))).toEqual(['l-c', 'l-a', 'l-b', 'l-d', 'l-e']);
      expect(sort).toHaveBeenCalledTimes(1);
    } finally {
      sort.mockRestore();
    }
  });

  it('does not mutate its input', () => {
    const before = ids(rows);
    sortListeners(rows, { key: 'name', dir: 'desc' });
    expect(ids(rows)).toEqual(before);
  });
});

describe('toggleSort / ariaSort / protocolsOf', () => {
  it('flips the same column and starts others ascending', () => {
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(toggleSort({ key: 'name', dir: 'desc' }, 'port')).toEqual({ key: 'port', dir: 'asc' });
  });
  it('reports aria-sort per column', () => {
    expect(ariaSort({ key: 'port', dir: 'desc' }, 'port')).toBe('descending');
    expect(ariaSort({ key: 'port', dir: 'asc' }, 'port')).toBe('ascending');
    expect(ariaSort({ key: 'port', dir: 'asc' }, 'name')).toBe('none');
  });
  it('lists distinct protocols', () => {
    expect(protocolsOf(rows)).toEqual(['TCP', 'UDP']);
  });
});

describe('pool and IP group search', () => {
  it('finds pools by name or ID', () => {
    expect(filterPools(sample.pools, 'WEB').map((p) => p.id)).toEqual(['pool-1']);
    expect(filterPools(sample.pools, 'nothing')).toEqual([]);
    expect(filterPools(sample.pools, '')).toBe(sample.pools);
  });
  it('finds IP groups by an entry address or description', () => {
    expect(filterIpGroups(sample.ipGroups, '10.1.').map((g) => g.id)).toEqual(['ipg-1']);
    expect(filterIpGroups(sample.ipGroups, 'hq').map((g) => g.id)).toEqual(['ipg-1']);
    expect(filterIpGroups(sample.ipGroups, '192.168')).toEqual([]);
  });
});

describe('10,000 listeners', () => {
  const big: Listener[] = [];
  for (let i = 0; i < 10_000; i++) {
    big.push(
      listener({
        id: `listener-${i.toString().padStart(5, '0')}`,
        name: `svc-${(i * 7919) % 10_000}`,
        port: (i % 60_000) + 1,
        loadBalancerId: i % 2 === 0 ? 'lb-1' : 'lb-2',
        protocol: i % 10 === 0 ? 'UDP' : 'TCP',
        ipGroup: i % 3 === 0 ? { id: 'ipg-1', type: 'white', enabled: true } : null,
      }),
    );
  }
  const bigRows = buildListenerRows(inventory(big));

  it('builds, sorts and filters within a frame budget', () => {
    const t0 = performance.now();
    const again = buildListenerRows(inventory(big));
    const sorted = sortListeners(again, { key: 'name', dir: 'asc' });
    const filtered = filterListeners(sorted, filter({ query: 'svc-12', protocol: 'TCP', access: 'whitelist' }));
    const elapsed = performance.now() - t0;
    expect(sorted).toHaveLength(10_000);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r.name.includes('svc-12') && r.protocol === 'TCP' && r.access === 'whitelist')).toBe(true);
    // Generous for a shared 2-core CI box; typically ~30 ms.
    expect(elapsed).toBeLessThan(400);
  });

  it('re-filters a sorted list per keystroke quickly and keeps the sort order', () => {
    const sorted = sortListeners(bigRows, { key: 'port', dir: 'desc' });
    const t0 = performance.now();
    const filtered = filterListeners(sorted, filter({ query: 'svc-9' }));
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(100);
    for (let i = 1; i < filtered.length; i++) expect(filtered[i - 1]!.portSort! >= filtered[i]!.portSort!).toBe(true);
  });
});
