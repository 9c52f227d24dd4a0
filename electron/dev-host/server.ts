/**
 * Browser mode: the same core as the Electron shell, hosted on 127.0.0.1 for Debian's Chromium (and for e2e tests).
 * Serves the built renderer, `POST /ipc/<channel>` to the core's dispatcher, and `GET /events` (server-sent events)
 * for main→renderer pushes. Every request needs our own Host (and Origin, when sent).
 *
 * Token rules: static files carry no secret and are served without the token. `/ipc/*` takes the per-run token only
 * from the `x-elb-desk-token` header — never from a cookie (cookies are not bound to a port, so any other local web
 * server on 127.0.0.1 would receive it) nor from the query. `/events` takes a single-use ticket, valid for
 * TICKET_TTL_MS, obtained with `POST /events/ticket` (header token): EventSource cannot send headers. The `?token=`
 * of the printed URL is read by the page itself on its first load and removed from the address bar at once.
 *
 * The document request of that URL (`/?token=<valid>`) is the one request that has a token in its query: its answer is
 * the built page with a preload link for the first screen's data (shared/ipc/boot-preload.ts): `GET /boot?ticket=`,
 * a single-use ticket valid for TICKET_TTL_MS, answers `app:boot` (the same answer a call would get with the header
 * token), so the first listing needs no call of its own, gzipped for a client that takes it (boot-gzip.ts). With the
 * first paint built (first-paint.ts), that page also gets its inline script (allowed by hash in the page's CSP) and a
 * ticket for `GET /first-paint`: the first screen rendered by the host for the page's route, language, theme, account
 * + region and window (shared/ipc/first-paint.ts). The token itself is never in the page. Any other request for the
 * page gets the file as built.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { BOOT_PATH, bootJson, bootPreloadLink } from '../../shared/ipc/boot-preload';
import { err, type Result } from '../../shared/ipc/result';
import type { Sender } from '../core/ports';
import { acceptsGzip, LastGzip } from './boot-gzip';
import { FIRST_PAINT_PATH, readFirstPaintQuery } from '../../shared/ipc/first-paint';
import { cspWithFirstPaint, withFirstPaintScript, type FirstPaint } from './first-paint';

export const TOKEN_HEADER = 'x-elb-desk-token';
/** How long an event-stream ticket stays valid, and how many may be outstanding at once. */
export const TICKET_TTL_MS = 30_000;
export const MAX_OPEN_TICKETS = 64;
/** The one line shown when the page has no valid token (a new tab, or a reload after the session ended). */
export const NO_TOKEN_MESSAGE = 'This page has no valid access token: open the URL printed by `npm run start:web` again.';
/** The CSP of every page response (the same policy as the Electron shell's app:// protocol). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const MAX_BODY = 2 * 1024 * 1024 + 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** What the host needs from the core. */
export interface HostedCore {
  dispatch(channel: string, raw: unknown, sender: Sender): Promise<Result<unknown>>;
}

/** Fan-out of core events to every open SSE stream. */
export class SseHub {
  private clients = new Set<http.ServerResponse>();
  add(res: http.ServerResponse): void {
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const data = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const res of this.clients) {
      if (!res.destroyed) res.write(data);
    }
  }
  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

export interface WebHostOptions {
  port?: number;
  token?: string;
  rendererDir: string;
  core: HostedCore;
  hub: SseHub;
  /** The clock of ticket expiry (tests move it). */
  now?: () => number;
  /** The first paint (first-paint.ts); without it the page of the printed URL asks for none. */
  firstPaint?: FirstPaint | null;
}

export interface WebHost {
  url: string;
  /** The URL to open, with the token. */
  openUrl: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** Resolves a request path inside the renderer folder, or null for anything that escapes it. */
export function resolveStaticPath(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((seg) => seg === '..')) return null;
  const full = path.resolve(rootDir, rel);
  const root = path.resolve(rootDir);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

/**
 * `resolveStaticPath`, then the real path (symbolic links resolved) checked against the real root again: a link
 * inside the renderer folder that points outside it is never followed. Null for anything outside or missing.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<string | null> {
  const full = resolveStaticPath(rootDir, urlPath);
  if (!full) return null;
  try {
    const [realRoot, realFull] = await Promise.all([realpath(rootDir), realpath(full)]);
    return realFull === realRoot || realFull.startsWith(realRoot + path.sep) ? realFull : null;
  } catch {
    return null;
  }
}

/** The app's page: `/` or `/index.html`. */
function isPageRequest(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html';
}

/** Single-use, short-lived tickets for the event stream. */
export class TicketBook {
  private open = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  issue(): string {
    const t = this.now();
    for (const [k, exp] of this.open) if (exp <= t) this.open.delete(k);
    while (this.open.size >= MAX_OPEN_TICKETS) this.open.delete(this.open.keys().next().value!);
    const ticket = randomBytes(24).toString('base64url');
    this.open.set(ticket, t + TICKET_TTL_MS);
    return ticket;
  }
  /** True once per issued ticket, and only before it expires. */
  redeem(ticket: string | null): boolean {
    if (!ticket) return false;
    const exp = this.open.get(ticket);
    if (exp === undefined) return false;
    this.open.delete(ticket);
    return exp > this.now();
  }
}

function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendResult(res: http.ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the browser-mode host on 127.0.0.1. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tickets = new TicketBook(opts.now ?? Date.now);
  /** Tickets for the boot answer, one per page of the printed URL (shared/ipc/boot-preload.ts). */
  const bootTickets = new TicketBook(opts.now ?? Date.now);
  /** Tickets for the first paint, one per page of the printed URL (shared/ipc/first-paint.ts). */
  const paintTickets = new TicketBook(opts.now ?? Date.now);
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!allowedHosts.has(host)) return send(res, 421, 'Unknown Host header.');
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && reqOrigin !== origin && reqOrigin !== origin.replace('127.0.0.1', 'localhost')) {
      return send(res, 403, 'Foreign Origin refused.');
    }
    const url = new URL(req.url ?? '/', origin);
    const headerToken = req.headers[TOKEN_HEADER];

    if (url.pathname === '/events/ticket') {
      if (req.method !== 'POST') return send(res, 405, 'POST only.');
      if (!tokenMatches(token, typeof headerToken === 'string' ? headerToken : null)) return sendResult(res, 401, err('UNTRUSTED_SENDER', NO_TOKEN_MESSAGE));
      return sendResult(res, 200, { ok: true, value: { ticket: tickets.issue() } });
    }

    if (url.pathname.startsWith('/ipc/')) {
      if (!tokenMatches(token, typeof headerToken === 'string' ? headerToken : null)) return sendResult(res, 401, err('UNTRUSTED_SENDER', NO_TOKEN_MESSAGE));
      if (req.method !== 'POST') return send(res, 405, 'POST only.');
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/json')) return sendResult(res, 415, err('VALIDATION', 'Requests must be application/json.'));
      const text = await readBody(req);
      if (text === null) return sendResult(res, 413, err('VALIDATION', 'The request is too large.'));
      let raw: unknown;
      try {
        raw = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        return sendResult(res, 400, err('VALIDATION', 'The request is not valid JSON.'));
      }
      const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      const result = await opts.core.dispatch(channel, raw, { origin, isMainFrame: true });
      return sendResult(res, 200, result);
    }

    if (url.pathname === BOOT_PATH) {
      if (req.method !== 'GET') return send(res, 405, 'GET only.');
      if (!bootTickets.redeem(url.searchParams.get('ticket'))) return send(res, 401, NO_TOKEN_MESSAGE);
      const boot = await opts.core.dispatch('app:boot', { selection: { accountId: null, region: null } }, { origin, isMainFrame: true });
      // A failed boot is the renderer's to ask again (with the header token), as if nothing had been preloaded.
      if (!boot.ok) return sendResult(res, 503, boot);
      const text = bootJson(boot.value, bootInventories);
      if (!acceptsGzip(req.headers['accept-encoding'])) return send(res, 200, text, 'application/json; charset=utf-8');
      const bytes = await bootGzip.bytesOf(text);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-encoding': 'gzip',
        'content-length': String(bytes.length),
        vary: 'accept-encoding',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(bytes);
    }

    if (url.pathname === FIRST_PAINT_PATH) {
      if (req.method !== 'GET') return send(res, 405, 'GET only.');
      if (!paintTickets.redeem(url.searchParams.get('ticket'))) return send(res, 401, NO_TOKEN_MESSAGE);
      const params = readFirstPaintQuery(url.searchParams);
      if (!params.ok) return send(res, 400, params.message);
      const { accountId, region } = params.value;
      const boot = opts.firstPaint ? await opts.core.dispatch('app:boot', { selection: { accountId, region } }, { origin, isMainFrame: true }) : null;
      // Nothing to paint (no renderer, no answer, a route that is no listing, a failed render): the app mounts as usual.
      const html = boot?.ok ? await opts.firstPaint!.render(params.value, boot.value).catch(() => null) : null;
      if (html === null) {
        res.writeHead(204, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        return void res.end();
      }
      return send(res, 200, html, 'text/html; charset=utf-8');
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') return send(res, 405, 'GET only.');
      if (!tickets.redeem(url.searchParams.get('ticket'))) return send(res, 401, NO_TOKEN_MESSAGE);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      opts.hub.add(res);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    const file = await resolveStaticFile(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    let info;
    try {
      info = await stat(file);
    } catch {
      return send(res, 404, 'Not found.');
    }
    if (!info.isFile()) return send(res, 404, 'Not found.');
    const headers: Record<string, string> = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CSP,
      'x-frame-options': 'DENY',
    };
    if (req.method === 'GET' && isPageRequest(url.pathname) && tokenMatches(token, url.searchParams.get('token'))) return sendPageWithBoot(res, file, headers);
    res.writeHead(200, { ...headers, 'content-length': String(info.size) });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  /** The JSON of each inventory sent with a boot answer so far, per (cached, unchanged) inventory object. */
  const bootInventories = new WeakMap<object, string>();
  /** The last boot answer sent, compressed (boot-gzip.ts). */
  const bootGzip = new LastGzip();

  /**
   * The page with a preload of the `app:boot` answer (a single-use ticket) in its head, before the first script: the
   * browser asks for the data first, so it does not wait for a free connection behind the scripts (HTTP/1.1 gives a
   * host six; the first screen has seven requests). A/B of 60 alternated cold starts: first row −3 to −4 ms.
   */
  async function sendPageWithBoot(res: http.ServerResponse, file: string, headers: Record<string, string>): Promise<void> {
    const html = await readFile(file, 'utf8');
    const end = html.indexOf('</head>');
    const script = html.indexOf('<script');
    const at = script >= 0 && script < end ? script : end;
    const paint = opts.firstPaint;
    res.writeHead(200, paint ? { ...headers, 'content-security-policy': cspWithFirstPaint(CSP, paint.scriptHash) } : headers);
    if (at < 0) return void res.end(html);
    const page = `${html.slice(0, at)}${bootPreloadLink(bootTickets.issue())}\n${html.slice(at)}`;
    res.end(paint ? withFirstPaintScript(page, paint, paintTickets.issue()) : page);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/`,
    openUrl: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      opts.hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
