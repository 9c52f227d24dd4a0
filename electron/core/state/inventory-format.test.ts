import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InventorySchema, emptyInventory } from '../../../shared/model/inventory';
import { jsonChunks } from './durable-file';
import { CACHE_FORMAT, decodeInventory, encodeInventory } from './inventory-format';
import { testInventory } from './test-support/inventory';

const encode = (v: object, perPiece?: number) => Buffer.from([...encodeInventory(v, perPiece)].join(''), 'utf8');

describe('inventory cache format', () => {
  it('round-trips inventories of 0, 1, the piece size, one more and many listeners, and validates', () => {
    for (const n of [0, 1, 200, 201, 1000]) {
      const inv = testInventory('acc-1', 'r1', n);
      const res = decodeInventory(encode(inv));
      expect(res).toEqual({ kind: 'ok', value: inv, format: CACHE_FORMAT });
      expect(InventorySchema.safeParse((res as { value: unknown }).value).success).toBe(true);
    }
    expect(decodeInventory(encode(emptyInventory('a', 'b')))).toMatchObject({ kind: 'ok', value: emptyInventory('a', 'b') });
  });

  it('writes the same content whatever the piece size, each key once per table, in about half the bytes of plain JSON', () => {
    const inv = testInventory('acc-1', 'r1', 2000);
    const a = encode(inv, 1);
    expect(encode(inv, 7).equals(a)).toBe(true);
    expect(encode(inv, 5000).equals(a)).toBe(true);
    const text = a.toString('utf8');
    expect(text.startsWith(`elb-desk-inventory-cache ${CACHE_FORMAT}\n`)).toBe(true);
    expect(text.match(/"transparentClientIp"/g)).toHaveLength(1);
    expect(a.length).toBeLessThan(0.6 * Buffer.byteLength(JSON.stringify(inv)));
  });

  it('keeps arrays whose objects differ in shape (or hold undefined) as objects', () => {
    const odd = { accountId: 'a', items: [{ x: 1, y: 2 }, { y: 2, x: 1 }], more: [{ x: 1 }, { x: 1, y: 2 }], undef: [{ x: 1, y: undefined }], nums: [1, 2] };
    const res = decodeInventory(encode(odd));
    expect(res).toEqual({ kind: 'ok', value: JSON.parse(JSON.stringify(odd)), format: CACHE_FORMAT });
    expect(Object.keys((res as { value: { items: object[] } }).value.items[1]!)).toEqual(['y', 'x']);
  });

  it('a torn file (cut anywhere) is bad, never a partial inventory', () => {
    const full = encode(testInventory('acc-1', 'r1', 50));
    const cuts = [0, 1, 10, 30, Math.floor(full.length / 2), full.length - 20, full.length - 2, full.length - 1];
    for (const at of cuts) {
      const res = decodeInventory(full.subarray(0, at));
      expect(res.kind, `cut at ${at}`).toBe('bad');
    }
    // zeros where the tail should be (a file whose size was extended but whose data never reached the disk)
    const zeros = Buffer.concat([full.subarray(0, 100), Buffer.alloc(full.length - 100)]);
    expect(decodeInventory(zeros).kind).toBe('bad');
  });

  it('a flipped byte anywhere in the body or trailer is detected', () => {
    const full = encode(testInventory('acc-1', 'r1', 30));
    const start = full.indexOf(0x0a) + 1;
    for (let i = start; i < full.length; i += 97) {
      const copy = Buffer.from(full);
      copy[i] = copy[i]! ^ 0x04;
      const res = decodeInventory(copy);
      expect(res.kind, `byte ${i}`).toBe('bad');
    }
    const copy = Buffer.from(full);
    copy[start + 20] = copy[start + 20]! ^ 0x01;
    expect(decodeInventory(copy)).toMatchObject({ kind: 'bad', reason: 'checksum' });
  });

  it('names what is wrong: truncated, length mismatch, unknown header, empty', () => {
    const full = encode(testInventory('acc-1', 'r1', 3));
    expect(decodeInventory(full.subarray(0, full.length - 30))).toMatchObject({ kind: 'bad', reason: 'truncated' });
    const text = full.toString('utf8');
    const longer = text.replace(/\nend (\d+) /, (_m, n: string) => `\nend ${Number(n) + 1} `);
    expect(decodeInventory(Buffer.from(longer))).toMatchObject({ kind: 'bad', reason: 'length-mismatch' });
    expect(decodeInventory(Buffer.from('hello\nworld\n'))).toMatchObject({ kind: 'bad', reason: 'unknown-format' });
    expect(decodeInventory(Buffer.from(`elb-desk-inventory-cache 1\n{}\nend 2 00000000\n`))).toMatchObject({ kind: 'bad', reason: 'unknown-format' });
    expect(decodeInventory(Buffer.alloc(0))).toMatchObject({ kind: 'bad', reason: 'empty' });
    expect(decodeInventory(Buffer.alloc(64))).toMatchObject({ kind: 'bad' });
  });

  it('a body with a valid checksum but not the format’s shape is bad', () => {
    for (const body of ['[]', '{"v":{}}', '{"v":{},"t":{"x":{"k":["a"],"r":[[1,2]]}}}', '{"v":{},"t":{"x":{"k":[1],"r":[]}}}']) {
      const crc = (crc32(body) >>> 0).toString(16).padStart(8, '0');
      const res = decodeInventory(Buffer.from(`elb-desk-inventory-cache ${CACHE_FORMAT}\n${body}\nend ${Buffer.byteLength(body)} ${crc}\n`));
      expect(res, body).toMatchObject({ kind: 'bad', reason: 'malformed' });
    }
  });

  it('format 1 (the plain JSON written before) still decodes; a newer format is reported as newer', () => {
    const inv = testInventory('acc-1', 'r1', 120);
    const old = Buffer.from([...jsonChunks(inv)].join(''));
    expect(decodeInventory(old)).toEqual({ kind: 'ok', value: inv, format: 1 });
    expect(decodeInventory(Buffer.from('{"accountId":"acc-1","regi'))).toMatchObject({ kind: 'bad', reason: 'invalid-json' });
    expect(decodeInventory(Buffer.from('{"a":\u0000\u0000'))).toMatchObject({ kind: 'bad', reason: 'nul-bytes' });
    const newer = Buffer.from(`elb-desk-inventory-cache ${CACHE_FORMAT + 1}\nwhatever it holds`);
    expect(decodeInventory(newer)).toEqual({ kind: 'newer', format: CACHE_FORMAT + 1 });
  });
});
