import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../model/draft';
import { validDraft } from '../validation/fixtures';
import { hclString, toTerraform } from './terraform';

/** Every option on: the full example. */
function fullDraft(): DraftContent {
  const d = validDraft();
  d.title = 'Web 8080';
  d.listener.description = 'Public web';
  d.listener.proxyProtocol = true;
  d.listener.idleTimeout = 600;
  d.listener.maxNewConnections = { mode: 'limit', value: 5000 };
  d.listener.maxConcurrentConnections = { mode: 'limit', value: 200000 };
  d.listener.accessControl = { mode: 'blacklist', ipGroupId: 'ipg-1' };
  d.listener.tags = [
    { key: 'env', value: 'prod' },
    { key: 'cost-center', value: '42' },
  ];
  d.routing.newPool.description = 'web servers';
  d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: 30 };
  d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: 300 };
  d.routing.members[1]!.weight = 0;
  d.routing.members.push({ rowId: 'r3', name: '', address: '10.8.0.5', port: 8080, weight: 5, subnetId: null });
  Object.assign(d.routing.healthCheck, {
    type: 'HTTP',
    port: 8081,
    path: '/healthz',
    expectedCodes: '200-204',
    httpMethod: 'HEAD',
    domainName: 'www.example.com',
  });
  return d;
}

/** The body of `resource "<type>" "<name>" { … }` in the HCL text. */
function resourceBody(hcl: string, type: string, name: string): string {
  const start = hcl.indexOf(`resource "${type}" "${name}" {`);
  expect(start, `${type}.${name}`).toBeGreaterThanOrEqual(0);
  const end = hcl.indexOf('\n}\n', start);
  return hcl.slice(start, end + 2);
}

describe('toTerraform', () => {
  it('full example (snapshot)', async () => {
    await expect(toTerraform(fullDraft(), { region: 'ap-southeast-1' })).toMatchFileSnapshot('./__snapshots__/terraform-full.tf');
  });

  it('existing group with port ranges, no region and no LB (snapshot)', async () => {
    const d = validDraft();
    d.target.loadBalancerId = null;
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    d.listener.portMode = 'ranges';
    d.listener.portRanges = [
      { start: 1000, end: 2000 },
      { start: 3000, end: 3010 },
    ];
    await expect(toTerraform(d, { region: null })).toMatchFileSnapshot('./__snapshots__/terraform-existing-ranges.tf');
  });

  it('emits the four resource types with the provider argument names', () => {
    const hcl = toTerraform(fullDraft(), { region: 'ap-southeast-1' });
    const pool = resourceBody(hcl, 'huaweicloud_elb_pool', 'this');
    expect(pool).toMatch(/lb_method\s+= "ROUND_ROBIN"/);
    expect(pool).toMatch(/protocol\s+= "TCP"/);
    expect(pool).toMatch(/persistence \{\n\s+type\s+= "SOURCE_IP"\n\s+timeout = 30\n\s+\}/);
    expect(pool).toMatch(/connection_drain_enabled = true/);
    expect(pool).toMatch(/connection_drain_timeout = 300/);

    const m1 = resourceBody(hcl, 'huaweicloud_elb_member', 'server_1');
    expect(m1).toMatch(/pool_id\s+= huaweicloud_elb_pool\.this\.id/);
    expect(m1).toMatch(/subnet_id\s+= "subnet-1"/);
    const m2 = resourceBody(hcl, 'huaweicloud_elb_member', 'server_2');
    expect(m2).toMatch(/weight\s+= 0\n/);
    const m3 = resourceBody(hcl, 'huaweicloud_elb_member', 'server_3');
    expect(m3).not.toContain('subnet_id =');
    expect(m3).not.toMatch(/\bname\s+=/);

    const mon = resourceBody(hcl, 'huaweicloud_elb_monitor', 'this');
    for (const re of [/protocol\s+= "HTTP"/, /interval\s+= 5/, /timeout\s+= 3/, /max_retries\s+= 3/, /max_retries_down\s+= 3/, /port\s+= 8081/, /url_path\s+= "\/healthz"/, /status_code\s+= "200-204"/, /http_method\s+= "HEAD"/, /domain_name\s+= "www\.example\.com"/]) {
      expect(mon).toMatch(re);
    }

    const lis = resourceBody(hcl, 'huaweicloud_elb_listener', 'this');
    for (const re of [/protocol\s+= "TCP"/, /protocol_port\s+= 8080/, /loadbalancer_id\s+= "lb-1"/, /default_pool_id\s+= huaweicloud_elb_pool\.this\.id/, /idle_timeout\s+= 600/, /cps\s+= 5000/, /max_connection\s+= 200000/, /proxy_protocol_enable\s+= true/, /access_policy\s+= "black"/, /ip_group\s+= "ipg-1"/, /ip_group_enable\s+= "true"/, /"cost-center" = "42"/]) {
      expect(lis).toMatch(re);
    }
    // API names must not leak into HCL
    for (const apiName of ['keepalive_timeout', 'lb_algorithm', 'session_persistence', 'expected_codes', 'subnet_cidr_id', 'delay ', 'monitor_port']) {
      expect(hcl).not.toContain(apiName);
    }
  });

  it('a TCP health check carries no HTTP-only arguments; a disabled check emits no monitor', () => {
    const d = validDraft();
    Object.assign(d.routing.healthCheck, { path: '/x', expectedCodes: '200', domainName: 'a.com' });
    const mon = resourceBody(toTerraform(d, { region: 'r' }), 'huaweicloud_elb_monitor', 'this');
    for (const k of ['url_path', 'status_code', 'http_method', 'domain_name', 'port ']) expect(mon).not.toContain(k);
    d.routing.healthCheck.enabled = false;
    expect(toTerraform(d, { region: 'r' })).not.toContain('huaweicloud_elb_monitor');
  });

  it('existing group: listener only, default_pool_id is the literal ID; ranges are port_ranges blocks with port 0', () => {
    const d = validDraft();
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    d.listener.portMode = 'ranges';
    d.listener.portRanges = [{ start: 1000, end: 2000 }];
    const hcl = toTerraform(d, { region: 'r' });
    expect(hcl).not.toContain('huaweicloud_elb_pool"');
    expect(hcl).not.toContain('huaweicloud_elb_member');
    expect(hcl).toMatch(/default_pool_id\s+= "pool-7"/);
    expect(hcl).toMatch(/protocol_port\s+= 0/);
    expect(hcl).toMatch(/port_ranges \{\n\s+start_port = 1000\n\s+end_port\s+= 2000\n\s+\}/);
  });

  it('escapes quotes, backslashes, newlines and template sequences in every string', () => {
    const d = validDraft();
    d.title = 'evil\n}\nresource "x" "y" {';
    d.listener.name = 'a "quoted" ${var.x} %{if 1}';
    d.listener.description = 'back\\slash\nnew line\ttab';
    d.listener.tags = [{ key: 'k"${x}', value: 'v\\"' }];
    const hcl = toTerraform(d, { region: 'ap-southeast-1' });
    // keys are aligned to the longest listener argument, transparent_client_ip_enable
    expect(hcl).toContain(`${'name'.padEnd(28)} = "a \\"quoted\\" $\${var.x} %%{if 1}"`);
    expect(hcl).toContain(`${'description'.padEnd(28)} = "back\\\\slash\\nnew line\\ttab"`);
    expect(hcl).toContain('"k\\"$${x}" = "v\\\\\\""');
    // the title stays inside one comment line
    expect(hcl.split('\n')[0]).toBe('# Generated by ELB Desk from draft "evil } resource "x" "y" {".');
    expect(hcl).not.toMatch(/^resource "x"/m);
  });
});

describe('toTerraform: options the provider has, and where it differs from the API', () => {
  it('writes nat64_enable and transparent_client_ip_enable as the provider\'s "true"/"false" strings, and needs provider 1.91.0', () => {
    const d = validDraft();
    d.listener.nat64 = true;
    d.listener.transparentClientIp = false;
    const hcl = toTerraform(d, { region: 'r' });
    const lis = resourceBody(hcl, 'huaweicloud_elb_listener', 'this');
    expect(lis).toMatch(/\n {2}transparent_client_ip_enable = "false"\n {2}nat64_enable\s+= "true"\n/);
    expect(hcl).toMatch(/huaweicloud = \{\n\s+source\s+= "huaweicloud\/huaweicloud"\n\s+version = ">= 1\.91\.0"\n/);
    expect(hcl).not.toContain('no arguments');
    expect(hcl).not.toContain('Set translation in the console');
  });

  it('ProxyProtocol on a TCP listener: kept, with a comment on the provider docs (TLS only) vs the API', () => {
    const d = validDraft();
    expect(toTerraform(d, { region: 'r' })).not.toContain('ProxyProtocol');
    d.listener.proxyProtocol = true;
    const lis = resourceBody(toTerraform(d, { region: 'r' }), 'huaweicloud_elb_listener', 'this');
    expect(lis).toMatch(/proxy_protocol_enable\s+= true\n/);
    expect(lis).toContain('# ProxyProtocol is kept on, but the provider docs say proxy_protocol_enable only takes effect on TLS listeners;');
    expect(lis).toContain('# the ELB API applies it to TCP listeners when a listener is updated. Check ProxyProtocol after apply.');
  });

  it('weight 0: kept, with a comment that the provider leaves 0 out of the create request', () => {
    const d = validDraft();
    d.routing.members[1]!.weight = 0;
    const hcl = toTerraform(d, { region: 'r' });
    expect(resourceBody(hcl, 'huaweicloud_elb_member', 'server_1')).not.toContain('Weight 0');
    const m2 = resourceBody(hcl, 'huaweicloud_elb_member', 'server_2');
    expect(m2).toMatch(/weight\s+= 0\n/);
    expect(m2).toContain('# Weight 0 (no new connections) is kept, but the provider leaves a weight of 0 out of the create request,');
    expect(m2).toContain('# so the API applies its default weight 1: after apply, set the weight to 0 in the console or with the API.');
  });

  it('port ranges with a new group: any_port_enable on the pool, member ports left out (kept in a comment)', () => {
    const d = validDraft();
    d.listener.portMode = 'ranges';
    d.listener.portRanges = [{ start: 1000, end: 2000 }];
    d.routing.members[1]!.port = null;
    let hcl = toTerraform(d, { region: 'r' });
    expect(resourceBody(hcl, 'huaweicloud_elb_pool', 'this')).toMatch(/any_port_enable\s+= true\n/);
    const m1 = resourceBody(hcl, 'huaweicloud_elb_member', 'server_1');
    expect(m1).not.toContain('protocol_port =');
    expect(m1).toContain('# No protocol_port (8080 in ELB Desk): the group forwards all ports (any_port_enable = true), so the API ignores the');
    expect(m1).toContain('# backend port; the provider docs say protocol_port can be left blank then.');
    expect(resourceBody(hcl, 'huaweicloud_elb_member', 'server_2')).toContain('# No protocol_port: the group forwards all ports');
    expect(resourceBody(hcl, 'huaweicloud_elb_monitor', 'this')).toContain('# No port: the API requires a health check port when the group forwards all ports.');
    d.routing.healthCheck.port = 9000;
    hcl = toTerraform(d, { region: 'r' });
    expect(resourceBody(hcl, 'huaweicloud_elb_monitor', 'this')).toMatch(/port\s+= 9000\n/);
    expect(hcl).not.toContain('# No port');
    // a single port, or an existing group: no all-port forwarding
    const single = toTerraform(validDraft(), { region: 'r' });
    expect(single).not.toContain('any_port_enable');
    expect(resourceBody(single, 'huaweicloud_elb_member', 'server_1')).toMatch(/protocol_port\s+= 8080\n/);
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    expect(toTerraform(d, { region: 'r' })).not.toContain('any_port_enable');
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir', '"C:\\\\dir"'],
    ['${a}', '"$${a}"'],
    ['$${a}', '"$$${a}"'],
    ['%{ if }', '"%%{ if }"'],
    ['$ {not}', '"$ {not}"'],
    ['line\r\nnext', '"line\\r\\nnext"'],
    ['bell\u0007', '"bell\\u0007"'],
    ['ünïcødé ✓', '"ünïcødé ✓"'],
  ])('%j → %s', (input, out) => {
    expect(hclString(input)).toBe(out);
  });
});
