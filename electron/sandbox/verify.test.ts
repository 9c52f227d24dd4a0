import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from './server';
import { AKSKSigner, TestClient } from './testkit';
import type { SandboxHandle } from './types';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  parseSdkDate,
  sha256Hex,
  stringToSign,
  verifySignature,
} from './verify';

// ---- the two reference test vectors (elb-v3-api.md §11) ----
const AK = 'EXAMPLEAK1234567890A';
const SK = 'EXAMPLEsk0123456789abcdefghijklmnopqrstu';
const PROJECT = '0123456789abcdef0123456789abcdef';
const HOST = 'elb.ap-southeast-1.myhuaweicloud.com';
const DATE = '20240115T093000Z';
const LB = '5c1bd1a6-0b6e-4f0a-9d6c-3a2b1c0d9e8f';
const NOW = Date.UTC(2024, 0, 15, 9, 30, 0);
const SKEW = 15 * 60_000;
const SIGNED = 'content-type;host;x-project-id;x-sdk-date';
const BODY_B = `{"listener":{"name":"tcp-80","protocol":"TCP","protocol_port":80,"loadbalancer_id":"${LB}","keepalive_timeout":300}}`;

const headersFor = (auth: string): Record<string, string> => ({
  'content-type': 'application/json',
  host: HOST,
  'x-project-id': PROJECT,
  'x-sdk-date': DATE,
  authorization: auth,
});
const authz = (sig: string): string => `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED}, Signature=${sig}`;
const SIG_A = 'e4292685b3a5eb6b4b5fab76e48ab41c03032e2baf6ce6c65b22f7e17973675c';
const SIG_B = '975a1fa6f11bdade45c1bb922901b4c28e42bcb4221bf693789b4054d78f25bc';
const URL_A = `/v3/${PROJECT}/elb/listeners?protocol=UDP&limit=2&protocol=TCP&loadbalancer_id=${LB}`;
const URL_B = `/v3/${PROJECT}/elb/listeners`;

/** Flips one bit of a hex string at position i. */
function flipHex(s: string, i: number): string {
  const c = parseInt(s[i] ?? '0', 16) ^ 1;
  return s.slice(0, i) + c.toString(16) + s.slice(i + 1);
}

describe('reference test vectors', () => {
  it('vector A: canonical request and string to sign match the reference exactly', () => {
    const canonical = canonicalRequest(
      'GET',
      canonicalUri(`/v3/${PROJECT}/elb/listeners`),
      canonicalQuery(`protocol=UDP&limit=2&protocol=TCP&loadbalancer_id=${LB}`),
      [
        ['content-type', 'application/json'],
        ['host', HOST],
        ['x-project-id', PROJECT],
        ['x-sdk-date', DATE],
      ],
      EMPTY_BODY_SHA256,
    );
    expect(canonical).toBe(
      [
        'GET',
        `/v3/${PROJECT}/elb/listeners/`,
        `limit=2&loadbalancer_id=${LB}&protocol=TCP&protocol=UDP`,
        'content-type:application/json',
        `host:${HOST}`,
        `x-project-id:${PROJECT}`,
        `x-sdk-date:${DATE}`,
        '',
        SIGNED,
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    expect(stringToSign(DATE, canonical)).toBe(`SDK-HMAC-SHA256\n${DATE}\n9ab0b2618cf575f33366e1f892054b4366bef430b3f450ad93ceda014ca4ef31`);
  });

  it('vector A: the exact request is accepted, a one-bit change is refused', () => {
    const ok = verifySignature({ method: 'GET', rawUrl: URL_A, headers: headersFor(authz(SIG_A)), body: Buffer.alloc(0) }, { ak: AK, sk: SK }, NOW, SKEW);
    expect(ok).toEqual({ ok: true, ak: AK });
    const bad = verifySignature(
      { method: 'GET', rawUrl: URL_A, headers: headersFor(authz(flipHex(SIG_A, 63))), body: Buffer.alloc(0) },
      { ak: AK, sk: SK },
      NOW,
      SKEW,
    );
    expect(bad.ok).toBe(false);
    // one bit in the query (limit=2 → limit=3)
    const q = verifySignature(
      { method: 'GET', rawUrl: URL_A.replace('limit=2', 'limit=3'), headers: headersFor(authz(SIG_A)), body: Buffer.alloc(0) },
      { ak: AK, sk: SK },
      NOW,
      SKEW,
    );
    expect(q.ok).toBe(false);
  });

  it('vector B: body hash, string to sign and signature; a one-bit body change is refused', () => {
    expect(sha256Hex(BODY_B)).toBe('5430101bfcf09150aedf5391bf327225482b7ba3438981e6b9f2913e7ef17863');
    const canonical = canonicalRequest(
      'POST',
      canonicalUri(URL_B),
      '',
      [
        ['content-type', 'application/json'],
        ['host', HOST],
        ['x-project-id', PROJECT],
        ['x-sdk-date', DATE],
      ],
      sha256Hex(BODY_B),
    );
    expect(stringToSign(DATE, canonical)).toBe(`SDK-HMAC-SHA256\n${DATE}\nb9b5a574c577dc5014ede16e89bbb6392de8326b3be642156cc5393a28d18178`);
    const input = { method: 'POST', rawUrl: URL_B, headers: headersFor(authz(SIG_B)), body: Buffer.from(BODY_B) };
    expect(verifySignature(input, { ak: AK, sk: SK }, NOW, SKEW).ok).toBe(true);
    const flipped = Buffer.from(BODY_B);
    const at = flipped.indexOf('80');
    flipped.writeUInt8((flipped.readUInt8(at) ^ 1) & 0xff, at); // '8' → '9'
    expect(verifySignature({ ...input, body: flipped }, { ak: AK, sk: SK }, NOW, SKEW).ok).toBe(false);
    expect(verifySignature(input, { ak: AK, sk: `${SK.slice(0, -1)}v` }, NOW, SKEW).ok).toBe(false);
  });

  it('the official SDK signer produces the vector signatures (oracle sanity)', () => {
    const h = AKSKSigner.sign(
      {
        method: 'GET',
        endpoint: `https://${HOST}${URL_B}`,
        queryParams: { limit: '2', loadbalancer_id: LB, protocol: ['UDP', 'TCP'] },
        headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT, 'X-Sdk-Date': DATE },
      },
      { getAk: () => AK, getSk: () => SK },
    );
    expect(h.Authorization).toBe(authz(SIG_A));
  });

  it('refuses a date outside the skew with an "expired / check the time" reason, and a missing signed header', () => {
    const late = verifySignature(
      { method: 'GET', rawUrl: URL_A, headers: headersFor(authz(SIG_A)), body: Buffer.alloc(0) },
      { ak: AK, sk: SK },
      NOW + 16 * 60_000,
      SKEW,
    );
    expect(late).toMatchObject({ ok: false, expired: true });
    expect(!late.ok && late.reason).toMatch(/expired/);
    expect(!late.ok && late.reason).toMatch(/time/);
    const h = headersFor(authz(SIG_A));
    delete h['x-project-id'];
    const missing = verifySignature({ method: 'GET', rawUrl: URL_A, headers: h, body: Buffer.alloc(0) }, { ak: AK, sk: SK }, NOW, SKEW);
    expect(!missing.ok && missing.reason).toMatch(/signed header 'x-project-id' is missing/);
  });

  it('parses and formats X-Sdk-Date strictly', () => {
    expect(parseSdkDate(DATE)).toBe(NOW);
    expect(formatSdkDate(NOW)).toBe(DATE);
    expect(parseSdkDate('20240115T093000')).toBeNull();
    expect(parseSdkDate('20240230T093000Z')).toBeNull();
  });
});

describe('verifier against a live sandbox', () => {
  let h: SandboxHandle;
  let c: TestClient;
  beforeAll(async () => {
    h = await startSandbox({});
    c = new TestClient(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('accepts SDK-signed requests with repeated query keys and unicode/space query values', async () => {
    const r = await c.get('/listeners', { query: { protocol: ['UDP', 'TCP'], limit: '50', name: ['mysql', 'dns'] } });
    expect(r.status).toBe(200);
    expect(r.body.listeners.map((l: { name: string }) => l.name).sort()).toEqual(['dns', 'mysql']);
    const u = await c.get('/listeners', { query: { name: 'wéb ü*(x)' } });
    expect(u.status).toBe(200);
    expect(u.body.listeners).toEqual([]);
  });

  it('accepts an SDK-signed request with a unicode path (404 for the unknown ID, not 401)', async () => {
    const r = await c.get('/listeners/é-ünïcode-名前');
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe('ELB.8904');
  });

  it('accepts an SDK-signed POST (body hashed) and X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD', async () => {
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const r = await c.post('/listeners', { listener: { protocol: 'TCP', protocol_port: 9101, loadbalancer_id: lb } });
    expect(r.status).toBe(201);
    const u = await c.post('/listeners', { listener: { protocol: 'TCP', protocol_port: 9102, loadbalancer_id: lb } }, { headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    expect(u.status).toBe(201);
  });

  it('refuses a wrong SK, a wrong AK and a missing Authorization with 401 APIGW.0301', async () => {
    const wrongSk = await c.get('/listeners', { sk: 'not-the-secret' });
    expect(wrongSk.status).toBe(401);
    expect(wrongSk.body.error_code).toBe('APIGW.0301');
    expect(wrongSk.body.request_id).toMatch(/^[0-9a-f]{32}$/);
    const wrongAk = await c.get('/listeners', { ak: 'OTHERAK0000000000000' });
    expect(wrongAk.status).toBe(401);
    const none = await fetch(`${h.url}${c.elb}/listeners`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error_msg: string }).error_msg).toMatch(/Authorization/);
  });

  it('refuses a request whose signed header was not sent, or without X-Sdk-Date', async () => {
    const signed = AKSKSigner.sign(
      { method: 'GET', endpoint: `${h.url}${c.elb}/listeners`, queryParams: {}, headers: { 'Content-Type': 'application/json', 'X-Custom': 'a' } },
      { getAk: () => h.ak, getSk: () => h.sk },
    );
    const { 'X-Custom': _dropped, ...rest } = signed;
    const r = await fetch(`${h.url}${c.elb}/listeners`, { headers: rest });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error_msg: string }).error_msg).toMatch(/x-custom/);
    const { 'X-Sdk-Date': _d, ...noDate } = AKSKSigner.sign(
      { method: 'GET', endpoint: `${h.url}${c.elb}/listeners`, queryParams: {}, headers: { 'Content-Type': 'application/json' } },
      { getAk: () => h.ak, getSk: () => h.sk },
    );
    const r2 = await fetch(`${h.url}${c.elb}/listeners`, { headers: noDate });
    expect(r2.status).toBe(401);
    expect(((await r2.json()) as { error_msg: string }).error_msg).toMatch(/X-Sdk-Date/);
  });

  it('refuses an X-Sdk-Date 20 minutes off (says expired / check the time) and accepts 10 minutes off', async () => {
    const old = await c.get('/listeners', { sdkDate: formatSdkDate(Date.now() - 20 * 60_000) });
    expect(old.status).toBe(401);
    expect(old.body.error_code).toBe('APIGW.0301');
    expect(old.body.error_msg).toMatch(/expired/i);
    expect(old.body.error_msg).toMatch(/time/i);
    const future = await c.get('/listeners', { sdkDate: formatSdkDate(Date.now() + 20 * 60_000) });
    expect(future.status).toBe(401);
    const ok = await c.get('/listeners', { sdkDate: formatSdkDate(Date.now() - 10 * 60_000), query: { limit: '1' } });
    expect(ok.status).toBe(200);
  });

  /** Sends a raw request whose signature the test computes by hand (Go/Python variants). */
  function rawSigned(signedNames: string[], values: Record<string, string>, sent: Record<string, string>): Promise<number> {
    const date = formatSdkDate(Date.now());
    const path = `${c.elb}/listeners`;
    const all: Record<string, string> = { ...values, 'x-sdk-date': date };
    const canonical = [
      'GET',
      `${path}/`,
      'limit=1',
      signedNames.map((n) => `${n}:${all[n] ?? ''}\n`).join(''),
      signedNames.join(';'),
      createHash('sha256').update('').digest('hex'),
    ].join('\n');
    const sts = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const sig = createHmac('sha256', h.sk).update(sts).digest('hex');
    const port = Number(new URL(h.url).port);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: `${path}?limit=1`,
          method: 'GET',
          headers: { ...sent, 'X-Sdk-Date': date, Authorization: `SDK-HMAC-SHA256 Access=${h.ak}, SignedHeaders=${signedNames.join(';')}, Signature=${sig}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('accepts a Go-style signature (no host, no content-type, user-agent signed)', async () => {
    const ua = 'huaweicloud-usdk-go/3.0';
    const status = await rawSigned(['user-agent', 'x-project-id', 'x-sdk-date'], { 'user-agent': ua, 'x-project-id': c.projectId }, {
      'User-Agent': ua,
      'X-Project-Id': c.projectId,
      'Content-Type': 'application/json',
    });
    expect(status).toBe(200);
  });

  it('accepts trimmed header values (Python/Go) and a host signed without its port', async () => {
    const port = new URL(h.url).port;
    const trimmed = await rawSigned(['content-type', 'host', 'x-project-id', 'x-sdk-date'], {
      'content-type': 'application/json',
      host: `127.0.0.1:${port}`,
      'x-project-id': c.projectId,
    }, { 'Content-Type': 'application/json', 'X-Project-Id': `   ${c.projectId}   ` });
    expect(trimmed).toBe(200);
    const noPort = await rawSigned(['host', 'x-sdk-date'], { host: '127.0.0.1' }, {});
    expect(noPort).toBe(200);
    const wrongHost = await rawSigned(['host', 'x-sdk-date'], { host: 'evil.example' }, {});
    expect(wrongHost).toBe(401);
  });

  it('issues IAM tokens (password = SK) and accepts X-Auth-Token; refuses a wrong password or token', async () => {
    const bad = await fetch(`${h.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'nope', domain: { name: 'd' } } } } } }),
    });
    expect(bad.status).toBe(401);
    const res = await fetch(`${h.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: h.sk, domain: { name: 'd' } } } } } }),
    });
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token');
    expect(token).toBeTruthy();
    const ok = await fetch(`${h.url}${c.elb}/loadbalancers`, { headers: { 'X-Auth-Token': token ?? '' } });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${h.url}${c.elb}/loadbalancers`, { headers: { 'X-Auth-Token': 'sbx-forged' } });
    expect(wrong.status).toBe(401);
    expect(h.requests().some((r) => r.authType === 'token' && r.status === 200)).toBe(true);
  });

  it('answers IAM project discovery (signed) per region', async () => {
    const r = await c.get('/v3/projects', { query: { name: 'sandbox-2' } });
    expect(r.status).toBe(200);
    expect(r.body.projects).toEqual([expect.objectContaining({ id: h.regions[1]?.projectId, name: 'sandbox-2' })]);
    const unsigned = await fetch(`${h.url}/v3/projects?name=sandbox-1`);
    expect(unsigned.status).toBe(401);
  });
});
