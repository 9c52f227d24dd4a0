/**
 * The Terraform export, parsed by HashiCorp's HCL parser (`@cdktf/hcl2json`): every exported file of a broad set of
 * drafts must parse, use only the provider's documented block types, arguments and value types
 * (terraform-provider-args.json, with the provider doc commit each list came from), and give back exactly the values
 * of the draft — so quoting and template escaping are proven by the real parser.
 */
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { newPoolForwardsAllPorts } from '../model/all-port';
import { CAPS, type DraftContent } from '../model/draft';
import { validDraft } from '../validation/fixtures';
import { LIMITS } from '../validation/rules';
import { toTerraform } from './terraform';
import providerArgs from './terraform-provider-args.json';
import { checkExport, templateText } from './terraform-provider-check';

type Body = Record<string, unknown>;

/** Every kind of character an HCL string must carry literally. */
const EVIL = 'q"uote \\back\\slash ${var.x} %{if true} $${esc} %%{esc} $ { %{ } \n new\r\nline\ttab \u0007bell \u007fdel ünïcødé 中文 😀 \u2028 end\\';

/** A text of exactly `n` characters (code points) made of {@link EVIL}. */
function evilText(n: number): string {
  return Array.from(EVIL.repeat(Math.ceil(n / 10))).slice(0, n).join('');
}

function withRanges(d: DraftContent, count: number): DraftContent {
  d.listener.portMode = 'ranges';
  d.listener.portRanges = Array.from({ length: count }, (_, i) => ({ start: 1000 + i * 100, end: 1000 + i * 100 + 50 }));
  return d;
}

/** A broad set of drafts: every option of the wizard, and every limit at exactly the limit. */
const CASES: Array<[string, () => DraftContent]> = [
  ['single port, defaults', () => validDraft()],
  ['no names, no title, no LB', () => {
    const d = validDraft();
    d.title = '';
    d.listener.name = '';
    d.routing.newPool.name = '';
    d.routing.members.forEach((m) => (m.name = ''));
    d.target.loadBalancerId = null;
    return d;
  }],
  ['port ranges at the limit, new group (all-port), TCP check with port', () => {
    const d = withRanges(validDraft(), LIMITS.portRanges.max);
    d.routing.healthCheck.port = 9000;
    return d;
  }],
  ['port ranges, new group, no check port, one member without port', () => {
    const d = withRanges(validDraft(), 1);
    d.routing.members[1]!.port = null;
    return d;
  }],
  ['existing group, single port', () => {
    const d = validDraft();
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    return d;
  }],
  ['existing group, port ranges', () => {
    const d = withRanges(validDraft(), 3);
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    return d;
  }],
  ...(['TCP', 'HTTP', 'HTTPS'] as const).map((type): [string, () => DraftContent] => [`health check ${type}`, () => {
    const d = validDraft();
    Object.assign(d.routing.healthCheck, { type, port: 8081, path: '/healthz?x=1&y=[2]', expectedCodes: '200,202-204', httpMethod: 'POST', domainName: 'www.example.com' });
    return d;
  }]),
  ['health check off', () => {
    const d = validDraft();
    d.routing.healthCheck.enabled = false;
    return d;
  }],
  ['whitelist with an IP group', () => {
    const d = validDraft();
    d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-1' };
    return d;
  }],
  ['blacklist with an IP group', () => {
    const d = validDraft();
    d.listener.accessControl = { mode: 'blacklist', ipGroupId: 'ipg-2' };
    return d;
  }],
  ['tags at the limit', () => {
    const d = validDraft();
    d.listener.tags = Array.from({ length: LIMITS.tags }, (_, i) => ({ key: `k${i}-${'ü'.repeat(LIMITS.tagKey - 4)}`.slice(0, LIMITS.tagKey), value: i === 0 ? '' : (`v${i}` + ' $${x} ${y} %{z} "q" \\').padEnd(LIMITS.tagValue, '中') }));
    return d;
  }],
  ['nat64 on, transparent client IP off', () => {
    const d = validDraft();
    d.listener.nat64 = true;
    d.listener.transparentClientIp = false;
    return d;
  }],
  ['proxy protocol', () => {
    const d = validDraft();
    d.listener.proxyProtocol = true;
    return d;
  }],
  ['limits at the maximum', () => {
    const d = validDraft();
    d.listener.idleTimeout = LIMITS.idleTimeout.max;
    d.listener.maxNewConnections = { mode: 'limit', value: LIMITS.connections.max };
    d.listener.maxConcurrentConnections = { mode: 'limit', value: LIMITS.connections.max };
    d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: LIMITS.stickyMinutes.max };
    d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: LIMITS.drainSeconds.max };
    Object.assign(d.routing.healthCheck, { interval: LIMITS.interval.max, timeout: LIMITS.timeout.max, healthyThreshold: LIMITS.threshold.max, unhealthyThreshold: LIMITS.threshold.max, port: LIMITS.port.max });
    d.routing.members[0]!.weight = LIMITS.weight.max;
    d.routing.members[0]!.port = LIMITS.port.max;
    return d;
  }],
  ['limits at the minimum, weight 0', () => {
    const d = validDraft();
    d.listener.port = LIMITS.port.min;
    d.listener.idleTimeout = LIMITS.idleTimeout.min;
    d.listener.maxNewConnections = { mode: 'limit', value: LIMITS.connections.min };
    d.listener.maxConcurrentConnections = { mode: 'limit', value: LIMITS.connections.min };
    d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: LIMITS.stickyMinutes.min };
    d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: LIMITS.drainSeconds.min };
    d.routing.members[0]!.weight = LIMITS.weight.min;
    return d;
  }],
  ['sticky session and drain without timeouts, IP-type member', () => {
    const d = validDraft();
    d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: null };
    d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: null };
    d.routing.members[1]!.subnetId = null;
    d.routing.members[1]!.weight = null;
    return d;
  }],
  ['members at the limit', () => {
    const d = validDraft();
    d.routing.members = Array.from({ length: LIMITS.members }, (_, i) => ({ rowId: `r${i}`, name: `m-${i}`, address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 8000 + i, weight: i % 101, subnetId: 'subnet-1' }));
    return d;
  }],
  ['names and descriptions at the limit, with quotes, backslashes, templates and unicode', () => {
    const d = validDraft();
    d.title = evilText(LIMITS.name);
    d.listener.name = evilText(LIMITS.name);
    d.listener.description = evilText(LIMITS.description);
    d.routing.newPool.name = evilText(LIMITS.name);
    d.routing.newPool.description = evilText(LIMITS.description);
    d.routing.members[0]!.name = evilText(LIMITS.memberName);
    d.routing.healthCheck.type = 'HTTP';
    d.routing.healthCheck.path = "/a-b/c.d%20?e#f&g_;~!()*[]@$^:',+";
    return d;
  }],
  ['descriptions at the size cap of a saved draft', () => {
    const d = validDraft();
    d.listener.description = evilText(CAPS.longText);
    d.routing.newPool.description = evilText(CAPS.longText);
    return d;
  }],
];

const one = (v: unknown): Body => (v as Body[])[0]!;
function resource(json: Body, type: string, name: string): Body | undefined {
  const r = (json.resource as Record<string, Record<string, unknown>> | undefined)?.[type]?.[name];
  return r ? one(r) : undefined;
}
/** A string argument's literal value (fails on an interpolation). */
function text(v: unknown): string | null {
  expect(typeof v).toBe('string');
  return templateText(v as string);
}

/** The parsed export gives back exactly the draft's values. */
function expectRoundTrip(d: DraftContent, json: Body, region: string | null): void {
  expect(one((json.provider as Body).huaweicloud).region).toBe(region ?? '${var.region}');
  const l = resource(json, 'huaweicloud_elb_listener', 'this')!;
  const lis = d.listener;
  if (lis.name) expect(text(l.name)).toBe(lis.name);
  else expect(l.name).toBeUndefined();
  if (lis.description) expect(text(l.description)).toBe(lis.description);
  expect(l.loadbalancer_id).toBe(d.target.loadBalancerId ?? '${var.loadbalancer_id}');
  expect(l.protocol_port).toBe(lis.portMode === 'single' ? lis.port : 0);
  if (lis.portMode === 'ranges') expect(l.port_ranges).toEqual(lis.portRanges.map((r) => ({ start_port: r.start, end_port: r.end })));
  expect(l.transparent_client_ip_enable).toBe(String(lis.transparentClientIp));
  expect(l.nat64_enable).toBe(String(lis.nat64));
  expect(l.proxy_protocol_enable).toBe(lis.proxyProtocol ? true : undefined);
  expect(l.idle_timeout).toBe(lis.idleTimeout ?? undefined);
  expect(l.cps).toBe(lis.maxNewConnections.mode === 'limit' ? lis.maxNewConnections.value : undefined);
  expect(l.max_connection).toBe(lis.maxConcurrentConnections.mode === 'limit' ? lis.maxConcurrentConnections.value : undefined);
  if (lis.accessControl.mode === 'all') expect(l.access_policy).toBeUndefined();
  else expect([l.access_policy, l.ip_group, l.ip_group_enable]).toEqual([lis.accessControl.mode === 'whitelist' ? 'white' : 'black', lis.accessControl.ipGroupId, 'true']);
  // a map: the parser sorts its keys
  const tags = Object.entries((l.tags as Record<string, string> | undefined) ?? {}).map(([k, v]) => [templateText(k), text(v)]);
  expect(tags).toEqual(lis.tags.map((t) => [t.key, t.value]).sort(([a], [b]) => (a! < b! ? -1 : 1)));

  if (d.routing.mode === 'existing') {
    expect(l.default_pool_id).toBe(d.routing.existingPoolId);
    expect(Object.keys(json.resource as Body)).toEqual(['huaweicloud_elb_listener']);
    return;
  }
  expect(l.default_pool_id).toBe('${huaweicloud_elb_pool.this.id}');
  const p = resource(json, 'huaweicloud_elb_pool', 'this')!;
  const np = d.routing.newPool;
  if (np.name) expect(text(p.name)).toBe(np.name);
  if (np.description) expect(text(p.description)).toBe(np.description);
  expect(p.any_port_enable).toBe(newPoolForwardsAllPorts(d) ? true : undefined);
  expect(p.persistence).toEqual(np.stickySession.enabled ? [{ type: 'SOURCE_IP', ...(np.stickySession.timeoutMinutes !== null ? { timeout: np.stickySession.timeoutMinutes } : {}) }] : undefined);
  expect(p.connection_drain_enabled).toBe(np.connectionDrain.enabled ? true : undefined);
  expect(p.connection_drain_timeout).toBe(np.connectionDrain.enabled ? (np.connectionDrain.timeoutSeconds ?? undefined) : undefined);
  d.routing.members.forEach((m, i) => {
    const r = resource(json, 'huaweicloud_elb_member', `server_${i + 1}`)!;
    expect(r.pool_id).toBe('${huaweicloud_elb_pool.this.id}');
    expect(text(r.address)).toBe(m.address);
    if (m.name) expect(text(r.name)).toBe(m.name);
    expect(r.subnet_id).toBe(m.subnetId ?? undefined);
    expect(r.weight).toBe(m.weight ?? undefined);
    // all-port forwarding: the provider docs allow protocol_port to be left blank, and the API ignores it
    expect(r.protocol_port).toBe(newPoolForwardsAllPorts(d) ? undefined : (m.port ?? undefined));
  });
  const hc = d.routing.healthCheck;
  const mon = resource(json, 'huaweicloud_elb_monitor', 'this');
  if (!hc.enabled) return expect(mon).toBeUndefined();
  expect(mon).toMatchObject({ protocol: hc.type, interval: hc.interval, timeout: hc.timeout, max_retries: hc.healthyThreshold, max_retries_down: hc.unhealthyThreshold });
  expect(mon!.port).toBe(hc.port ?? undefined);
  if (hc.type === 'TCP') expect(mon!.url_path).toBeUndefined();
  else expect([text(mon!.url_path), text(mon!.status_code), mon!.http_method]).toEqual([hc.path, hc.expectedCodes, hc.httpMethod]);
  if (hc.type !== 'TCP' && hc.domainName) expect(text(mon!.domain_name)).toBe(hc.domainName);
  else expect(mon!.domain_name).toBeUndefined();
}

describe('Terraform export through the HCL parser', () => {
  it.each(CASES)('%s: parses, uses only documented arguments and types, and round-trips every value', async (name, make) => {
    for (const region of ['ap-southeast-1', null]) {
      const d = make();
      const hcl = toTerraform(d, { region });
      const json = await parse(`${name}.tf`, hcl);
      expect(checkExport(json), name).toEqual([]);
      expectRoundTrip(d, json, region);
      expect(d).toEqual(make()); // the export never changes the draft
    }
  });

  it('the parser sees the title only as a comment, whatever it holds', async () => {
    const d = validDraft();
    d.title = 'evil\n}\nresource "x" "y" {\n  a = "${var.z}"\n}';
    const json = await parse('title.tf', toTerraform(d, { region: 'r' }));
    expect(Object.keys(json.resource).sort()).toEqual(['huaweicloud_elb_listener', 'huaweicloud_elb_member', 'huaweicloud_elb_monitor', 'huaweicloud_elb_pool']);
    expect(Object.keys(json).sort()).toEqual(['provider', 'resource', 'terraform']);
  });

  const tamper = async (from: string, to: string, d = validDraft()): Promise<string[]> => {
    const hcl = toTerraform(d, { region: 'r' });
    expect(hcl).toContain(from);
    return checkExport(await parse('tampered.tf', hcl.replace(from, to)));
  };
  const listener = providerArgs.resources.huaweicloud_elb_listener;

  it('fails on an argument the provider docs do not have, naming the doc and its commit', async () => {
    const problems = await tamper('  max_retries_down', '  monitor_port     = 80\n  max_retries_down');
    expect(problems).toEqual([`huaweicloud_elb_monitor.this: argument "monitor_port" is not in the provider docs (docs/resources/elb_monitor.md at commit ${providerArgs.resources.huaweicloud_elb_monitor.commit})`]);
    const [p] = await tamper('  idle_timeout', '  keepalive_timeout = 300\n  idle_timeout');
    expect(p).toContain(`argument "keepalive_timeout" is not in the provider docs (docs/resources/elb_listener.md at commit ${listener.commit}; later additions: transparent_client_ip_enable, nat64_enable)`);
    const sticky = validDraft();
    sticky.routing.newPool.stickySession = { enabled: true, timeoutMinutes: 5 };
    expect(await tamper('persistence {', 'persistence {\n    persistence_timeout = 5', sticky)).toEqual([
      `huaweicloud_elb_pool.this.persistence: argument "persistence_timeout" is not in the provider docs (the huaweicloud_elb_pool.this.persistence block of docs/resources/elb_pool.md at commit ${providerArgs.resources.huaweicloud_elb_pool.commit})`,
    ]);
  });

  it('fails on a value of the wrong type or an interpolation the export never writes', async () => {
    expect(await tamper('weight        = 1', 'weight        = "1"')).toContain('huaweicloud_elb_member.server_1.weight: expected Int, got "1"');
    expect(await tamper('nat64_enable                 = "false"', 'nat64_enable                 = false')).toContain('huaweicloud_elb_listener.this.nat64_enable: expected String, got false');
    expect(await tamper('name                         = "web-8080"', 'name                         = "${var.x}"')).toEqual([
      'huaweicloud_elb_listener.this.name: "${var.x}" interpolates something that is not a declared variable or exported id',
    ]);
    expect(await tamper('resource "huaweicloud_elb_listener"', 'resource "huaweicloud_lb_listener"')).toContain('resource type huaweicloud_lb_listener is not in terraform-provider-args.json');
  });

  it('every argument list names its provider doc and a full commit', () => {
    for (const r of [...Object.values(providerArgs.resources), ...Object.values(providerArgs.provider)]) {
      expect(r.doc).toMatch(/^docs\/(resources\/elb_\w+|index)\.md$/);
      expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(listener.addedAfterCommit.minProviderVersion).toBe('1.91.0');
    expect(toTerraform(validDraft(), { region: 'r' })).toContain(`version = ">= ${listener.addedAfterCommit.minProviderVersion}"`);
  });
});
