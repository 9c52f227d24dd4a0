/** The payload check's one-walk fast path agrees with the exact check (serialize, then walk) on every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactPayloadProblem, MAX_PAYLOAD_BYTES, payloadProblem } from './dispatch';

describe('payloadProblem', () => {
  it('agrees with the exact check on arbitrary values, prototype keys and odd objects included', () => {
    const odd = fc.constantFrom<unknown>(
      new Date(0),
      Object.create(null) as unknown,
      Object.setPrototypeOf([1, 2], null) as unknown,
      Object.create(Array.prototype) as unknown,
      JSON.parse('{"__proto__":{"x":1}}') as unknown,
      { toJSON: () => 'x'.repeat(10) },
      { constructor: 1 },
      [{ prototype: {} }],
      10n,
      () => 1,
      Symbol('s'),
      { get boom(): number { throw new Error('boom'); } },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything({ maxDepth: 4 }), odd, fc.array(odd), fc.dictionary(fc.string(), odd)), (v) => {
        expect(payloadProblem(v)).toBe(exactPayloadProblem(v));
      }),
      { numRuns: 2000 },
    );
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('cycles and nesting past the limit as before', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(payloadProblem(cyclic)).toBe('The request is not plain data.');
    const nest = (n: number): unknown => (n === 0 ? 1 : { x: nest(n - 1) });
    expect(payloadProblem(nest(33))).toBeNull();
    expect(payloadProblem(nest(34))).toMatch(/nested too deeply \(more than 32 levels\)/);
  });

  it('takes a payload of exactly the size limit, and refuses one byte more with its exact size', () => {
    const of = (bytes: number) => ({ s: 'é'.repeat(bytes - 8) }); // {"s":"…"} = 8 + the string
    expect(JSON.stringify(of(MAX_PAYLOAD_BYTES)).length).toBe(MAX_PAYLOAD_BYTES);
    expect(payloadProblem(of(MAX_PAYLOAD_BYTES))).toBeNull();
    expect(payloadProblem(of(MAX_PAYLOAD_BYTES + 1))).toBe(`The request is too large (${MAX_PAYLOAD_BYTES + 1} bytes; at most ${MAX_PAYLOAD_BYTES}).`);
    // escapes count as serialized: 6 characters each
    const escaped = { s: '\u0001'.repeat(Math.floor((MAX_PAYLOAD_BYTES - 8) / 6) + 1) };
    expect(payloadProblem(escaped)).toMatch(/too large/);
    expect(payloadProblem(escaped)).toBe(exactPayloadProblem(escaped));
  });
});
