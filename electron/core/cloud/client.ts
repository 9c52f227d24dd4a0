/**
 * The typed ELB v3 client: signed requests (AK/SK or token), a deadline per attempt, bounded retries of transient
 * failures only, strict reply checks, and marker pagination. Every failure is a thrown CloudError.
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
import type { Logger } from '../ports';
import { REDACTED } from '../log/redact';
import type {
  ApiBatchMemberResult,
  ApiFlavor,
  ApiHealthMonitor,
  ApiHealthMonitorCreate,
  ApiIpGroup,
  ApiIpGroupCreate,
  ApiListener,
  ApiListenerCreate,
  ApiListenerUpdate,
  ApiLoadBalancer,
  ApiMember,
  ApiMemberCreate,
  ApiPageInfo,
  ApiPool,
  ApiPoolCreate,
  ApiPoolUpdate,
  ApiProject,
  ApiQuota,
  ApiQuotaDetail,
  ApiQuotaSet,
} from './api-types';
import { CLOCK_SKEW_HINT, CloudError, redactCloudError, type CloudErrorKind } from './errors';
import { HttpTransport, TransportError, type HttpResponse } from './http';
import { rfc3986Encode, signRequest, type SigningCredentials } from './signer';
import type { ThrottleGate } from './throttle-gate';

export type * from './api-types';

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

/** Options of createElbClient. */
export interface ClientOptions extends TransportClientOptions {
  /** `https://elb.{region}.myhuaweicloud.com` or the sandbox URL (no trailing path). */
  endpoint: string;
  region: string;
  projectId: string;
}

/** Query values; arrays repeat the key, null/undefined are left out. */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean> | null | undefined;
export type Query = Record<string, QueryValue>;

/** Listener list filters (elb-v3-api.md §2). */
export interface ListenerFilters {
  loadbalancer_id?: string | string[];
  protocol?: string | string[];
  protocol_port?: string | number | Array<string | number>;
  id?: string | string[];
  name?: string | string[];
  default_pool_id?: string | string[];
  description?: string | string[];
  [key: string]: QueryValue;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  pageInfo: ApiPageInfo | null;
  /** The marker for the next page, or null on the last page. */
  nextMarker: string | null;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Called with the request ID (X-Request-Id) of the reply that succeeded, or null when it carried none. */
  onRequestId?: (requestId: string | null) => void;
}

/** The ELB v3 operations the app needs. List methods without paging follow every page. */
export interface ElbClient {
  readonly endpoint: string;
  readonly region: string;
  readonly projectId: string;
  listLoadBalancers(filters?: Query, o?: CallOptions): Promise<ApiLoadBalancer[]>;
  getLoadBalancer(id: string, o?: CallOptions): Promise<ApiLoadBalancer>;
  listFlavors(filters?: Query, o?: CallOptions): Promise<ApiFlavor[]>;
  /** GET /quotas plus GET /quotas/details (details null when that call is refused with a 4xx). */
  getQuotas(o?: CallOptions): Promise<ApiQuotaSet>;
  getQuotaDetails(keys?: string[], o?: CallOptions): Promise<ApiQuotaDetail[]>;
  /** One page of listeners. */
  listListeners(filters?: ListenerFilters, paging?: { limit?: number; marker?: string | null }, o?: CallOptions): Promise<Page<ApiListener>>;
  /** Every page of listeners, one array per page, fetched as the caller iterates. */
  iterateListeners(filters?: ListenerFilters & { limit?: number }, o?: CallOptions): AsyncIterable<ApiListener[]>;
  listAllListeners(filters?: ListenerFilters, o?: CallOptions): Promise<ApiListener[]>;
  getListener(id: string, o?: CallOptions): Promise<ApiListener>;
  /** Accepts the request body `{listener:{…}}` or the bare listener object. */
  createListener(body: { listener: ApiListenerCreate } | ApiListenerCreate, o?: CallOptions): Promise<ApiListener>;
  updateListener(id: string, body: { listener: ApiListenerUpdate } | ApiListenerUpdate, o?: CallOptions): Promise<ApiListener>;
  deleteListener(id: string, o?: CallOptions): Promise<void>;
  /** POST /v3/{project_id}/listeners/{id}/tags/action (no `/elb` segment, elb-v3-api.md §13). */
  listenerTagsAction(id: string, body: { action: 'create' | 'delete'; tags: Array<{ key: string; value: string }> }, o?: CallOptions): Promise<void>;
  listPools(filters?: Query, o?: CallOptions): Promise<ApiPool[]>;
  getPool(id: string, o?: CallOptions): Promise<ApiPool>;
  createPool(body: { pool: ApiPoolCreate } | ApiPoolCreate, o?: CallOptions): Promise<ApiPool>;
  updatePool(id: string, body: { pool: ApiPoolUpdate } | ApiPoolUpdate, o?: CallOptions): Promise<ApiPool>;
  deletePool(id: string, o?: CallOptions): Promise<void>;
  /** Members of one pool (every page). */
  listMembers(poolId: string, filters?: Query, o?: CallOptions): Promise<ApiMember[]>;
  /** GET /members: members of all pools, each with `pool_id`. */
  listAllMembers(filters?: Query, o?: CallOptions): Promise<ApiMember[]>;
  createMember(poolId: string, body: { member: ApiMemberCreate } | ApiMemberCreate, o?: CallOptions): Promise<ApiMember>;
  /** POST …/members/batch-add (≤ 200 members); accepts `{members:[…]}` or the bare array. */
  batchAddMembers(poolId: string, body: { members: ApiMemberCreate[] } | ApiMemberCreate[], o?: CallOptions): Promise<ApiBatchMemberResult[]>;
  deleteMember(poolId: string, memberId: string, o?: CallOptions): Promise<void>;
  listHealthMonitors(filters?: Query, o?: CallOptions): Promise<ApiHealthMonitor[]>;
  getHealthMonitor(id: string, o?: CallOptions): Promise<ApiHealthMonitor>;
  createHealthMonitor(body: { healthmonitor: ApiHealthMonitorCreate } | ApiHealthMonitorCreate, o?: CallOptions): Promise<ApiHealthMonitor>;
  deleteHealthMonitor(id: string, o?: CallOptions): Promise<void>;
  listIpGroups(filters?: Query, o?: CallOptions): Promise<ApiIpGroup[]>;
  getIpGroup(id: string, o?: CallOptions): Promise<ApiIpGroup>;
  createIpGroup(body: { ipgroup: ApiIpGroupCreate } | ApiIpGroupCreate, o?: CallOptions): Promise<ApiIpGroup>;
  updateIpGroup(id: string, body: { ipgroup: Partial<ApiIpGroupCreate> } | Partial<ApiIpGroupCreate>, o?: CallOptions): Promise<ApiIpGroup>;
  /** POST …/ipgroups/{id}/iplist/create-or-update: adds entries or changes their descriptions. */
  upsertIpList(id: string, ipList: ApiIpGroupCreate['ip_list'], o?: CallOptions): Promise<ApiIpGroup>;
  /** POST …/ipgroups/{id}/iplist/batch-delete: removes the listed entries. */
  batchDeleteIpList(id: string, ips: string[], o?: CallOptions): Promise<ApiIpGroup>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

// ------------------------------------------------------------------ helpers

/** Builds `?k=v&k=v2` with RFC 3986 encoding; arrays repeat the key; booleans as true/false. */
export function buildQuery(q: Query | undefined): string {
  if (!q) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === null || v === undefined) continue;
    const values = Array.isArray(v) ? (v as ReadonlyArray<string | number | boolean>) : [v as string | number | boolean];
    for (const one of values) parts.push(`${rfc3986Encode(k)}=${rfc3986Encode(String(one))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
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

function isRecord(v: unknown): v is Record<string, unknown> {
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
  if (status === 401) return 'The access key was rejected: check the AK/SK (and the security token for temporary keys).';
  if (status === 403) return 'The IAM user is not allowed to do this: check its ELB permissions and the project.';
  if (status === 404 && errorCode?.startsWith('APIGW')) return 'Check the endpoint and region of the account.';
  if (status === 429) return 'The API is throttling requests; try again in a few seconds.';
  if (status >= 500) return 'The cloud had a temporary problem; try again later.';
  return null;
}

function describe(status: number, body: ErrorBody): string {
  const code = body.errorCode ? ` ${body.errorCode}` : '';
  const msg = body.errorMsg ? `: ${body.errorMsg}` : '';
  return `The cloud refused the request (HTTP ${status}${code})${msg}`;
}

/** Whether a reply looks like an HTML page or other non-JSON text. */
function looksNonJson(body: string, headers: Record<string, string>): boolean {
  const ct = headers['content-type'] ?? '';
  if (/html/i.test(ct) || /^\s*</.test(body)) return true;
  return false;
}

// ------------------------------------------------------------------ the request engine

interface RequestSpec<T> {
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
      if (spec.signal?.aborted) throw lastError ?? new CloudError('The request was cancelled.', { kind: 'network', attempts: attempt - 1 });
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
        message = 'The connection to the cloud timed out.';
        hint = 'Check the network connection and proxy settings.';
        break;
      case 'timeout':
        kind = 'timeout';
        message = 'The cloud did not answer in time.';
        hint = ambiguous ? 'The request may still have been carried out; the app checks before sending it again.' : 'Try again later.';
        break;
      case 'dns':
        message = 'The cloud endpoint cannot be resolved (DNS): you may be offline.';
        hint = 'Check the network connection, the region and the endpoint.';
        break;
      case 'refused':
      case 'unreachable':
        message = `The cloud cannot be reached (${e.code ?? e.failure}): you may be offline.`;
        hint = 'Check the network connection and proxy settings.';
        break;
      case 'tls':
        message = `The TLS connection could not be verified (${e.code ?? 'certificate error'}).`;
        hint = 'If a corporate proxy or private CA is in the way, add its CA certificate to the account.';
        retryable = false;
        break;
      case 'proxy':
        message = `The proxy refused the connection (${e.message}).`;
        hint = 'Check the proxy address and its credentials.';
        retryable = false;
        break;
      case 'reset':
        message = 'The connection was dropped before the reply arrived.';
        hint = ambiguous ? 'The request may still have been carried out; the app checks before sending it again.' : null;
        break;
      case 'aborted':
        message = 'The request was cancelled.';
        retryable = false;
        break;
      case 'too-large':
        kind = 'malformed';
        message = 'The reply was too large.';
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
          error: new CloudError(describe(status, body), { ...base, kind: 'credentials', hint: 'The temporary credentials (security token) have expired: enter fresh ones for this account.' }),
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
        hint: !idempotent ? 'The request may still have been carried out; the app checks before sending it again.' : hintFor(status, body.errorCode),
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

// ------------------------------------------------------------------ reply validators (throw a string when malformed)

function objectWithId<T>(json: unknown, key: string): T {
  if (!isRecord(json)) throw 'not a JSON object';
  const inner = json[key];
  if (!isRecord(inner)) throw `no "${key}" object`;
  if (typeof inner.id !== 'string' || inner.id === '') throw `"${key}" has no id`;
  return inner as T;
}

function listOf<T>(json: unknown, key: string, requireId = true): { items: T[]; pageInfo: ApiPageInfo | null } {
  if (!isRecord(json)) throw 'not a JSON object';
  const list = json[key];
  if (!Array.isArray(list)) throw `no "${key}" list`;
  for (const item of list) {
    if (!isRecord(item)) throw `an item of "${key}" is not an object`;
    if (requireId && (typeof item.id !== 'string' || item.id === '')) throw `an item of "${key}" has no id`;
  }
  const pi = json.page_info;
  return { items: list as T[], pageInfo: isRecord(pi) ? (pi as ApiPageInfo) : null };
}

function unwrap<T extends object>(body: T | Record<string, unknown>, key: string): unknown {
  return isRecord(body) && key in body && isRecord((body as Record<string, unknown>)[key]) ? (body as Record<string, unknown>)[key] : body;
}

const MAX_LIMIT = 2000;

// ------------------------------------------------------------------ the ELB client

/** Creates a client for one account, region and project. */
export function createElbClient(opts: ClientOptions): ElbClient {
  const endpoint = opts.endpoint.replace(/\/+$/, '');
  const base = `/v3/${encodeURIComponent(opts.projectId)}/elb`;
  const rq = new CloudRequester(opts);
  const projectHeader = { 'X-Project-Id': opts.projectId };
  const seg = (s: string): string => rfc3986Encode(s);

  function call<T>(
    method: RequestSpec<T>['method'],
    path: string,
    o: { query?: Query; body?: unknown; parse?: (j: unknown) => T; signal?: AbortSignal | undefined; onRequestId?: ((id: string | null) => void) | undefined },
  ): Promise<T> {
    const spec: RequestSpec<T> = {
      method,
      url: `${endpoint}${base}${path}${buildQuery(o.query)}`,
      logPath: `${base}${path}`,
      headers: projectHeader,
    };
    if (o.body !== undefined) spec.body = o.body;
    if (o.parse) spec.parse = o.parse;
    if (o.signal) spec.signal = o.signal;
    if (o.onRequestId) spec.onRequestId = o.onRequestId;
    return rq.request(spec);
  }

  async function page<T>(path: string, key: string, filters: Query | undefined, limit: number, marker: string | null, signal: AbortSignal | undefined): Promise<Page<T>> {
    const query: Query = { ...filters, limit };
    if (marker) query.marker = marker;
    const { items, pageInfo } = await call('GET', path, { query, parse: (j) => listOf<T>(j, key), signal });
    let nextMarker: string | null;
    if (items.length === 0) nextMarker = null;
    else if (pageInfo) {
      const nm = typeof pageInfo.next_marker === 'string' && pageInfo.next_marker !== '' ? pageInfo.next_marker : null;
      const count = typeof pageInfo.current_count === 'number' ? pageInfo.current_count : items.length;
      nextMarker = nm !== null && count >= limit ? nm : null;
    } else {
      nextMarker = items.length >= limit ? ((items[items.length - 1] as { id?: string }).id ?? null) : null;
    }
    return { items, pageInfo, nextMarker };
  }

  async function* pages<T>(path: string, key: string, filters: Query | undefined, limit: number, signal?: AbortSignal): AsyncGenerator<T[]> {
    const lim = Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
    const seen = new Set<string>();
    let marker: string | null = null;
    for (;;) {
      const p: Page<T> = await page<T>(path, key, filters, lim, marker, signal);
      yield p.items;
      if (!p.nextMarker) return;
      if (seen.has(p.nextMarker)) {
        throw rq.redactError(new CloudError(`The cloud sent a paging loop (marker ${p.nextMarker} repeated).`, { kind: 'malformed', status: 200, retryable: false }));
      }
      seen.add(p.nextMarker);
      marker = p.nextMarker;
    }
  }

  async function all<T>(path: string, key: string, filters?: Query, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    for await (const items of pages<T>(path, key, filters, MAX_LIMIT, signal)) for (const it of items) out.push(it);
    return out;
  }

  const get = <T>(path: string, key: string, signal?: AbortSignal): Promise<T> => call('GET', path, { parse: (j) => objectWithId<T>(j, key), signal });
  const del = (path: string, signal?: AbortSignal): Promise<void> => call<void>('DELETE', path, { signal });
  const write = <T>(method: 'POST' | 'PUT', path: string, key: string, body: unknown, o?: CallOptions): Promise<T> =>
    call(method, path, { body: { [key]: unwrap(body as Record<string, unknown>, key) }, parse: (j) => objectWithId<T>(j, key), signal: o?.signal, onRequestId: o?.onRequestId });

  const getQuotaDetails = (keys?: string[], o?: CallOptions): Promise<ApiQuotaDetail[]> =>
    call('GET', '/quotas/details', {
      query: keys && keys.length ? { quota_key: keys } : {},
      parse: (j) => {
        const { items } = listOf<ApiQuotaDetail>(j, 'quotas', false);
        for (const q of items) if (typeof q.quota_key !== 'string') throw 'a quota has no quota_key';
        return items;
      },
      signal: o?.signal,
    });

  async function getQuotas(o?: CallOptions): Promise<ApiQuotaSet> {
    const quota = await call('GET', '/quotas', {
      parse: (j) => {
        if (!isRecord(j) || !isRecord(j.quota)) throw 'no "quota" object';
        return j.quota as ApiQuota;
      },
      signal: o?.signal,
    });
    let details: ApiQuotaDetail[] | null = null;
    try {
      details = await getQuotaDetails(undefined, o);
    } catch (e) {
      // Older sites lack /quotas/details: limits alone are still useful.
      if (!(e instanceof CloudError && e.kind === 'http' && e.status !== null && e.status >= 400 && e.status < 500 && e.status !== 429)) throw e;
    }
    return { quota, details };
  }

  return {
    endpoint,
    region: opts.region,
    projectId: opts.projectId,
    listLoadBalancers: (f, o) => all('/loadbalancers', 'loadbalancers', f, o?.signal),
    getLoadBalancer: (id, o) => get(`/loadbalancers/${seg(id)}`, 'loadbalancer', o?.signal),
    listFlavors: (f, o) => all('/flavors', 'flavors', f, o?.signal),
    getQuotas,
    getQuotaDetails,
    listListeners: (f, paging, o) =>
      page('/listeners', 'listeners', f, Math.min(MAX_LIMIT, Math.max(1, Math.floor(paging?.limit ?? MAX_LIMIT))), paging?.marker ?? null, o?.signal),
    iterateListeners(f, o) {
      const { limit, ...filters } = f ?? {};
      return pages<ApiListener>('/listeners', 'listeners', filters, typeof limit === 'number' ? limit : MAX_LIMIT, o?.signal);
    },
    listAllListeners: (f, o) => all('/listeners', 'listeners', f, o?.signal),
    getListener: (id, o) => get(`/listeners/${seg(id)}`, 'listener', o?.signal),
    createListener: (body, o) => write('POST', '/listeners', 'listener', body, o),
    updateListener: (id, body, o) => write('PUT', `/listeners/${seg(id)}`, 'listener', body, o),
    deleteListener: (id, o) => del(`/listeners/${seg(id)}`, o?.signal),
    listenerTagsAction: (id, body, o) => {
      const path = `/v3/${encodeURIComponent(opts.projectId)}/listeners/${seg(id)}/tags/action`;
      const spec: RequestSpec<void> = { method: 'POST', url: `${endpoint}${path}`, logPath: path, headers: projectHeader, body };
      if (o?.signal) spec.signal = o.signal;
      return rq.request(spec);
    },
    listPools: (f, o) => all('/pools', 'pools', f, o?.signal),
    getPool: (id, o) => get(`/pools/${seg(id)}`, 'pool', o?.signal),
    createPool: (body, o) => write('POST', '/pools', 'pool', body, o),
    updatePool: (id, body, o) => write('PUT', `/pools/${seg(id)}`, 'pool', body, o),
    deletePool: (id, o) => del(`/pools/${seg(id)}`, o?.signal),
    listMembers: (poolId, f, o) => all(`/pools/${seg(poolId)}/members`, 'members', f, o?.signal),
    listAllMembers: (f, o) => all('/members', 'members', f, o?.signal),
    createMember: (poolId, body, o) => write('POST', `/pools/${seg(poolId)}/members`, 'member', body, o),
    batchAddMembers: (poolId, body, o) =>
      call('POST', `/pools/${seg(poolId)}/members/batch-add`, {
        body: { members: Array.isArray(body) ? body : body.members },
        parse: (j) => listOf<ApiBatchMemberResult>(j, 'members', false).items,
        signal: o?.signal,
        onRequestId: o?.onRequestId,
      }),
    deleteMember: (poolId, memberId, o) => del(`/pools/${seg(poolId)}/members/${seg(memberId)}`, o?.signal),
    listHealthMonitors: (f, o) => all('/healthmonitors', 'healthmonitors', f, o?.signal),
    getHealthMonitor: (id, o) => get(`/healthmonitors/${seg(id)}`, 'healthmonitor', o?.signal),
    createHealthMonitor: (body, o) => write('POST', '/healthmonitors', 'healthmonitor', body, o),
    deleteHealthMonitor: (id, o) => del(`/healthmonitors/${seg(id)}`, o?.signal),
    listIpGroups: (f, o) => all('/ipgroups', 'ipgroups', f, o?.signal),
    getIpGroup: (id, o) => get(`/ipgroups/${seg(id)}`, 'ipgroup', o?.signal),
    createIpGroup: (body, o) => write('POST', '/ipgroups', 'ipgroup', body, o),
    updateIpGroup: (id, body, o) => write('PUT', `/ipgroups/${seg(id)}`, 'ipgroup', body, o),
    upsertIpList: (id, ipList, o) => write('POST', `/ipgroups/${seg(id)}/iplist/create-or-update`, 'ipgroup', { ip_list: ipList }, o),
    batchDeleteIpList: (id, ips, o) => write('POST', `/ipgroups/${seg(id)}/iplist/batch-delete`, 'ipgroup', { ip_list: ips.map((ip) => ({ ip })) }, o),
    close: () => rq.close(),
  };
}

/** Options of discoverProjectId. */
export interface DiscoverProjectOptions extends TransportClientOptions {
  /** Default `https://iam.myhuaweicloud.com`. */
  iamEndpoint?: string;
  region: string;
}

/** The region's project ID: signed `GET {iam}/v3/projects?name={region}` → `projects[0].id`. */
export async function discoverProjectId(opts: DiscoverProjectOptions): Promise<string> {
  const iam = (opts.iamEndpoint ?? 'https://iam.myhuaweicloud.com').replace(/\/+$/, '');
  const rq = new CloudRequester(opts);
  try {
    const projects = await rq.request<ApiProject[]>({
      method: 'GET',
      url: `${iam}/v3/projects${buildQuery({ name: opts.region })}`,
      logPath: '/v3/projects',
      parse: (j) => listOf<ApiProject>(j, 'projects').items,
    });
    const match = projects.find((p) => p.name === opts.region) ?? projects[0];
    if (!match) {
      throw new CloudError(`No IAM project is named "${opts.region}" for these credentials.`, {
        kind: 'http',
        status: 200,
        errorCode: 'PROJECT_NOT_FOUND',
        hint: 'Check the region, or enter the project ID of the region by hand.',
      });
    }
    return match.id;
  } finally {
    await rq.close();
  }
}
