/**
 * The redactor: removes secrets from anything before it is logged or shown.
 *
 * - Registered secrets (every AK, SK and security token the vault sees) are removed wherever they appear in a
 *   string: raw, URL-encoded, hex (either case) and base64/base64url — the base64 forms in all three byte
 *   alignments, so the secret is also caught inside the base64 of a longer text (e.g. `Basic` auth).
 * - Values under secret-like keys (authorization, x-auth-token, x-security-token, sk, secret, password,
 *   token, securityToken, cookie, …) are replaced whatever they hold.
 * - The AK in an SDK-HMAC `Authorization` value (`Access=…, SignedHeaders=…, Signature=…`) is masked, as are
 *   the signature and header-like `authorization: …` fragments inside free text.
 * - Errors become plain objects (name, message, stack, cause, own fields), all redacted; cycles, depth and
 *   binary data are bounded.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Removes registered secrets and secret-like values. */
export interface Redactor {
  /** Remember a secret (AK, SK, token). Values shorter than 4 characters are ignored (they would mangle every log line). */
  register(secret: string | null | undefined): void;
  /** A deep copy of `value` with secrets removed: plain JSON-like data (strings, numbers, arrays, objects). */
  redact(value: unknown): unknown;
  /** `redact` for one string. */
  redactString(text: string): string;
}

/** Minimum length of a registered secret. */
export const MIN_SECRET_LENGTH = 4;

const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'xauthtoken',
  'xsecuritytoken',
  'xsubjecttoken',
  'sk',
  'secret',
  'secretkey',
  'secretaccesskey',
  'clientsecret',
  'password',
  'passwd',
  'pwd',
  'token',
  'securitytoken',
  'sessiontoken',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'apikey',
  'xapikey',
  'privatekey',
  'cookie',
  'setcookie',
  'credentials',
]);

/** Whether values under this object key are always masked (case, '-' and '_' ignored). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_\s]/g, ''));
}

/** base64 of the full 3-byte groups of `bytes` (the part of its encoding that does not depend on what follows). */
function fullGroupsBase64(bytes: Buffer): string[] {
  const n = Math.floor(bytes.length / 3) * 3;
  if (n === 0) return [];
  const std = bytes.subarray(0, n).toString('base64');
  const url = bytes.subarray(0, n).toString('base64url');
  return std === url ? [std] : [std, url];
}

/**
 * Every form of `secret` the redactor removes: raw, URL-encoded, hex (lower/upper), and base64/base64url in
 * each byte alignment (the characters that depend on the secret only). Sorted longest first.
 */
export function secretVariants(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out = new Set<string>([secret]);
  const enc = encodeURIComponent(secret);
  if (enc !== secret) out.add(enc);
  out.add(bytes.toString('hex'));
  out.add(bytes.toString('hex').toUpperCase());
  // Alignment 0: the secret starts a 3-byte group; 1 and 2: it starts inside one, so skip to the next boundary.
  for (const skip of [0, 2, 1]) {
    for (const v of fullGroupsBase64(bytes.subarray(skip))) if (v.length >= MIN_SECRET_LENGTH) out.add(v);
  }
  // Padded base64 of the secret alone (a value encoded on its own).
  out.add(bytes.toString('base64'));
  return [...out].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

const HMAC_ACCESS = /(Access\s*=\s*)([^,\s"']+)/g;
const HMAC_SIGNATURE = /(Signature\s*=\s*)([^,\s"']+)/g;
/** `authorization: value`, `"x-security-token":"value"`, `password=value` inside free text. */
const HEADER_LIKE =
  /((?:proxy-)?authorization|x-auth-token|x-security-token|x-subject-token|security[_-]?token|secret[_-]?(?:access[_-]?)?key|password|passwd|\bsk|cookie)(["']?\s*[:=]\s*["']?)((?:Bearer|Basic|SDK-HMAC-SHA256)\s+)?([^"'\s,;&}]+)/gi;

const MAX_DEPTH = 25;
const MAX_STRING = 64 * 1024;

/** Creates an empty redactor. */
export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let variants: string[] = [];

  function redactString(input: string): string {
    let out = input;
    // Repeat until nothing changes: a replacement can never re-create a secret, but overlapping forms can
    // (a secret embedded in another's hex, etc.).
    for (let round = 0; round < 5; round++) {
      const before = out;
      for (const v of variants) if (out.includes(v)) out = out.split(v).join(REDACTED);
      out = out
        .replace(HMAC_ACCESS, (_m, p: string) => `${p}${REDACTED}`)
        .replace(HMAC_SIGNATURE, (_m, p: string) => `${p}${REDACTED}`)
        .replace(HEADER_LIKE, (_m, k: string, sep: string, scheme: string | undefined) => `${k}${sep}${scheme ?? ''}${REDACTED}`);
      if (out === before) break;
    }
    return out;
  }

  function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') {
      // Redact first, then cut: cutting first could leave the head of a secret behind.
      const r = redactString(value);
      return r.length > MAX_STRING ? `${r.slice(0, MAX_STRING)}…[truncated ${r.length - MAX_STRING} chars]` : r;
    }
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (value === undefined) return undefined;
    if (typeof value === 'bigint') return redactString(value.toString());
    if (typeof value === 'symbol') return redactString(value.toString());
    if (typeof value === 'function') return `[Function${value.name ? ` ${redactString(value.name)}` : ''}]`;
    if (typeof value !== 'object') return String(value);
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(value);
    try {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (value instanceof RegExp) return redactString(value.toString());
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
        return `[Binary ${value.byteLength} bytes]`;
      }
      if (value instanceof URL) return redactString(value.href);
      if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen) ?? null);
      if (value instanceof Map) {
        const o: Record<string, unknown> = {};
        for (const [k, v] of value) {
          const key = redactString(String(k));
          o[key] = typeof k === 'string' && isSecretKey(k) ? REDACTED : walk(v, depth + 1, seen);
        }
        return o;
      }
      if (value instanceof Set) return [...value].map((v) => walk(v, depth + 1, seen) ?? null);
      const out: Record<string, unknown> = {};
      if (value instanceof Error) {
        out.name = redactString(value.name);
        out.message = redactString(value.message);
        if (value.stack) out.stack = redactString(value.stack);
        if ('cause' in value && value.cause !== undefined) out.cause = walk(value.cause, depth + 1, seen);
        if (value instanceof AggregateError) out.errors = walk(value.errors, depth + 1, seen);
      }
      for (const key of Object.keys(value)) {
        if (value instanceof Error && (key === 'name' || key === 'message' || key === 'stack' || key === 'cause')) continue;
        const safeKey = redactString(key);
        if (isSecretKey(key)) {
          out[safeKey] = REDACTED;
          continue;
        }
        let v: unknown;
        try {
          v = (value as Record<string, unknown>)[key];
        } catch {
          v = '[Unreadable]';
        }
        const r = walk(v, depth + 1, seen);
        if (r !== undefined) out[safeKey] = r;
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }

  return {
    register(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) return;
      secrets.add(secret);
      const all = new Set<string>(variants);
      for (const v of secretVariants(secret)) all.add(v);
      variants = [...all].sort((a, b) => b.length - a.length);
    },
    redact(value) {
      return walk(value, 0, new WeakSet());
    },
    redactString,
  };
}
