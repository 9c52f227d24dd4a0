/**
 * One shared 429 limiter per account: when any request of the account is throttled, every request of that account
 * (all regions, all targets of a fleet run) holds back until the Retry-After has passed, instead of each one
 * hitting the gateway again on its own schedule. A client without a gate behaves as before.
 */

/** What the client calls around each attempt. */
export interface ThrottleGate {
  /** Resolves when requests may be sent again (at once when the account is not throttled). */
  wait(): Promise<void>;
  /** A request was throttled: hold every request back for `ms`. A longer pause already in force is kept. */
  pause(ms: number): void;
  /** How many times a 429 paused the account (diagnostics, tests). */
  readonly pauses: number;
}

/** A gate over a clock and a sleep (both replaceable in tests). */
export function createThrottleGate(o: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {}): ThrottleGate {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let until = 0;
  let pauses = 0;
  return {
    async wait() {
      for (let left = until - now(); left > 0; left = until - now()) await sleep(left);
    },
    pause(ms) {
      if (!(ms > 0)) return;
      pauses += 1;
      until = Math.max(until, now() + ms);
    },
    get pauses() {
      return pauses;
    },
  };
}
