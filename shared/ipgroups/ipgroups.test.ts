import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, countAgainstLimit, DEFAULT_LIMITS, groupQuota, MAX_DESCRIPTION, toApiList } from './analyze';
import { diffEntries } from './diff';
import { coverageKey, formatAddress, MAX_ENTRY_LENGTH, parseEntry, type IpEntry } from './entry';
import { buildPlan } from './plan';
import { readLines } from './text';

const ok = (s: string): IpEntry => {
  const e = parseEntry(s);
  if (typeof e === 'string') throw new Error(`${s}: ${e}`);
  return e;
};

describe('parseEntry', () => {
  it('normalises addresses, CIDR blocks and ranges to the canonical text', () => {
    expect(ok('10.0.0.1').canonical).toBe('10.0.0.1');
    expect(ok('10.0.0.1/32').canonical).toBe('10.0.0.1');
    expect(coverageKey(ok('10.0.0.1'))).toBe(coverageKey(ok('10.0.0.1/32')));
    expect(coverageKey(ok('0.0.0.0'))).toBe(coverageKey(ok('0.0.0.0/32')));
    expect(ok('2001:DB8:0:0::1').canonical).toBe('2001:db8::1');
    expect(ok('2001:db8::1/128').canonical).toBe('2001:db8::1');
    expect(ok('2001:db8::/32')).toMatchObject({ kind: 'cidr', canonical: '2001:db8::/32', hostBitsSet: false });
    expect(ok('10.1.2.3/8')).toMatchObject({ kind: 'cidr', canonical: '10.0.0.0/8', hostBitsSet: true, start: 0x0a000000n, end: 0x0affffffn });
    expect(ok('0.0.0.0/0')).toMatchObject({ start: 0n, end: 0xffffffffn });
    expect(ok('192.168.0.10 - 192.168.0.20')).toMatchObject({ kind: 'range', canonical: '192.168.0.10-192.168.0.20' });
    expect(ok('::1-::ff').canonical).toBe('::1-::ff');
  });

  it('refuses bad entries with a reason', () => {
    expect(parseEntry('')).toBe('empty');
    expect(parseEntry('10.0.0.256')).toBe('invalidAddress');
    expect(parseEntry('010.0.0.1')).toBe('invalidAddress');
    expect(parseEntry('10.0.0')).toBe('invalidAddress');
    expect(parseEntry('fe80::1%eth0')).toBe('zone');
    expect(parseEntry('10.0.0.0/33')).toBe('invalidPrefix');
    expect(parseEntry('::/129')).toBe('invalidPrefix');
    expect(parseEntry('10.0.0.0/x')).toBe('invalidPrefix');
    expect(parseEntry('host/24')).toBe('invalidCidr');
    expect(parseEntry('10.0.0.5-10.0.0.5')).toBe('rangeOrder');
    expect(parseEntry('10.0.0.9-10.0.0.5')).toBe('rangeOrder');
    expect(parseEntry('10.0.0.1-::1')).toBe('rangeMixed');
    expect(parseEntry('10.0.0.1-10.0.0.2-10.0.0.3')).toBe('invalidRange');
    expect(parseEntry('a-b')).toBe('invalidRange');
  });

  it('takes an entry of exactly MAX_ENTRY_LENGTH characters and refuses one more', () => {
    const long = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    const padded = long.replace('-', ' '.repeat(MAX_ENTRY_LENGTH - long.length) + '-');
    expect(padded).toHaveLength(MAX_ENTRY_LENGTH);
    expect(typeof parseEntry(padded)).toBe('object');
    expect(parseEntry(padded + ' ')).toBe('tooLong');
  });

  it('property: an IPv4 address and its /32 are one entry; formatting round-trips', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const a = ok(ip);
        expect(coverageKey(ok(`${ip}/32`))).toBe(coverageKey(a));
        expect(formatAddress(4, a.start)).toBe(a.canonical);
      }),
    );
  });

  it('property: IPv6 canonical text parses back to the same address', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const a = ok(ip);
        expect(ok(a.canonical).start).toBe(a.start);
        expect(coverageKey(ok(`${ip}/128`))).toBe(coverageKey(a));
      }),
    );
  });

  it('property: a CIDR block covers exactly 2^(bits-prefix) addresses starting at its network', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, p) => {
        const e = ok(`${ip}/${p}`);
        expect(e.end - e.start + 1n).toBe(1n << BigInt(32 - p));
        expect(e.start % (1n << BigInt(32 - p))).toBe(0n);
        expect(ok(e.canonical).start).toBe(e.start);
        expect(ok(e.canonical).end).toBe(e.end);
      }),
    );
  });
});

describe('readLines', () => {
  it('skips blank lines, comments and a CSV header; reads quoted descriptions', () => {
    const lines = readLines('ip,description\n\n# office\n10.0.0.1, HQ \r\n"10.0.0.2","a ""quoted"", text"\n10.0.0.3\t tabbed\n10.0.0.4,"open');
    expect(lines).toEqual([
      { line: 4, ip: '10.0.0.1', description: 'HQ', badQuote: false },
      { line: 5, ip: '10.0.0.2', description: 'a "quoted", text', badQuote: false },
      { line: 6, ip: '10.0.0.3', description: 'tabbed', badQuote: false },
      { line: 7, ip: '10.0.0.4', description: 'open', badQuote: true },
    ]);
  });
});

describe('analyzeText', () => {
  const text = [
    '# mixed paste',
    '10.0.0.1',
    '10.0.0.1/32, same as line 2',
    '10.0.0.0/24,office',
    '10.0.0.5-10.0.0.9',
    '10.0.0.200-10.0.1.10',
    'not-an-ip',
    '2001:db8::/32',
    '2001:DB8::1',
    '192.168.1.1,' + 'x'.repeat(MAX_DESCRIPTION + 1),
    '192.168.1.2,' + 'y'.repeat(MAX_DESCRIPTION),
  ].join('\n');
  const a = analyzeText(text);

  it('drops duplicates with the line they repeat and keeps the first description found', () => {
    expect(a.duplicates).toEqual([{ line: 3, text: '10.0.0.1/32', of: 2 }]);
    expect(a.entries[0]).toMatchObject({ line: 2, canonical: '10.0.0.1', description: 'same as line 2', duplicates: [3] });
  });

  it('flags contained entries and overlaps by line number', () => {
    const byLine = new Map(a.entries.map((e) => [e.line, e]));
    expect(byLine.get(2)!.containedIn).toBe(4);
    expect(byLine.get(5)!.containedIn).toBe(4);
    expect(byLine.get(6)!.overlaps).toBe(4);
    expect(byLine.get(4)!.overlaps).toBe(6);
    expect(byLine.get(9)!.containedIn).toBe(8);
    expect(byLine.get(8)!.containedIn).toBeNull();
  });

  it('flags invalid lines with their line number and reason; a description at exactly 255 is fine', () => {
    expect(a.invalid).toEqual([
      { line: 7, text: 'not-an-ip', reason: 'invalidRange' },
      { line: 10, text: '192.168.1.1', reason: 'descriptionTooLong' },
    ]);
    expect(a.entries.find((e) => e.line === 11)!.description).toHaveLength(MAX_DESCRIPTION);
    expect(a.lineCount).toBe(10);
  });

  it('leaves contained entries out of the API list only when asked', () => {
    expect(toApiList(a.entries).map((e) => e.ip)).toContain('10.0.0.1');
    expect(toApiList(a.entries, true).map((e) => e.ip)).not.toContain('10.0.0.1');
    expect(toApiList(a.entries, true).map((e) => e.ip)).toContain('10.0.0.200-10.0.1.10');
  });

  it('property: containment and overlap agree with brute force', () => {
    const entry = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }), fc.boolean())
      .map(([x, y, p, range]) => (range ? `10.0.${Math.min(x, y)}.0-10.0.${Math.max(x, y)}.255` : `10.0.${x}.${y}/${p}`));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (list) => {
        const r = analyzeText(list.join('\n'));
        const keys = new Set(r.entries.map((e) => coverageKey(e)));
        expect(keys.size).toBe(r.entries.length);
        expect(r.entries.length + r.duplicates.length).toBe(list.length);
        for (const e of r.entries) {
          const covering = r.entries.some((o) => o !== e && o.start <= e.start && o.end >= e.end);
          expect(e.containedIn !== null).toBe(covering);
          if (e.containedIn !== null) {
            const c = r.entries.find((o) => o.line === e.containedIn)!;
            expect(c.start <= e.start && c.end >= e.end).toBe(true);
          }
          if (e.overlaps !== null) {
            const o = r.entries.find((x) => x.line === e.overlaps)!;
            expect(o.start <= e.end && e.start <= o.end).toBe(true);
          }
        }
      }),
    );
  });
});

describe('limits', () => {
  it('uses the quota when known and the reference default otherwise; the limit itself is allowed', () => {
    expect(countAgainstLimit(300, null)).toEqual({ count: 300, limit: DEFAULT_LIMITS.entriesPerGroup, source: 'default', over: false });
    expect(countAgainstLimit(301, null).over).toBe(true);
    expect(countAgainstLimit(20, { ipgroup_max_length: { limit: 20 } })).toMatchObject({ over: false, source: 'quota' });
    expect(countAgainstLimit(21, { ipgroup_max_length: { limit: 20 } }).over).toBe(true);
    expect(countAgainstLimit(10_000, { ipgroup_max_length: { limit: -1 } }).over).toBe(false);
    expect(groupQuota({ ipgroup: { limit: 50, used: 49 } }, 0)).toMatchObject({ count: 50, over: false });
    expect(groupQuota({ ipgroup: { limit: 50, used: 50 } }, 0).over).toBe(true);
    expect(groupQuota(null, 50).over).toBe(true);
  });
});

describe('diff and plan', () => {
  const existing = [
    { ip: '10.0.0.1/32', description: 'a' },
    { ip: '10.0.0.2', description: 'b' },
    { ip: '10.0.0.3', description: '' },
  ];
  const desired = [
    { ip: '10.0.0.1', description: 'a' },
    { ip: '10.0.0.2', description: 'renamed' },
    { ip: '10.0.0.4', description: 'new' },
  ];

  it('matches by coverage', () => {
    const d = diffEntries(desired, existing);
    expect(d.unchanged.map((e) => e.ip)).toEqual(['10.0.0.1']);
    expect(d.changed).toEqual([{ ip: '10.0.0.2', description: 'renamed', existingIp: '10.0.0.2', previousDescription: 'b' }]);
    expect(d.added.map((e) => e.ip)).toEqual(['10.0.0.4']);
    expect(d.removed.map((e) => e.ip)).toEqual(['10.0.0.3']);
  });

  it('merges with create-or-update then batch-delete; removes with the text the group holds', () => {
    const p = buildPlan({ mode: 'update', groupId: 'g1', strategy: 'merge', entries: desired }, 'p1', existing, 300);
    expect(p.steps.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /v3/p1/elb/ipgroups/g1/iplist/create-or-update', 'POST /v3/p1/elb/ipgroups/g1/iplist/batch-delete']);
    expect(p.steps[0]!.body).toEqual({ ipgroup: { ip_list: [{ ip: '10.0.0.4', description: 'new' }, { ip: '10.0.0.2', description: 'renamed' }] } });
    expect(p.steps[1]!.body).toEqual({ ipgroup: { ip_list: [{ ip: '10.0.0.3' }] } });
    expect(p.resultCount).toBe(3);
  });

  it('removes first when adding first would pass the limit (exactly at the limit adds first)', () => {
    const atLimit = buildPlan({ mode: 'update', groupId: 'g1', strategy: 'merge', entries: desired }, 'p1', existing, 4);
    expect(atLimit.steps.map((s) => s.key)).toEqual(['upsert', 'delete']);
    const over = buildPlan({ mode: 'update', groupId: 'g1', strategy: 'merge', entries: desired }, 'p1', existing, 3);
    expect(over.steps.map((s) => s.key)).toEqual(['delete', 'upsert']);
  });

  it('replaces with one PUT, and creates with one POST', () => {
    const p = buildPlan({ mode: 'update', groupId: 'g1', strategy: 'replace', entries: [] }, 'p1', existing);
    expect(p.steps).toEqual([{ key: 'replace', method: 'PUT', path: '/v3/p1/elb/ipgroups/g1', body: { ipgroup: { ip_list: [] } } }]);
    expect(p.resultCount).toBe(0);
    const c = buildPlan({ mode: 'create', name: 'n', description: 'd', entries: desired }, 'p1', null);
    expect(c.steps).toEqual([{ key: 'create', method: 'POST', path: '/v3/p1/elb/ipgroups', body: { ipgroup: { name: 'n', description: 'd', ip_list: desired } } }]);
  });

  it('an unchanged list needs no request', () => {
    expect(buildPlan({ mode: 'update', groupId: 'g1', strategy: 'merge', entries: existing }, 'p1', existing).steps).toEqual([]);
  });
});
