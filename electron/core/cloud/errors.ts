/**
 * Typed failures of the ELB client. Every failed call throws a CloudError; nothing resolves with an error body.
 */
import type { AppError, ErrorCode } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';

/** What went wrong, coarsely. */
export type CloudErrorKind = 'http' | 'network' | 'timeout' | 'malformed' | 'clock-skew' | 'credentials';

/** Shown when the gateway rejects the signature because of the local clock. */
export const CLOCK_SKEW_HINT =
  appMessage('hintClock');

/** Fields of a CloudError besides the message. */
export interface CloudErrorInit {
  kind: CloudErrorKind;
  status?: number | null;
  errorCode?: string | null;
  errorMsg?: string | null;
  requestId?: string | null;
  retryable?: boolean;
  ambiguous?: boolean;
  hint?: string | null;
  /** Attempts made (requests sent or tried) before giving up. */
  attempts?: number;
  cause?: unknown;
}

/** A failed cloud call. `message` never contains secrets. */
export class CloudError extends Error {
  readonly kind: CloudErrorKind;
  /** HTTP status of the last reply, or null when there was none. */
  readonly status: number | null;
  /** `error_code` (or `error.code`) from the reply body. */
  readonly errorCode: string | null;
  /** `error_msg` (or `error.message`) from the reply body. */
  readonly errorMsg: string | null;
  /** `request_id` from the body, else the `X-Request-Id` header. */
  readonly requestId: string | null;
  /** A later retry may succeed (throttling, 5xx, network, timeout). */
  readonly retryable: boolean;
  /** The request may have been applied (timeout/reset/5xx after sending a non-idempotent call): reconcile first. */
  readonly ambiguous: boolean;
  /** What the user should do next. */
  readonly hint: string | null;
  /** Attempts made before giving up. */
  attempts: number;

  constructor(message: string, init: CloudErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CloudError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.errorCode = init.errorCode ?? null;
    this.errorMsg = init.errorMsg ?? null;
    this.requestId = init.requestId ?? null;
    this.retryable = init.retryable ?? false;
    this.ambiguous = init.ambiguous ?? false;
    this.hint = init.hint ?? null;
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * The same failure with every reply-derived string (message, error_msg, error_code, request ID, hint) passed through
 * `redact` — the log redactor — so a server that echoes request headers cannot carry the AK, security token or
 * signature into the window, the inventory cache or a draft. The cause is kept (it only reaches the redacting logger).
 */
export function redactCloudError(e: CloudError, redact: (text: string) => string): CloudError {
  const r = (v: string | null): string | null => (v === null ? null : redact(v));
  return new CloudError(redact(e.message), {
    kind: e.kind,
    status: e.status,
    errorCode: r(e.errorCode),
    errorMsg: r(e.errorMsg),
    requestId: r(e.requestId),
    retryable: e.retryable,
    ambiguous: e.ambiguous,
    hint: r(e.hint),
    attempts: e.attempts,
    ...(e.cause === undefined ? {} : { cause: e.cause }),
  });
}

/** Type guard. */
export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError;
}

/** The IPC error code for a cloud failure. */
export function appErrorCodeOf(e: CloudError): ErrorCode {
  switch (e.kind) {
    case 'network':
      return 'NETWORK';
    case 'timeout':
      return 'TIMEOUT';
    case 'credentials':
      return 'CREDENTIALS';
    case 'http':
      if (e.status === 404) return 'NOT_FOUND';
      if (e.status === 409) return 'CONFLICT';
      return 'CLOUD';
    case 'clock-skew':
    case 'malformed':
      return 'CLOUD';
  }
}

/** The IPC envelope for a cloud failure (status, error_code, request_id and hint as details). */
export function toAppError(e: CloudError): AppError {
  return {
    code: appErrorCodeOf(e),
    message: e.message,
    cloud: { httpStatus: e.status, errorCode: e.errorCode, requestId: e.requestId, hint: e.hint },
  };
}
