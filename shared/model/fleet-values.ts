/**
 * The fleet plan's limits as plain values (no zod), for the renderer; `./fleet.ts` builds its schemas on them.
 */

/** The most targets one plan may hold. */
export const FLEET_MAX_TARGETS = 1000;
/** Concurrency per account + region: the limits of the setting. */
export const FLEET_CONCURRENCY = { min: 1, max: 16, default: 2 } as const;
