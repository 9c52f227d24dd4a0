/**
 * The sandbox HTTP server: request log → fault injection → body → authentication (AK/SK signature or IAM token)
 * → ELB v3 / IAM / VPC routes → reply with `request_id` + `X-Request-Id`. Admin endpoints live under /__sandbox/.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Ctx } from './api-common';
import { listSubnets } from './api-read';
import { ApiError, badRequest, defaultCodeFor, defaultMessageFor, noSuchApi, unauthorized } from './errors';
import { Faults, ruleFromJson } from './faults';
import { IamTokens, listProjects, sameSecret } from './iam';
import { dropIgnored, ignoredFromJson, type IgnoredFields } from './ignore';
import { makeOutside } from './outside';
import { prepareError, prepareJson, readBody, writeReply as write, writeWithFault, type Prepared } from './reply';
import { matchRoute } from './routes';
import { Throttle, throttleFromJson } from './throttle';
import { buildState, type BuildOptions, reseed } from './seed';
import { dumpState, type SandboxState } from './state';
import { loadStateFile, StateSaver } from './state-file';
import {
  DEFAULT_AK,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_ID_2,
  DEFAULT_SK,
  type RegionId,
  type RequestRecord,
  type SandboxHandle,
  type SandboxOptions,
} from './types';
import { verifySignature } from './verify';

const MAX_LOG = 20_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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
  if (opts.stateFile) loadStateFile(state, opts.stateFile);

  const faults = new Faults();
  const throttle = new Throttle(throttleFromJson(opts.throttle ?? null));
  let ignored: IgnoredFields = structuredClone(opts.ignoreFields ?? {});
  let log: RequestRecord[] = [];
  const tokens = new IamTokens();
  const sockets = new Set<Socket>();
  let closed = false;

  const saver = new StateSaver(state, opts.stateFile);
  const scheduleSave = (): void => saver.schedule();

  const outside = makeOutside(state, pendingMs, () => scheduleSave());

  // --- authentication ---
  const authenticate = (req: IncomingMessage, rawUrl: string, body: Buffer, rec: RequestRecord): void => {
    const token = req.headers['x-auth-token'];
    if (!req.headers.authorization && typeof token === 'string' && token.length > 0) {
      if (!tokens.valid(token)) throw unauthorized('the token is invalid or has expired (X-Auth-Token)');
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

  // --- dispatch of one authenticated-or-not API request ---
  const dispatch = (req: IncomingMessage, rawUrl: string, path: string, query: URLSearchParams, body: Buffer, rec: RequestRecord): Prepared => {
    const method = req.method ?? 'GET';
    if (path === '/v3/auth/tokens' || path === '/v3/auth/tokens/') {
      if (method !== 'POST') throw noSuchApi();
      return tokens.issue(parseJson(body), sk, rec.requestId);
    }
    if (path === '/v3/projects' || path === '/v3/projects/') {
      if (method !== 'GET') throw noSuchApi();
      authenticate(req, rawUrl, body, rec);
      return listProjects(state, query, rec.requestId);
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
    writeWithFault(res, prepared, fault, rec);
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
      await saver.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
  return handle;
}
