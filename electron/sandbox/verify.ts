/**
 * The sandbox's own SDK-HMAC-SHA256 verifier (elb-v3-api.md §11), independent of the client's signer.
 *
 * It accepts ANY SignedHeaders list the client chose (every listed header must be present), `host` with or without
 * `:port`, trimmed or untrimmed values, and canonicalises the URI and query from what arrived on the wire. Where
 * clients legitimately differ (percent-decoding of the path, sort order of repeated query values) a small set of
 * candidate canonical requests is tried; the signature must match one of them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The algorithm name in the Authorization header and string to sign. */
export const ALGORITHM = 'SDK-HMAC-SHA256';
/** SHA-256 of the empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Percent-encodes per RFC 3986: only `A–Z a–z 0–9 - . _ ~` are kept; UTF-8, uppercase hex. */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string, plusIsSpace: boolean): string {
  const t = plusIsSpace ? s.replace(/\+/g, ' ') : s;
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/**
 * Canonical URI from the path as it arrived: each segment percent-encoded, a `/` added at the end.
 * `decode` first decodes each segment (the usual case: the client encoded the same characters it signed);
 * `raw` encodes the segment as received (a client that signed an already-encoded path).
 */
export function canonicalUri(rawPath: string, mode: 'decode' | 'raw' = 'decode'): string {
  const path = rawPath === '' ? '/' : rawPath;
  const out = path
    .split('/')
    .map((seg) => rfc3986(mode === 'decode' ? safeDecode(seg, false) : seg))
    .join('/');
  return out.endsWith('/') ? out : `${out}/`;
}

/** Query pairs decoded from the raw query string (`+` is a space). */
export function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq === -1 ? p : p.slice(0, eq);
      const v = eq === -1 ? '' : p.slice(eq + 1);
      return [safeDecode(k, true), safeDecode(v, true)];
    });
}

/**
 * Canonical query: keys sorted, repeated keys sorted by value, one `k=v` pair each, RFC 3986-encoded, joined by `&`.
 * `raw` sorts by the decoded strings (the Node SDK); `encoded` sorts by the encoded strings.
 */
export function canonicalQuery(rawQuery: string, sortBy: 'raw' | 'encoded' = 'raw'): string {
  const pairs = queryPairs(rawQuery);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const items =
    sortBy === 'raw'
      ? [...pairs].sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1])).map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      : pairs.map(([k, v]) => [rfc3986(k), rfc3986(v)] as const).sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  return items.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The canonical request: method, URI, query, headers block, signed header names, payload hash. */
export function canonicalRequest(
  method: string,
  uri: string,
  query: string,
  headers: [string, string][],
  payloadHash: string,
): string {
  const block = headers.map(([k, v]) => `${k}:${v}\n`).join('');
  const names = headers.map(([k]) => k).join(';');
  return [method.toUpperCase(), uri, query, block, names, payloadHash].join('\n');
}

/** `SDK-HMAC-SHA256\n{date}\n{hex sha256(canonical request)}`. */
export function stringToSign(sdkDate: string, canonical: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** Hex HMAC-SHA256 keyed with the SK as-is. */
export function hmacHex(sk: string, data: string): string {
  return createHmac('sha256', sk).update(data).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` → ms since epoch, or null. */
export function parseSdkDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return t;
}

/** ms → `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** A parsed Authorization header. */
export interface AuthHeader {
  ak: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(v: string): AuthHeader | null {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/.exec(v.trim());
  if (!m) return null;
  return {
    ak: m[1] ?? '',
    signedHeaders: (m[2] ?? '').split(';').map((h) => h.trim().toLowerCase()),
    signature: (m[3] ?? '').toLowerCase(),
  };
}

/** What the verifier needs from a request. */
export interface VerifyInput {
  method: string;
  /** Path and query exactly as on the request line. */
  rawUrl: string;
  /** Header names in lowercase (Node's IncomingMessage.headers). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Outcome of verification. `expired` marks an X-Sdk-Date outside the allowed skew. */
export type VerifyResult = { ok: true; ak: string } | { ok: false; reason: string; expired?: boolean };

function headerValue(h: VerifyInput['headers'], name: string): string | undefined {
  const v = h[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

function sameHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Verifies an AK/SK-signed request. Never throws; never includes the SK in a reason. */
export function verifySignature(
  input: VerifyInput,
  creds: { ak: string; sk: string },
  nowMs: number,
  skewMs: number,
): VerifyResult {
  const authRaw = headerValue(input.headers, 'authorization');
  if (!authRaw) return { ok: false, reason: 'the Authorization header is missing' };
  const auth = parseAuthorization(authRaw);
  if (!auth) return { ok: false, reason: 'the Authorization header is malformed (expected SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…)' };
  if (!sameHex(auth.ak, creds.ak)) return { ok: false, reason: 'the access key (AK) does not exist' };
  const date = headerValue(input.headers, 'x-sdk-date');
  if (!date) return { ok: false, reason: 'the X-Sdk-Date header is missing' };
  const t = parseSdkDate(date);
  if (t === null) return { ok: false, reason: 'the X-Sdk-Date header is not in the form YYYYMMDDTHHMMSSZ' };
  if (Math.abs(nowMs - t) > skewMs) {
    return {
      ok: false,
      expired: true,
      reason: `the signature has expired: X-Sdk-Date ${date} is more than ${Math.round(skewMs / 60000)} minutes away from the server time ${formatSdkDate(nowMs)}. Check the system time (clock) of this computer.`,
    };
  }
  if (auth.signedHeaders.length === 0 || auth.signedHeaders.some((h) => h === '')) {
    return { ok: false, reason: 'SignedHeaders is empty' };
  }
  const values: string[] = [];
  for (const name of auth.signedHeaders) {
    const v = headerValue(input.headers, name);
    if (v === undefined) return { ok: false, reason: `the signed header '${name}' is missing from the request` };
    values.push(v);
  }
  const q = input.rawUrl.indexOf('?');
  const rawPath = q === -1 ? input.rawUrl : input.rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : input.rawUrl.slice(q + 1);
  const uris = unique([canonicalUri(rawPath, 'decode'), canonicalUri(rawPath, 'raw')]);
  const queries = unique([canonicalQuery(rawQuery, 'raw'), canonicalQuery(rawQuery, 'encoded')]);
  const contentSha = headerValue(input.headers, 'x-sdk-content-sha256');
  const payload = contentSha ?? sha256Hex(input.body);
  const hostIdx = auth.signedHeaders.indexOf('host');
  const hostVariants: (string | null)[] = [null];
  if (hostIdx !== -1) {
    const h = values[hostIdx] ?? '';
    const noPort = h.replace(/:\d+$/, '');
    if (noPort !== h) hostVariants.push(noPort);
  }
  for (const uri of uris) {
    for (const query of queries) {
      for (const hv of hostVariants) {
        const hdrs = auth.signedHeaders.map((n, i): [string, string] => [n, i === hostIdx && hv !== null ? hv : (values[i] ?? '')]);
        const expected = hmacHex(creds.sk, stringToSign(date, canonicalRequest(input.method, uri, query, hdrs, payload)));
        if (sameHex(expected, auth.signature)) return { ok: true, ak: auth.ak };
      }
    }
  }
  return { ok: false, reason: 'the signature does not match (verify aksk signature fail)' };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** A request to sign with `signRequest`. */
export interface SignInput {
  method: string;
  /** Path and query as they will be sent, e.g. `/v3/…/elb/listeners?limit=2`. */
  url: string;
  /** Headers to send; names are lowercased for signing. Must include `host`. */
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Default: now. */
  sdkDate?: string;
  /** Which headers to sign (default: all given plus x-sdk-date). */
  signedHeaders?: string[];
}

/**
 * Signs a request the way the Node SDK does (for the sandbox's own tests and fixtures). Returns the headers to send,
 * `X-Sdk-Date` and `Authorization` included.
 */
export function signRequest(input: SignInput, ak: string, sk: string): Record<string, string> {
  const date = input.sdkDate ?? formatSdkDate(Date.now());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers['x-sdk-date'] = date;
  const names = (input.signedHeaders ?? Object.keys(headers)).map((n) => n.toLowerCase()).sort();
  const q = input.url.indexOf('?');
  const path = q === -1 ? input.url : input.url.slice(0, q);
  const query = q === -1 ? '' : input.url.slice(q + 1);
  const body = input.body ?? '';
  const payload = headers['x-sdk-content-sha256'] ?? sha256Hex(body);
  const canonical = canonicalRequest(
    input.method,
    canonicalUri(path),
    canonicalQuery(query),
    names.map((n) => [n, headers[n] ?? ''] as [string, string]),
    payload,
  );
  const sig = hmacHex(sk, stringToSign(date, canonical));
  return { ...headers, authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${sig}` };
}
