/**
 * The listing's sort creates the collator only for names shared/model/natural-order.ts cannot order (the first listing's sort
 * would otherwise pay for a cold collator before its first row), and orders the same either way.
 */
import { describe, expect, it, vi } from 'vitest';
import { emptyInventory, type Listener } from '../../../../shared/model/inventory';
import { makeListener, makeLoadBalancer } from '../../../../shared/validation/fixtures';

const collatorCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../lib/i18n/formats', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/i18n/formats')>();
  return {
    ...real,
    naturalCollator: () => {
      collatorCalls.n += 1;
      return real.naturalCollator();
    },
  };
});

const { buildListenerRows, sortListeners } = await import('./filters');
const { naturalCollator } = await import('../../lib/i18n/formats');

function rowsNamed(names: string[]) {
  const listeners: Listener[] = names.map((name, k) => makeListener({ id: `l-${k}`, name, loadBalancerId: 'lb-1', port: 1000 + k }));
  return buildListenerRows({ ...emptyInventory('acc', 'sandbox-1'), loadBalancers: [makeLoadBalancer({ id: 'lb-1', name: 'web-lb' })], listeners });
}

describe('sortListeners and the collator', () => {
  const simple = ['tcp-10', 'tcp-9', 'TCP-1', 'svc_2.prod', 'svc-2', 'mysql', 'a b', 'dns', 'tcp-009'];

  it('orders plain ASCII names without the collator, exactly as the collator orders them (ties keep their order)', () => {
    const rows = rowsNamed(simple);
    collatorCalls.n = 0;
    const sorted = sortListeners(rows, { key: 'name', dir: 'asc' }).map((r) => r.name);
    expect(collatorCalls.n).toBe(0);
    const expected = [...simple].map((name, index) => ({ name, index })).sort((x, y) => naturalCollator().compare(x.name, y.name) || x.index - y.index);
    expect(sorted).toEqual(expected.map((e) => e.name));
    expect(sorted).toEqual(['a b', 'dns', 'mysql', 'svc_2.prod', 'svc-2', 'TCP-1', 'tcp-9', 'tcp-009', 'tcp-10']);
  });

  it('uses the collator as soon as one name is not plain ASCII', () => {
    const names = [...simple, 'données', '数据库'];
    const rows = rowsNamed(names);
    collatorCalls.n = 0;
    const sorted = sortListeners(rows, { key: 'name', dir: 'asc' }).map((r) => r.name);
    expect(collatorCalls.n).toBeGreaterThan(0);
    const expected = [...names].map((name, index) => ({ name, index })).sort((x, y) => naturalCollator().compare(x.name, y.name) || x.index - y.index);
    expect(sorted).toEqual(expected.map((e) => e.name));
  });
});
