import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import { emptyInventory } from '../../../../shared/model/inventory';
import { REGIONS } from '../../../../shared/model/regions';
import { lastSyncedAt, neverSynced, regionOptions, resolveSelection } from './selection';

function account(id: string, kind: Account['kind'], region: string): Account {
  return {
    id,
    name: id,
    kind,
    region,
    projects: {},
    endpoint: null,
    iamEndpoint: null,
    authType: 'aksk',
    proxy: null,
    caCert: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const sandbox = account('sb', 'sandbox', 'sandbox-1');
const cloud = account('hw', 'huawei', 'ap-southeast-1');
const custom = account('cu', 'huawei', 'xx-new-9');

describe('regionOptions', () => {
  it('offers the sandbox regions to the sandbox account', () => {
    expect(regionOptions(sandbox, REGIONS).map((r) => r.id)).toEqual(['sandbox-1', 'sandbox-2']);
  });
  it('offers every cloud region to a real account, never the sandbox ones', () => {
    const ids = regionOptions(cloud, REGIONS).map((r) => r.id);
    expect(ids).toContain('ap-southeast-1');
    expect(ids).toContain('cn-north-4');
    expect(ids.some((id) => id.startsWith('sandbox'))).toBe(false);
  });
  it('puts an unknown own region first', () => {
    expect(regionOptions(custom, REGIONS)[0]).toEqual({ id: 'xx-new-9', name: 'xx-new-9' });
  });
  it('falls back to the own region when the list is empty', () => {
    expect(regionOptions(cloud, [])).toEqual([{ id: 'ap-southeast-1', name: 'ap-southeast-1' }]);
    expect(regionOptions(null, REGIONS)).toEqual([]);
  });
});

describe('resolveSelection', () => {
  it('keeps a stored choice that still exists', () => {
    expect(resolveSelection([sandbox, cloud], { accountId: 'hw', region: 'cn-north-4' }, REGIONS)).toEqual({ accountId: 'hw', region: 'cn-north-4' });
  });
  it('falls back to the first account in its own region', () => {
    expect(resolveSelection([sandbox, cloud], { accountId: 'gone', region: 'cn-north-4' }, REGIONS)).toEqual({ accountId: 'sb', region: 'sandbox-1' });
  });
  it('drops a region the account cannot use', () => {
    expect(resolveSelection([sandbox], { accountId: 'sb', region: 'cn-north-4' }, REGIONS)).toEqual({ accountId: 'sb', region: 'sandbox-1' });
  });
  it('selects nothing without accounts', () => {
    expect(resolveSelection([], { accountId: 'sb', region: 'sandbox-1' }, REGIONS)).toEqual({ accountId: null, region: null });
  });
});

describe('lastSyncedAt', () => {
  it('returns the latest successful fetch, or null', () => {
    const inv = emptyInventory('a', 'r');
    expect(lastSyncedAt(null)).toBeNull();
    expect(neverSynced(inv)).toBe(true);
    inv.syncedAt = { loadBalancers: '2026-01-01T10:00:00Z', listeners: '2026-01-01T11:00:00Z', quotas: null };
    expect(lastSyncedAt(inv)).toBe('2026-01-01T11:00:00Z');
    expect(neverSynced(inv)).toBe(false);
  });
});
