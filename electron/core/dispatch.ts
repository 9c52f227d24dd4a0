/**
 * The one door into the core: sender check → strict schema → handler → Result. Both hosts (Electron ipcMain and the
 * browser-mode HTTP host) call `dispatch`, so both validate identically. Nothing escapes as an exception.
 */
import type { z } from 'zod';
import { contract, isChannel, type Channel, type Contract, type Res } from '../../shared/ipc/contract';
import { AppFailure, err, ok, type AppError, type FieldIssue, type Result } from '../../shared/ipc/result';
import type { Logger, Sender } from './ports';

/** A handler per channel, receiving the parsed (trusted) request. */
export type Handlers = { [C in Channel]: (req: z.output<Contract[C]['req']>) => Promise<Res<C>> };

/** The largest payload accepted from the renderer, serialized (drafts are a few KB; imports up to 1 MB). */
export const MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface DispatchOptions {
  trustedOrigins: readonly string[];
  logger: Logger;
  /** Removes secrets from error text (the log redactor): every error reply passes through it. */
  redact?: (text: string) => string;
  /** Parse responses too (dev and tests) to catch drift between handlers and the contract. */
  checkResponses?: boolean;
}

export type Dispatch = (channel: string, raw: unknown, sender: Sender) => Promise<Result<unknown>>;

/** True when the call comes from the app's own main frame. */
export function isTrustedSender(sender: Sender | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!sender || sender.isMainFrame !== true || typeof sender.origin !== 'string') return false;
  return trustedOrigins.includes(sender.origin);
}

/**
 * Finds a reason to refuse a payload before schema parsing: prototype keys, depth, size. One walk over the payload
 * settles the usual case (plain data, far below the size limit: its serialized size is bounded from above without
 * serializing it); anything else — a problem found, or a size the bound cannot clear — takes the exact check.
 */
export function payloadProblem(raw: unknown): string | null {
  let bound: number;
  try {
    bound = plainSizeBound(raw, 0);
  } catch {
    bound = -1; // (a getter that throws: the exact check says what it says of that)
  }
  return bound >= 0 && bound <= MAX_PAYLOAD_BYTES ? null : exactPayloadProblem(raw);
}

/**
 * An upper bound of `JSON.stringify(v)`'s length (each character of a string may take 6, a number at most 25), or
 * -1 when the walk finds anything the exact check has to judge: a non-plain object, a forbidden key, too deep a
 * nesting (a cycle too), a `toJSON`, a bigint.
 */
function plainSizeBound(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return 2 + 6 * v.length;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'bigint':
      return -1;
    case 'object':
      break;
    default:
      return 4; // undefined, functions and symbols: omitted, or "null" in an array
  }
  if (v === null) return 4;
  if (depth > MAX_DEPTH) return -1;
  let n = 2;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return -1;
    for (const key of Object.keys(v)) {
      // (an array's own keys are its indexes, unless someone added others)
      if (FORBIDDEN_KEYS.has(key) || key === 'toJSON') return -1;
      const m = plainSizeBound((v as unknown as Record<string, unknown>)[key], depth + 1);
      if (m < 0) return -1;
      n += m + 1;
    }
    return n;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return -1;
  for (const key of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(key) || key === 'toJSON') return -1;
    const m = plainSizeBound((v as Record<string, unknown>)[key], depth + 1);
    if (m < 0) return -1;
    n += 4 + 6 * key.length + m;
  }
  return n;
}

/** The exact check (see `payloadProblem`): serialize for the size, then walk. */
export function exactPayloadProblem(raw: unknown): string | null {
  let size: number;
  try {
    size = JSON.stringify(raw ?? null)?.length ?? 0;
  } catch {
    return 'The request is not plain data.';
  }
  if (size > MAX_PAYLOAD_BYTES) return `The request is too large (${size} bytes; at most ${MAX_PAYLOAD_BYTES}).`;
  const stack: Array<[unknown, number]> = [[raw, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return `The request is nested too deeply (more than ${MAX_DEPTH} levels).`;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return 'The request is not plain data.';
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `The request contains a forbidden key "${key}".`;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}

/** Turns zod issues into field issues with dotted paths. */
export function zodFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 50).map((i) => ({
    path: i.path.map(String).join('.') || '(request)',
    code: `schema.${i.code}`,
    message: i.message,
  }));
}

/** The error with every string (message, field messages, cloud details) passed through `redact`. */
export function redactAppError(e: AppError, redact: (text: string) => string): AppError {
  const r = (v: string | null): string | null => (v === null ? null : redact(v));
  const out: AppError = { code: e.code, message: redact(e.message) };
  if (e.fields) out.fields = e.fields.map((f) => ({ path: redact(f.path), code: redact(f.code), message: redact(f.message) }));
  if (e.cloud) out.cloud = { httpStatus: e.cloud.httpStatus, errorCode: r(e.cloud.errorCode), requestId: r(e.cloud.requestId), hint: r(e.cloud.hint) };
  return out;
}

/** Builds the dispatcher over a full set of handlers. */
export function createDispatcher(handlers: Handlers, opts: DispatchOptions): Dispatch {
  return async (channel, raw, sender) => {
    if (!isTrustedSender(sender, opts.trustedOrigins)) {
      opts.logger.log('warn', '[ipc]', `refused call to ${String(channel).slice(0, 64)} from an untrusted sender`, {
        origin: String(sender?.origin ?? '').slice(0, 200),
        isMainFrame: sender?.isMainFrame === true,
      });
      return err('UNTRUSTED_SENDER', 'This call did not come from the ELB Desk window and was refused.');
    }
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return err('VALIDATION', `Unknown channel "${String(channel).slice(0, 64)}".`);
    }
    const problem = payloadProblem(raw);
    if (problem) return err('VALIDATION', problem, { fields: [{ path: '(request)', code: 'schema.payload', message: problem }] });
    const schema = contract[channel].req as z.ZodType;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fields = zodFieldIssues(parsed.error);
      return err('VALIDATION', `Invalid request for ${channel}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`.slice(0, 2000), {
        fields,
      });
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      if (opts.checkResponses) {
        const check = (contract[channel].res as z.ZodType).safeParse(value);
        if (!check.success) {
          opts.logger.log('error', `[${channel.split(':')[0]}]`, `response of ${channel} does not match the contract`, {
            issues: zodFieldIssues(check.error),
          });
          return err('INTERNAL', `The response of ${channel} does not match the contract.`);
        }
      }
      return ok(value);
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: opts.redact ? redactAppError(e.appError, opts.redact) : e.appError };
      opts.logger.log('error', `[${channel.split(':')[0]}]`, `unexpected failure in ${channel}`, {
        error: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e),
      });
      return err('INTERNAL', `Something went wrong in ${channel}. Details are in the log.`);
    }
  };
}
