import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MemberDraft } from '../model/draft';
import { makeLoadBalancer } from '../validation/fixtures';
import { parseCsvRecords, parseServersCsv } from './servers-csv';

const codes = (r: { issues: { code: string }[]; problems: { code: string }[] }) => [...r.problems.map((p) => p.code), ...r.issues.map((i) => i.code)];
const subnetCtx = { loadBalancer: makeLoadBalancer({ ipTargetEnable: true }) };

describe('parseCsvRecords', () => {
  it('quoted fields with commas, doubled quotes and line breaks; CRLF; BOM; blank lines; line numbers', () => {
    const { records } = parseCsvRecords('\uFEFFa,"b, c","say ""hi"""\r\n\r\n"multi\nline",2\n  x  , " y "\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', '2'] },
      { line: 5, fields: ['x', ' y '] },
    ]);
  });

  it('property: any fields written with quoting read back the same', () => {
    const field = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseCsvRecords(text).records.map((r) => r.fields)).toEqual(rows);
      }),
    );
  });

  it('an unclosed quote is reported at its line', () => {
    expect(parseCsvRecords('10.0.0.1,80,1\n"oops,80,1\n').openQuoteLine).toBe(2);
  });
});

describe('parseServersCsv', () => {
  it('reads address, port, weight, name, subnet with or without a header', () => {
    const plain = parseServersCsv('192.168.1.10,8080,5,web-01,subnet-a\n192.168.1.11,8080,0', [], subnetCtx);
    expect(plain.header).toBe(false);
    expect(plain.rows.map((r) => [r.line, r.member, r.ok])).toEqual([
      [1, { name: 'web-01', address: '192.168.1.10', port: 8080, weight: 5, subnetId: 'subnet-a' }, true],
      [2, { name: '', address: '192.168.1.11', port: 8080, weight: 0, subnetId: null }, true],
    ]);
    const headed = parseServersCsv('Weight, IP address, Port\n3,10.0.0.1,22', [], subnetCtx);
    expect(headed.header).toBe(true);
    expect(headed.rows[0]!.member).toEqual({ name: '', address: '10.0.0.1', port: 22, weight: 3, subnetId: null });
    expect(headed.rows[0]!.line).toBe(2);
  });

  it('errors per line with the line number, using the wizard rules (address, port, weight at the limits)', () => {
    const r = parseServersCsv(
      ['address,port,weight', '10.0.0.1,65535,100', '10.0.0.2,65536,101', 'not-an-ip,80,1', '10.0.0.3,eighty,1', '10.0.0.4,1,0,n,s,extra', '10.0.0.0/24,1,1'].join('\n'),
      [],
      subnetCtx,
    );
    expect(r.rows.map((x) => [x.line, x.ok, codes(x)])).toEqual([
      [2, true, []],
      [3, false, ['routing.members.port.range', 'routing.members.weight.range']],
      [4, false, ['routing.members.address.invalid']],
      [5, false, ['csv.number']],
      [6, false, ['csv.columns']],
      [7, false, ['routing.members.address.cidr']],
    ]);
    expect(r.rows[3]!.problems[0]!.params).toEqual({ column: 'port', value: 'eighty' });
  });

  it('flags duplicates (address + port) within the file and against rows already in the table', () => {
    const existing: MemberDraft[] = [{ rowId: 'x', name: '', address: '10.0.0.9', port: 80, weight: 1, subnetId: 's' }];
    const r = parseServersCsv('10.0.0.1,80,1,,s\n10.0.0.2,80,1,,s\n10.0.0.1,80,2,,s\n10.0.0.9,80,1,,s\n10.0.0.1,81,1,,s', existing);
    expect(r.rows.map((x) => [x.line, x.ok, x.duplicateOfLine, codes(x)])).toEqual([
      [1, true, null, []],
      [2, true, null, []],
      [3, false, 1, ['routing.members.duplicate']],
      [4, false, null, ['routing.members.duplicate']],
      [5, true, null, []],
    ]);
  });

  it('with all-port forwarding the port is not checked and an address may appear once (ports do not tell servers apart)', () => {
    const r = parseServersCsv('10.0.0.1,,1,,s\n10.0.0.2,0,1,,s\n10.0.0.1,81,1,,s', [], undefined, true);
    expect(r.rows.map((x) => [x.line, x.ok, x.duplicateOfLine, codes(x)])).toEqual([
      [1, true, null, []],
      [2, true, null, []],
      [3, false, 1, ['routing.members.duplicateAllPorts']],
    ]);
    // Without all-port forwarding the same file breaks the port rules and is not a duplicate.
    expect(parseServersCsv('10.0.0.1,,1,,s\n10.0.0.1,81,1,,s').rows.map((x) => x.duplicateOfLine)).toEqual([null, null]);
  });

  it('an IP backend row (no subnet) gets the LB switch error like a typed row, and is not taken', () => {
    const r = parseServersCsv('10.0.0.1,80,1', [], { loadBalancer: makeLoadBalancer({ ipTargetEnable: false }) });
    expect(codes(r.rows[0]!)).toEqual(['routing.members.ipBackend.notEnabled']);
    expect(r.rows[0]!.ok).toBe(false);
    // With a subnet it is a server of the load balancer's VPC, and fine.
    expect(parseServersCsv('10.0.0.1,80,1,,subnet-1', [], { loadBalancer: makeLoadBalancer({ ipTargetEnable: false }) }).rows[0]!.ok).toBe(true);
  });

  it('list issues: 200 servers is the limit, 201 is too many; all weights 0', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1},80,1,,s`).join('\n');
    expect(parseServersCsv(lines(200)).listIssues).toEqual([]);
    expect(parseServersCsv(lines(201)).listIssues.map((i) => i.code)).toEqual(['routing.members.count']);
    expect(parseServersCsv('10.0.0.1,80,0,,s').listIssues.map((i) => i.code)).toEqual(['routing.members.allWeightsZero']);
  });

  it('an unknown header column is a file problem; an open quote is a row problem at its line', () => {
    const r = parseServersCsv('address,port,colour\n10.0.0.1,80,1');
    expect(r.fileProblems).toEqual([{ line: 1, code: 'csv.header', params: { column: 3, value: 'colour' } }]);
    const q = parseServersCsv('10.0.0.1,80,1,,s\n"10.0.0.2,80,1');
    expect(q.rows.map((x) => [x.line, x.ok, codes(x)])).toEqual([
      [1, true, []],
      [2, false, ['csv.quote']],
    ]);
  });
});
