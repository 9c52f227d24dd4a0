import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '../../../../../shared/model/inventory';
import { makeLoadBalancer } from '../../../../../shared/validation/fixtures';
import { addTargets, allState, EMPTY_SELECTION, filterLoadBalancers, pickOf, pruneSelection, refusalOf, targetKey, toFleetTargets, toggleAllShown, toggleTarget } from './selection';

const lb = (id: string, over: Partial<LoadBalancer> = {}): LoadBalancer => makeLoadBalancer({ id, name: `lb-${id}`, ...over });

describe('fleet target selection', () => {
  it('refuses L7-only and inactive load balancers with the reason, accepts the rest', () => {
    expect(refusalOf(lb('a', { type: 'application' }))).toEqual({ kind: 'l7' });
    expect(refusalOf(lb('b', { operatingStatus: 'FROZEN' }))).toEqual({ kind: 'inactive', status: 'FROZEN' });
    expect(refusalOf(lb('c', { provisioningStatus: 'ERROR', operatingStatus: '' }))).toEqual({ kind: 'inactive', status: 'ERROR' });
    expect(refusalOf(lb('d', { type: 'network' }))).toBeNull();
    expect(refusalOf(lb('e', { type: 'both' }))).toBeNull();
  });

  it('toggles one row, and the header selects every row shown, or unselects them when all are', () => {
    const shown = ['a', 'b', 'c'].map((id) => pickOf('acct', 'r1', lb(id)));
    let sel = toggleTarget(EMPTY_SELECTION, shown[0]!);
    expect(allState(shown, sel)).toBe('some');
    sel = toggleAllShown(shown, sel);
    expect(sel.size).toBe(3);
    expect(allState(shown, sel)).toBe('all');
    sel = toggleAllShown(shown, sel);
    expect(sel.size).toBe(0);
    expect(allState(shown, sel)).toBe('none');
    expect(toggleTarget(toggleTarget(EMPTY_SELECTION, shown[1]!), shown[1]!).size).toBe(0);
  });

  it('keeps rows selected outside the filter when the header selects what the filter shows', () => {
    const all = [lb('web-1'), lb('web-2'), lb('db-1')];
    let sel = toggleTarget(EMPTY_SELECTION, pickOf('acct', 'r1', all[2]!));
    const shown = filterLoadBalancers(all, 'WEB').map((x) => pickOf('acct', 'r1', x));
    expect(shown.map((s) => s.loadBalancerId)).toEqual(['web-1', 'web-2']);
    sel = toggleAllShown(shown, sel);
    expect([...sel.values()].map((s) => s.loadBalancerId).sort()).toEqual(['db-1', 'web-1', 'web-2']);
    sel = toggleAllShown(shown, sel);
    expect([...sel.values()].map((s) => s.loadBalancerId)).toEqual(['db-1']);
  });

  it('adds picked targets of other regions without duplicates', () => {
    const a = pickOf('acct', 'r1', lb('a'));
    const b = pickOf('acct', 'r2', lb('a'));
    const sel = addTargets(addTargets(EMPTY_SELECTION, [a]), [a, b]);
    expect(sel.size).toBe(2);
    expect(targetKey(a)).not.toBe(targetKey(b));
  });

  it('drops rows of the current region that are gone or became refused, and keeps other regions', () => {
    const here = [lb('a'), lb('b')];
    let sel = addTargets(EMPTY_SELECTION, [pickOf('acct', 'r1', here[0]!), pickOf('acct', 'r1', here[1]!), pickOf('acct', 'r2', lb('z'))]);
    expect(pruneSelection(sel, 'acct', 'r1', here)).toBe(sel);
    sel = pruneSelection(sel, 'acct', 'r1', [here[0]!, lb('b', { operatingStatus: 'FROZEN' })]);
    expect([...sel.values()].map((s) => `${s.region}/${s.loadBalancerId}`)).toEqual(['r1/a', 'r2/z']);
    expect(pruneSelection(sel, 'acct', 'r1', []).size).toBe(1);
  });

  it('makes plan rows with no overrides and a key within the schema cap', () => {
    const rows = toFleetTargets([pickOf('a'.repeat(128), 'r1', lb('x'))]);
    expect(rows[0]).toMatchObject({ accountId: 'a'.repeat(128), region: 'r1', loadBalancerId: 'x', loadBalancerName: 'lb-x', excluded: false, port: null, portRanges: null, groupName: null, members: null, ipGroupName: null });
    expect(rows[0]!.key.length).toBe(128);
  });
});
