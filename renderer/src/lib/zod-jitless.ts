/**
 * zod builds each object schema with a probe `Function('')` (to see whether it may compile fast parsers). The page's
 * CSP forbids eval, so every load reported a `script-src` violation. The renderer never parses with zod (main
 * validates every payload), so compiling is switched off before any schema module runs: App.svelte imports this first.
 */
import { z } from 'zod';

z.config({ jitless: true });
