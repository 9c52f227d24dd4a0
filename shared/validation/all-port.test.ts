/** The all-port forwarding rules: port ranges need a group that forwards all ports (elb-v3-api.md §5–7). */
import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../model/draft';
import { buildContext } from './context';
import { makeInventory, makePool, validDraft } from './fixtures';
import type { Issue } from './issue';
import { validateDraft, validateRouting } from './validate';
import { RULES } from './rules';

function run(mutate: (d: DraftContent) => void, inv = makeInventory()): Issue[] {
  const d = validDraft();
  mutate(d);
  return validateDraft(d, buildContext(inv, 'lb-1', inv.region));
}
const codes = (issues: Issue[]) => issues.map((i) => i.code);
const at = (issues: Issue[], path: string) => issues.filter((i) => i.path === path).map((i) => i.code);

function ranges(d: DraftContent): void {
  d.listener.portMode = 'ranges';
  d.listener.portRanges = [{ start: 10000, end: 10100 }];
}
function existing(id: string) {
  return (d: DraftContent) => {
    d.routing.mode = 'existing';
    d.routing.existingPoolId = id;
  };
}

describe('existing group + port ranges', () => {
  it('a group without all-port forwarding is an error naming the group', () => {
    const inv = makeInventory({ pools: [makePool({ anyPortEnable: false })] });
    const issues = run((d) => {
      ranges(d);
      existing('pool-1')(d);
    }, inv);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'routing.existingPool.allPortRequired', severity: 'error', path: 'routing.existingPoolId', params: { poolId: 'pool-1', poolName: 'pool-one' } }),
    ]);
    expect(issues[0]!.message).toContain('pool-one');
    expect(issues[0]!.message).toContain('all-port forwarding');
  });

  it('a group with all-port forwarding is fine', () => {
    const inv = makeInventory({ pools: [makePool({ anyPortEnable: true })] });
    expect(run((d) => (ranges(d), existing('pool-1')(d)), inv)).toEqual([]);
  });

  it('single-port listeners can use either kind of group', () => {
    for (const anyPortEnable of [true, false]) {
      const inv = makeInventory({ pools: [makePool({ anyPortEnable })] });
      expect(run(existing('pool-1'), inv)).toEqual([]);
    }
  });

  it('validateRouting alone takes the port mode', () => {
    const d = validDraft();
    existing('pool-1')(d);
    const ctx = { pools: [makePool()] };
    expect(codes(validateRouting(d.routing, ctx, 'ranges'))).toEqual(['routing.existingPool.allPortRequired']);
    expect(validateRouting(d.routing, ctx)).toEqual([]);
  });
});

describe('new group + port ranges (all-port forwarding)', () => {
  it('the servers need no port: an empty or out-of-range port is not an error', () => {
    const issues = run((d) => {
      ranges(d);
      d.routing.healthCheck.port = 10000;
      d.routing.members[0]!.port = null;
      d.routing.members[1]!.port = 0;
    });
    expect(issues).toEqual([]);
  });

  it('the same address twice is an error, whatever the ports (the port is ignored)', () => {
    const issues = run((d) => {
      ranges(d);
      d.routing.healthCheck.port = 10000;
      d.routing.members[1]!.address = d.routing.members[0]!.address;
      d.routing.members[1]!.port = 9999;
    });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'routing.members.duplicateAllPorts', path: 'routing.members.1.address', params: { index: 1, otherIndex: 0, address: '192.168.1.11' } }),
    ]);
  });

  it('the health check port is required while the check is on; 1 and 65535 are accepted', () => {
    const issues = run(ranges);
    expect(at(issues, 'routing.healthCheck.port')).toEqual(['routing.healthCheck.port.required']);
    expect(issues.find((i) => i.code === 'routing.healthCheck.port.required')?.message).toContain('forwards all ports');
    expect(codes(run((d) => (ranges(d), (d.routing.healthCheck.enabled = false))))).toEqual([]);
    expect(run((d) => (ranges(d), (d.routing.healthCheck.port = 1)))).toEqual([]);
    expect(run((d) => (ranges(d), (d.routing.healthCheck.port = 65535)))).toEqual([]);
    expect(at(run((d) => (ranges(d), (d.routing.healthCheck.port = 0))), 'routing.healthCheck.port')).toEqual(['routing.healthCheck.port.range']);
    expect(at(run((d) => (ranges(d), (d.routing.healthCheck.port = 65536))), 'routing.healthCheck.port')).toEqual(['routing.healthCheck.port.range']);
  });

  it('single port + new group: member ports stay required and the health check port optional', () => {
    const issues = run((d) => (d.routing.members[0]!.port = null));
    expect(codes(issues)).toEqual(['routing.members.port.required']);
    expect(at(run(() => {}), 'routing.healthCheck.port')).toEqual([]);
  });
});

describe('rule catalogue', () => {
  it('lists the new rules with their severities', () => {
    const sev = (code: string) => RULES.find((r) => r.code === code)?.severity;
    expect(sev('routing.existingPool.allPortRequired')).toBe('error');
    expect(sev('routing.healthCheck.port.required')).toBe('error');
    expect(sev('routing.members.duplicateAllPorts')).toBe('error');
  });
});
