import { describe, expect, it } from 'vitest';
import { defaultDraftContent, type Draft } from '../../../shared/model/draft';
import { draftMarker } from '../../../shared/mapping/api';
import type { ApiListener, ApiPool } from '../cloud/api-types';
import type { ElbClient } from '../cloud/client';
import { findCreatedListener, findCreatedPool } from './submit-find';
import { compareFields } from './submit-readback';

const LB = 'lb-1';
function draft(): Draft {
  const c = defaultDraftContent({ accountId: 'a', region: 'r', loadBalancerId: LB }, 't');
  c.listener.port = 443;
  c.listener.name = 'web';
  c.listener.description = 'x'.repeat(255);
  c.routing.mode = 'new';
  c.routing.newPool.name = 'g';
  c.routing.newPool.description = 'y'.repeat(255);
  return { ...c, id: 'draft-1', status: 'submitting', createdAt: '', updatedAt: '', revision: 1, result: null, lastError: null };
}
const pool = (id: string, extra: Partial<ApiPool> = {}): ApiPool => ({ id, protocol: 'TCP', name: 'g', description: 'y'.repeat(255), lb_algorithm: 'ROUND_ROBIN', listeners: [], members: [], healthmonitor_id: null, ...extra });
const listener = (id: string, extra: Partial<ApiListener> = {}): ApiListener => ({ id, protocol: 'TCP', protocol_port: 443, loadbalancers: [{ id: LB }], name: 'web', description: 'x'.repeat(255), default_pool_id: 'p-new', ...extra });
function client(pools: ApiPool[], listeners: ApiListener[] = []): ElbClient {
  return {
    listPools: async () => pools,
    iterateListeners: async function* () {
      yield listeners;
    },
  } as unknown as ElbClient;
}

describe('findCreatedPool', () => {
  it('none, one untouched look-alike not seen before, or several (ambiguous)', async () => {
    const d = draft();
    expect(await findCreatedPool(client([pool('old')]), LB, d, ['old'])).toEqual({ kind: 'none' });
    expect(await findCreatedPool(client([pool('old'), pool('new')]), LB, d, ['old'])).toEqual({ kind: 'found', id: 'new' });
    expect(await findCreatedPool(client([pool('a'), pool('b')]), LB, d, [])).toEqual({ kind: 'ambiguous', candidates: [{ id: 'a', name: 'g' }, { id: 'b', name: 'g' }] });
  });

  it('a group with a listener, servers, a health check or other words is never a candidate', async () => {
    const d = draft();
    const others = [pool('l', { listeners: [{ id: 'x' }] }), pool('m', { members: [{ id: 'x' }] }), pool('h', { healthmonitor_id: 'hm' }), pool('n', { name: 'G' }), pool('d', { description: 'y'.repeat(254) }), pool('a', { lb_algorithm: 'SOURCE_IP' })];
    expect(await findCreatedPool(client(others), LB, d, [])).toEqual({ kind: 'none' });
  });

  it('a journal from an older version (no seen list) finds its group by the legacy description marker', async () => {
    const d = draft();
    const legacy = pool('legacy', { description: `short [${draftMarker(d.id)}]` });
    expect(await findCreatedPool(client([pool('a'), pool('b'), legacy]), LB, d, undefined)).toEqual({ kind: 'found', id: 'legacy' });
  });
});

describe('findCreatedListener', () => {
  it('ours when new since the send and holding what we sent; someone else’s listener on the port is a conflict', async () => {
    const d = draft();
    expect(await findCreatedListener(client([], []), LB, d, 'p-new', [])).toBeNull();
    expect(await findCreatedListener(client([], [listener('l1')]), LB, d, 'p-new', [])).toBe('l1');
    await expect(findCreatedListener(client([], [listener('l1')]), LB, d, 'p-new', ['l1'])).rejects.toThrow(/Another listener/);
    await expect(findCreatedListener(client([], [listener('l1', { name: 'other' })]), LB, d, 'p-new', [])).rejects.toThrow(/Another listener/);
    await expect(findCreatedListener(client([], [listener('l1', { default_pool_id: 'p-x' })]), LB, d, 'p-new', [])).rejects.toThrow(/Another listener/);
    // Older journal: found by the legacy marker in the description.
    expect(await findCreatedListener(client([], [listener('l2', { description: `x [${draftMarker(d.id)}]` })]), LB, d, 'p-new', undefined)).toBe('l2');
  });
});

describe('compareFields', () => {
  it('compares only what was asked; nested objects by key; port ranges and tags as sets', () => {
    expect(compareFields('listener', { name: 'a', loadbalancer_id: 'x', cps: 5 }, { name: 'a', cps: 5, extra: 1 })).toEqual([]);
    expect(compareFields('listener', { cps: 500000 }, { cps: 100000 })).toEqual([{ field: 'listener.cps', asked: '500000', cloud: '100000' }]);
    expect(compareFields('pool', { session_persistence: { type: 'SOURCE_IP', persistence_timeout: 5 } }, { session_persistence: { type: 'SOURCE_IP', persistence_timeout: 1, cookie_name: null } })).toEqual([
      { field: 'pool.session_persistence.persistence_timeout', asked: '5', cloud: '1' },
    ]);
    expect(compareFields('pool', { session_persistence: null }, { session_persistence: null })).toEqual([]);
    expect(compareFields('listener', { port_ranges: [{ start_port: 1, end_port: 2 }, { start_port: 5, end_port: 9 }] }, { port_ranges: [{ end_port: 9, start_port: 5 }, { start_port: 1, end_port: 2 }] })).toEqual([]);
    expect(compareFields('listener', { tags: [{ key: 'a', value: '1' }] }, { tags: [] })).toEqual([{ field: 'listener.tags', asked: '[{"key":"a","value":"1"}]', cloud: '[]' }]);
    expect(compareFields('listener', { nat64_enable: true }, {})).toEqual([{ field: 'listener.nat64_enable', asked: 'true', cloud: '(missing)' }]);
  });
});
