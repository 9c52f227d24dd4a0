import { describe, expect, it } from 'vitest';
import type { MemberDraft } from '../../../../shared/model/draft';
import type { Member } from '../../../../shared/model/inventory';
import { addBlankMember, addKnownServer, knownServerLabel, knownServers, newRowId, removeMember, setPortForAll, setWeightForAll } from './members';

function counter(): () => string {
  let n = 0;
  return () => `r${++n}`;
}

function member(p: Partial<Member>): Member {
  return {
    id: 'id',
    poolId: 'p',
    name: '',
    address: '10.0.0.1',
    port: 80,
    weight: 1,
    operatingStatus: 'ONLINE',
    subnetId: 's1',
    ipVersion: 'v4',
    memberType: 'instance',
    ...p,
  };
}

const row = (p: Partial<MemberDraft>): MemberDraft => ({ rowId: 'x', name: '', address: '', port: null, weight: 1, subnetId: null, ...p });

describe('knownServers', () => {
  it('dedupes by address and subnet, keeps the most common port, sorts by name', () => {
    const out = knownServers({
      members: [
        member({ address: '10.0.0.2', name: 'web-b', port: 8080 }),
        member({ address: '10.0.0.1', name: 'web-a', port: 80 }),
        member({ address: '10.0.0.1', name: 'web-a', port: 8080, poolId: 'q' }),
        member({ address: '10.0.0.1', name: 'web-a', port: 8080, poolId: 'r' }),
        member({ address: '10.0.0.1', name: 'other-subnet', subnetId: 's2' }),
        member({ address: '192.168.1.5', name: '', subnetId: null, port: null }),
      ],
    });
    expect(out.map((s) => [s.name, s.address, s.subnetId, s.port])).toEqual([
      ['other-subnet', '10.0.0.1', 's2', 80],
      ['web-a', '10.0.0.1', 's1', 8080],
      ['web-b', '10.0.0.2', 's1', 8080],
      ['', '192.168.1.5', null, null],
    ]);
    expect(new Set(out.map((s) => s.key)).size).toBe(out.length);
  });
  it('is empty without an inventory', () => {
    expect(knownServers(null)).toEqual([]);
  });
  it('labels a server by name and address', () => {
    expect(knownServerLabel({ key: 'k', name: 'web', address: '10.0.0.1', subnetId: null, port: null })).toBe('web (10.0.0.1)');
    expect(knownServerLabel({ key: 'k', name: '', address: '10.0.0.1', subnetId: null, port: null })).toBe('10.0.0.1');
  });
});

describe('row edits', () => {
  it('adds a blank row with the previous row\'s port and weight, or weight 1', () => {
    const ids = counter();
    const one = addBlankMember([], ids);
    expect(one).toEqual([{ rowId: 'r1', name: '', address: '', port: null, weight: 1, subnetId: null }]);
    const two = addBlankMember([row({ port: 8080, weight: 0 })], ids);
    expect(two[1]).toMatchObject({ rowId: 'r2', port: 8080, weight: 0 });
  });
  it('adds a known server with its subnet, and its cached port when there is no previous row', () => {
    const s = { key: 'k', name: 'web', address: '10.0.0.9', subnetId: 'sub', port: 8443 };
    expect(addKnownServer([], s, counter())[0]).toEqual({ rowId: 'r1', name: 'web', address: '10.0.0.9', port: 8443, weight: 1, subnetId: 'sub' });
    expect(addKnownServer([row({ port: 80, weight: 5 })], s, counter())[1]).toMatchObject({ port: 80, weight: 5 });
  });
  it('removes by row id and leaves the input untouched', () => {
    const input = [row({ rowId: 'a' }), row({ rowId: 'b' })];
    expect(removeMember(input, 'a').map((m) => m.rowId)).toEqual(['b']);
    expect(input).toHaveLength(2);
  });
  it('sets port and weight for all rows; weight 0 is kept as 0', () => {
    const input = [row({ rowId: 'a', port: 1, weight: 3 }), row({ rowId: 'b', port: 2, weight: 4 })];
    expect(setPortForAll(input, 9000).map((m) => m.port)).toEqual([9000, 9000]);
    expect(setWeightForAll(input, 0).map((m) => m.weight)).toEqual([0, 0]);
    expect(input.map((m) => m.port)).toEqual([1, 2]);
  });
  it('makes unique row ids', () => {
    expect(newRowId()).not.toBe(newRowId());
  });
});
