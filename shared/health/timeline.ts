/**
 * Health-check timing: how long a failing server takes to be marked unhealthy and a recovered one healthy again
 * (the console's formula), and the probes of that picture. One place for the maths: the wizard's timing line, the
 * routing step's timeline and the server-group view all use it.
 */

/** The figures of a health check (the wizard's draft, or a cached monitor mapped to the same names). */
export interface HealthFigures {
  interval: number | null;
  timeout: number | null;
  healthyThreshold: number | null;
  unhealthyThreshold: number | null;
}

function positive(v: number | null): v is number {
  return v !== null && Number.isInteger(v) && v > 0;
}

/**
 * How long a health check takes to change a server's state (console routing reference §3):
 * marked healthy after timeout × healthy threshold + interval × (healthy threshold − 1) seconds,
 * and unhealthy likewise with the unhealthy threshold. Null when a figure is missing or not a positive whole number.
 */
export function healthCheckTiming(hc: HealthFigures): { downSeconds: number; upSeconds: number } | null {
  const { interval, timeout, healthyThreshold: up, unhealthyThreshold: down } = hc;
  if (!positive(interval) || !positive(timeout) || !positive(up) || !positive(down)) return null;
  return {
    upSeconds: timeout * up + interval * (up - 1),
    downSeconds: timeout * down + interval * (down - 1),
  };
}

/** One probe of the picture: it starts at `start` and is decided at `end` (seconds from the change). */
export interface Probe {
  n: number;
  start: number;
  end: number;
}

/** One half of the timeline: the probes after a server fails (or recovers) and when its state changes. */
export interface TimelineLane {
  probes: Probe[];
  /** Seconds from the change to the new state (= healthCheckTiming's figure). */
  at: number;
}

/** The whole picture: the two lanes, and the longer of the two (the picture's time axis). */
export interface HealthTimeline {
  down: TimelineLane;
  up: TimelineLane;
  span: number;
}

/**
 * The probes behind the console's formula: each probe waits up to `timeout`, the next one starts `interval` later,
 * so the n-th consecutive result is known at n × timeout + (n − 1) × interval — the moment the state changes.
 */
export function healthTimeline(hc: HealthFigures): HealthTimeline | null {
  const timing = healthCheckTiming(hc);
  if (!timing) return null;
  const step = (hc.timeout as number) + (hc.interval as number);
  const lane = (count: number, at: number): TimelineLane => ({
    probes: Array.from({ length: count }, (_, i) => ({ n: i + 1, start: i * step, end: i * step + (hc.timeout as number) })),
    at,
  });
  return {
    down: lane(hc.unhealthyThreshold as number, timing.downSeconds),
    up: lane(hc.healthyThreshold as number, timing.upSeconds),
    span: Math.max(timing.downSeconds, timing.upSeconds),
  };
}

/** What the weights of a group's servers mean for traffic: all servers weighted, some at 0, or all at 0. */
export type WeightsMeaning = { kind: 'none' } | { kind: 'normal' } | { kind: 'someZero'; zero: number; total: number } | { kind: 'allZero'; total: number };

/** Reads the weights of a group's servers (null or missing weights are ignored). */
export function weightsMeaning(weights: readonly (number | null)[]): WeightsMeaning {
  const known = weights.filter((w): w is number => w !== null && Number.isFinite(w));
  if (known.length === 0) return { kind: 'none' };
  const zero = known.filter((w) => w === 0).length;
  if (zero === 0) return { kind: 'normal' };
  if (zero === known.length) return { kind: 'allZero', total: known.length };
  return { kind: 'someZero', zero, total: known.length };
}
