import { describe, expect, it } from 'vitest';
import { parseJsonObjectBytes } from './draft-files';

const check = (bytes: Buffer) => parseJsonObjectBytes(bytes, { expected: 'a thing', crashNote: true });
const NOTE = ' (typical of a crash or power loss during a write)';

describe('parseJsonObjectBytes (the first checks of every data file)', () => {
  it('calls a file empty when it holds only what trim() removes (BOM and no-break space included)', () => {
    for (const text of ['', ' ', '\n\t\r ', '\uFEFF', '\u00A0\u2028 \uFEFF\n']) {
      expect(check(Buffer.from(text, 'utf8')), JSON.stringify(text)).toEqual({ kind: 'bad', reason: 'empty', detail: 'the file is empty' });
    }
  });

  it('counts NUL bytes exactly, wherever they are, also inside otherwise valid JSON', () => {
    const json = Buffer.from('{"a":1}');
    expect(check(Buffer.concat([json, Buffer.alloc(3, 0)]))).toEqual({ kind: 'bad', reason: 'nul-bytes', detail: `the file holds 3 NUL bytes out of 10${NOTE}` });
    expect(check(Buffer.concat([Buffer.alloc(1, 0), json]))).toMatchObject({ reason: 'nul-bytes', detail: `the file holds 1 NUL byte out of 8${NOTE}` });
    const spread = Buffer.from('{"a":"x\0y","b":"\0"}\0');
    expect(check(spread)).toMatchObject({ reason: 'nul-bytes', detail: `the file holds 3 NUL bytes out of ${spread.length}${NOTE}` });
    // A file of NULs only is NUL bytes, not empty (NUL is no whitespace).
    expect(check(Buffer.alloc(4096, 0))).toMatchObject({ reason: 'nul-bytes', detail: `the file holds 4096 NUL bytes out of 4096${NOTE}` });
  });

  it('parses an object (leading whitespace allowed) and names what else a file holds', () => {
    expect(check(Buffer.from('\n  {"a":[1,2]}\n'))).toEqual({ kind: 'ok', doc: { a: [1, 2] } });
    expect(check(Buffer.from('[1]'))).toMatchObject({ reason: 'not-an-object', detail: 'it holds an array instead of a thing' });
    expect(check(Buffer.from('{"a":'))).toMatchObject({ reason: 'invalid-json' });
  });

  it('reads a view into a larger buffer by its own bytes only', () => {
    const big = Buffer.from('\0\0{"a":1}\0\0');
    expect(check(big.subarray(2, 9))).toEqual({ kind: 'ok', doc: { a: 1 } });
  });
});
