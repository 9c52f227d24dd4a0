/**
 * The sandbox HTTP server: request log → fault injection → body → authentication (AK/SK signature or IAM token)
 * → ELB v3 / IAM / VPC routes → reply with `request_id` + `X-Request-Id`. Admin endpoints live under /__sandbox/.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Ctx } from './api-common';
import { listSubnets } from './api-read';
import { ApiError, badRequest, defaultCodeFor, defaultMessageFor, noSuchApi, unauthorized } from './errors';
import { Faults, ruleFromJson } from './faults';
import { dropIgnored, ignoredFromJson, type IgnoredFields } from './ignore';
import { makeOutside } from './outside';
import { matchRoute } from './routes';
import { Throttle, throttleFromJson } from './throttle';
import { buildState, type BuildOptions, reseed } from './seed';
import { dumpState, isStateFile, type SandboxState } from './state';
import {
  DEFAULT_AK,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_ID_2,
  DEFAULT_SK,
  type FaultKind,
  type RegionId,
  type RequestRecord,
  type SandboxHandle,
  type SandboxOptions,
} from './types';
import { isObj } from './validate';

import { verifySignature } from './verify';

const MAX_BODY = 1024 * 1024;
const MAX_LOG = 20_000;
const TOKEN_TTL_MS = 24 * 3600_000;

interface Prepared {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

function prepareJson(status: number, obj: Record<string, unknown> | null, requestId: string, extra: Record<string, string> = {}): Prepared {
  const body = obj === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ ...obj, request_id: requestId }), 'utf8');
  return {
    status,
    headers: {
      'Content-Type': 'application/json;charset=UTF-8',
      'X-Request-Id': requestId,
      'Content-Length': String(body.length),
      ...extra,
    },
    body,
  };
}

function prepareError(e: ApiError, requestId: string): Prepared {
  return prepareJson(e.status, { error_code: e.code, error_msg: e.message }, requestId, e.headers);
}

/** Reads the whole body: the bytes, 'too-large' (over 1 MiB) or 'aborted' (the client went away first). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (v: Buffer | 'too-large' | 'aborted'): void => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        settle('too-large');
        return;
      }
      if (!settled) chunks.push(c);
    });
    req.on('end', () => settle(Buffer.concat(chunks)));
    req.on('error', () => settle('aborted'));
    req.on('close', () => settle(req.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

/** Removes `id` from the resource(s) in a reply body (the `no-id` fault). */
function stripIds(obj: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'request_id' || k === 'page_info') continue;
    if (Array.isArray(v)) for (const x of v) if (isObj(x)) delete x.id;
    if (isObj(v)) delete v.id;
  }
}

/** Starts the sandbox on 127.0.0.1 (port 0 = random). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = opts.host ?? '127.0.0.1';
  const ak = opts.ak ?? DEFAULT_AK;
  const sk = opts.sk ?? DEFAULT_SK;
  if (!ak || !sk) throw new Error('sandbox: ak and sk must not be empty');
  const projectId1 = opts.projectId ?? DEFAULT_PROJECT_ID;
  if (!/^[0-9a-f]{32}$/.test(projectId1)) throw new Error('sandbox: projectId must be 32 lowercase hex characters');
  const projectId2 = projectId1 === DEFAULT_PROJECT_ID_2 ? DEFAULT_PROJECT_ID : DEFAULT_PROJECT_ID_2;
  const pendingMs = opts.pendingMs ?? 0;
  const skewMs = opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const extra = opts.listeners ?? 0;
  if (!Number.isInteger(extra) || extra < 0) throw new Error('sandbox: listeners must be a non-negative integer');
  const fleetLbs = opts.loadBalancers ?? 0;
  if (!Number.isInteger(fleetLbs) || fleetLbs < 0) throw new Error('sandbox: loadBalancers must be a non-negative integer');
  const adminToken = opts.adminToken ?? randomBytes(24).toString('base64url');
  const buildOpts: BuildOptions = {
    projectIds: { 'sandbox-1': projectId1, 'sandbox-2': projectId2 },
    seed: opts.seed ?? true,
    extraListeners: extra,
    loadBalancers: fleetLbs,
  };

  const state: SandboxState = buildState(buildOpts);
  if (opts.stateFile && existsSync(opts.stateFile)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(opts.stateFile, 'utf8'));
    } catch (e) {
      throw new Error(`sandbox: state file ${opts.stateFile} is not valid JSON (${(e as Error).message}); move it away to start from the seed`);
    }
    if (!isStateFile(parsed)) throw new Error(`sandbox: ${opts.stateFile} is not a sandbox state file; move it away to start from the seed`);
    try {
      state.region('sandbox-1').load(parsed.regions['sandbox-1']);
      state.region('sandbox-2').load(parsed.regions['sandbox-2']);
    } catch (e) {
      throw new Error(`sandbox: state file ${opts.stateFile} is damaged (${(e as Error).message}); move it away to start from the seed`);
    }
  }

  const faults = new Faults();
  const throttle = new Throttle(throttleFromJson(opts.throttle ?? null));
  let ignored: IgnoredFields = structuredClone(opts.ignoreFields ?? {});
  let log: RequestRecord[] = [];
  const tokens = new Map<string, number>();
  const sockets = new Set<Socket>();
  let closed = false;

  // --- state file ---
  let saveTimer: NodeJS.Timeout | null = null;
  let saving: Promise<void> = Promise.resolve();
  const saveNowSync = (): void => {
    if (!opts.stateFile) return;
    const tmp = `${opts.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(dumpState(state)), { mode: 0o600 });
    renameSync(tmp, opts.stateFile);
  };
  const scheduleSave = (): void => {
    if (!opts.stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      const file = opts.stateFile as string;
      const tmp = `${file}.tmp`;
      const data = JSON.stringify(dumpState(state));
      saving = saving
        .then(() => writeFile(tmp, data, { mode: 0o600 }))
        .then(() => rename(tmp, file))
        .catch((e: unknown) => console.error(`[sandbox] could not save state: ${(e as Error).message}`));
    }, 200);
  };

  const outside = makeOutside(state, pendingMs, () => scheduleSave());

  // --- authentication ---
  const authenticate = (req: IncomingMessage, rawUrl: string, body: Buffer, rec: RequestRecord): void => {
    const token = req.headers['x-auth-token'];
    if (!req.headers.authorization && typeof token === 'string' && token.length > 0) {
      const exp = tokens.get(token);
      if (exp === undefined || exp < Date.now()) throw unauthorized('the token is invalid or has expired (X-Auth-Token)');
      rec.authType = 'token';
      return;
    }
    const v = verifySignature({ method: req.method ?? 'GET', rawUrl, headers: req.headers, body }, { ak, sk }, Date.now(), skewMs);
    if (!v.ok) throw unauthorized(v.reason);
    rec.authType = 'aksk';
  };

  const parseJson = (body: Buffer): unknown => {
    if (body.length === 0) return undefined;
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest('The request body is not valid JSON.');
    }
  };

  // --- IAM ---
  const issueToken = (body: Buffer, requestId: string): Prepared => {
    const b = parseJson(body);
    const password = (b as { auth?: { identity?: { password?: { user?: { password?: unknown; name?: unknown } } } } } | undefined)?.auth
      ?.identity?.password?.user;
    if (!password || typeof password.password !== 'string' || !sameSecret(password.password, sk)) {
      throw unauthorized('the username or password is wrong');
    }
    const tok = `sbx-${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    tokens.set(tok, now + TOKEN_TTL_MS);
    const p = prepareJson(
      201,
      {
        token: {
          methods: ['password'],
          issued_at: new Date(now).toISOString(),
          expires_at: new Date(now + TOKEN_TTL_MS).toISOString(),
          user: { name: typeof password.name === 'string' ? password.name : 'sandbox-user', domain: { name: 'sandbox' } },
          catalog: [],
        },
      },
      requestId,
      { 'X-Subject-Token': tok },
    );
    return p;
  };

  const listProjects = (query: URLSearchParams, requestId: string): Prepared => {
    const names = query.getAll('name');
    const all = (['sandbox-1', 'sandbox-2'] as const).map((r) => ({
      id: state.region(r).projectId,
      name: r,
      domain_id: 'sandboxdomain0000000000000000000',
      description: `ELB sandbox region ${r}`,
      enabled: true,
      is_domain: false,
      parent_id: 'sandboxdomain0000000000000000000',
    }));
    const projects = names.length > 0 ? all.filter((p) => names.includes(p.name)) : all;
    return prepareJson(200, { projects, links: { self: '/v3/projects', next: null, previous: null } }, requestId);
  };

  // --- dispatch of one authenticated-or-not API request ---
  const dispatch = (req: IncomingMessage, rawUrl: string, path: string, query: URLSearchParams, body: Buffer, rec: RequestRecord): Prepared => {
    const method = req.method ?? 'GET';
    if (path === '/v3/auth/tokens' || path === '/v3/auth/tokens/') {
      if (method !== 'POST') throw noSuchApi();
      return issueToken(body, rec.requestId);
    }
    if (path === '/v3/projects' || path === '/v3/projects/') {
      if (method !== 'GET') throw noSuchApi();
      authenticate(req, rawUrl, body, rec);
      return listProjects(query, rec.requestId);
    }
    const vpc = /^\/v1\/([^/]+)\/subnets\/?$/.exec(path);
    if (vpc) {
      if (method !== 'GET') throw noSuchApi();
      authenticate(req, rawUrl, body, rec);
      const ps = state.projects[vpc[1] ?? ''];
      if (!ps) throw new ApiError(403, 'APIGW.0302', `Project ${vpc[1]} is not accessible with these credentials.`);
      return prepareJson(200, listSubnets(ps, query), rec.requestId);
    }
    const m = /^\/v3\/([^/]+?)(\/elb)?(\/.*)$/.exec(path);
    if (!m) throw noSuchApi();
    const route = matchRoute(method, m[3] ?? '', m[2] !== undefined);
    if (!route) throw noSuchApi();
    authenticate(req, rawUrl, body, rec);
    try {
      throttle.take(ak);
    } catch (e) {
      rec.fault = 'throttle-rate';
      throw e;
    }
    const ps = state.projects[m[1] ?? ''];
    if (!ps) throw new ApiError(403, 'APIGW.0302', `Project ${m[1]} is not accessible with these credentials.`);
    const ctx: Ctx = {
      ps,
      now: Date.now(),
      pendingMs,
      query,
      body: method === 'POST' || method === 'PUT' ? parseJson(body) : undefined,
      params: route.params,
    };
    dropIgnored(ignored, method, path, ctx.body);
    const reply = route.handler(ctx);
    if (route.mutating && reply.status < 300) scheduleSave();
    return prepareJson(reply.status, reply.body ?? null, rec.requestId);
  };

  // --- replies, with post-commit faults ---
  const write = (res: ServerResponse, p: Prepared, rec: RequestRecord): void => {
    if (res.destroyed || res.writableEnded || res.socket?.destroyed !== false) {
      rec.status = 0;
      return;
    }
    rec.status = p.status;
    res.writeHead(p.status, p.headers);
    res.end(p.body);
  };

  const applyPostFault = (res: ServerResponse, p: Prepared, fault: FaultKind | null, rec: RequestRecord): void => {
    if (!fault) return write(res, p, rec);
    if (fault.kind === 'drop-after-commit') {
      const socket = res.socket;
      if (!socket) return;
      if (fault.atByte === undefined) {
        rec.status = 0;
        socket.destroy();
        return;
      }
      const head =
        `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? ''}\r\n` +
        Object.entries(p.headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        'Connection: close\r\n\r\n';
      rec.status = p.status;
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), p.body.subarray(0, fault.atByte)]), () => socket.destroy());
      return;
    }
    if (fault.kind === 'malformed') {
      if (fault.body === 'truncated-json') {
        const body = p.body.subarray(0, Math.floor(p.body.length / 2));
        return write(res, { ...p, body, headers: { ...p.headers, 'Content-Length': String(body.length) } }, rec);
      }
      if (fault.body === 'empty-200') {
        return write(res, { status: 200, body: Buffer.alloc(0), headers: { ...p.headers, 'Content-Length': '0' } }, rec);
      }
      if (fault.body === 'no-id' && p.body.length > 0) {
        const obj = JSON.parse(p.body.toString('utf8')) as Record<string, unknown>;
        stripIds(obj);
        const body = Buffer.from(JSON.stringify(obj), 'utf8');
        return write(res, { ...p, body, headers: { ...p.headers, 'Content-Length': String(body.length) } }, rec);
      }
    }
    write(res, p, rec);
  };

  // --- admin ---
  const admin = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const requestId = randomBytes(16).toString('hex');
    const send = (p: Prepared): void => {
      res.writeHead(p.status, p.headers);
      res.end(p.body);
    };
    const tok = req.headers['x-sandbox-admin'];
    if (typeof tok !== 'string' || !sameSecret(tok, adminToken)) {
      send(prepareJson(403, { error_code: 'SANDBOX.0403', error_msg: 'The admin token is missing or wrong (header x-sandbox-admin).' }, requestId));
      return;
    }
    const method = req.method ?? 'GET';
    const got = await readBody(req);
    const body = typeof got === 'string' ? Buffer.alloc(0) : got;
    try {
      const route = `${method} ${path.replace(/\/$/, '')}`;
      switch (route) {
        case 'POST /__sandbox/faults': {
          faults.add(ruleFromJson(parseJson(body)));
          send(prepareJson(201, { pending: faults.pending() }, requestId));
          return;
        }
        case 'DELETE /__sandbox/faults':
          faults.clear();
          send(prepareJson(204, null, requestId));
          return;
        case 'PUT /__sandbox/ignore-fields':
          ignored = ignoredFromJson(parseJson(body));
          send(prepareJson(200, { ignoreFields: ignored }, requestId));
          return;
        case 'PUT /__sandbox/throttle':
          throttle.set(throttleFromJson(parseJson(body) ?? null));
          send(prepareJson(200, { throttle: throttle.get() }, requestId));
          return;
        case 'GET /__sandbox/throttle':
          send(prepareJson(200, { throttle: throttle.get(), refused: throttle.refused }, requestId));
          return;
        case 'POST /__sandbox/reset':
          handle.reset();
          send(prepareJson(200, { reset: true }, requestId));
          return;
        case 'GET /__sandbox/state':
          send(prepareJson(200, { projects: { 'sandbox-1': projectId1, 'sandbox-2': projectId2 }, state: dumpState(state) }, requestId));
          return;
        case 'GET /__sandbox/requests':
          send(prepareJson(200, { requests: log }, requestId));
          return;
        case 'DELETE /__sandbox/requests':
          log = [];
          send(prepareJson(204, null, requestId));
          return;
        default: {
          const out = /^(PUT|DELETE) \/__sandbox\/outside\/(listeners|pools)\/([^/]+)$/.exec(route);
          if (out) {
            const [, verb, kind, rawId] = out;
            const id = decodeURIComponent(rawId ?? '');
            const one = kind === 'listeners' ? 'listener' : 'pool';
            if (verb === 'DELETE') {
              if (one === 'listener') outside.deleteListener(id);
              else outside.deletePool(id);
              send(prepareJson(204, null, requestId));
            } else {
              const patch = parseJson(body) as Record<string, unknown>;
              send(prepareJson(200, { [one]: one === 'listener' ? outside.updateListener(id, patch) : outside.updatePool(id, patch) }, requestId));
            }
            return;
          }
          send(prepareJson(404, { error_code: 'SANDBOX.0404', error_msg: `No admin endpoint ${route}.` }, requestId));
        }
      }
    } catch (e) {
      send(prepareError(e instanceof ApiError ? e : badRequest((e as Error).message), requestId));
    }
  };

  // --- one request ---
  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi === -1 ? rawUrl : rawUrl.slice(0, qi);
    const rawQuery = qi === -1 ? '' : rawUrl.slice(qi + 1);
    if (path.startsWith('/__sandbox/')) return admin(req, res, path);

    const method = req.method ?? 'GET';
    const authz = req.headers.authorization;
    const sdkDate = req.headers['x-sdk-date'];
    const rec: RequestRecord = {
      method,
      path,
      query: rawQuery,
      status: 0,
      at: started,
      authorization: typeof authz === 'string' ? authz : null,
      authType: 'none',
      sdkDate: typeof sdkDate === 'string' ? sdkDate : null,
      requestId: randomBytes(16).toString('hex'),
      fault: null,
    };
    log.push(rec);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
    const done = (): void => {
      if (opts.logRequests) {
        console.log(`[sandbox] ${method} ${path}${rawQuery ? `?${rawQuery}` : ''} -> ${rec.status || 'dropped'} (${Date.now() - started} ms)${rec.fault ? ` [fault ${rec.fault}]` : ''}`);
      }
    };

    const fault = faults.take(method, path);
    if (fault) rec.fault = fault.kind === 'malformed' ? `malformed:${fault.body}` : fault.kind;
    switch (fault?.kind) {
      case 'drop-before-commit':
        req.socket.destroy();
        return done();
      case 'stall':
        return done();
      case 'latency':
        // handled below, after the body is read: a slow backend still commits if the client gives up
        break;
      case 'status': {
        const e = new ApiError(fault.status, fault.errorCode ?? defaultCodeFor(fault.status), fault.errorMsg ?? defaultMessageFor(fault.status));
        const extra: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
        write(res, prepareJson(e.status, { error_code: e.code, error_msg: e.message }, rec.requestId, extra), rec);
        return done();
      }
      case 'throttle':
        write(res, prepareJson(429, { error_code: 'APIG.0308', error_msg: defaultMessageFor(429) }, rec.requestId, { 'Retry-After': '1' }), rec);
        return done();
      case 'malformed':
        if (fault.body === 'html') {
          const html = Buffer.from(
            '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          );
          write(res, { status: 502, headers: { 'Content-Type': 'text/html', 'Content-Length': String(html.length) }, body: html }, rec);
          return done();
        }
        break;
      default:
        break;
    }

    const body = await readBody(req);
    if (body === 'aborted') return done();
    if (body === 'too-large') {
      write(res, prepareJson(413, { error_code: 'APIGW.0201', error_msg: 'Request entity too large (limit 1 MiB).' }, rec.requestId, { Connection: 'close' }), rec);
      return done();
    }
    if (fault?.kind === 'latency') {
      await sleep(fault.ms);
      if (closed) return done();
    }
    let prepared: Prepared;
    try {
      prepared = dispatch(req, rawUrl, path, new URLSearchParams(rawQuery), body, rec);
    } catch (e) {
      if (e instanceof ApiError) prepared = prepareError(e, rec.requestId);
      else {
        console.error(`[sandbox] internal error on ${method} ${path}: ${(e as Error).stack ?? String(e)}`);
        prepared = prepareError(new ApiError(500, 'ELB.8906', 'Internal error in the sandbox.'), rec.requestId);
      }
    }
    applyPostFault(res, prepared, fault, rec);
    done();
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      console.error(`[sandbox] ${(e as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const handle: SandboxHandle = {
    url,
    ak,
    sk,
    regions: [
      { id: 'sandbox-1' as RegionId, projectId: projectId1 },
      { id: 'sandbox-2' as RegionId, projectId: projectId2 },
    ],
    adminToken,
    faults,
    ignoreFields: (spec) => {
      ignored = ignoredFromJson(spec);
    },
    outside,
    throttle: (spec) => {
      throttle.set(throttleFromJson(spec));
    },
    throttleRefused: () => throttle.refused,
    requests: () => [...log],
    clearRequests: () => {
      log = [];
    },
    state: () => state,
    reset: () => {
      reseed(state, buildOpts);
      faults.clear();
      ignored = structuredClone(opts.ignoreFields ?? {});
      throttle.set(throttleFromJson(opts.throttle ?? null));
      tokens.clear();
      log = [];
      scheduleSave();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
      }
      await saving;
      if (opts.stateFile) saveNowSync();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return handle;
}
