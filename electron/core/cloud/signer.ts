/**
 * Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256), byte-compatible with the official Node signer
 * (`@huaweicloud/huaweicloud-sdk-core` 3.1.211 `AKSKSigner.sign`), see elb-v3-api.md §11.
 *
 * Conventions (all checked against the official signer in signer.oracle.test.ts):
 * - canonical URI: the wire path split on `/`, each segment percent-decoded then RFC 3986-encoded, with a `/` appended
 *   when missing (the wire path itself keeps no trailing slash);
 * - canonical query: decoded keys sorted by UTF-16 code units, repeated keys sorted by value, one `k=v` per value;
 *   `+` is a literal plus (never a space);
 * - every header present at signing time is signed, names lowercased and sorted; values are not trimmed;
 * - payload hash: lowercase hex SHA-256 of the exact body bytes (or the value of `X-Sdk-Content-Sha256` if given).
 */
import { createHash, createHmac } from 'node:crypto';

/** The algorithm name that opens the string to sign and the Authorization header. */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** SHA-256 of the empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A request as it will go on the wire. */
export interface SignableRequest {
  method: string;
  /** Full URL including the query, e.g. `https://elb.x.myhuaweicloud.com/v3/p/elb/listeners?limit=2`. */
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** AK/SK credentials; `securityToken` is set for temporary (STS) credentials. */
export interface SigningCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or of raw bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lowercase hex HMAC-SHA256 keyed with the SK string as is. */
export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  );
}

/** Parses an X-Sdk-Date (`YYYYMMDDTHHMMSSZ`); null when it is not in that form. */
export function parseSdkDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? null : new Date(t);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 percent-encoding: unreserved `A-Za-z0-9-._~` kept, everything else as UTF-8 `%XX` (uppercase hex).
 * Space becomes `%20`, `/` `%2F`, `*` `%2A`. Lone surrogates are encoded as U+FFFD.
 */
export function rfc3986Encode(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.length === 1 && UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes `%XX` escapes (UTF-8); a string with a broken escape is returned as is. `+` stays a plus. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Splits a full URL into scheme, authority, raw path and raw query without normalising the path. */
export function splitUrl(url: string): { scheme: string; authority: string; path: string; query: string } {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m || !m[2]) throw new TypeError('invalid URL');
  return { scheme: (m[1] ?? '').toLowerCase(), authority: m[2], path: m[3] || '/', query: m[4] ?? '' };
}

/** The Host header value for a URL: lowercase host, port only when it is not the scheme's default. */
export function hostOf(url: string): string {
  const { scheme, authority } = splitUrl(url);
  return new URL(`${scheme}://${authority}/`).host;
}

/** Canonical URI: each path segment decoded then RFC 3986-encoded, joined with `/`, ending with `/`. */
export function canonicalUri(path: string): string {
  const p = path === '' ? '/' : path;
  const joined = p
    .split('/')
    .map((seg) => rfc3986Encode(percentDecode(seg)))
    .join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/** Parses a raw query string into decoded `[key, value]` pairs, in wire order. */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!query) return pairs;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([percentDecode(k), percentDecode(v)]);
  }
  return pairs;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical query: keys sorted, repeated keys sorted by value, RFC 3986-encoded, joined with `&`. */
export function canonicalQuery(query: string): string {
  const groups = new Map<string, string[]>();
  for (const [k, v] of parseQuery(query)) {
    const list = groups.get(k);
    if (list) list.push(v);
    else groups.set(k, [v]);
  }
  const out: string[] = [];
  for (const k of [...groups.keys()].sort(byCodeUnits)) {
    const ek = rfc3986Encode(k);
    for (const v of (groups.get(k) ?? []).sort(byCodeUnits)) out.push(`${ek}=${rfc3986Encode(v)}`);
  }
  return out.join('&');
}

/** Headers with lowercase names, sorted by name; later duplicates (case-insensitive) win. */
function lowerSortedHeaders(headers: Record<string, string>): Array<[string, string]> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) m.set(k.toLowerCase(), v);
  return [...m.entries()].sort((a, b) => byCodeUnits(a[0], b[0]));
}

/** The `;`-joined sorted lowercase names of the headers that get signed (all of them). */
export function signedHeaderNames(headers: Record<string, string>): string {
  return lowerSortedHeaders(headers)
    .map(([k]) => k)
    .join(';');
}

/**
 * The canonical request for headers that already contain everything to be signed (Host, X-Sdk-Date, any
 * X-Security-Token). Exposed for tests; `signRequest` is what callers use.
 */
export function canonicalRequest(req: SignableRequest): string {
  const { path, query } = splitUrl(req.url);
  const sorted = lowerSortedHeaders(req.headers);
  const canonicalHeaders = sorted.map(([k, v]) => `${k}:${v}\n`).join('');
  const names = sorted.map(([k]) => k).join(';');
  const contentSha = sorted.find(([k]) => k === 'x-sdk-content-sha256')?.[1];
  const payloadHash = contentSha ?? (req.body === null || req.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(req.body));
  return [req.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), canonicalHeaders, names, payloadHash].join('\n');
}

/** `SDK-HMAC-SHA256\n{sdkDate}\n{hex SHA-256 of the canonical request}`. */
export function stringToSign(canonical: string, sdkDate: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

function headerKey(headers: Record<string, string>, lowerName: string): string | undefined {
  return Object.keys(headers).find((k) => k.toLowerCase() === lowerName);
}

/**
 * Signs a request and returns the complete header set to send: the caller's headers plus `X-Sdk-Date` (from `now`),
 * `host` (unless the caller gave one), `X-Security-Token` (STS credentials) and `Authorization`.
 * The request must go on the wire with exactly these headers, this method, path, query and body bytes.
 */
export function signRequest(req: SignableRequest, cred: SigningCredentials, now: Date): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const lk = k.toLowerCase();
    if (lk === 'authorization' || lk === 'x-sdk-date' || lk === 'x-security-token') continue;
    headers[k] = v;
  }
  const sdkDate = formatSdkDate(now);
  headers['X-Sdk-Date'] = sdkDate;
  if (headerKey(headers, 'host') === undefined) headers.host = hostOf(req.url);
  if (cred.securityToken) headers['X-Security-Token'] = cred.securityToken;
  const canonical = canonicalRequest({ ...req, headers });
  const signature = hmacSha256Hex(cred.sk, stringToSign(canonical, sdkDate));
  headers.Authorization = `${SIGNING_ALGORITHM} Access=${cred.ak}, SignedHeaders=${signedHeaderNames(headers)}, Signature=${signature}`;
  return headers;
}

/** Parsed `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; null if not in that form. */
export function parseAuthorization(value: string): { access: string; signedHeaders: string[]; signature: string } | null {
  const m = /^SDK-HMAC-SHA256 Access=([^,]*), SignedHeaders=([^,]*), Signature=([0-9a-f]{64})$/.exec(value);
  if (!m) return null;
  return { access: m[1] ?? '', signedHeaders: (m[2] ?? '').split(';'), signature: m[3] ?? '' };
}
