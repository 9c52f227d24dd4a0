/**
 * The sandbox's replies: a prepared reply (status, headers, bytes) with `request_id` in the body and `X-Request-Id` in
 * the headers, the request body reader, and writing a reply — or breaking it the way a post-commit fault asks (the
 * connection dropped after the cloud acted, a truncated or empty body, a resource without its ID).
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { ApiError } from './errors';
import type { FaultKind, RequestRecord } from './types';
import { isObj } from './validate';

/** Request bodies over this many bytes are refused (413). */
export const MAX_BODY = 1024 * 1024;

/** A reply ready to write. */
export interface Prepared {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A JSON reply (`obj` gets `request_id`; null = no body). */
export function prepareJson(status: number, obj: Record<string, unknown> | null, requestId: string, extra: Record<string, string> = {}): Prepared {
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

/** The cloud's error body for `e` (`error_code`, `error_msg`), with its headers (e.g. Retry-After). */
export function prepareError(e: ApiError, requestId: string): Prepared {
  return prepareJson(e.status, { error_code: e.code, error_msg: e.message }, requestId, e.headers);
}

/** Reads the whole body: the bytes, 'too-large' (over MAX_BODY) or 'aborted' (the client went away first). */
export function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
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
export function stripIds(obj: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'request_id' || k === 'page_info') continue;
    if (Array.isArray(v)) for (const x of v) if (isObj(x)) delete x.id;
    if (isObj(v)) delete v.id;
  }
}

/** Writes `p` (and its status into the log record); a connection already gone is logged as status 0. */
export function writeReply(res: ServerResponse, p: Prepared, rec: RequestRecord): void {
  if (res.destroyed || res.writableEnded || res.socket?.destroyed !== false) {
    rec.status = 0;
    return;
  }
  rec.status = p.status;
  res.writeHead(p.status, p.headers);
  res.end(p.body);
}

/** Writes `p`, broken the way a post-commit `fault` asks (the request was already carried out). */
export function writeWithFault(res: ServerResponse, p: Prepared, fault: FaultKind | null, rec: RequestRecord): void {
  if (!fault) return writeReply(res, p, rec);
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
      return writeReply(res, { ...p, body, headers: { ...p.headers, 'Content-Length': String(body.length) } }, rec);
    }
    if (fault.body === 'empty-200') {
      return writeReply(res, { status: 200, body: Buffer.alloc(0), headers: { ...p.headers, 'Content-Length': '0' } }, rec);
    }
    if (fault.body === 'no-id' && p.body.length > 0) {
      const obj = JSON.parse(p.body.toString('utf8')) as Record<string, unknown>;
      stripIds(obj);
      const body = Buffer.from(JSON.stringify(obj), 'utf8');
      return writeReply(res, { ...p, body, headers: { ...p.headers, 'Content-Length': String(body.length) } }, rec);
    }
  }
  writeReply(res, p, rec);
}
