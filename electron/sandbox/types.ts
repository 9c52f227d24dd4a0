/**
 * Public types of the local ELB v3 sandbox (see ./index.ts for `startSandbox`).
 * Plain Node only: this folder never imports 'electron' nor anything from shared/.
 */
import type { IgnoredFields } from './ignore';
import type { SandboxState } from './state';
import type { ThrottleSpec } from './throttle';

export type { ThrottleSpec } from './throttle';

export type { IgnoredFields } from './ignore';

/** The two emulated regions. sandbox-2 lacks port ranges and IPv4/IPv6 translation (nat64). */
export type RegionId = 'sandbox-1' | 'sandbox-2';

/** Default access key of the sandbox. */
export const DEFAULT_AK = 'SANDBOXAK00000000000';
/** Default secret key of the sandbox (a local throwaway credential). */
export const DEFAULT_SK = 'SANDBOXsk0000000000000000000000000000000';
/** Default project ID of region sandbox-1. */
export const DEFAULT_PROJECT_ID = '5a4d' + '0'.repeat(27) + 'a';
/** Default project ID of region sandbox-2. */
export const DEFAULT_PROJECT_ID_2 = '5a4d' + '0'.repeat(27) + 'b';
/** Allowed X-Sdk-Date skew by default (15 minutes, as the real API gateway). */
export const DEFAULT_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** 0 = random free port (default 0; the CLI defaults to 8790). */
  port?: number;
  /** Bind address, 127.0.0.1 by default. */
  host?: string;
  ak?: string;
  sk?: string;
  /** Project ID of region sandbox-1 (32 lowercase hex). sandbox-2 gets another constant. */
  projectId?: string;
  /** Add N extra listeners spread over the L4-capable load balancers of sandbox-1. */
  listeners?: number;
  /** Load the state from this JSON file if it exists; save it (tmp + rename) after changes and on close. */
  stateFile?: string;
  /** How long an LB stays PENDING_UPDATE after a change (default 0 in code, 300 in the CLI). */
  pendingMs?: number;
  /** Default true: the realistic seed inventory. false = load balancers, flavors, subnets and quotas only. */
  seed?: boolean;
  /** Token for the /__sandbox admin endpoints (header `x-sandbox-admin`); random by default. */
  adminToken?: string;
  /** Allowed X-Sdk-Date skew, default 15 min. */
  clockSkewMs?: number;
  /** Print one line per API request (method, path, status, time; never credentials). */
  logRequests?: boolean;
  /**
   * Fields of create requests to accept but not apply (dropped before the create), e.g.
   * `{ listener: ['proxy_protocol_enable'] }` as the SDK documents for TCP listeners. Also `PUT /__sandbox/ignore-fields`.
   */
  ignoreFields?: IgnoredFields;
  /**
   * Fleet scale: N more load balancers over both regions (`fleet-0001`…; see fleet-seed.ts for which are L7-only,
   * inactive or already on 5432).
   */
  loadBalancers?: number;
  /**
   * Throttling (fault injection): a token bucket per account; a request beyond it gets 429 APIG.0308 with
   * Retry-After. null/absent = none. Also `handle.throttle(spec)` and admin `PUT /__sandbox/throttle`.
   */
  throttle?: ThrottleSpec | null;
}

/** One API request as received (admin endpoints are not recorded). */
export interface RequestRecord {
  method: string;
  /** The path without the query string, as sent (still percent-encoded). */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** HTTP status sent; 0 when no status line was sent (dropped or stalled). */
  status: number;
  /** Time the request was received (ms since epoch). */
  at: number;
  /** The Authorization header as received (SDK-HMAC-SHA256 …; holds a signature, never the SK); null if absent. */
  authorization: string | null;
  /** How the request authenticated: AK/SK signature, IAM token, or not at all (failed or unauthenticated endpoint). */
  authType: 'aksk' | 'token' | 'none';
  /** The X-Sdk-Date header as received, or null. */
  sdkDate: string | null;
  /** The request ID sent back (also in X-Request-Id). */
  requestId: string;
  /** The fault kind applied to this request, or null. */
  fault: string | null;
}

/** A fault to inject into matching requests. */
export type FaultKind =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; errorCode?: string; errorMsg?: string; retryAfterSeconds?: number }
  | { kind: 'throttle' }
  /** Perform the request, then destroy the socket: before any byte, or after the headers and `atByte` body bytes. */
  | { kind: 'drop-after-commit'; atByte?: number }
  /** Destroy the socket without changing anything. */
  | { kind: 'drop-before-commit' }
  /** Accept and never answer (until the sandbox closes). */
  | { kind: 'stall' }
  /**
   * html: a proxy-style 502 HTML page, nothing changed. truncated-json: the request is performed, the reply body is
   * cut in half. empty-200: performed, replied 200 with an empty body. no-id: performed, the resource in the reply
   * has no `id`.
   */
  | { kind: 'malformed'; body: 'html' | 'truncated-json' | 'empty-200' | 'no-id' };

/** Which requests a fault applies to, and how many times. */
export interface FaultRule {
  /** HTTP method (case-insensitive); any when omitted. */
  method?: string;
  /** Regular expression (or a string compiled as one) tested against the request path; any when omitted. */
  path?: RegExp | string;
  /** How many matching requests get the fault; default 1; Infinity = until cleared. */
  times?: number;
  fault: FaultKind;
}

/** Programmatic fault injection (same as the admin endpoint). */
export interface FaultController {
  add(rule: FaultRule): void;
  clear(): void;
  /** Number of rules not yet used up. */
  pending(): number;
}

/**
 * Changes made "by someone else" (see outside.ts): same rules as the API, no signature, no fault, not logged, no
 * wait for a busy LB. Patches are the inner objects (`{ keepalive_timeout: 60 }`, not `{ listener: … }`).
 * Errors are thrown as ApiError (status, code, message).
 */
export interface OutsideActor {
  /** PUT listener; a `tags` array in the patch replaces the listener's tags. Returns the listener as the API shows it. */
  updateListener(id: string, patch: Record<string, unknown>): Record<string, unknown>;
  /** Unbinds the default pool (the pool stays) and deletes the listener. */
  deleteListener(id: string): void;
  /** PUT pool. Returns the pool as the API shows it. */
  updatePool(id: string, patch: Record<string, unknown>): Record<string, unknown>;
  /** Deletes the pool with its members and health monitor (refused while a listener uses it). */
  deletePool(id: string): void;
}

/** A running sandbox. */
export interface SandboxHandle {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  ak: string;
  sk: string;
  regions: { id: RegionId; projectId: string }[];
  adminToken: string;
  faults: FaultController;
  /** Replaces the fields of create requests that are accepted but not applied ({} = none). */
  ignoreFields(spec: IgnoredFields): void;
  /** Changes made by someone else (conflict and drift tests). */
  outside: OutsideActor;
  /** Replaces the throttling (null = none); buckets start full. */
  throttle(spec: ThrottleSpec | null): void;
  /** Requests refused by throttling since it was last set. */
  throttleRefused(): number;
  /** Log of every API request received (oldest first, the last 20,000 kept). */
  requests(): RequestRecord[];
  clearRequests(): void;
  /** The live state, for assertions in tests (mutating it is allowed, e.g. to lower a quota). */
  state(): SandboxState;
  /** Back to the seeded state; faults, busy timers, tokens and the request log cleared. */
  reset(): void;
  /** Stops the server, drops open connections (stalled ones too) and saves the state file if any. */
  close(): Promise<void>;
}
