/**
 * The HTTP transport of the cloud client: undici `request` over a pooled `Agent` (or `ProxyAgent` for CONNECT
 * tunnelling), with a connect timeout, a total per-attempt deadline, an optional extra CA added to Node's default
 * trust store, and HTTPS_PROXY/NO_PROXY handling. TLS verification can never be turned off here.
 *
 * The transport does not retry and does not interpret bodies; it throws a TransportError that says whether the
 * request certainly never reached the server (`notSent`), which the client needs to decide about retries and
 * ambiguity.
 */
import { BlockList, isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';

/** Options of the transport. */
export interface TransportOptions {
  /** Per-account proxy URL (`http://[user:pass@]host:port`); overrides the environment. */
  proxy?: string | null;
  /** Extra CA certificate(s), PEM, added to the default trust store. */
  caCert?: string | null;
  connectTimeoutMs: number;
  /** Total deadline per attempt: connect + send + headers + body. */
  timeoutMs: number;
  /** The environment to read HTTPS_PROXY/HTTP_PROXY/NO_PROXY from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Largest accepted response body (default 64 MiB). */
  maxResponseBytes?: number;
}

/** One HTTP exchange. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  /** Caller cancellation (in addition to the deadline). */
  signal?: AbortSignal;
}

/** The raw reply. Header names are lowercase. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Why the transport failed. */
export type TransportFailure = 'connect-timeout' | 'timeout' | 'dns' | 'refused' | 'unreachable' | 'reset' | 'tls' | 'proxy' | 'aborted' | 'too-large' | 'other';

/** A failed exchange, with what is known about whether the server saw the request. */
export class TransportError extends Error {
  readonly failure: TransportFailure;
  /** The request certainly never reached the server (DNS, refused, connect timeout, TLS, proxy refused the tunnel). */
  readonly notSent: boolean;
  /** Node/undici error code, e.g. ECONNREFUSED. */
  readonly code: string | null;
  constructor(message: string, failure: TransportFailure, notSent: boolean, code: string | null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.failure = failure;
    this.notSent = notSent;
    this.code = code;
  }
}

// ------------------------------------------------------------------ proxy selection

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Whether `NO_PROXY` exempts host:port. Entries are comma/space separated: `*` (everything), a host name (matches it
 * and its subdomains; a leading `.` or `*.` is allowed), an IP address, an IP CIDR block, each optionally with `:port`.
 */
export function noProxyMatches(hostname: string, port: number, noProxy: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const hostIsIp = isIP(host);
  for (let entry of noProxy.split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: number | null = null;
    const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
    if (portMatch && !entry.startsWith('[') && isIP(entry) === 0) {
      entry = portMatch[1] ?? '';
      entryPort = Number(portMatch[2]);
    } else {
      const v6 = /^\[(.+)\](?::(\d+))?$/.exec(entry);
      if (v6) {
        entry = v6[1] ?? '';
        entryPort = v6[2] ? Number(v6[2]) : null;
      }
    }
    if (entryPort !== null && entryPort !== port) continue;
    if (entry.includes('/')) {
      const [net, bitsText] = entry.split('/');
      const family = isIP(net ?? '');
      const bits = Number(bitsText);
      if (!family || hostIsIp !== family || !Number.isInteger(bits)) continue;
      try {
        const bl = new BlockList();
        bl.addSubnet(net ?? '', bits, family === 6 ? 'ipv6' : 'ipv4');
        if (bl.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
      } catch {
        /* a bad CIDR entry matches nothing */
      }
      continue;
    }
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '');
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function envValue(env: Record<string, string | undefined>, ...names: string[]): string | null {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/**
 * The proxy URL to use for a target, or null for a direct connection. A per-account proxy always wins. Otherwise
 * `https_proxy`/`HTTPS_PROXY` (for https targets) or `http_proxy`/`HTTP_PROXY` (for http targets), unless `NO_PROXY`
 * matches or the target is a loopback address (the local sandbox is never sent to an environment proxy).
 */
export function resolveProxy(targetUrl: string, explicit: string | null | undefined, env: Record<string, string | undefined> = process.env): string | null {
  if (explicit && explicit.trim() !== '') return normaliseProxyUrl(explicit.trim());
  const u = new URL(targetUrl);
  const fromEnv = u.protocol === 'https:' ? envValue(env, 'https_proxy', 'HTTPS_PROXY') : envValue(env, 'http_proxy', 'HTTP_PROXY');
  if (!fromEnv) return null;
  if (isLoopback(u.hostname)) return null;
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const noProxy = envValue(env, 'no_proxy', 'NO_PROXY');
  if (noProxy && noProxyMatches(u.hostname, port, noProxy)) return null;
  return normaliseProxyUrl(fromEnv);
}

/** Adds `http://` to a bare `host:port` proxy and checks it parses. */
export function normaliseProxyUrl(p: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : `http://${p}`;
  const u = new URL(withScheme);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`unsupported proxy scheme ${u.protocol}`);
  return u.href;
}

/** A proxy URL without user info, for messages. */
export function redactProxyUrl(p: string): string {
  try {
    const u = new URL(p);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid proxy URL)';
  }
}

// ------------------------------------------------------------------ transport

const NOT_SENT_CODES: Record<string, TransportFailure> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ENETUNREACH: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETDOWN: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
};
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|ERR_OSSL_)/;

function errorCode(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_ABORTED') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const top = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof top === 'string' ? top : null;
}

class DeadlineAbort extends Error {
  constructor() {
    super('deadline');
    this.name = 'DeadlineAbort';
  }
}

/**
 * The trust store for an account: Node's default roots plus the extra CA (PEM), or undefined (= Node's default) when
 * there is no extra CA. Passing `ca` replaces Node's store, hence the explicit concatenation.
 */
export function caBundle(caCert: string | null | undefined): string[] | undefined {
  return caCert && caCert.trim() !== '' ? [...rootCertificates, caCert] : undefined;
}

/** Pooled HTTP(S) transport; create one per account/endpoint and `close()` it when done. */
export class HttpTransport {
  private readonly opts: TransportOptions;
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly ca: string[] | undefined;
  private closed = false;

  constructor(opts: TransportOptions) {
    this.opts = opts;
    this.ca = caBundle(opts.caCert);
  }

  /** The proxy (if any) the transport will use for this URL. */
  proxyFor(url: string): string | null {
    return resolveProxy(url, this.opts.proxy, this.opts.env ?? process.env);
  }

  private dispatcherFor(url: string): Dispatcher {
    const proxy = this.proxyFor(url);
    const key = proxy ?? '';
    const existing = this.dispatchers.get(key);
    if (existing) return existing;
    const tls = { timeout: this.opts.connectTimeoutMs, ...(this.ca ? { ca: this.ca } : {}) };
    const common = {
      headersTimeout: this.opts.timeoutMs,
      bodyTimeout: this.opts.timeoutMs,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 30_000,
    };
    const d: Dispatcher = proxy
      ? new ProxyAgent({ uri: proxy, proxyTls: tls, requestTls: tls, ...common })
      : new Agent({ connect: tls, ...common });
    this.dispatchers.set(key, d);
    return d;
  }

  /** Sends one request with the deadline; throws TransportError on any failure before a complete reply. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new TransportError('transport closed', 'aborted', true, null);
    let dispatcher: Dispatcher;
    try {
      dispatcher = this.dispatcherFor(req.url);
    } catch (e) {
      throw new TransportError('The proxy address is not a valid http(s) URL.', 'proxy', true, null, e);
    }
    const { path, origin } = splitForUndici(req.url);
    const controller = new AbortController();
    const deadline = new DeadlineAbort();
    const timer = setTimeout(() => controller.abort(deadline), this.opts.timeoutMs);
    const onCallerAbort = (): void => controller.abort(req.signal?.reason ?? new Error('aborted'));
    if (req.signal) {
      if (req.signal.aborted) onCallerAbort();
      else req.signal.addEventListener('abort', onCallerAbort, { once: true });
    }
    try {
      const res = await dispatcher.request({
        origin,
        path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body === null ? null : typeof req.body === 'string' ? req.body : Buffer.from(req.body),
        signal: controller.signal,
      });
      const max = this.opts.maxResponseBytes ?? 64 * 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > max) {
          res.body.destroy();
          throw new TransportError(`response larger than ${max} bytes`, 'too-large', false, null);
        }
        chunks.push(b);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      return { status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
    } catch (e) {
      if (e instanceof TransportError) throw e;
      throw this.classify(e, controller.signal.reason === deadline, req.signal?.aborted === true);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private classify(e: unknown, deadlineHit: boolean, callerAborted: boolean): TransportError {
    const code = errorCode(e);
    const msg = e instanceof Error ? e.message : String(e);
    if (code && NOT_SENT_CODES[code]) {
      const failure = NOT_SENT_CODES[code] ?? 'other';
      return new TransportError(`${failure}: ${code}`, failure, true, code, e);
    }
    if (code && TLS_CODE.test(code)) return new TransportError(`TLS: ${code}`, 'tls', true, code, e);
    if (/Proxy response \(\d+\) !== 200|Proxy Authentication Required/.test(msg)) {
      return new TransportError(`proxy refused the tunnel (${msg})`, 'proxy', true, code, e);
    }
    if (deadlineHit || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new TransportError(`no complete reply within ${this.opts.timeoutMs} ms`, 'timeout', false, code, e);
    }
    if (callerAborted) return new TransportError('aborted by the caller', 'aborted', false, code, e);
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || /other side closed|socket hang up/i.test(msg)) {
      return new TransportError(`connection dropped (${code ?? msg})`, 'reset', false, code, e);
    }
    return new TransportError(`network error (${code ?? msg})`, 'other', false, code, e);
  }

  /** Closes all pooled connections. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}

/** Origin and raw path+query (undici sends the path as given, without normalising it). */
function splitForUndici(url: string): { origin: string; path: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)([^#]*)/i.exec(url);
  if (!m) throw new TransportError('invalid URL', 'other', true, null);
  const rest = m[2] || '/';
  return { origin: new URL(m[1] ?? '').origin, path: rest.startsWith('/') ? rest : `/${rest}` };
}
