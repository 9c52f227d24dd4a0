/**
 * The request engine of the ELB client (client.ts) and the IAM project lookup: signed requests (AK/SK or token), a
 * deadline per attempt, bounded retries of transient failures only, error bodies parsed and redacted. Every failure
 * is a thrown CloudError.
 *
 * Retry policy (reliability.md §3):
 * - 429 (APIG.0308/APIGW.0308): retried for every method (the gateway refused before the backend saw it), waiting at
 *   least `throttleMinDelayMs` or `Retry-After`, whichever is larger, plus jitter.
 * - 502/503/504 and 500 ELB.8906, timeouts and dropped connections: retried only for idempotent calls
 *   (GET/PUT/DELETE), exponential backoff with full jitter. For a POST they throw at once with `ambiguous: true`
 *   (the resource may exist; the caller reconciles by listing before sending again).
 * - DNS failures, refused or unreachable hosts (nothing was sent): retried for idempotent calls; a POST throws
 *   `kind: 'network'`, `ambiguous: false`.
 * - Everything else (400/401/403/404/409, malformed replies, TLS failures): exactly one request.
 * Every attempt asks for the credentials again and is signed afresh (new X-Sdk-Date).
 */
import { appMessage } from '../../../shared/mapping/app-messages';
import type { Logger } from '../ports';
import { REDACTED } from '../log/redact';
import { CLOCK_SKEW_HINT, CloudError, redactCloudError, type CloudErrorKind } from './errors';
import { HttpTransport, TransportError, type HttpResponse } from './http';
import { signRequest, type SigningCredentials } from './signer';
import type { ThrottleGate } from './throttle-gate';

/** Credentials for one attempt; null when the account has none (then no request is sent). */
export type CredentialsProvider = () => Promise<SigningCredentials | null>;

/** Retry tuning. */
export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  maxAttempts?: number;
  /** Base of the exponential backoff (default 500 ms). */
  baseDelayMs?: number;
  /** Cap of one backoff step (default 8 000 ms). */
  maxDelayMs?: number;
  /** Least wait after a 429 (default 2 000 ms). */
  throttleMinDelayMs?: number;
  /** A Retry-After longer than this gives up instead of waiting (default 60 000 ms). */
  maxRetryAfterMs?: number;
}

/** Options shared by the ELB client and the IAM project lookup. */
export interface TransportClientOptions {
  credentials: CredentialsProvider;
  authType?: 'aksk' | 'token';
  /** IAM token provider for `authType: 'token'`. */
  token?: () => Promise<string>;
  /** Per-account proxy; else HTTPS_PROXY/https_proxy (HTTP_PROXY for http endpoints) unless NO_PROXY matches. */
  proxy?: string | null;
  /** Extra CA (PEM) added to the default trust store. */
  caCert?: string | null;
  /** Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Total per attempt, default 30 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
  /** Removes secrets from reply-derived text (the log redactor): applied to every CloudError thrown. */
  redact?: (text: string) => string;
  /** Environment for proxy variables (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * The account's shared 429 limiter (throttle-gate.ts): every attempt waits on it, and a throttled reply pauses it
   * for the wait this client takes anyway, so all the account's requests back off together. Absent = no sharing.
   */
  gate?: ThrottleGate;
}



const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const THROTTLE_CODES = /^(APIG|APIGW)\.0308$/;
const TRANSIENT_500_CODES = new Set(['ELB.8906']);
const SKEW_TEXT = /expired|skew|x-sdk-date|clock|time\s*(stamp|difference|diff)|timestamp|out of (sync|range)/i;
const TOKEN_EXPIRED = /token[^.]*expired|expired[^.]*token/i;
const FIFTEEN_MIN = 15 * 60_000;

interface ErrorBody {
  errorCode: string | null;
  errorMsg: string | null;
  requestId: string | null;
  /** The body parsed as JSON (null when it did not). */
  parsed: boolean;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

/** Reads `{error_code,error_msg,request_id}` or `{error:{code,message}}`; request ID also from X-Request-Id. */
export function parseErrorBody(body: string, headers: Record<string, string>): ErrorBody {
  const headerId = headers['x-request-id'] ?? null;
  let json: unknown;
  try {
    json = body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (!isRecord(json)) return { errorCode: null, errorMsg: null, requestId: headerId, parsed: json !== undefined };
  const nested = isRecord(json.error) ? json.error : null;
  return {
    errorCode: str(json.error_code) ?? str(nested?.code) ?? str(nested?.error_code) ?? null,
    errorMsg: str(json.error_msg) ?? str(nested?.message) ?? str(nested?.error_msg) ?? str(json.message) ?? null,
    requestId: str(json.request_id) ?? headerId,
    parsed: true,
  };
}

function parseRetryAfter(v: string | undefined, now: Date): number | null {
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now.getTime());
}

function hintFor(status: number, errorCode: string | null): string | null {
  if (status === 401) return appMessage('hintKeysRejected');
  if (status === 403) return appMessage('hintForbidden');
  if (status === 404 && errorCode?.startsWith('APIGW')) return appMessage('hintEndpoint');
  if (status === 429) return appMessage('hintThrottled');
  if (status >= 500) return appMessage('hintServer');
  return null;
}

function describe(status: number, body: ErrorBody): string {
  const httpStatus = status;
  // An error code is one word (the message's pattern reads it as one); anything else stays in the cloud's message.
  const errorCode = body.errorCode && /^\S+$/.test(body.errorCode) ? body.errorCode : null;
  const cloudMessage = [body.errorCode && !errorCode ? body.errorCode : null, body.errorMsg].filter(Boolean).join(': ');
  if (errorCode) return cloudMessage ? appMessage('cloudRefusedCodeSaid', { httpStatus, errorCode, cloudMessage }) : appMessage('cloudRefusedCode', { httpStatus, errorCode });
  return cloudMessage ? appMessage('cloudRefusedSaid', { httpStatus, cloudMessage }) : appMessage('cloudRefused', { httpStatus });
}

/** Whether a reply looks like an HTML page or other non-JSON text. */
function looksNonJson(body: string, headers: Record<string, string>): boolean {
  const ct = headers['content-type'] ?? '';
  if (/html/i.test(ct) || /^\s*</.test(body)) return true;
  return false;
}

// ------------------------------------------------------------------ the request engine

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Full URL. */
  url: string;
  /** For logs: the path without query. */
  logPath: string;
  body?: unknown;
  /** Extra headers (e.g. X-Project-Id). */
  headers?: Record<string, string>;
  /** Validates a 2xx JSON body; throw a string to report it malformed. Absent = body ignored. */
  parse?: (json: unknown) => T;
  signal?: AbortSignal;
  /** Told the request ID of the successful reply (see CallOptions). */
  onRequestId?: (requestId: string | null) => void;
}

type Resolved = Required<Omit<RetryOptions, never>>;

/** Sends requests with signing, deadlines and the retry policy. Shared by the ELB client and the IAM lookup. */
export class CloudRequester {
  private readonly transport: HttpTransport;
  private readonly retry: Resolved;
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: TransportClientOptions) {
    this.transport = new HttpTransport({
      proxy: opts.proxy ?? null,
      caCert: opts.caCert ?? null,
      connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
      timeoutMs: opts.timeoutMs ?? 30_000,
      ...(opts.env ? { env: opts.env } : {}),
    });
    this.retry = {
      maxAttempts: Math.max(1, opts.retry?.maxAttempts ?? 4),
      baseDelayMs: opts.retry?.baseDelayMs ?? 500,
      maxDelayMs: opts.retry?.maxDelayMs ?? 8_000,
      throttleMinDelayMs: opts.retry?.throttleMinDelayMs ?? 2_000,
      maxRetryAfterMs: opts.retry?.maxRetryAfterMs ?? 60_000,
    };
    this.clock = opts.clock ?? (() => new Date());
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * cap);
  }

  private async headersFor(method: string, url: string, bodyText: string | null, extra: Record<string, string>): Promise<Record<string, string>> {
    const base: Record<string, string> = { 'Content-Type': 'application/json', ...extra };
    if (this.opts.authType === 'token') {
      let token: string | null = null;
      try {
        token = this.opts.token ? await this.opts.token() : null;
      } catch (e) {
        throw new CloudError('The IAM token could not be obtained.', { kind: 'credentials', attempts: 0, cause: e });
      }
      if (!token) throw new CloudError('No IAM token is available for this account.', { kind: 'credentials', attempts: 0 });
      return { ...base, 'X-Auth-Token': token };
    }
    let cred: SigningCredentials | null;
    try {
      cred = await this.opts.credentials();
    } catch (e) {
      throw new CloudError('The access keys of this account could not be read.', { kind: 'credentials', attempts: 0, cause: e });
    }
    if (!cred || !cred.ak || !cred.sk) {
      throw new CloudError('This account has no access keys.', { kind: 'credentials', attempts: 0 });
    }
    return signRequest({ method, url, headers: base, body: bodyText }, cred, this.clock());
  }

  private log(level: 'info' | 'warn', data: { method: string; path: string; status: number | null; requestId: string | null; durationMs: number; attempt: number; error?: string }): void {
    const status = data.status === null ? (data.error ?? 'failed') : String(data.status);
    this.opts.logger?.log(level, 'cloud', `${data.method} ${data.path} → ${status} (${data.durationMs} ms, attempt ${data.attempt})`, data);
  }

  /**
   * The error with its reply-derived strings redacted (when a redactor was given), including the signatures this
   * call sent: a per-request signature is no registered secret, but a server may echo it back bare.
   */
  redactError(e: unknown, signatures: readonly string[] = []): unknown {
    const redact = this.opts.redact;
    if (!(e instanceof CloudError) || !redact) return e;
    const forms = signatures.flatMap((sig) => [sig, sig.toUpperCase()]).filter((sig) => sig.length >= 16);
    return redactCloudError(e, (text) => redact(forms.reduce((out, sig) => out.split(sig).join(REDACTED), text)));
  }

  /** Runs one logical call with the retry policy; a failure's reply-derived text is redacted. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const signatures: string[] = [];
    try {
      return await this.attempts(spec, signatures);
    } catch (e) {
      throw this.redactError(e, signatures);
    }
  }

  private async attempts<T>(spec: RequestSpec<T>, signatures: string[]): Promise<T> {
    const idempotent = IDEMPOTENT.has(spec.method);
    const bodyText = spec.body === undefined ? null : JSON.stringify(spec.body);
    let lastError: CloudError | null = null;
    let priorMaybeApplied = false;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (spec.signal?.aborted) throw lastError ?? new CloudError(appMessage('netCancelled'), { kind: 'network', attempts: attempt - 1 });
      if (this.opts.gate) await this.opts.gate.wait();
      const headers = await this.headersFor(spec.method, spec.url, bodyText, spec.headers ?? {});
      const signature = /Signature=([^,\s]+)/.exec(headers['Authorization'] ?? headers['authorization'] ?? '')?.[1];
      if (signature) signatures.push(signature);
      const t0 = Date.now();
      let res: HttpResponse;
      try {
        res = await this.transport.send({ method: spec.method, url: spec.url, headers, body: bodyText, ...(spec.signal ? { signal: spec.signal } : {}) });
      } catch (e) {
        const err = this.fromTransport(e, spec, idempotent, attempt);
        this.log('warn', { method: spec.method, path: spec.logPath, status: null, requestId: null, durationMs: Date.now() - t0, attempt, error: err.kind });
        if (!err.notSent) priorMaybeApplied = true;
        lastError = err.error;
        if (err.retry && attempt < this.retry.maxAttempts && !spec.signal?.aborted) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw err.error;
      }
      const durationMs = Date.now() - t0;
      const errBody = res.status >= 200 && res.status < 300 ? null : parseErrorBody(res.body, res.headers);
      const requestId = errBody?.requestId ?? res.headers['x-request-id'] ?? null;
      this.log(res.status < 400 ? 'info' : 'warn', { method: spec.method, path: spec.logPath, status: res.status, requestId, durationMs, attempt });

      if (res.status >= 200 && res.status < 300) {
        const value = this.parseSuccess(spec, res, idempotent, attempt);
        spec.onRequestId?.(requestId);
        return value;
      }
      // A DELETE retried after an outcome we could not see: 404 means the first attempt did it.
      if (spec.method === 'DELETE' && res.status === 404 && priorMaybeApplied) return undefined as T;

      const decision = this.classifyStatus(res, errBody ?? parseErrorBody(res.body, res.headers), idempotent, attempt);
      lastError = decision.error;
      if (this.opts.gate && (res.status === 429 || THROTTLE_CODES.test(decision.error.errorCode ?? ''))) {
        this.opts.gate.pause(decision.retryAfterMs ?? this.retry.throttleMinDelayMs);
      }
      if (decision.retryAfterMs !== null && attempt < this.retry.maxAttempts && !spec.signal?.aborted) {
        if (res.status >= 500) priorMaybeApplied = true;
        await this.sleep(decision.retryAfterMs);
        continue;
      }
      throw decision.error;
    }
    throw lastError ?? new CloudError('The request failed.', { kind: 'network', attempts: this.retry.maxAttempts });
  }

  private fromTransport(e: unknown, spec: RequestSpec<unknown>, idempotent: boolean, attempt: number): { error: CloudError; retry: boolean; notSent: boolean; kind: CloudErrorKind } {
    if (!(e instanceof TransportError)) {
      const error = new CloudError(`Unexpected failure: ${e instanceof Error ? e.message : String(e)}`, { kind: 'network', ambiguous: !idempotent, retryable: false, attempts: attempt, cause: e });
      return { error, retry: false, notSent: false, kind: 'network' };
    }
    const ambiguous = !idempotent && !e.notSent;
    let kind: CloudErrorKind = 'network';
    let message: string;
    let hint: string | null = null;
    let retryable = true;
    switch (e.failure) {
      case 'connect-timeout':
        kind = 'timeout';
        message = appMessage('netConnectTimeout');
        hint = appMessage('hintNetwork');
        break;
      case 'timeout':
        kind = 'timeout';
        message = appMessage('netNoAnswer');
        hint = ambiguous ? appMessage('hintMayHaveRun') : appMessage('hintTryLater');
        break;
      case 'dns':
        message = appMessage('netDns');
        hint = appMessage('hintNetworkRegion');
        break;
      case 'refused':
      case 'unreachable':
        message = appMessage('netUnreachable', { code: e.code ?? e.failure });
        hint = appMessage('hintNetwork');
        break;
      case 'tls':
        message = appMessage('netTls', { code: e.code ?? 'certificate error' });
        hint = appMessage('hintCa');
        retryable = false;
        break;
      case 'proxy':
        message = `The proxy refused the connection (${e.message}).`;
        hint = appMessage('hintProxy');
        retryable = false;
        break;
      case 'reset':
        message = appMessage('netDropped');
        hint = ambiguous ? appMessage('hintMayHaveRun') : null;
        break;
      case 'aborted':
        message = appMessage('netCancelled');
        retryable = false;
        break;
      case 'too-large':
        kind = 'malformed';
        message = appMessage('netTooLarge');
        retryable = false;
        break;
      default:
        message = `Network error: ${e.message}`;
    }
    const error = new CloudError(message, { kind, ambiguous, retryable, hint, attempts: attempt, cause: e });
    // Resending is safe when nothing was sent or the call is idempotent; but the brief keeps POSTs to one try.
    const retry = retryable && idempotent && e.failure !== 'aborted';
    return { error, retry, notSent: e.notSent, kind };
  }

  private classifyStatus(res: HttpResponse, body: ErrorBody, idempotent: boolean, attempt: number): { error: CloudError; retryAfterMs: number | null } {
    const status = res.status;
    const base = { status, errorCode: body.errorCode, errorMsg: body.errorMsg, requestId: body.requestId, attempts: attempt };
    const nonJson = !body.parsed && res.body.trim() !== '' && looksNonJson(res.body, res.headers);
    const kindFor = (k: CloudErrorKind): CloudErrorKind => (nonJson ? 'malformed' : k);

    if (status === 401 || status === 403) {
      const serverDate = res.headers.date ? Date.parse(res.headers.date) : NaN;
      const dateSkew = !Number.isNaN(serverDate) && Math.abs(serverDate - this.clock().getTime()) > FIFTEEN_MIN - 60_000;
      const msg = body.errorMsg ?? '';
      if (TOKEN_EXPIRED.test(msg) && !dateSkew) {
        return {
          error: new CloudError(describe(status, body), { ...base, kind: 'credentials', hint: appMessage('hintTokenExpired') }),
          retryAfterMs: null,
        };
      }
      const textSkew = SKEW_TEXT.test(msg);
      if (dateSkew || (status === 401 && textSkew)) {
        return {
          error: new CloudError(`The request signature was rejected as expired (HTTP ${status}${body.errorCode ? ` ${body.errorCode}` : ''}).`, { ...base, kind: 'clock-skew', hint: CLOCK_SKEW_HINT }),
          retryAfterMs: null,
        };
      }
    }
    const throttled = status === 429 || (body.errorCode !== null && THROTTLE_CODES.test(body.errorCode));
    if (throttled) {
      const ra = parseRetryAfter(res.headers['retry-after'], this.clock());
      const error = new CloudError(describe(status, body), { ...base, kind: kindFor('http'), retryable: true, hint: hintFor(429, body.errorCode) });
      if (ra !== null && ra > this.retry.maxRetryAfterMs) return { error, retryAfterMs: null };
      const wait = Math.max(this.retry.throttleMinDelayMs, ra ?? 0) + this.backoff(attempt);
      return { error, retryAfterMs: wait };
    }
    const transient5xx = status === 502 || status === 503 || status === 504 || (status === 500 && body.errorCode !== null && TRANSIENT_500_CODES.has(body.errorCode));
    if (status >= 500) {
      const error = new CloudError(describe(status, body), {
        ...base,
        kind: kindFor('http'),
        retryable: transient5xx,
        ambiguous: !idempotent,
        hint: !idempotent ? appMessage('hintMayHaveRun') : hintFor(status, body.errorCode),
      });
      return { error, retryAfterMs: transient5xx && idempotent ? this.backoff(attempt) : null };
    }
    const error = new CloudError(nonJson ? `The cloud sent an unexpected reply (HTTP ${status}, not JSON).` : describe(status, body), {
      ...base,
      kind: kindFor('http'),
      retryable: false,
      hint: hintFor(status, body.errorCode),
    });
    return { error, retryAfterMs: null };
  }

  private parseSuccess<T>(spec: RequestSpec<T>, res: HttpResponse, idempotent: boolean, attempt: number): T {
    if (!spec.parse) return undefined as T;
    const requestId = res.headers['x-request-id'] ?? null;
    const malformed = (why: string, errorCode: string | null = null, errorMsg: string | null = null): CloudError =>
      new CloudError(`The cloud sent an unusable reply (HTTP ${res.status}): ${why}.`, {
        kind: 'malformed',
        status: res.status,
        requestId,
        errorCode,
        errorMsg,
        retryable: true,
        ambiguous: !idempotent,
        attempts: attempt,
        hint: !idempotent ? 'The request may have been carried out; the app checks before sending it again.' : 'Try again; if it persists, a proxy may be altering replies.',
      });
    if (res.body.trim() === '') throw malformed('empty body');
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw malformed(looksNonJson(res.body, res.headers) ? 'an HTML/text page instead of JSON' : 'invalid or truncated JSON');
    }
    try {
      return spec.parse(json);
    } catch (e) {
      const eb = isRecord(json) ? parseErrorBody(res.body, res.headers) : null;
      throw malformed(typeof e === 'string' ? e : e instanceof Error ? e.message : 'unexpected shape', eb?.errorCode ?? null, eb?.errorMsg ?? null);
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

