import { describe, expect, it } from 'vitest';
import { validateFleet } from '../../shared/fleet/validate';
import { FleetPlanContentSchema } from '../../shared/model/fleet';
import { fleetBenchPlan, measureFleetValidate } from './fleet-validate';

describe('fleet-validate measure', () => {
  it('builds a schema-valid 200-target plan whose only errors are the 10 planted port clashes', () => {
    const { plan, inventories } = fleetBenchPlan();
    expect(FleetPlanContentSchema.safeParse(plan).success).toBe(true);
    expect(plan.targets).toHaveLength(200);
    const v = validateFleet(plan, (a, r) => inventories.get(`${a}|${r}`) ?? null);
    const errors = v.rows.filter((r) => r.status === 'error');
    expect(errors).toHaveLength(10);
    expect(errors.every((r) => r.issues.every((i) => i.severity !== 'error' || i.code === 'listener.port.clash'))).toBe(true);
    // the names really resolve (an unresolved name would be an error and skip the listener rules' lookups)
    expect(v.rows[1]!.resolved!.draft.routing.existingPoolId).toBe('pool-1');
  });

  it('reports a row named fleet-validate against 50 ms', async () => {
    const row = await measureFleetValidate({ targets: 40, runs: 2 });
    expect(row).toMatchObject({ name: 'fleet-validate', unit: 'ms', target: 50, kind: 'absolute', runs: 2 });
  });
});
