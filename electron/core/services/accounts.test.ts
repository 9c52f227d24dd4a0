/**
 * Changing where an account's requests go (endpoint, proxy, CA certificate) needs the keys again (issue 10 §6): the
 * stored AK/SK/token are never used to sign for a server the user did not enter them for.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, tempDir, type TestCore } from '../test-support';

const CANARY_AK = 'CANARYAKQ7X2M9P4L6ZW';
const CANARY_SK = 'CANARYskV8n3Jq5Rt1Yw6Ub0Ez4Hk7Lp2Df9Gs';
const CANARY_TOKEN = 'CANARYtokenMIIDx7Yq2Wp9Lm4Nb6Vc8Xz0';
const PROJECT = '0123456789abcdef0123456789abcdef';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

interface Stub {
  url: string;
  requests: Array<{ authorization: string | undefined; token: string | undefined }>;
  close(): Promise<void>;
}

async function stubCloud(): Promise<Stub> {
  const requests: Stub['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ authorization: req.headers.authorization, token: req.headers['x-security-token'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ loadbalancers: [], page_info: { current_count: 0 } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let a: Stub;
let b: Stub;
let t: TestCore;

beforeAll(async () => {
  a = await stubCloud();
  b = await stubCloud();
  t = await startTestCore({ sandboxUrl: 'http://127.0.0.1:9', options: { cloud: { retry: { maxAttempts: 1 } } } });
});

afterAll(async () => {
  await t?.core.dispose();
  await a?.close();
  await b?.close();
});

async function account(name: string, withToken = true): Promise<string> {
  const created = await t.must('accounts:create', {
    name,
    region: 'ap-southeast-1',
    projectId: PROJECT,
    endpoint: a.url,
    ak: CANARY_AK,
    sk: CANARY_SK,
    ...(withToken ? { securityToken: CANARY_TOKEN } : {}),
  });
  return created.id;
}

describe('accounts:update and the stored keys', () => {
  it('refuses an endpoint change without new keys, and "Test connection" then sends nothing signed to the new server', async () => {
    const id = await account('Endpoint change');
    const r = await t.call('accounts:update', { id, endpoint: b.url });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'ak', code: 'account.keys.again' }, { path: 'sk' }] } });
    if (!r.ok) expect(r.error.message).toMatch(/custom endpoint needs the AK and SK again/);
    const list = await t.must('accounts:list', {});
    expect(list.find((x) => x.id === id)?.endpoint).toBe(a.url);

    await t.must('accounts:test', { id });
    expect(b.requests.filter((q) => q.authorization)).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
    expect(a.requests.some((q) => q.authorization?.includes(`Access=${CANARY_AK}`))).toBe(true);
  });

  it('accepts the change with new keys, and only the new keys reach the new server', async () => {
    const id = await account('Endpoint change with keys');
    await t.must('accounts:test', { id }); // a client cached for the old endpoint is dropped by the update
    const updated = await t.must('accounts:update', { id, endpoint: b.url, ak: 'NEWAK0000000000000001', sk: 'NEWSK00000000000000000000000000001' });
    expect(updated.endpoint).toBe(b.url);
    const status = await t.must('credentials:status', { accountId: id });
    expect(status).toMatchObject({ hasSecret: true, hasSecurityToken: false, maskedAk: 'NEWA…0001' });
    await t.must('accounts:test', { id });
    expect(b.requests.length).toBeGreaterThan(0);
    for (const q of b.requests) {
      expect(q.authorization).toContain('Access=NEWAK0000000000000001');
      expect(q.authorization).not.toContain(CANARY_AK);
      expect(q.token).toBeUndefined();
    }
  });

  it('treats the proxy and the CA certificate the same way; other fields need no keys', async () => {
    const id = await account('Proxy and CA');
    for (const change of [{ proxy: 'http://127.0.0.1:3128' }, { caCert: PEM }]) {
      const r = await t.call('accounts:update', { id, ...change });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'ak', code: 'account.keys.again' }, { path: 'sk' }] } });
    }
    const renamed = await t.must('accounts:update', { id, name: 'Proxy and CA renamed', region: 'ap-southeast-3', endpoint: a.url, proxy: null, caCert: null });
    expect(renamed).toMatchObject({ name: 'Proxy and CA renamed', proxy: null, caCert: null });
    expect(await t.must('credentials:status', { accountId: id })).toMatchObject({ hasSecret: true, hasSecurityToken: true });
    const withKeys = await t.must('accounts:update', { id, caCert: PEM, ak: CANARY_AK, sk: CANARY_SK });
    expect(withKeys.caCert).toBe(PEM);
  });

  it('lets an account without stored keys change its endpoint', async () => {
    const id = await account('No keys');
    await t.must('credentials:clear', { accountId: id });
    const updated = await t.must('accounts:update', { id, endpoint: b.url });
    expect(updated.endpoint).toBe(b.url);
  });

  it('refuses an AK without an SK, and leaves the keys alone when the new values are refused', async () => {
    const id = await account('Half keys');
    expect(await t.call('accounts:update', { id, endpoint: b.url, ak: 'NEWAK0000000000000001' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ path: 'sk', code: 'account.keys.pair' }] },
    });
    const bad = await t.call('accounts:update', { id, proxy: 'ftp://nope', ak: 'NEWAK0000000000000001', sk: 'NEWSK00000000000000000000000000001' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'proxy' }] } });
    expect(await t.must('credentials:status', { accountId: id })).toMatchObject({ hasSecret: true, maskedAk: 'CANA…L6ZW', hasSecurityToken: true });
  });
});

/** A proxy that records the Proxy-Authorization of every CONNECT and refuses it (407). */
async function stubProxy(): Promise<{ url: string; auths: Array<string | undefined>; close(): Promise<void> }> {
  const auths: Array<string | undefined> = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
    auths.push(req.headers['proxy-authorization']);
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auths,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function dataFolderText(dir: string, keep: (file: string) => boolean = () => true): string {
  const files = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? files(path.join(d, n)) : [path.join(d, n)]));
  return files(dir)
    .filter(keep)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('proxy credentials', () => {
  const PASSWORD = 'pr0xyPa55w0rdCanary';

  it('are kept in the vault, shown nowhere, and still sent to the proxy', async () => {
    const proxy = await stubProxy();
    try {
      const hostPort = proxy.url.slice('http://'.length);
      const created = await t.must('accounts:create', {
        name: 'Proxied',
        region: 'ap-southeast-1',
        projectId: PROJECT,
        endpoint: a.url,
        proxy: `http://alice:${PASSWORD}@${hostPort}`,
        ak: CANARY_AK,
        sk: CANARY_SK,
      });
      expect(created).toMatchObject({ proxy: proxy.url, proxyAuth: true });
      const listed = await t.call('accounts:list', {});
      expect(JSON.stringify(listed)).not.toContain(PASSWORD);
      expect(JSON.stringify(listed)).not.toContain('alice');
      expect(dataFolderText(t.dataDir)).not.toContain(PASSWORD);

      const tested = await t.call('accounts:test', { id: created.id });
      expect(tested).toMatchObject({ ok: true, value: { reachable: false } });
      expect(JSON.stringify(tested)).not.toContain(PASSWORD);
      expect(proxy.auths.length).toBeGreaterThan(0);
      expect(proxy.auths[0]).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);

      // The same URL without credentials keeps them (no keys needed); another proxy URL needs the keys again.
      const kept = await t.must('accounts:update', { id: created.id, name: 'Proxied 2', proxy: proxy.url });
      expect(kept).toMatchObject({ proxy: proxy.url, proxyAuth: true });
      for (const p of [`http://bob:other@${hostPort}`, 'http://127.0.0.1:1']) {
        expect(await t.call('accounts:update', { id: created.id, proxy: p })).toMatchObject({ ok: false, error: { fields: [{ code: 'account.keys.again' }, {}] } });
      }
      // Another proxy URL never receives the stored credentials: they are dropped with it.
      const moved = await t.must('accounts:update', { id: created.id, proxy: 'http://127.0.0.1:1', ak: CANARY_AK, sk: CANARY_SK });
      expect(moved.proxyAuth).toBeUndefined();
      expect(await t.core.vault.getProxyAuth(created.id)).toBeNull();
    } finally {
      await proxy.close();
    }
  });

  it('written in an account by an older version move to the vault at start', async () => {
    const dataDir = tempDir('elb-desk-proxy-migrate-');
    const first = await startTestCore({ dataDir, sandboxUrl: 'http://127.0.0.1:9' });
    const made = await first.must('accounts:create', { name: 'Old', region: 'ap-southeast-1', ak: CANARY_AK, sk: CANARY_SK });
    await first.core.dispose();
    // As an older version stored it: the credentials in the URL.
    const file = path.join(dataDir, 'elb-desk.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Array<{ id: string; proxy: string | null }> };
    doc.accounts.find((x) => x.id === made.id)!.proxy = `http://carol:${PASSWORD}@proxy.example.com:3128`;
    writeFileSync(file, JSON.stringify(doc));
    // And a backup an older version took of that state.
    mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
    writeFileSync(path.join(dataDir, 'backups', 'elb-desk.2026-01-01T00-00-00.000Z.json'), JSON.stringify(doc));

    const second = await startTestCore({ dataDir, sandboxUrl: 'http://127.0.0.1:9' });
    try {
      const listed = await second.must('accounts:list', {});
      expect(listed.find((x) => x.id === made.id)).toMatchObject({ proxy: 'http://proxy.example.com:3128', proxyAuth: true });
      expect(await second.core.vault.getProxyAuth(made.id)).toBe(`carol:${PASSWORD}`);
    } finally {
      await second.core.dispose();
    }
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    // Nowhere in the folder: the backups (the older one, and the one this start took before the migration) lost the
    // credentials too, and keep the rest of the account.
    expect(dataFolderText(dataDir, () => true)).not.toContain(PASSWORD);
    const backups = readdirSync(path.join(dataDir, 'backups')).filter((f) => f.endsWith('.json'));
    expect(backups.length).toBeGreaterThanOrEqual(2);
    for (const b of backups) {
      const saved = JSON.parse(readFileSync(path.join(dataDir, 'backups', b), 'utf8')) as { accounts: Array<{ id: string; proxy: string | null; proxyAuth?: boolean }> };
      expect(saved.accounts.find((x) => x.id === made.id)).toMatchObject({ proxy: 'http://proxy.example.com:3128', proxyAuth: true });
    }
  });
});
