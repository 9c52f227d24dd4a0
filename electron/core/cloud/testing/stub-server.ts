/**
 * TEST ONLY — a minimal ELB v3 stub with fault injection for the client's fault tests, shaped like the sandbox's
 * handle (`startSandbox` in electron/sandbox/server.ts) so tests can use either. It verifies every AK/SK signature
 * (recomputed from the bytes received, so a mismatch between what was signed and what went on the wire fails with
 * 401) and the X-Sdk-Date window (15 minutes, shifted by `clockSkewMs`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { canonicalRequest, hmacSha256Hex, parseAuthorization, parseSdkDate, splitUrl, stringToSign, parseQuery } from '../signer';

/** Faults, as in the sandbox. `body` is stub-only: an arbitrary reply. */
export type StubFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; errorCode?: string; errorMsg?: string; retryAfterSeconds?: number; classic?: boolean; noRequestIdInBody?: boolean }
  | { kind: 'throttle' }
  | { kind: 'drop-after-commit' }
  | { kind: 'drop-before-commit' }
  | { kind: 'stall' }
  | { kind: 'malformed'; body: 'html' | 'truncated-json' | 'empty-200' | 'no-id' }
  | { kind: 'body'; status: number; body: string; contentType?: string };

export interface StubFaultRule {
  method?: string;
  path?: RegExp | string;
  times?: number;
  fault: StubFault;
}

export interface StubRequestRecord {
  method: string;
  path: string;
  query: string;
  status: number | null;
  authorization: string | null;
  headers: Record<string, string>;
}

export interface StubHandle {
  url: string;
  ak: string;
  sk: string;
  token: string;
  regions: Array<{ id: string; projectId: string }>;
  faults: { add(rule: StubFaultRule): void; clear(): void };
  requests(): StubRequestRecord[];
  clearRequests(): void;
  reset(): void;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;

const COLLECTIONS: Record<string, string> = {
  listeners: 'listener',
  pools: 'pool',
  healthmonitors: 'healthmonitor',
  ipgroups: 'ipgroup',
  loadbalancers: 'loadbalancer',
  flavors: 'flavor',
};

/** Starts the stub on 127.0.0.1. */
export async function startStub(opts: { port?: number; clockSkewMs?: number; seedListeners?: number } = {}): Promise<StubHandle> {
  const ak = 'STUBAK0000000000TEST';
  const sk = 'stub-secret-key-0000000000000000000000000';
  const token = 'stub-iam-token';
  const regions = [{ id: 'sandbox-1', projectId: '0123456789abcdef0123456789abcdef' }];
  let rules: Array<StubFaultRule & { left: number }> = [];
  let log: StubRequestRecord[] = [];
  let db: Record<string, Obj[]> = {};
  const sockets = new Set<Socket>();

  function seed(): void {
    db = { listeners: [], pools: [], healthmonitors: [], ipgroups: [], members: [] };
    db.flavors = [
      { id: 'f-l4', name: 'L4_flavor.elb.s1.small', type: 'L4', info: { connection: 500000, cps: 10000 } },
      { id: 'f-l7', name: 'L7_flavor.elb.s1.small', type: 'L7', info: { connection: 200000, cps: 2000, qps: 4000 } },
    ];
    db.loadbalancers = [
      { id: 'lb-1', name: 'lb-one', provisioning_status: 'ACTIVE', operating_status: 'ONLINE', l4_flavor_id: 'f-l4', l7_flavor_id: '', listeners: [], pools: [] },
    ];
    for (let i = 0; i < (opts.seedListeners ?? 0); i++) {
      db.listeners!.push({ id: `lis-${String(i).padStart(4, '0')}`, name: `l${i}`, protocol: 'TCP', protocol_port: 1000 + i, loadbalancers: [{ id: 'lb-1' }] });
    }
  }
  seed();

  function matchRule(method: string, path: string): StubFault | null {
    for (const r of rules) {
      if (r.left <= 0) continue;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.path !== undefined && !(typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path))) continue;
      r.left--;
      return r.fault;
    }
    return null;
  }

  function send(res: ServerResponse, rec: StubRequestRecord, status: number, body: unknown, headers: Record<string, string> = {}): void {
    rec.status = status;
    const requestId = randomUUID().replace(/-/g, '');
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId, ...headers });
    res.end(text);
  }

  function apiError(res: ServerResponse, rec: StubRequestRecord, status: number, code: string, msg: string, extra: { headers?: Record<string, string>; classic?: boolean; noRequestIdInBody?: boolean } = {}): void {
    const requestId = `req-${randomUUID()}`;
    rec.status = status;
    const body = extra.classic ? { error: { code, message: msg } } : extra.noRequestIdInBody ? { error_code: code, error_msg: msg } : { error_code: code, error_msg: msg, request_id: requestId };
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId, ...(extra.headers ?? {}) });
    res.end(JSON.stringify(body));
  }

  function checkAuth(req: IncomingMessage, rawUrl: string, body: Buffer): string | null {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    if (headers['x-auth-token'] !== undefined) return headers['x-auth-token'] === token ? null : 'bad token';
    const auth = parseAuthorization(headers.authorization ?? '');
    if (!auth) return 'missing or malformed Authorization';
    if (auth.access !== ak) return 'unknown access key';
    const dateText = headers['x-sdk-date'] ?? '';
    const date = parseSdkDate(dateText);
    if (!date) return 'missing X-Sdk-Date';
    const serverNow = Date.now() + (opts.clockSkewMs ?? 0);
    if (Math.abs(serverNow - date.getTime()) > 15 * 60_000) return 'the request has expired: X-Sdk-Date differs from the server time by more than 15 minutes';
    const signed: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const v = headers[name];
      if (v === undefined) return `signed header ${name} missing`;
      signed[name] = v;
    }
    const canon = canonicalRequest({ method: req.method ?? 'GET', url: `http://${headers.host ?? 'x'}${rawUrl}`, headers: signed, body: new Uint8Array(body) });
    const expected = hmacSha256Hex(sk, stringToSign(canon, dateText));
    return expected === auth.signature ? null : 'signature mismatch';
  }

  function list(coll: Obj[], query: Array<[string, string]>): { items: Obj[]; page_info: Obj } {
    const filters = new Map<string, string[]>();
    let limit = 2000;
    let marker: string | null = null;
    for (const [k, v] of query) {
      if (k === 'limit') limit = Number(v);
      else if (k === 'marker') marker = v;
      else filters.set(k, [...(filters.get(k) ?? []), v]);
    }
    let items = coll.filter((o) =>
      [...filters.entries()].every(([k, vs]) => {
        if (k === 'loadbalancer_id') return vs.some((v) => ((o.loadbalancers as Obj[] | undefined) ?? []).some((r) => r.id === v) || o.loadbalancer_id === v);
        return vs.includes(String(o[k]));
      }),
    );
    if (marker) {
      const i = items.findIndex((o) => o.id === marker);
      items = i < 0 ? [] : items.slice(i + 1);
    }
    const pageItems = items.slice(0, limit);
    const more = items.length > limit;
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems,
      page_info: { previous_marker: pageItems[0]?.id ?? null, current_count: pageItems.length, ...(more && last ? { next_marker: last.id } : {}) },
    };
  }

  /** Executes the API call; returns status and body. */
  function handle(method: string, path: string, query: Array<[string, string]>, json: Obj | null): { status: number; body: unknown } {
    if (path === '/v3/projects' && method === 'GET') {
      const name = query.find(([k]) => k === 'name')?.[1];
      return { status: 200, body: { projects: regions.filter((r) => r.id === name).map((r) => ({ id: r.projectId, name: r.id })) } };
    }
    const m = /^\/v3\/([^/]+)\/elb(\/.*)$/.exec(path);
    if (!m || !regions.some((r) => r.projectId === m[1])) return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'The API does not exist.' } };
    const rest = m[2] ?? '';
    const parts = rest.split('/').slice(1).map(decodeURIComponent);
    const notFound = { status: 404, body: { error_code: 'ELB.8904', error_msg: `${rest} could not be found.`, request_id: randomUUID() } };
    if (parts[0] === 'quotas' && parts.length === 1) return { status: 200, body: { quota: { listener: 100, pool: 100, member: 1000, ipgroup: 50 } } };
    if (parts[0] === 'quotas' && parts[1] === 'details') {
      return { status: 200, body: { quotas: [{ quota_key: 'listener', quota_limit: 100, used: db.listeners!.length, unit: 'count' }] } };
    }
    if (parts[0] === 'members' && parts.length === 1 && method === 'GET') {
      const { items, page_info } = list(db.members!, query);
      return { status: 200, body: { members: items, page_info } };
    }
    if (parts[0] === 'pools' && parts[2] === 'members') {
      const poolId = parts[1] ?? '';
      if (!db.pools!.some((p) => p.id === poolId)) return notFound;
      const inPool = db.members!.filter((x) => x.pool_id === poolId);
      if (parts.length === 3 && method === 'GET') {
        const { items, page_info } = list(inPool, query);
        return { status: 200, body: { members: items, page_info } };
      }
      if (parts.length === 3 && method === 'POST') {
        const mem = { ...(json?.member as Obj), id: randomUUID(), pool_id: poolId, operating_status: 'NO_MONITOR' };
        db.members!.push(mem);
        return { status: 201, body: { member: mem } };
      }
      if (parts[3] === 'batch-add' && method === 'POST') {
        const out: Obj[] = [];
        for (const x of (json?.members as Obj[]) ?? []) {
          const existing = inPool.find((e) => e.address === x.address && e.protocol_port === x.protocol_port);
          if (existing) out.push({ ...existing, ret_status: 'existed' });
          else {
            const mem = { ...x, id: randomUUID(), pool_id: poolId, operating_status: 'NO_MONITOR' };
            db.members!.push(mem);
            out.push({ ...mem, ret_status: 'successful' });
          }
        }
        return { status: 200, body: { members: out } };
      }
      if (parts.length === 4 && method === 'DELETE') {
        const i = db.members!.findIndex((x) => x.id === parts[3] && x.pool_id === poolId);
        if (i < 0) return notFound;
        db.members!.splice(i, 1);
        return { status: 204, body: undefined };
      }
      return notFound;
    }
    const collName = parts[0] ?? '';
    const singular = COLLECTIONS[collName];
    const coll = db[collName];
    if (!singular || !coll) return notFound;
    if (parts.length === 1 && method === 'GET') {
      const { items, page_info } = list(coll, query);
      return { status: 200, body: { [collName]: items, page_info } };
    }
    if (parts.length === 1 && method === 'POST') {
      const input = json?.[singular];
      if (typeof input !== 'object' || input === null) return { status: 400, body: { error_code: 'ELB.8902', error_msg: `${singular} is required`, request_id: randomUUID() } };
      const o: Obj = { ...(input as Obj), id: randomUUID(), created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
      if (typeof o.loadbalancer_id === 'string') o.loadbalancers = [{ id: o.loadbalancer_id }];
      if (collName === 'listeners' && coll.some((l) => l.protocol_port === o.protocol_port && o.protocol_port !== undefined && JSON.stringify(l.loadbalancers) === JSON.stringify(o.loadbalancers))) {
        return { status: 409, body: { error_code: 'ELB.8907', error_msg: 'port already used', request_id: randomUUID() } };
      }
      coll.push(o);
      return { status: 201, body: { [singular]: o } };
    }
    const idx = coll.findIndex((o) => o.id === parts[1]);
    if (parts.length !== 2 || idx < 0) return notFound;
    if (method === 'GET') return { status: 200, body: { [singular]: coll[idx] } };
    if (method === 'PUT') {
      coll[idx] = { ...coll[idx], ...((json?.[singular] as Obj) ?? {}) };
      return { status: 200, body: { [singular]: coll[idx] } };
    }
    if (method === 'DELETE') {
      coll.splice(idx, 1);
      return { status: 204, body: undefined };
    }
    return notFound;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawUrl = req.url ?? '/';
        const { path, query } = splitUrl(`http://x${rawUrl}`);
        const method = (req.method ?? 'GET').toUpperCase();
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        const rec: StubRequestRecord = { method, path, query, status: null, authorization: headers.authorization ?? null, headers };
        log.push(rec);
        const body = Buffer.concat(chunks);
        let fault = matchRule(method, path);
        while (fault?.kind === 'latency') {
          await new Promise((r) => setTimeout(r, fault && fault.kind === 'latency' ? fault.ms : 0));
          fault = matchRule(method, path);
        }
        if (fault?.kind === 'stall') return; // never answer; the socket stays open until close()
        if (fault?.kind === 'drop-before-commit') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'throttle') return apiError(res, rec, 429, 'APIG.0308', 'The throttling threshold has been reached: policy user over ratelimit');
        if (fault?.kind === 'status') {
          const hdrs: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
          return apiError(res, rec, fault.status, fault.errorCode ?? `STUB.${fault.status}`, fault.errorMsg ?? `Injected ${fault.status}`, {
            headers: hdrs,
            ...(fault.classic ? { classic: true } : {}),
            ...(fault.noRequestIdInBody ? { noRequestIdInBody: true } : {}),
          });
        }
        if (fault?.kind === 'body') {
          rec.status = fault.status;
          res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json' });
          res.end(fault.body);
          return;
        }
        if (fault?.kind === 'malformed' && fault.body === 'html') {
          rec.status = 502;
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>');
          return;
        }
        const authProblem = checkAuth(req, rawUrl, body);
        if (authProblem) return apiError(res, rec, 401, 'APIGW.0301', `Incorrect IAM authentication information: ${authProblem}`);
        let json: Obj | null = null;
        if (body.length) {
          try {
            json = JSON.parse(body.toString('utf8')) as Obj;
          } catch {
            return apiError(res, rec, 400, 'ELB.8902', 'body is not JSON');
          }
        }
        const out = handle(method, path, parseQuery(query), json);
        if (fault?.kind === 'drop-after-commit') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'malformed') {
          if (fault.body === 'empty-200') return send(res, rec, 200, '');
          if (fault.body === 'truncated-json') {
            const text = JSON.stringify(out.body ?? {});
            return send(res, rec, out.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          }
          if (fault.body === 'no-id' && out.body && typeof out.body === 'object') {
            const copy = JSON.parse(JSON.stringify(out.body)) as Obj;
            for (const v of Object.values(copy)) if (v && typeof v === 'object' && !Array.isArray(v)) delete (v as Obj).id;
            return send(res, rec, out.status, copy);
          }
        }
        send(res, rec, out.status, out.body);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    ak,
    sk,
    token,
    regions,
    faults: {
      add: (rule) => rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
      clear: () => {
        rules = [];
      },
    },
    requests: () => log.slice(),
    clearRequests: () => {
      log = [];
    },
    reset: () => {
      rules = [];
      log = [];
      seed();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
