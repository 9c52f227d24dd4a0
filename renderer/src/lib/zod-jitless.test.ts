import { describe, expect, it } from 'vitest';
import { setZodJitless, type ZodGlobalConfig } from './zod-jitless';

describe('zod-jitless', () => {
  it('creates the shared configuration object when zod has not loaded yet', () => {
    const g: { __zod_globalConfig?: ZodGlobalConfig } = {};
    setZodJitless(g);
    expect(g.__zod_globalConfig).toEqual({ jitless: true });
  });

  it('is the configuration zod itself reads once it loads (so the CSP-violating probe is skipped)', async () => {
    // The module set the flag on import, before zod is imported here.
    expect((globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig?.jitless).toBe(true);
    const { z } = await import('zod');
    expect(z.config().jitless).toBe(true);
    expect(z.config()).toBe((globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig);
  });
});
