/**
 * zod builds each object schema with a probe `Function('')` (to see whether it may compile fast parsers). The page's
 * CSP forbids eval, so every load reported a `script-src` violation. The renderer never parses with zod (main
 * validates every payload), so compiling is switched off before any schema module runs: the entry script (main.ts)
 * imports this first.
 *
 * It sets zod's shared configuration object (`globalThis.__zod_globalConfig`, which every copy of zod adopts when it
 * loads, and `z.config()` writes to) without loading zod itself: zod is only needed by pages that are not on the first
 * screen (accounts, drafts, the wizard), and loading it here would put ~80 KB of code in front of the first listing.
 * zod-jitless.test.ts checks that zod reads this very object.
 */

/** The part of zod's global configuration set here. */
export interface ZodGlobalConfig {
  jitless?: boolean;
}

/** Switches zod's compiled parsers off (before or after zod has loaded). */
export function setZodJitless(g: { __zod_globalConfig?: ZodGlobalConfig } = globalThis as { __zod_globalConfig?: ZodGlobalConfig }): void {
  (g.__zod_globalConfig ??= {}).jitless = true;
}

setZodJitless();
