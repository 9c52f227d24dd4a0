import { describe, expect, it } from 'vitest';
import type { DraftContent, HealthCheckDraft, MemberDraft } from '../model/draft';
import { buildContext } from './context';
import { makeInventory, makeLoadBalancer, makeMember, makePool, validDraft } from './fixtures';
import type { Issue } from './issue';
import { parseMemberAddress } from './routing';
import { validateDraft, validateRouting } from './validate';

function run(mutate: (d: DraftContent) => void, inv = makeInventory()): Issue[] {
  const d = validDraft();
  mutate(d);
  return validateDraft(d, buildContext(inv, 'lb-1', inv.region));
}
const codes = (issues: Issue[]) => issues.map((i) => i.code);
const at = (issues: Issue[], path: string) => issues.filter((i) => i.path === path).map((i) => i.code);
const member = (over: Partial<MemberDraft> = {}): MemberDraft => ({
  rowId: 'x',
  name: '',
  address: '192.168.1.50',
  port: 80,
  weight: 1,
  subnetId: 'subnet-1',
  ...over,
});

describe('existing backend server group', () => {
  const existing = (id: string | null) => (d: DraftContent) => {
    d.routing.mode = 'existing';
    d.routing.existingPoolId = id;
  };

  it('a cached TCP pool of the same LB is fine; the new-group branch is not checked', () => {
    const inv = makeInventory({ pools: [makePool()] });
    const issues = run((d) => {
      existing('pool-1')(d);
      d.routing.members = [member({ address: 'garbage' })];
      d.routing.healthCheck.interval = 0;
    }, inv);
    expect(issues).toEqual([]);
  });

  it('a group is required', () => {
    expect(at(run(existing(null)), 'routing.existingPoolId')).toEqual(['routing.existingPoolId.required']);
  });

  it('an unknown group is a warning', () => {
    const issues = run(existing('pool-x'));
    expect(issues).toEqual([expect.objectContaining({ code: 'routing.existingPool.unknown', severity: 'warning', path: 'routing.existingPoolId' })]);
  });

  it.each(['UDP', 'HTTP', 'QUIC'])('a %s group is an error (backend protocol forced TCP)', (protocol) => {
    const inv = makeInventory({ pools: [makePool({ protocol })] });
    const issues = run(existing('pool-1'), inv);
    expect(codes(issues)).toEqual(['routing.existingPool.protocol']);
    expect(issues[0]!.message).toContain(protocol);
  });

  it('a group of another LB is an error', () => {
    const inv = makeInventory({ pools: [makePool({ loadBalancerIds: ['lb-2'] })] });
    expect(codes(run(existing('pool-1'), inv))).toEqual(['routing.existingPool.loadBalancer']);
  });

  it('an IP-type group with Transfer Client IP on warns on the listener', () => {
    const inv = makeInventory({ pools: [makePool({ type: 'ip' })] });
    const issues = run(existing('pool-1'), inv);
    expect(issues).toEqual([expect.objectContaining({ code: 'listener.transparentClientIp.ipBackends', path: 'listener.transparentClientIp', severity: 'warning' })]);
    expect(run((d) => {
      existing('pool-1')(d);
      d.listener.transparentClientIp = false;
    }, inv)).toEqual([]);
  });

  it('a hybrid group holding IP-type members also warns', () => {
    const inv = makeInventory({ pools: [makePool()], members: [makeMember({ memberType: 'ip', subnetId: null })] });
    expect(codes(run(existing('pool-1'), inv))).toEqual(['listener.transparentClientIp.ipBackends']);
  });
});

describe('new backend server group', () => {
  it.each([
    [255, []],
    [256, ['routing.newPool.name.length']],
  ])('name of %s characters', (n, expected) => {
    expect(at(run((d) => (d.routing.newPool.name = 'p'.repeat(n))), 'routing.newPool.name')).toEqual(expected);
  });

  it.each([
    [255, []],
    [256, ['routing.newPool.description.length']],
  ])('description of %s characters', (n, expected) => {
    expect(at(run((d) => (d.routing.newPool.description = 'p'.repeat(n))), 'routing.newPool.description')).toEqual(expected);
  });

  it('algorithm must be one of three', () => {
    for (const a of ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'] as const) {
      expect(run((d) => (d.routing.newPool.algorithm = a))).toEqual([]);
    }
    const issues = run((d) => ((d.routing.newPool as { algorithm: string }).algorithm = 'QUIC_CID'));
    expect(at(issues, 'routing.newPool.algorithm')).toEqual(['routing.newPool.algorithm.invalid']);
  });

  it('sticky session with source IP hash is an error; with WRR/WLC it is fine', () => {
    const sticky = (algorithm: 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP') => (d: DraftContent) => {
      d.routing.newPool.algorithm = algorithm;
      d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: 20 };
    };
    expect(run(sticky('ROUND_ROBIN'))).toEqual([]);
    expect(run(sticky('LEAST_CONNECTIONS'))).toEqual([]);
    expect(at(run(sticky('SOURCE_IP')), 'routing.newPool.stickySession.enabled')).toEqual(['routing.newPool.stickySession.algorithm']);
  });

  it.each([
    [0, 'routing.newPool.stickySession.timeout.range'],
    [1, null],
    [60, null],
    [61, 'routing.newPool.stickySession.timeout.range'],
    [null, 'routing.newPool.stickySession.timeout.required'],
  ])('stickiness duration %s → %s', (v, code) => {
    const issues = run((d) => (d.routing.newPool.stickySession = { enabled: true, timeoutMinutes: v }));
    expect(at(issues, 'routing.newPool.stickySession.timeoutMinutes')).toEqual(code ? [code] : []);
  });

  it('stickiness duration is ignored while sticky sessions are off', () => {
    expect(run((d) => (d.routing.newPool.stickySession = { enabled: false, timeoutMinutes: 999 }))).toEqual([]);
  });

  it.each([
    [9, 'routing.newPool.connectionDrain.timeout.range'],
    [10, null],
    [4000, null],
    [4001, 'routing.newPool.connectionDrain.timeout.range'],
    [null, 'routing.newPool.connectionDrain.timeout.required'],
  ])('deregistration delay timeout %s → %s', (v, code) => {
    const issues = run((d) => (d.routing.newPool.connectionDrain = { enabled: true, timeoutSeconds: v }));
    expect(at(issues, 'routing.newPool.connectionDrain.timeoutSeconds')).toEqual(code ? [code] : []);
    expect(run((d) => (d.routing.newPool.connectionDrain = { enabled: false, timeoutSeconds: v }))).toEqual([]);
  });
});

describe('backend servers', () => {
  it('no servers is a warning', () => {
    const issues = run((d) => (d.routing.members = []));
    expect(issues).toEqual([expect.objectContaining({ code: 'routing.members.none', severity: 'warning', path: 'routing.members' })]);
    expect(issues[0]!.message).toContain('no servers');
  });

  it('200 servers are fine, 201 are an error', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => member({ address: `10.0.${i >> 8}.${i & 255}` }));
    expect(run((d) => (d.routing.members = many(200)))).toEqual([]);
    expect(at(run((d) => (d.routing.members = many(201))), 'routing.members')).toEqual(['routing.members.count']);
  });

  it.each([
    ['192.168.1.1', null],
    ['2001:db8::1', null],
    ['::ffff:10.0.0.1', null],
    ['', 'routing.members.address.required'],
    ['10.0.0.0/24', 'routing.members.address.cidr'],
    ['2001:db8::/64', 'routing.members.address.cidr'],
    ['256.1.1.1', 'routing.members.address.invalid'],
    ['10.0.0', 'routing.members.address.invalid'],
    ['010.0.0.1', 'routing.members.address.invalid'],
    ['0x7f.0.0.1', 'routing.members.address.invalid'],
    [' 10.0.0.1', 'routing.members.address.invalid'],
    ['fe80::1%eth0', 'routing.members.address.invalid'],
    ['10.0.0.1-10.0.0.5', 'routing.members.address.invalid'],
    ['host.example', 'routing.members.address.invalid'],
  ])('address %j → %s', (address, code) => {
    const issues = run((d) => (d.routing.members = [member({ address })]));
    expect(at(issues, 'routing.members.0.address')).toEqual(code ? [code] : []);
  });

  it.each([
    [0, 'routing.members.port.range'],
    [1, null],
    [65535, null],
    [65536, 'routing.members.port.range'],
    [null, 'routing.members.port.required'],
  ])('port %s → %s', (port, code) => {
    expect(at(run((d) => (d.routing.members = [member({ port })])), 'routing.members.0.port')).toEqual(code ? [code] : []);
  });

  it('writes the port bounds as ports (65535, not 65,535)', () => {
    const issue = run((d) => (d.routing.members = [member({ port: 70000 })])).find((i) => i.code === 'routing.members.port.range');
    expect(issue!.message).toBe('Backend Port must be a whole number from 1 to 65535.');
  });

  it.each([
    [-1, 'routing.members.weight.range'],
    [0, null],
    [100, null],
    [101, 'routing.members.weight.range'],
    [1.5, 'routing.members.weight.range'],
    [null, 'routing.members.weight.required'],
  ])('weight %s → %s', (weight, code) => {
    const issues = run((d) => (d.routing.members = [member({ weight }), member({ address: '192.168.1.51', weight: 1 })]));
    expect(at(issues, 'routing.members.0.weight')).toEqual(code ? [code] : []);
  });

  it.each([
    [255, []],
    [256, ['routing.members.name.length']],
  ])('server name of %s characters', (n, expected) => {
    expect(at(run((d) => (d.routing.members = [member({ name: 'n'.repeat(n) })])), 'routing.members.0.name')).toEqual(expected);
  });

  it('all weights 0 is a warning; one non-zero weight is enough', () => {
    const issues = run((d) => (d.routing.members = [member({ weight: 0 }), member({ address: '192.168.1.51', weight: 0 })]));
    expect(issues).toEqual([expect.objectContaining({ code: 'routing.members.allWeightsZero', severity: 'warning' })]);
    expect(issues[0]!.message).toContain('no server will receive new connections');
    expect(run((d) => (d.routing.members = [member({ weight: 0 }), member({ address: '192.168.1.51', weight: 1 })]))).toEqual([]);
  });

  it('duplicate address+port: error on the later row naming the earlier; same address, other port is fine', () => {
    const issues = run(
      (d) =>
        (d.routing.members = [
          member({ address: '2001:db8::1', port: 80 }),
          member({ address: '2001:db8::1', port: 81 }),
          member({ address: '2001:0db8:0:0:0:0:0:1', port: 80 }),
        ]),
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'routing.members.duplicate', path: 'routing.members.2.address', params: expect.objectContaining({ otherIndex: 0 }) })]);
    expect(issues[0]!.message).toContain('server 1');
  });

  it('IP-type servers (no subnet): an LB without IP as a Backend and non-private addresses are errors, as the API refuses both', () => {
    // SDK BatchCreateMembersOption.subnet_cidr_id: required unless the LB has ip_target_enable; without it the address
    // must be a private IPv4 address. A submit sent anyway created the group, then failed on its servers.
    const ipMember = [member({ subnetId: null, address: '10.1.2.3' })];
    const issues = run((d) => {
      d.routing.members = ipMember;
      d.listener.transparentClientIp = false;
    });
    expect(codes(issues)).toEqual(['routing.members.ipBackend.notEnabled']);
    expect(issues[0]!.severity).toBe('error');
    const enabled = makeInventory({ loadBalancers: [makeLoadBalancer({ ipTargetEnable: true })] });
    expect(run((d) => {
      d.routing.members = ipMember;
      d.listener.transparentClientIp = false;
    }, enabled)).toEqual([]);
    const publicIp = run((d) => {
      d.routing.members = [member({ subnetId: null, address: '8.8.8.8' })];
      d.listener.transparentClientIp = false;
    }, enabled);
    expect(codes(publicIp)).toEqual(['routing.members.ipBackend.notPrivateIpv4']);
    expect(publicIp[0]!.severity).toBe('error');
  });

  it('an empty subnet ID counts as no subnet (as the API mapping does)', () => {
    const issues = run((d) => {
      d.routing.members = [member({ subnetId: '', address: '10.1.2.3' })];
      d.listener.transparentClientIp = false;
    });
    expect(codes(issues)).toEqual(['routing.members.ipBackend.notEnabled']);
  });

  it('IP-type servers with Transfer Client IP on warn on the listener', () => {
    const enabled = makeInventory({ loadBalancers: [makeLoadBalancer({ ipTargetEnable: true })] });
    const issues = run((d) => (d.routing.members.push(member({ subnetId: null, address: '10.1.2.3' }))), enabled);
    expect(codes(issues)).toEqual(['listener.transparentClientIp.ipBackends']);
  });
});

describe('health check', () => {
  const hc = (over: Partial<HealthCheckDraft>) => (d: DraftContent) => Object.assign(d.routing.healthCheck, over);
  const http = (over: Partial<HealthCheckDraft>) => hc({ type: 'HTTP', ...over });

  it('disabled: nothing is checked', () => {
    expect(run(hc({ enabled: false, interval: 0, timeout: 99, path: 'x' }))).toEqual([]);
  });

  it.each([
    [0, 'routing.healthCheck.interval.range'],
    [1, null],
    [50, null],
    [51, 'routing.healthCheck.interval.range'],
    [null, 'routing.healthCheck.interval.required'],
  ])('interval %s → %s', (interval, code) => {
    // only the interval path is asserted (timeout 1 is not below interval 1, which is reported on the timeout)
    const issues = run(hc({ interval, timeout: 1 }));
    const got = at(issues, 'routing.healthCheck.interval');
    expect(got).toEqual(code ? [code] : []);
  });

  it.each([
    [0, 'routing.healthCheck.timeout.range'],
    [1, null],
    [49, null],
    [51, 'routing.healthCheck.timeout.range'],
    [null, 'routing.healthCheck.timeout.required'],
  ])('timeout %s (interval 50) → %s', (timeout, code) => {
    expect(at(run(hc({ interval: 50, timeout })), 'routing.healthCheck.timeout')).toEqual(code ? [code] : []);
  });

  it('timeout equal to or above the interval is an error; one below is fine', () => {
    expect(at(run(hc({ interval: 5, timeout: 5 })), 'routing.healthCheck.timeout')).toEqual(['routing.healthCheck.timeout.notBelowInterval']);
    expect(at(run(hc({ interval: 5, timeout: 6 })), 'routing.healthCheck.timeout')).toEqual(['routing.healthCheck.timeout.notBelowInterval']);
    expect(at(run(hc({ interval: 50, timeout: 50 })), 'routing.healthCheck.timeout')).toEqual(['routing.healthCheck.timeout.notBelowInterval']);
    expect(run(hc({ interval: 5, timeout: 4 }))).toEqual([]);
  });

  for (const field of ['healthyThreshold', 'unhealthyThreshold'] as const) {
    it.each([
      [0, `routing.healthCheck.${field}.range`],
      [1, null],
      [10, null],
      [11, `routing.healthCheck.${field}.range`],
      [null, `routing.healthCheck.${field}.required`],
    ])(`${field} %s → %s`, (v, code) => {
      expect(at(run(hc({ [field]: v })), `routing.healthCheck.${field}`)).toEqual(code ? [code] : []);
    });
  }

  it.each([
    [null, null],
    [0, 'routing.healthCheck.port.range'],
    [1, null],
    [65535, null],
    [65536, 'routing.healthCheck.port.range'],
  ])('port %s → %s', (port, code) => {
    expect(at(run(hc({ port })), 'routing.healthCheck.port')).toEqual(code ? [code] : []);
  });

  it('type must be TCP, HTTP or HTTPS', () => {
    for (const type of ['TCP', 'HTTP', 'HTTPS'] as const) expect(run(hc({ type }))).toEqual([]);
    expect(at(run(hc({ type: 'UDP_CONNECT' as 'TCP' })), 'routing.healthCheck.type')).toEqual(['routing.healthCheck.type.invalid']);
  });

  it('a TCP check ignores the HTTP-only fields, however wrong', () => {
    expect(run(hc({ type: 'TCP', path: 'no slash <>', expectedCodes: 'abc', domainName: '-bad', httpMethod: 'PUT' as 'GET' }))).toEqual([]);
  });

  describe('HTTP/HTTPS fields', () => {
    it.each([
      ['/', []],
      ['/health?x&y%20#frag', []],
      ['/a=b', ['routing.healthCheck.path.chars']],
      ["/a-b_c;d~e!f(g)*[h]@$^:',+", []],
      ['/' + 'a'.repeat(79), []],
      ['/' + 'a'.repeat(80), ['routing.healthCheck.path.length']],
      ['', ['routing.healthCheck.path.format']],
      ['health', ['routing.healthCheck.path.format']],
      ['/a b', ['routing.healthCheck.path.chars']],
      ['/a<b', ['routing.healthCheck.path.chars']],
      ['/a"b', ['routing.healthCheck.path.chars']],
    ])('path %j → %j', (path, expected) => {
      expect(at(run(http({ path })), 'routing.healthCheck.path')).toEqual(expected);
    });

    it.each([
      ['200', []],
      ['200,202', []],
      ['200-204', []],
      ['599', []],
      ['200-200', []],
      ['199', ['routing.healthCheck.expectedCodes.range']],
      ['600', ['routing.healthCheck.expectedCodes.range']],
      ['200,600', ['routing.healthCheck.expectedCodes.range']],
      ['199-204', ['routing.healthCheck.expectedCodes.range']],
      ['204-200', ['routing.healthCheck.expectedCodes.order']],
      ['', ['routing.healthCheck.expectedCodes.format']],
      ['20', ['routing.healthCheck.expectedCodes.format']],
      ['200,', ['routing.healthCheck.expectedCodes.format']],
      ['200, 202', ['routing.healthCheck.expectedCodes.format']],
      ['200-204,300', ['routing.healthCheck.expectedCodes.format']],
      ['abc', ['routing.healthCheck.expectedCodes.format']],
    ])('status code %j → %j', (expectedCodes, expected) => {
      expect(at(run(http({ expectedCodes })), 'routing.healthCheck.expectedCodes')).toEqual(expected);
    });

    it.each([
      ['', []],
      ['www.example.com', []],
      ['1host-a.b', []],
      ['a'.repeat(100), []],
      ['a'.repeat(101), ['routing.healthCheck.domainName.length']],
      ['-bad.com', ['routing.healthCheck.domainName.format']],
      ['.bad.com', ['routing.healthCheck.domainName.format']],
      ['bad_name.com', ['routing.healthCheck.domainName.format']],
      ['bad name', ['routing.healthCheck.domainName.format']],
    ])('domain name %j → %j', (domainName, expected) => {
      expect(at(run(http({ domainName })), 'routing.healthCheck.domainName')).toEqual(expected);
    });

    it('method must be GET, HEAD or POST', () => {
      for (const httpMethod of ['GET', 'HEAD', 'POST'] as const) expect(run(http({ httpMethod }))).toEqual([]);
      expect(at(run(http({ httpMethod: 'PUT' as 'GET' })), 'routing.healthCheck.httpMethod')).toEqual(['routing.healthCheck.httpMethod.invalid']);
    });

    it('HTTPS checks get the same rules', () => {
      expect(at(run(hc({ type: 'HTTPS', path: 'x' })), 'routing.healthCheck.path')).toEqual(['routing.healthCheck.path.format']);
    });
  });
});

describe('validateRouting alone', () => {
  it('returns only routing.* issues', () => {
    const d = validDraft();
    d.routing.members = [member({ port: 0 })];
    d.listener.idleTimeout = 1;
    const issues = validateRouting(d.routing);
    expect(codes(issues)).toEqual(['routing.members.port.range']);
  });

  it('checks the group LB against ctx.loadBalancer', () => {
    const d = validDraft();
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-1';
    const ctx = { loadBalancer: makeLoadBalancer({ id: 'lb-9' }), pools: [makePool()] };
    expect(codes(validateRouting(d.routing, ctx))).toEqual(['routing.existingPool.loadBalancer']);
  });
});

describe('parseMemberAddress', () => {
  it('normalises IPv6 and flags private IPv4', () => {
    expect(parseMemberAddress('2001:db8::1')).toMatchObject({ ok: true, kind: 'ipv6', normalized: '2001:db8:0:0:0:0:0:1' });
    expect(parseMemberAddress('172.16.0.1')).toMatchObject({ ok: true, kind: 'ipv4', privateIpv4: true });
    expect(parseMemberAddress('100.64.0.1')).toMatchObject({ ok: true, privateIpv4: false });
    expect(parseMemberAddress('10.0.0.0/8')).toEqual({ ok: false, reason: 'cidr' });
  });
});
