import { describe, expect, it } from 'vitest';
import { buildContext, validateDraft } from '../../shared/validation';
import { FIXTURE_LB_ID } from '../../shared/validation/fixtures';
import { InventorySchema } from '../../shared/model/inventory';
import { DraftContentSchema } from '../../shared/model/draft';
import { benchDraft, bigInventory } from './validate';

describe('validate measure fixtures', () => {
  const inv = bigInventory(2000);
  const ctx = buildContext(inv, FIXTURE_LB_ID, 'sandbox-1');

  it('builds a schema-valid inventory with the asked number of listeners, 40% on the target LB', () => {
    expect(InventorySchema.safeParse(inv).success).toBe(true);
    expect(inv.listeners).toHaveLength(2000);
    expect(inv.listeners.filter((l) => l.loadBalancerId === FIXTURE_LB_ID)).toHaveLength(800);
    expect(new Set(inv.listeners.map((l) => l.id)).size).toBe(2000);
  });

  it('the bench drafts are complete and error-free, so the measure times the full rule set, not an early error', () => {
    for (const i of [0, 1, 499]) {
      const d = benchDraft(i);
      expect(DraftContentSchema.safeParse(d).success).toBe(true);
      expect(validateDraft(d, ctx).filter((x) => x.severity === 'error')).toEqual([]);
    }
  });

  it('a draft on a port the inventory uses is caught, so the port index is really consulted', () => {
    const taken = inv.listeners.find((l) => l.loadBalancerId === FIXTURE_LB_ID && l.protocol === 'TCP' && l.port !== null)!;
    const d = benchDraft(0);
    d.listener.port = taken.port;
    expect(validateDraft(d, ctx).some((x) => x.severity === 'error' && x.path === 'listener.port')).toBe(true);
  });
});
