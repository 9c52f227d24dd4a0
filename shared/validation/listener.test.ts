import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../model/draft';
import { capabilitiesFor } from '../model/regions';
import { buildContext } from './context';
import { makeFlavor, makeInventory, makeIpGroup, makeListener, makeLoadBalancer, validDraft } from './fixtures';
import type { Issue } from './issue';
import { validateDraft, validateListener } from './validate';

const ctxOf = (inv = makeInventory()) => buildContext(inv, 'lb-1', inv.region);

function run(mutate: (d: DraftContent) => void, inv = makeInventory()): Issue[] {
  const d = validDraft();
  mutate(d);
  return validateDraft(d, ctxOf(inv));
}
const codes = (issues: Issue[]) => issues.map((i) => i.code);
const at = (issues: Issue[], path: string) => issues.filter((i) => i.path === path).map((i) => i.code);

describe('fixture', () => {
  it('the valid draft has no issues at all', () => {
    expect(run(() => {})).toEqual([]);
  });
});

describe('Frontend Protocol', () => {
  it('anything but TCP is an error', () => {
    const issues = run((d) => {
      (d.listener as { protocol: string }).protocol = 'UDP';
    });
    expect(at(issues, 'listener.protocol')).toEqual(['listener.protocol.tcpOnly']);
  });
});

describe('Listening Port (single)', () => {
  it.each([
    [0, 'listener.port.range'],
    [1, null],
    [65535, null],
    [65536, 'listener.port.range'],
    [80.5, 'listener.port.range'],
    [-1, 'listener.port.range'],
  ])('port %s → %s', (port, code) => {
    const issues = run((d) => {
      d.listener.port = port;
    });
    expect(at(issues, 'listener.port')).toEqual(code ? [code] : []);
  });

  it('empty port is required', () => {
    const issues = run((d) => {
      d.listener.port = null;
    });
    expect(at(issues, 'listener.port')).toEqual(['listener.port.required']);
    expect(issues[0]!.message).toContain('Listening Port');
  });

  it('message and params state the limits', () => {
    const [issue] = run((d) => {
      d.listener.port = 0;
    });
    expect(issue!.message).toBe('Listening Port must be a whole number from 1 to 65535.');
    expect(issue!.params).toMatchObject({ min: 1, max: 65535, value: 0 });
  });
});

describe('port clash with listeners on the same LB', () => {
  const inv = (listeners = [makeListener({ id: 'l-http', name: 'web', protocol: 'HTTP', port: 8080 })]) => makeInventory({ listeners });

  it('TCP vs HTTP on the same port clashes, offering the next free port', () => {
    const issues = run(() => {}, inv());
    const clash = issues.find((i) => i.code === 'listener.port.clash')!;
    expect(clash.severity).toBe('error');
    expect(clash.path).toBe('listener.port');
    expect(clash.params).toMatchObject({ port: 8080, listenerId: 'l-http', listenerProtocol: 'HTTP', nextFreePort: 8081 });
    expect(clash.message).toContain('"web" (l-http)');
    expect(clash.message).toContain('Port 8081 is free.');
  });

  it.each(['TCP', 'HTTPS', 'https'])('TCP vs %s clashes', (protocol) => {
    const issues = run(() => {}, inv([makeListener({ protocol, port: 8080 })]));
    expect(codes(issues)).toContain('listener.port.clash');
  });

  it.each(['UDP', 'QUIC'])('TCP vs %s on the same port does not clash', (protocol) => {
    const issues = run(() => {}, inv([makeListener({ protocol, port: 8080 })]));
    expect(issues).toEqual([]);
  });

  it('a listener on another LB does not clash', () => {
    const issues = run(() => {}, inv([makeListener({ loadBalancerId: 'lb-2', port: 8080 })]));
    expect(issues).toEqual([]);
  });

  it('a single port inside an existing TCP range clashes; the free port skips the range', () => {
    const issues = run(() => {}, inv([makeListener({ id: 'l-r', port: null, portRanges: [{ start: 8000, end: 8100 }] })]));
    const clash = issues.find((i) => i.code === 'listener.port.clash')!;
    expect(clash.params).toMatchObject({ listenerId: 'l-r', nextFreePort: 8101 });
  });

  it('no clash checks without a target LB (but the LB is required)', () => {
    const issues = run((d) => {
      d.target.loadBalancerId = null;
    }, inv());
    expect(codes(issues)).toEqual(['target.loadBalancerId.required']);
  });
});

describe('Port ranges', () => {
  const ranges = (d: DraftContent, r: Array<[number | null, number | null]>) => {
    d.listener.portMode = 'ranges';
    d.listener.portRanges = r.map(([start, end]) => ({ start, end }));
    // The fixture's new group then forwards all ports, which needs a health check port (see all-port.test.ts).
    d.routing.healthCheck.port = 10000;
  };

  it('valid ranges give no issue', () => {
    expect(run((d) => ranges(d, [[1, 10], [20, 65535]]))).toEqual([]);
  });

  it('10 ranges are fine, 11 are an error; 0 ranges are an error', () => {
    const ten = Array.from({ length: 10 }, (_, i) => [i * 10 + 1, i * 10 + 5] as [number, number]);
    expect(run((d) => ranges(d, ten))).toEqual([]);
    const eleven = Array.from({ length: 11 }, (_, i) => [i * 10 + 1, i * 10 + 5] as [number, number]);
    expect(at(run((d) => ranges(d, eleven)), 'listener.portRanges')).toEqual(['listener.portRanges.count']);
    expect(at(run((d) => ranges(d, [])), 'listener.portRanges')).toEqual(['listener.portRanges.count']);
  });

  it.each([
    [0, 'listener.portRanges.value.range'],
    [1, null],
    [65535, null],
    [65536, 'listener.portRanges.value.range'],
  ])('end port %s → %s (path .0.end)', (end, code) => {
    const issues = run((d) => ranges(d, [[1, end]]));
    expect(at(issues, 'listener.portRanges.0.end')).toEqual(code ? [code] : []);
  });

  it.each([
    [0, 'listener.portRanges.value.range'],
    [1, null],
    [65535, null],
    [65536, 'listener.portRanges.value.range'],
  ])('start port %s → %s (path .1.start)', (start, code) => {
    const issues = run((d) => ranges(d, [[1, 1], [start, 65535]]));
    expect(at(issues, 'listener.portRanges.1.start')).toEqual(code ? [code] : []);
  });

  it('empty start/end are required', () => {
    const issues = run((d) => ranges(d, [[null, null]]));
    expect(at(issues, 'listener.portRanges.0.start')).toEqual(['listener.portRanges.value.required']);
    expect(at(issues, 'listener.portRanges.0.end')).toEqual(['listener.portRanges.value.required']);
  });

  it('start = end is fine; start > end is an error on the end', () => {
    expect(run((d) => ranges(d, [[500, 500]]))).toEqual([]);
    expect(at(run((d) => ranges(d, [[501, 500]])), 'listener.portRanges.0.end')).toEqual(['listener.portRanges.order']);
  });

  it('overlapping ranges: error on the later range naming the earlier; touching ranges are fine', () => {
    const issues = run((d) => ranges(d, [[100, 200], [300, 400], [200, 250]]));
    const overlap = issues.filter((i) => i.code === 'listener.portRanges.overlap');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]!.path).toBe('listener.portRanges.2');
    expect(overlap[0]!.params).toMatchObject({ index: 2, otherIndex: 0 });
    expect(overlap[0]!.message).toContain('range 1 (100–200)');
    expect(run((d) => ranges(d, [[100, 200], [201, 300]]))).toEqual([]);
  });

  it('a range over an existing TCP single port or range is an error naming the listener', () => {
    const inv = makeInventory({
      listeners: [
        makeListener({ id: 'l-80', name: 'http', protocol: 'HTTP', port: 80 }),
        makeListener({ id: 'l-r', name: 'ranges', port: null, portRanges: [{ start: 9000, end: 9100 }] }),
        makeListener({ id: 'l-udp', protocol: 'UDP', port: 5000 }),
      ],
    });
    const issues = run((d) => ranges(d, [[1, 100], [9100, 9200], [4000, 6000]]), inv);
    const clashes = issues.filter((i) => i.code === 'listener.portRanges.clash');
    expect(clashes.map((c) => [c.path, c.params?.listenerId])).toEqual([
      ['listener.portRanges.0', 'l-80'],
      ['listener.portRanges.1', 'l-r'],
    ]);
    expect(clashes[0]!.message).toContain('port 80');
    expect(clashes[1]!.message).toContain('ports 9000–9100');
    expect(clashes[1]!.message).toContain('"ranges" (l-r)');
  });

  it('ranges in a region without port ranges are an error naming the region', () => {
    const inv = makeInventory({ region: 'sandbox-2' });
    const issues = run((d) => ranges(d, [[1, 10]]), inv);
    const unsupported = issues.find((i) => i.code === 'listener.portRanges.unsupported')!;
    expect(unsupported.severity).toBe('error');
    expect(unsupported.message).toContain('sandbox-2');
    expect(unsupported.params).toEqual({ region: 'sandbox-2' });
    // single port mode in that region is fine
    expect(run(() => {}, inv)).toEqual([]);
  });
});

describe('Name and Description', () => {
  it.each([
    [255, []],
    [256, ['listener.name.length']],
  ])('name of %s characters', (n, expected) => {
    expect(at(run((d) => (d.listener.name = 'n'.repeat(n))), 'listener.name')).toEqual(expected);
  });

  it('an empty (or blank) name is a warning', () => {
    for (const name of ['', '   ']) {
      const issues = run((d) => (d.listener.name = name));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'listener.name.empty', severity: 'warning', path: 'listener.name' });
    }
  });

  it.each([
    [255, []],
    [256, ['listener.description.length']],
  ])('description of %s characters', (n, expected) => {
    expect(at(run((d) => (d.listener.description = 'd'.repeat(n))), 'listener.description')).toEqual(expected);
  });

  it.each(['a<b', 'a>b', '<script>'])('description %s is rejected', (text) => {
    expect(at(run((d) => (d.listener.description = text)), 'listener.description')).toEqual(['listener.description.chars']);
  });
});

describe('Idle Timeout (s)', () => {
  it.each([
    [9, 'listener.idleTimeout.range'],
    [10, null],
    [4000, null],
    [4001, 'listener.idleTimeout.range'],
    [300.5, 'listener.idleTimeout.range'],
    [null, 'listener.idleTimeout.required'],
  ])('%s → %s', (v, code) => {
    expect(at(run((d) => (d.listener.idleTimeout = v)), 'listener.idleTimeout')).toEqual(code ? [code] : []);
  });

  it('uses the seed label and states the rule', () => {
    const [issue] = run((d) => (d.listener.idleTimeout = 9));
    expect(issue!.message).toBe('Idle Timeout (s) must be a whole number from 10 to 4,000.');
  });
});

describe('connection limits', () => {
  for (const field of ['maxNewConnections', 'maxConcurrentConnections'] as const) {
    describe(field, () => {
      it.each([
        [0, `listener.${field}.range`],
        [1, null],
        [1_000_000, null],
        [1_000_001, `listener.${field}.range`],
        [null, `listener.${field}.required`],
      ])('limit %s → %s', (value, code) => {
        // no flavor so the above-flavor warning stays out of the way
        const inv = makeInventory({ flavors: [] });
        const issues = run((d) => (d.listener[field] = { mode: 'limit', value }), inv);
        expect(at(issues, `listener.${field}.value`)).toEqual(code ? [code] : []);
      });

      it('writes the bounds of an amount grouped (1,000,000)', () => {
        const issues = run((d) => (d.listener[field] = { mode: 'limit', value: 0 }), makeInventory({ flavors: [] }));
        expect(issues.find((i) => i.code === `listener.${field}.range`)!.message).toMatch(/ from 1 to 1,000,000\.$/);
      });

      it('unlimited ignores the value', () => {
        expect(run((d) => (d.listener[field] = { mode: 'unlimited', value: -5 }))).toEqual([]);
      });

      it("warns when the limit exceeds the flavor's figure", () => {
        const figure = field === 'maxNewConnections' ? 10_000 : 500_000;
        expect(run((d) => (d.listener[field] = { mode: 'limit', value: figure }))).toEqual([]);
        const issues = run((d) => (d.listener[field] = { mode: 'limit', value: figure + 1 }));
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ code: `listener.${field}.aboveFlavor`, severity: 'warning', params: { flavorLimit: figure } });
        expect(issues[0]!.message).toContain(`the flavor's limit ${figure.toLocaleString('en-US')} applies`);
      });

      it('is an error when the region lacks connection limits', () => {
        const inv = makeInventory();
        const ctx = { ...ctxOf(inv), capabilities: { ...capabilitiesFor('x'), connectionLimits: false } };
        const d = validDraft();
        d.listener[field] = { mode: 'limit', value: 5 };
        expect(at(validateDraft(d, ctx), `listener.${field}.mode`)).toEqual([`listener.${field}.unsupported`]);
      });
    });
  }

  it('flavor figures use the L4 flavor of the target LB only', () => {
    const inv = makeInventory({
      loadBalancers: [makeLoadBalancer({ l4FlavorId: null })],
      flavors: [makeFlavor({ cps: 1 })],
    });
    expect(run((d) => (d.listener.maxNewConnections = { mode: 'limit', value: 100 }), inv)).toEqual([]);
  });
});

describe('client IP options', () => {
  it('translation and transfer client IP exclude each other', () => {
    const issues = run((d) => {
      d.listener.nat64 = true;
      d.listener.transparentClientIp = true;
    });
    expect(codes(issues)).toContain('listener.nat64.transparentClientIp');
    const ok = run((d) => {
      d.listener.nat64 = true;
      d.listener.transparentClientIp = false;
    });
    expect(codes(ok)).toEqual(['listener.nat64.notice']);
    expect(ok[0]!.severity).toBe('warning');
    expect(ok[0]!.message).toMatch(/persistent connections/);
    expect(ok[0]!.message).toMatch(/TOA/);
  });

  it('ProxyProtocol on warns that backends must support it', () => {
    const issues = run((d) => (d.listener.proxyProtocol = true));
    expect(issues).toEqual([expect.objectContaining({ code: 'listener.proxyProtocol.notice', severity: 'warning', path: 'listener.proxyProtocol' })]);
  });

  it('options a region lacks are errors when turned on', () => {
    const inv = makeInventory({ region: 'sandbox-2' });
    const issues = run((d) => {
      d.listener.nat64 = true;
      d.listener.transparentClientIp = false;
    }, inv);
    expect(codes(issues)).toContain('listener.nat64.unsupported');
    const ctx = { ...ctxOf(), capabilities: { ...capabilitiesFor('r'), proxyProtocol: false } };
    const d = validDraft();
    d.listener.proxyProtocol = true;
    expect(codes(validateDraft(d, ctx))).toContain('listener.proxyProtocol.unsupported');
    d.listener.proxyProtocol = false;
    expect(validateDraft(d, ctx)).toEqual([]);
  });
});

describe('Tags', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));

  it('20 tags are fine, 21 are an error', () => {
    expect(run((d) => (d.listener.tags = tags(20)))).toEqual([]);
    expect(at(run((d) => (d.listener.tags = tags(21))), 'listener.tags')).toEqual(['listener.tags.count']);
  });

  it.each([
    [36, []],
    [37, ['listener.tags.key.length']],
    [0, ['listener.tags.key.required']],
  ])('key of %s characters', (n, expected) => {
    expect(at(run((d) => (d.listener.tags = [{ key: 'k'.repeat(n), value: '' }])), 'listener.tags.0.key')).toEqual(expected);
  });

  it.each([
    [0, []],
    [255, []],
    [256, ['listener.tags.value.length']],
  ])('value of %s characters', (n, expected) => {
    expect(at(run((d) => (d.listener.tags = [{ key: 'k', value: 'v'.repeat(n) }])), 'listener.tags.0.value')).toEqual(expected);
  });

  it('key and value messages name their field, limit and length', () => {
    const issues = run((d) => (d.listener.tags = [{ key: `${'k'.repeat(36)}/`, value: `${'v'.repeat(255)}|` }]));
    const of = (path: string) => issues.filter((i) => i.path === path).map((i) => [i.code, i.message, i.params]);
    expect(of('listener.tags.0.key')).toEqual([
      ['listener.tags.key.length', 'Tag key can have at most 36 characters (now 37).', { index: 0, max: 36, length: 37 }],
      ['listener.tags.key.chars', 'Tag key cannot contain = * < > \\ , | or /.', { index: 0 }],
    ]);
    expect(of('listener.tags.0.value')).toEqual([
      ['listener.tags.value.length', 'Tag value can have at most 255 characters (now 256).', { index: 0, max: 255, length: 256 }],
      ['listener.tags.value.chars', 'Tag value cannot contain = * < > \\ , | or /.', { index: 0 }],
    ]);
  });

  it.each(['=', '*', '<', '>', '\\', ',', '|', '/'])('forbidden character %s in key and value', (ch) => {
    const issues = run((d) => (d.listener.tags = [{ key: `a${ch}b`, value: `c${ch}d` }]));
    expect(at(issues, 'listener.tags.0.key')).toEqual(['listener.tags.key.chars']);
    expect(at(issues, 'listener.tags.0.value')).toEqual(['listener.tags.value.chars']);
  });

  it('allowed punctuation passes', () => {
    expect(run((d) => (d.listener.tags = [{ key: 'app.name_1-x:y', value: 'a b@c#d' }]))).toEqual([]);
  });

  it('duplicate keys: error on the later one naming the earlier', () => {
    const issues = run((d) => (d.listener.tags = [{ key: 'env', value: 'a' }, { key: 'x', value: '' }, { key: 'env', value: 'b' }]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'listener.tags.2.key', code: 'listener.tags.key.duplicate', params: { otherIndex: 0 } });
  });
});

describe('Access Control', () => {
  it('whitelist/blacklist need a group', () => {
    for (const mode of ['whitelist', 'blacklist'] as const) {
      const issues = run((d) => (d.listener.accessControl = { mode, ipGroupId: null }));
      expect(at(issues, 'listener.accessControl.ipGroupId')).toEqual(['listener.accessControl.ipGroup.required']);
    }
  });

  it('a group in the cache with entries is fine', () => {
    const inv = makeInventory({ ipGroups: [makeIpGroup()] });
    expect(run((d) => (d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-1' }), inv)).toEqual([]);
  });

  it('a group missing from the cache is a warning', () => {
    const issues = run((d) => (d.listener.accessControl = { mode: 'blacklist', ipGroupId: 'ipg-x' }));
    expect(issues).toEqual([expect.objectContaining({ code: 'listener.accessControl.ipGroup.unknown', severity: 'warning' })]);
    expect(issues[0]!.message).toContain('not in the cached inventory');
  });

  it('offline (no cache) the wording says it cannot be checked', () => {
    const d = validDraft();
    d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-x' };
    const issues = validateListener(d.listener);
    expect(issues[0]!.message).toContain('cannot be checked offline');
  });

  it('an empty group warns: whitelist blocks everyone, blacklist allows everyone', () => {
    const inv = makeInventory({ ipGroups: [makeIpGroup({ entries: [] })] });
    const white = run((d) => (d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-1' }), inv);
    expect(white).toEqual([expect.objectContaining({ code: 'listener.accessControl.whitelist.empty', severity: 'warning' })]);
    expect(white[0]!.message).toContain('blocks every client');
    const black = run((d) => (d.listener.accessControl = { mode: 'blacklist', ipGroupId: 'ipg-1' }), inv);
    expect(black).toEqual([expect.objectContaining({ code: 'listener.accessControl.blacklist.empty', severity: 'warning' })]);
    expect(black[0]!.message).toContain('allows every client');
  });

  it("'all' ignores a stale group ID", () => {
    expect(run((d) => (d.listener.accessControl = { mode: 'all', ipGroupId: 'gone' }))).toEqual([]);
  });
});

describe('validateListener alone', () => {
  it('reports only listener.* paths and checks clashes against ctx.loadBalancer', () => {
    const inv = makeInventory({ listeners: [makeListener({ port: 8080 })] });
    const d = validDraft();
    d.routing.members = [];
    const issues = validateListener(d.listener, ctxOf(inv));
    expect(codes(issues)).toEqual(['listener.port.clash']);
    expect(issues.every((i) => i.path.startsWith('listener.'))).toBe(true);
    // without an LB there is nothing to clash with
    expect(validateListener(d.listener, { listeners: inv.listeners })).toEqual([]);
  });
});
