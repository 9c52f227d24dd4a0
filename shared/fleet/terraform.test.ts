import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { makeFleet } from './fixtures';
import { fleetTerraform } from './terraform';

type Json = Record<string, Record<string, Record<string, Array<Record<string, unknown>>>>>;

describe('fleetTerraform', () => {
  it('one file: a resource set per target, each on its region’s aliased provider, references renamed to match', async () => {
    const { plan, lookup } = makeFleet(3);
    plan.routing.members = [{ rowId: 'r', name: 'a', address: '192.168.1.11', port: 8080, weight: 1, subnetId: 'subnet-1' }];
    // user text that looks like what gets renamed stays as typed
    plan.listener.description = 'see huaweicloud_elb_pool.this.id\nresource "huaweicloud_elb_pool" "this" {';
    const hcl = fleetTerraform(plan, lookup, () => 'Main account');
    const json = (await parse('fleet.tf', hcl)) as Json;
    const res = json.resource!;
    expect(Object.keys(res.huaweicloud_elb_listener!).sort()).toEqual(['this_t001', 'this_t002', 'this_t003']);
    expect(Object.keys(res.huaweicloud_elb_pool!).sort()).toEqual(['this_t001', 'this_t002', 'this_t003']);
    expect(Object.keys(res.huaweicloud_elb_member!).sort()).toEqual(['server_1_t001', 'server_1_t002', 'server_1_t003']);
    const l2 = res.huaweicloud_elb_listener!.this_t002![0]!;
    expect(l2.provider).toBe('${huaweicloud.a2_sandbox_2}');
    expect(l2.default_pool_id).toBe('${huaweicloud_elb_pool.this_t002.id}');
    expect(l2.loadbalancer_id).toBe('lb-1');
    expect(l2.description).toBe(plan.listener.description);
    expect(res.huaweicloud_elb_member!.server_1_t003![0]!.pool_id).toBe('${huaweicloud_elb_pool.this_t003.id}');
    const providers = json.provider!.huaweicloud as unknown as Array<{ alias: string; region: string }>;
    expect(providers.map((p) => [p.alias, p.region])).toEqual([
      ['a1_sandbox_1', 'sandbox-1'],
      ['a2_sandbox_2', 'sandbox-2'],
    ]);
    expect(hcl.match(/^terraform \{/gm)).toHaveLength(1);
    expect(hcl).toContain(`# Account Main account: give this alias that account's credentials.`);
  });

  it('leaves out excluded rows and rows with errors, and says which', async () => {
    const { plan, lookup } = makeFleet(3);
    plan.targets[0]!.excluded = true;
    plan.targets[1]!.port = 80; // clash
    const hcl = fleetTerraform(plan, lookup);
    expect(hcl).toContain('# Left out (errors in the offline check): lb-0001 (listener.port.clash).');
    expect(hcl).toContain(': 1 target.');
    const json = (await parse('fleet.tf', hcl)) as Json;
    expect(Object.keys(json.resource!.huaweicloud_elb_listener!)).toEqual(['this_t001']);
    expect(hcl).toContain('# t001: lb-0002 (lb-2), sandbox-1');
  });
});
