/**
 * Oracle test: our signer against the official Node signer (`AKSKSigner.sign` from
 * @huaweicloud/huaweicloud-sdk-core 3.1.211, loaded by deep path). Byte-identical Authorization headers required.
 *
 * How the oracle is driven (elb-v3-api.md §11 gotchas): `data` is the JS object (it JSON.stringifies it; our body is
 * the same JSON.stringify bytes), the query goes in `queryParams` (arrays for repeated keys), the endpoint carries the
 * decoded path, `X-Sdk-Date` (with the Z) pins the time, and the host is left to the endpoint (lowercase, no `Host`).
 * The oracle's endpoint goes through legacy `url.parse`, which pre-escapes a few characters (space, quotes, `<>^`{|}`
 * and backslash) and then encodes the `%` again; path segments therefore use every other reserved character
 * (`:@[]!$&()*+,;=%`), unreserved ones and non-ASCII letters. Query values have no such limit.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, formatSdkDate, rfc3986Encode, signRequest, stringToSign, sha256Hex } from './signer';

const require = createRequire(import.meta.url);
interface OracleRequest {
  method: string;
  endpoint: string;
  queryParams?: Record<string, unknown>;
  headers: Record<string, string>;
  data?: unknown;
}
interface OracleCredential {
  getAk(): string;
  getSk(): string;
}
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(req: OracleRequest, cred: OracleCredential): Record<string, string> };
};
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as {
  BasicCredentials: new () => { withAk(ak: string): { withSk(sk: string): OracleCredential } };
};

const AK = 'EXAMPLEAK1234567890A';
const SK = 'EXAMPLEsk0123456789abcdefghijklmnopqrstu';
const PROJECT = '0123456789abcdef0123456789abcdef';
const HOST = 'elb.ap-southeast-1.myhuaweicloud.com';
const LB = '5c1bd1a6-0b6e-4f0a-9d6c-3a2b1c0d9e8f';
const DATE = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

describe('reference vectors (elb-v3-api.md §11)', () => {
  const base = { 'content-type': 'application/json', 'X-Project-Id': PROJECT };

  it('A: GET listeners with repeated protocol keys', () => {
    const url = `https://${HOST}/v3/${PROJECT}/elb/listeners?limit=2&loadbalancer_id=${LB}&protocol=UDP&protocol=TCP`;
    const headers = signRequest({ method: 'GET', url, headers: base, body: null }, { ak: AK, sk: SK }, DATE);
    const canon = canonicalRequest({ method: 'GET', url, headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'Authorization')), body: null });
    expect(canon).toBe(
      [
        'GET',
        `/v3/${PROJECT}/elb/listeners/`,
        `limit=2&loadbalancer_id=${LB}&protocol=TCP&protocol=UDP`,
        'content-type:application/json',
        `host:${HOST}`,
        `x-project-id:${PROJECT}`,
        'x-sdk-date:20240115T093000Z',
        '',
        'content-type;host;x-project-id;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(stringToSign(canon, '20240115T093000Z')).toBe(
      'SDK-HMAC-SHA256\n20240115T093000Z\n9ab0b2618cf575f33366e1f892054b4366bef430b3f450ad93ceda014ca4ef31',
    );
    expect(headers.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=e4292685b3a5eb6b4b5fab76e48ab41c03032e2baf6ce6c65b22f7e17973675c`,
    );
    expect(headers['X-Sdk-Date']).toBe('20240115T093000Z');
    expect(headers.host).toBe(HOST);
  });

  it('B: POST listener with a JSON body', () => {
    const body = `{"listener":{"name":"tcp-80","protocol":"TCP","protocol_port":80,"loadbalancer_id":"${LB}","keepalive_timeout":300}}`;
    expect(sha256Hex(body)).toBe('5430101bfcf09150aedf5391bf327225482b7ba3438981e6b9f2913e7ef17863');
    const url = `https://${HOST}/v3/${PROJECT}/elb/listeners`;
    const headers = signRequest({ method: 'POST', url, headers: base, body: new TextEncoder().encode(body) }, { ak: AK, sk: SK }, DATE);
    expect(headers.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=975a1fa6f11bdade45c1bb922901b4c28e42bcb4221bf693789b4054d78f25bc`,
    );
    const { Authorization: _a, ...rest } = headers;
    expect(stringToSign(canonicalRequest({ method: 'POST', url, headers: rest, body }), '20240115T093000Z')).toBe(
      'SDK-HMAC-SHA256\n20240115T093000Z\nb9b5a574c577dc5014ede16e89bbb6392de8326b3be642156cc5393a28d18178',
    );
  });

  it('both vectors agree with the oracle too', () => {
    const cred = new BasicCredentials().withAk(AK).withSk(SK);
    const a = AKSKSigner.sign(
      {
        method: 'GET',
        endpoint: `https://${HOST}/v3/${PROJECT}/elb/listeners`,
        queryParams: { limit: 2, loadbalancer_id: LB, protocol: ['UDP', 'TCP'] },
        headers: { ...base, 'X-Sdk-Date': '20240115T093000Z' },
      },
      cred,
    );
    expect(a.Authorization).toMatch(/Signature=e4292685b3a5eb6b4b5fab76e48ab41c03032e2baf6ce6c65b22f7e17973675c$/);
  });
});

// ---------------------------------------------------------------- generated requests

const PATH_CHARS = [
  ...'abcxyzABCXYZ0189-._~',
  ...':@[]!$&()*+,;=%',
  'é',
  'ß',
  '中',
  '文',
  'ж',
  '😀',
];
// url.parse also trims trailing whitespace (NBSP, U+2028…) off the endpoint, so those stay in the query only.
const QUERY_CHARS = [...PATH_CHARS, ...' /?#&=+\'"<>^`{|}\\', '\u00a0', '\u2028', '%41'];

const pathSegment = fc
  .string({ unit: fc.constantFrom(...PATH_CHARS), minLength: 1, maxLength: 12 })
  .filter((s) => s !== '.' && s !== '..');
const queryText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...QUERY_CHARS), maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('TCP', 'UDP', 'true', 'false', '2000', '0', LB),
);
const queryKey = fc.oneof(fc.constantFrom('limit', 'marker', 'protocol', 'protocol_port', 'name', 'id'), queryText);
const headerName = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-'), minLength: 1, maxLength: 10 })
  .map((s) => `x-${s}`)
  .filter((s) => !['x-sdk-date', 'x-project-id', 'x-security-token', 'x-sdk-content-sha256'].includes(s));
const headerValue = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019 -_.:/;=,+*'), maxLength: 20 })
  .map((s) => s.trim());
const jsonBody = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
  { minKeys: 1, maxKeys: 5 },
);

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  host: fc.constantFrom(HOST, '127.0.0.1:8443', 'localhost:3000', 'iam.myhuaweicloud.com'),
  segments: fc.array(pathSegment, { minLength: 1, maxLength: 5 }),
  trailingSlash: fc.boolean(),
  pathEncoder: fc.constantFrom('rfc3986', 'component'),
  query: fc.array(fc.tuple(queryKey, queryText), { maxLength: 6 }),
  repeat: fc.option(fc.tuple(fc.constantFrom('protocol', 'id', 'k y'), fc.array(queryText, { minLength: 2, maxLength: 4 })), { nil: null, freq: 2 }),
  queryEncoder: fc.constantFrom('rfc3986', 'component'),
  contentType: fc.constantFrom('application/json', 'application/json;charset=UTF-8'),
  extraHeaders: fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
  token: fc.option(fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789+/='), minLength: 8, maxLength: 60 }), { nil: null, freq: 2 }),
  body: fc.option(jsonBody, { nil: null, freq: 2 }),
  time: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
  ak: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 20, maxLength: 20 }),
  sk: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 40, maxLength: 40 }),
});

describe('signer vs official AKSKSigner (generated)', () => {
  it('produces byte-identical Authorization headers for ≥ 200 generated requests', () => {
    let compared = 0;
    let withToken = 0;
    let withBody = 0;
    let withRepeats = 0;
    fc.assert(
      fc.property(requestArb, (r) => {
        const enc = r.pathEncoder === 'rfc3986' ? rfc3986Encode : encodeURIComponent;
        const qenc = r.queryEncoder === 'rfc3986' ? rfc3986Encode : encodeURIComponent;
        const rawPath = `/${r.segments.join('/')}${r.trailingSlash ? '/' : ''}`;
        const wirePath = `/${r.segments.map(enc).join('/')}${r.trailingSlash ? '/' : ''}`;
        const pairs: Array<[string, string]> = [...r.query];
        if (r.repeat) for (const v of r.repeat[1]) pairs.push([r.repeat[0], v]);
        const wireQuery = pairs.map(([k, v]) => `${qenc(k)}=${qenc(v)}`).join('&');
        const url = `https://${r.host}${wirePath}${wireQuery ? `?${wireQuery}` : ''}`;

        const queryParams: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const [k, v] of pairs) {
          const prev = queryParams[k];
          if (prev === undefined) queryParams[k] = v;
          else if (Array.isArray(prev)) prev.push(v);
          else queryParams[k] = [prev, v];
        }
        // Booleans and numbers as the SDK would pass them (it stringifies them).
        for (const [k, v] of Object.entries(queryParams)) {
          if (v === 'true' || v === 'false') queryParams[k] = v === 'true';
          else if (v === '2000') queryParams[k] = 2000;
        }

        const sendsBody = r.body !== null && (r.method === 'POST' || r.method === 'PUT');
        const bodyText = sendsBody ? JSON.stringify(r.body) : null;
        const headers: Record<string, string> = { 'content-type': r.contentType, 'X-Project-Id': PROJECT, ...r.extraHeaders };
        const now = new Date(r.time);
        const cred = r.token ? { ak: r.ak, sk: r.sk, securityToken: r.token } : { ak: r.ak, sk: r.sk };
        const ours = signRequest({ method: r.method, url, headers, body: bodyText }, cred, now);

        const oracleHeaders: Record<string, string> = { ...headers, 'X-Sdk-Date': formatSdkDate(now) };
        if (r.token) oracleHeaders['X-Security-Token'] = r.token;
        const oracle = AKSKSigner.sign(
          {
            method: r.method,
            endpoint: `https://${r.host}${rawPath}`,
            queryParams,
            headers: oracleHeaders,
            ...(sendsBody ? { data: r.body } : {}),
          },
          new BasicCredentials().withAk(r.ak).withSk(r.sk),
        );
        expect(ours.Authorization).toBe(oracle.Authorization);
        expect(ours['X-Sdk-Date']).toBe(oracle['X-Sdk-Date'] ?? oracleHeaders['X-Sdk-Date']);
        compared++;
        if (r.token) withToken++;
        if (sendsBody) withBody++;
        if (r.repeat) withRepeats++;
      }),
      { numRuns: 300, seed: 20240115 },
    );
    console.log(`signer oracle: ${compared} generated requests compared byte-for-byte (${withToken} with a security token, ${withBody} with a JSON body, ${withRepeats} with repeated query keys)`);
    expect(compared).toBeGreaterThanOrEqual(200);
    expect(withToken).toBeGreaterThan(20);
    expect(compared - withToken).toBeGreaterThan(20);
    expect(withBody).toBeGreaterThan(20);
    expect(withRepeats).toBeGreaterThan(20);
  });
});
