/**
 * Transport tests (reliability.md S3.9): extra CA per account, HTTPS_PROXY/NO_PROXY and per-account proxies through a
 * local CONNECT proxy, TLS never disabled. Certificates are generated with openssl into a temp folder; everything
 * stays on 127.0.0.1 (the proxy maps every CONNECT target to the local HTTPS server, so the client never resolves the
 * made-up host name itself).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createElbClient, type ClientOptions, type ElbClient } from './client';
import { caBundle, noProxyMatches, normaliseProxyUrl, redactProxyUrl, resolveProxy } from './http';
import { failure } from './testing/failure';

const HOST = 'elb.sandbox-1.example.test';
let dir: string;
let caPem: string;
let otherCaPem: string;
let httpsPort: number;
let proxyPort: number;
const seen: Array<{ host: string | undefined; path: string | undefined; auth: string | undefined }> = [];
const connects: Array<{ target: string | undefined; proxyAuth: string | undefined }> = [];
const sockets = new Set<Socket>();
let proxyMode: 'ok' | 'refuse' = 'ok';
let closeAll: () => Promise<void>;
const clients: ElbClient[] = [];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'elbdesk-tls-'));
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=DNS:localhost,DNS:${HOST},IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ELB Desk Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=Unrelated CA', '-addext', 'basicConstraints=critical,CA:TRUE']);
  openssl(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${HOST}`]);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext']);
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  otherCaPem = readFileSync(join(dir, 'other.pem'), 'utf8');

  const https = createHttpsServer({ key: readFileSync(join(dir, 'leaf.key')), cert: readFileSync(join(dir, 'leaf.pem')) }, (req: IncomingMessage, res) => {
    seen.push({ host: req.headers.host, path: req.url, auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'tls-req-1' });
    res.end(JSON.stringify({ loadbalancers: [{ id: 'lb-tls' }], page_info: { current_count: 1 } }));
  });
  https.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  httpsPort = (https.address() as AddressInfo).port;

  const proxy = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    connects.push({ target: req.url, proxyAuth: req.headers['proxy-authorization'] });
    if (proxyMode === 'refuse') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = netConnect(httpsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const done = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', done);
    client.on('error', done);
  });
  proxy.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyPort = (proxy.address() as AddressInfo).port;

  closeAll = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([new Promise((r) => https.close(r)), new Promise((r) => proxy.close(r))]);
  };
});

afterAll(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  seen.length = 0;
  connects.length = 0;
  proxyMode = 'ok';
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function client(over: Partial<ClientOptions>): ElbClient {
  const c = createElbClient({
    endpoint: `https://${HOST}`,
    region: 'sandbox-1',
    projectId: '0123456789abcdef0123456789abcdef',
    credentials: async () => ({ ak: 'AKTEST', sk: 'sktest' }),
    env: {},
    connectTimeoutMs: 2_000,
    timeoutMs: 3_000,
    sleep: async () => undefined,
    ...over,
  });
  clients.push(c);
  return c;
}

describe('extra CA', () => {
  it('trusted with caCert', async () => {
    const lbs = await client({ endpoint: `https://127.0.0.1:${httpsPort}`, caCert: caPem }).listLoadBalancers();
    expect(lbs[0]!.id).toBe('lb-tls');
    expect(seen[0]!.host).toBe(`127.0.0.1:${httpsPort}`);
    expect(seen[0]!.auth).toMatch(/SignedHeaders=content-type;host;x-project-id;x-sdk-date/);
  });

  it('refused without it (TLS failure, not retried, nothing reaches the server)', async () => {
    const e = await failure(client({ endpoint: `https://127.0.0.1:${httpsPort}` }).listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(e.retryable).toBe(false);
    expect(e.attempts).toBe(1);
    expect(e.hint).toMatch(/CA certificate/);
    expect(seen).toHaveLength(0);
  });

  it('refused with an unrelated CA', async () => {
    const e = await failure(client({ endpoint: `https://127.0.0.1:${httpsPort}`, caCert: otherCaPem }).listLoadBalancers());
    expect(e.message).toMatch(/TLS/);
    expect(seen).toHaveLength(0);
  });

  it('the extra CA is added to the default store, not a replacement', async () => {
    const { rootCertificates } = await import('node:tls');
    const bundle = caBundle(caPem)!;
    expect(bundle.length).toBe(rootCertificates.length + 1);
    expect(bundle.at(-1)).toBe(caPem);
    expect(bundle.slice(0, -1)).toEqual([...rootCertificates]);
    expect(caBundle(null)).toBeUndefined();
    expect(caBundle('  ')).toBeUndefined();
  });

  it('host name checks stay on with the extra CA (a name the certificate does not cover fails)', async () => {
    const e = await failure(client({ endpoint: 'https://not-in-the-cert.example.test', proxy: `http://127.0.0.1:${proxyPort}`, caCert: caPem }).listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/TLS.*ALTNAME|TLS/);
    expect(seen).toHaveLength(0);
  });
});

describe('proxies (CONNECT)', () => {
  it('per-account proxy: the proxy sees the CONNECT line; TLS to the target is verified end to end', async () => {
    const lbs = await client({ proxy: `http://127.0.0.1:${proxyPort}`, caCert: caPem }).listLoadBalancers();
    expect(lbs).toHaveLength(1);
    expect(connects.map((c) => c.target)).toEqual([`${HOST}:443`]);
    expect(seen[0]!.host).toBe(HOST);
  });

  it('HTTPS_PROXY from the environment is honoured', async () => {
    await client({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` }, caCert: caPem }).listLoadBalancers();
    expect(connects.map((c) => c.target)).toEqual([`${HOST}:443`]);
  });

  it('https_proxy (lowercase) too; a bare host:port proxy gets http://', async () => {
    await client({ env: { https_proxy: `127.0.0.1:${proxyPort}` }, caCert: caPem }).listLoadBalancers();
    expect(connects).toHaveLength(1);
  });

  it('NO_PROXY match → direct (the made-up host does not resolve → network error, no CONNECT)', async () => {
    const e = await failure(client({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: 'localhost,.example.test' }, caCert: caPem, retry: { maxAttempts: 1 } }).listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(connects).toHaveLength(0);
  });

  it('a per-account proxy overrides the environment, NO_PROXY included', async () => {
    await client({ proxy: `http://127.0.0.1:${proxyPort}`, env: { NO_PROXY: '*' }, caCert: caPem }).listLoadBalancers();
    expect(connects).toHaveLength(1);
  });

  it('proxy credentials go in Proxy-Authorization and never into errors', async () => {
    await client({ proxy: `http://alice:s3cr%40t@127.0.0.1:${proxyPort}`, caCert: caPem }).listLoadBalancers();
    expect(connects[0]!.proxyAuth).toBe(`Basic ${Buffer.from('alice:s3cr@t').toString('base64')}`);
    proxyMode = 'refuse';
    const logs: string[] = [];
    const e = await failure(
      client({ proxy: `http://alice:s3cr%40t@127.0.0.1:${proxyPort}`, caCert: caPem, logger: { log: (...a) => logs.push(JSON.stringify(a)) } }).listLoadBalancers(),
    );
    expect(e.kind).toBe('network');
    expect(e.hint).toMatch(/proxy/i);
    expect(e.retryable).toBe(false);
    expect(`${e.message} ${e.hint} ${logs.join()}`).not.toMatch(/s3cr|alice/);
  });

  it('through the proxy, an untrusted certificate still fails', async () => {
    const e = await failure(client({ proxy: `http://127.0.0.1:${proxyPort}` }).listLoadBalancers());
    expect(e.kind).toBe('network');
    expect(e.hint).toMatch(/CA certificate/);
    expect(connects).toHaveLength(1);
    expect(seen).toHaveLength(0);
  });
});

describe('resolveProxy / NO_PROXY', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };
  it('picks the scheme-matching variable', () => {
    expect(resolveProxy('https://elb.ap-southeast-1.myhuaweicloud.com/v3', null, env)).toBe('http://proxy.corp:3128/');
    expect(resolveProxy('http://elb.example.com/', null, env)).toBe('http://plain.corp:8080/');
    expect(resolveProxy('https://elb.example.com/', null, {})).toBeNull();
    expect(resolveProxy('https://elb.example.com/', null, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toBe('http://lower:1/');
  });
  it('never sends loopback (the local sandbox) to an environment proxy, but does to an explicit one', () => {
    expect(resolveProxy('http://127.0.0.1:8443/', null, env)).toBeNull();
    expect(resolveProxy('https://localhost:8443/', null, env)).toBeNull();
    expect(resolveProxy('https://[::1]:8443/', null, env)).toBeNull();
    expect(resolveProxy('https://127.0.0.1:8443/', 'http://p:1', env)).toBe('http://p:1/');
  });
  it('matches NO_PROXY entries', () => {
    const h = 'elb.ap-southeast-1.myhuaweicloud.com';
    expect(noProxyMatches(h, 443, 'myhuaweicloud.com')).toBe(true);
    expect(noProxyMatches(h, 443, '.myhuaweicloud.com')).toBe(true);
    expect(noProxyMatches(h, 443, '*.myhuaweicloud.com')).toBe(true);
    expect(noProxyMatches(h, 443, 'huaweicloud.com')).toBe(false);
    expect(noProxyMatches(h, 443, 'awsmyhuaweicloud.com,example.org')).toBe(false);
    expect(noProxyMatches(h, 443, 'example.org myhuaweicloud.com ')).toBe(true);
    expect(noProxyMatches(h, 443, 'oud.com')).toBe(false);
    expect(noProxyMatches(h, 443, '*')).toBe(true);
    expect(noProxyMatches(h, 443, `${h}:8443`)).toBe(false);
    expect(noProxyMatches(h, 443, `${h}:443`)).toBe(true);
    expect(noProxyMatches('10.1.2.3', 443, '10.0.0.0/8')).toBe(true);
    expect(noProxyMatches('11.1.2.3', 443, '10.0.0.0/8')).toBe(false);
    expect(noProxyMatches('10.1.2.3', 443, '10.1.2.3')).toBe(true);
    expect(noProxyMatches('2001:db8::1', 443, '2001:db8::/32')).toBe(true);
    expect(noProxyMatches('[2001:db8::1]', 443, '[2001:db8::1]:443')).toBe(true);
    expect(noProxyMatches(h, 443, '')).toBe(false);
  });
  it('NO_PROXY applied via resolveProxy', () => {
    expect(resolveProxy('https://elb.x.myhuaweicloud.com/', null, { ...env, NO_PROXY: '.myhuaweicloud.com' })).toBeNull();
    expect(resolveProxy('https://elb.x.myhuaweicloud.com/', null, { ...env, no_proxy: 'example.com' })).toBe('http://proxy.corp:3128/');
  });
  it('normalises and redacts proxy URLs', () => {
    expect(normaliseProxyUrl('proxy:3128')).toBe('http://proxy:3128/');
    expect(() => normaliseProxyUrl('socks5://p:1')).toThrow();
    expect(redactProxyUrl('http://u:pw@proxy:3128')).toBe('http://proxy:3128');
  });
});

describe('TLS verification cannot be turned off', () => {
  it('no rejectUnauthorized / disableSslVerification / NODE_TLS_REJECT_UNAUTHORIZED in the client sources', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const files = readdirSync(here, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const src = readFileSync(join(here, f), 'utf8');
      expect(src, f).not.toMatch(/rejectUnauthorized|disableSslVerification|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/);
    }
  });
});
