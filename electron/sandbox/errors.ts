/** API errors of the sandbox, in Huawei's `{error_code, error_msg, request_id}` form. */

/** An error reply: HTTP status, error code and message (plus optional headers such as Retry-After). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 ELB.8902: validation failure. The message names the field and the rule. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'ELB.8902', message);
}

/** 404 ELB.8904: a resource (in the path or referenced in the body) does not exist. */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, 'ELB.8904', `${kind} ${id} could not be found.`);
}

/** 409 ELB.8907: conflict (port in use, already exists, still in use, load balancer busy, quota full). */
export function conflict(message: string): ApiError {
  return new ApiError(409, 'ELB.8907', message);
}

/** 401 APIGW.0301: bad or missing signature/token. */
export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${message}`);
}

/** 404 APIGW.0101: no such API (path or method). */
export function noSuchApi(): ApiError {
  return new ApiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
}

/** Default error code for a status used by the `status` fault. */
export function defaultCodeFor(status: number): string {
  switch (status) {
    case 400:
      return 'ELB.8902';
    case 401:
      return 'APIGW.0301';
    case 403:
      return 'ELB.8903';
    case 404:
      return 'ELB.8904';
    case 409:
      return 'ELB.8907';
    case 429:
      return 'APIG.0308';
    case 500:
      return 'ELB.8906';
    case 502:
    case 503:
    case 504:
      return 'APIGW.0201';
    default:
      return 'SANDBOX.0001';
  }
}

/** Default message for a status used by the `status` fault. */
export function defaultMessageFor(status: number): string {
  if (status === 429) return 'The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute';
  if (status === 500) return 'Internal server error.';
  if (status === 502 || status === 504) return 'Backend unavailable or timed out.';
  if (status === 503) return 'Service temporarily unavailable.';
  return `Injected fault (HTTP ${status}).`;
}
