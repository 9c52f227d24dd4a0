/**
 * The fleet plan's limits as plain values (no zod), for the renderer; `./fleet.ts` builds its schemas on them.
 */

/** The most targets one plan may hold. */
export const FLEET_MAX_TARGETS = 1000;
/** Concurrency per account + region: the limits of the setting. */
export const FLEET_CONCURRENCY = { min: 1, max: 16, default: 2 } as const;

/** A typed concurrency, parsed: a whole number within FLEET_CONCURRENCY, else null. Never changes what was typed. */
export function parseConcurrency(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= FLEET_CONCURRENCY.min && n <= FLEET_CONCURRENCY.max ? n : null;
}
