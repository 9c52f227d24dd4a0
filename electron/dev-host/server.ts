/**
 * Browser mode: the same core as the Electron shell, hosted on 127.0.0.1 for Debian's Chromium (and for e2e tests).
 * Serves the built renderer, `POST /ipc/<channel>` to the core's dispatcher, and `GET /events` (server-sent events)
 * for main→renderer pushes. Every request needs the per-run token (cookie or header) and our own Host/Origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { err, type Result } from '../../shared/ipc/result';
import type { Sender } from '../core/ports';

export const TOKEN_COOKIE = 'elb_desk_token';
export const TOKEN_HEADER = 'x-elb-desk-token';
/** The CSP of every page response (the same policy as the Electron shell's app:// protocol). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
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

function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return null;
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
    const queryToken = url.searchParams.get('token');
    const candidates = [req.headers[TOKEN_HEADER] as string | undefined, cookieToken(req), queryToken];
    if (!candidates.some((given) => tokenMatches(token, given))) return send(res, 401, 'ELB Desk: open the URL printed by `npm run start:web` (it carries the access token).');

    if (url.pathname.startsWith('/ipc/')) {
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

    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      opts.hub.add(res);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    const file = resolveStaticPath(opts.rendererDir, url.pathname);
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
      'content-length': String(info.size),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CSP,
      'x-frame-options': 'DENY',
    };
    if (queryToken) headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
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
