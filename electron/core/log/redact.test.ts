import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, createRedactor, isSecretKey, secretVariants } from './redact';

/** Every string inside a redacted value (keys included). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

/**
 * Forms of `canary` that must not survive, computed independently of the redactor: raw, hex (both cases),
 * base64 of the canary alone, and — for base64 of a longer text — the characters that encode only canary
 * bytes, given where the canary starts in that text.
 */
function forbidden(canary: string): string[] {
  const b = Buffer.from(canary, 'utf8');
  return [canary, b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64')];
}
function base64Core(prefix: string, canary: string, suffix: string): string {
  const p = Buffer.byteLength(prefix);
  const all = Buffer.from(prefix + canary + suffix, 'utf8');
  const b64 = all.toString('base64');
  const g0 = Math.ceil(p / 3) * 3;
  const g1 = Math.floor((p + Buffer.byteLength(canary)) / 3) * 3;
  return b64.slice((g0 / 3) * 4, (g1 / 3) * 4);
}

const canaryArb = fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme' }).filter((s) => Buffer.byteLength(s) >= 12 && s.trim() === s && !s.includes(REDACTED));
const textArb = fc.string({ maxLength: 60, unit: 'grapheme' });

describe('redactor: registered secrets', () => {
  it('removes a canary from raw, hex and base64 (alone and inside longer text), in strings, nested objects, arrays, keys and errors', () => {
    const r = createRedactor();
    const ak = 'CANARYAKQ7XW2M4P9ZL1';
    const sk = 'CANARYSKvG3k9Qw7Zx2Lm5Np8Rt1Yb4Hc6Jd0Fe';
    r.register(ak);
    r.register(sk);
    const basic = Buffer.from(`user:${sk}`).toString('base64');
    const err = new Error(`signing failed for ${ak}`);
    (err as Error & { config?: unknown }).config = { headers: { 'X-Custom': sk }, data: JSON.stringify({ ak, sk }) };
    const value = {
      a: `x ${ak} y`,
      nested: [{ deep: { deeper: [`${sk}`] } }],
      hex: Buffer.from(sk).toString('hex'),
      HEX: Buffer.from(ak).toString('hex').toUpperCase(),
      b64: Buffer.from(sk).toString('base64'),
      basic: `Basic ${basic}`,
      [`key-${ak}`]: 1,
      err,
      map: new Map([['k', sk]]),
      url: new URL(`https://example.invalid/?ak=${ak}`),
    };
    const out = r.redact(value);
    const flat = strings(out).join('\n');
    for (const s of [ak, sk]) for (const f of forbidden(s)) expect(flat).not.toContain(f);
    expect(flat).not.toContain(base64Core('user:', sk, ''));
    expect(flat).toContain(REDACTED);
    expect((out as { err: { message: string } }).err.message).toBe(`signing failed for ${REDACTED}`);
  });

  it('property: a registered canary never survives in any string, object, array or error stack it is embedded in', () => {
    fc.assert(
      fc.property(canaryArb, textArb, textArb, fc.nat({ max: 4 }), (canary, pre, post, shape) => {
        const r = createRedactor();
        r.register(canary);
        const text = `${pre}${canary}${post}`;
        const e = new Error(text);
        const value: unknown = [
          text,
          { [text]: text, nested: { arr: [text, { deeper: text }] } },
          e,
          Buffer.from(text).toString('hex'),
          Buffer.from(text).toString('base64'),
          Buffer.from(text).toString('base64url'),
          encodeURIComponent(text),
        ][shape % 7];
        const out = r.redact(shape === 2 ? { error: e } : value);
        const flat = strings(out).join('\u0000');
        for (const f of forbidden(canary)) if (flat.includes(f)) return false;
        const core = base64Core(pre, canary, post);
        if (core.length >= 8 && flat.includes(core)) return false;
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('property: redactString of any text containing the canary (raw) never contains it', () => {
    fc.assert(
      fc.property(canaryArb, fc.array(textArb, { maxLength: 5 }), (canary, parts) => {
        const r = createRedactor();
        r.register(canary);
        const text = parts.join(canary);
        return !r.redactString(`${text}${canary}`).includes(canary);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores very short secrets (they would mangle every line)', () => {
    const r = createRedactor();
    r.register('ab');
    r.register('');
    r.register(undefined);
    expect(r.redactString('abc ab')).toBe('abc ab');
  });

  it('secretVariants covers the 3 base64 alignments', () => {
    const v = secretVariants('CANARYSECRET123456');
    for (const pre of ['', 'x', 'xy']) {
      const core = base64Core(pre, 'CANARYSECRET123456', 'zz');
      expect(v.some((x) => core.includes(x) || x.includes(core))).toBe(true);
    }
  });
});

describe('redactor: secret-like keys and headers', () => {
  it('masks values under secret-like keys whatever they hold', () => {
    const r = createRedactor();
    const out = r.redact({
      Authorization: 'SDK-HMAC-SHA256 Access=AKIDUNREGISTERED, SignedHeaders=host;x-sdk-date, Signature=abc123',
      headers: { 'X-Auth-Token': 'tok', 'x-security-token': { nested: 'deep' }, cookie: 'c=1' },
      sk: 'plain-sk',
      securityToken: 'st',
      secret_key: 'x',
      password: 'p',
      token: 't',
      ak: 'visible-by-design',
      name: 'not a secret',
    }) as Record<string, unknown>;
    expect(out.Authorization).toBe(REDACTED);
    expect(out.headers).toEqual({ 'X-Auth-Token': REDACTED, 'x-security-token': REDACTED, cookie: REDACTED });
    expect(out).toMatchObject({ sk: REDACTED, securityToken: REDACTED, secret_key: REDACTED, password: REDACTED, token: REDACTED });
    expect(out.name).toBe('not a secret');
    expect(isSecretKey('X-Security-Token')).toBe(true);
    expect(isSecretKey('description')).toBe(false);
  });

  it('masks the AK and signature of an SDK-HMAC header and header-like fragments in free text', () => {
    const r = createRedactor();
    const s = r.redactString(
      'request failed: {"Authorization":"SDK-HMAC-SHA256 Access=AKIDUNREGISTERED99, SignedHeaders=host;x-sdk-date, Signature=deadbeef"} x-security-token: sometoken password=hunter2',
    );
    expect(s).not.toContain('AKIDUNREGISTERED99');
    expect(s).not.toContain('deadbeef');
    expect(s).not.toContain('sometoken');
    expect(s).not.toContain('hunter2');
    expect(s).toContain('SignedHeaders=host;x-sdk-date');
  });

  it('handles cycles, depth, binary, dates, functions and bigint without throwing', () => {
    const r = createRedactor();
    const a: Record<string, unknown> = { n: 1n, d: new Date(0), f: function named() {}, bin: Buffer.from('secret bytes') };
    a.self = a;
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 100; i++) deep = deep.next = {};
    a.deep = top;
    const out = r.redact(a) as Record<string, unknown>;
    expect(out.self).toBe('[Circular]');
    expect(out.n).toBe('1');
    expect(out.d).toBe('1970-01-01T00:00:00.000Z');
    expect(out.bin).toBe('[Binary 12 bytes]');
    expect(JSON.stringify(out)).toContain('[Truncated]');
  });
});
