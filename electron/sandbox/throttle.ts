/**
 * Throttling as fault injection: a token bucket per account (per AK, or per IAM token's user) over the ELB API.
 * Each authenticated API request takes one token; with none left the request is refused, before anything is
 * changed, with the API gateway's 429 (`APIG.0308`) and `Retry-After` = whole seconds until the next token.
 */
import { ApiError, defaultMessageFor } from './errors';
import { isObj } from './validate';

/** Throttling settings: `ratePerSecond` requests per second on average, bursts of up to `burst` (default = rate). */
export interface ThrottleSpec {
  ratePerSecond: number;
  burst?: number;
}

/** Checks a spec (from code or the admin endpoint); null = no throttling. */
export function throttleFromJson(v: unknown): ThrottleSpec | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) throw new Error('throttle must be an object { ratePerSecond, burst? } or null');
  const { ratePerSecond, burst } = v;
  if (typeof ratePerSecond !== 'number' || !Number.isFinite(ratePerSecond) || ratePerSecond <= 0 || ratePerSecond > 100_000) {
    throw new Error('throttle.ratePerSecond must be a number above 0 and at most 100000');
  }
  if (burst !== undefined && (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1 || burst > 100_000)) {
    throw new Error('throttle.burst must be a whole number from 1 to 100000');
  }
  return burst === undefined ? { ratePerSecond } : { ratePerSecond, burst };
}

/** The buckets of every account. */
export class Throttle {
  private spec: ThrottleSpec | null = null;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Requests refused so far (for tests and the admin endpoint). */
  refused = 0;

  constructor(
    spec: ThrottleSpec | null,
    private readonly clock: () => number = Date.now,
  ) {
    this.set(spec);
  }

  set(spec: ThrottleSpec | null): void {
    this.spec = spec ? { ...spec } : null;
    this.buckets.clear();
    this.refused = 0;
  }

  get(): ThrottleSpec | null {
    return this.spec ? { ...this.spec } : null;
  }

  /** Takes one token for `account`, or throws the 429. */
  take(account: string): void {
    const spec = this.spec;
    if (!spec) return;
    const burst = spec.burst ?? Math.max(1, Math.floor(spec.ratePerSecond));
    const now = this.clock();
    const b = this.buckets.get(account) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * spec.ratePerSecond);
    b.at = now;
    this.buckets.set(account, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    this.refused += 1;
    const seconds = Math.max(1, Math.ceil((1 - b.tokens) / spec.ratePerSecond));
    throw new ApiError(429, 'APIG.0308', defaultMessageFor(429), { 'Retry-After': String(seconds) });
  }
}
