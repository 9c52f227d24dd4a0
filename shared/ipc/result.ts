/** The envelope every IPC response travels in. Nothing is thrown across the boundary. */

/** The closed set of error codes that may cross IPC. */
export const ERROR_CODES = [
  /** The payload failed its schema, or a draft failed a rule; `fields` says where. */
  'VALIDATION',
  'NOT_FOUND',
  /** Stale revision, port clash, duplicate — the state changed under the caller. */
  'CONFLICT',
  /** The sender is not the app's own main frame. */
  'UNTRUSTED_SENDER',
  /** No usable credentials for the account (absent, or stored ciphertext that can no longer be decrypted). */
  'CREDENTIALS',
  /** The cloud refused the request (4xx/5xx); details carry status, error_code, request_id. */
  'CLOUD',
  /** The cloud could not be reached (DNS, refused, reset): work offline. */
  'NETWORK',
  /** A request passed its deadline. */
  'TIMEOUT',
  /** The data file could not be written (disk full, read-only, rename failed): edits kept in memory. */
  'STORE_WRITE',
  /** The data file is opened read-only (newer version, or recovery pending). */
  'READ_ONLY',
  /** Another ELB Desk process owns this data folder. */
  'LOCKED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field, as shown inline. */
export interface FieldIssue {
  /** Dotted path into the request or draft, e.g. `listener.idleTimeout` or `routing.members.2.weight`. */
  path: string;
  /** Stable rule code, e.g. `listener.idleTimeout.range`. */
  code: string;
  message: string;
}

/** Extra facts about a cloud failure, shown to the user as is. */
export interface CloudErrorDetails {
  httpStatus: number | null;
  errorCode: string | null;
  requestId: string | null;
  /** What the user should do next. */
  hint: string | null;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
  cloud?: CloudErrorDetails;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): { ok: false; error: AppError } {
  return { ok: false, error: { code, message, ...extra } };
}

/** An error a core service throws on purpose; the dispatcher turns it into a Result. */
export class AppFailure extends Error {
  readonly appError: AppError;
  constructor(code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppFailure';
    this.appError = { code, message, ...extra };
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
