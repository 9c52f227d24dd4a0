import { describe, expect, it } from 'vitest';
import type { Component } from 'svelte';
import { lazyPage } from './pages';

const Page = (() => null) as unknown as Component<{ id: string }>;

describe('lazy pages', () => {
  it('imports a page once, however often it is asked for, and keeps it for synchronous use', async () => {
    let imports = 0;
    const page = lazyPage(async () => {
      imports++;
      return { default: Page };
    });
    expect(page.loaded).toBeNull();
    expect(imports).toBe(0);
    const [a, b] = await Promise.all([page.load(), page.load()]);
    expect(a.default).toBe(Page);
    expect(b).toBe(a);
    expect(page.loaded).toBe(a);
    await page.load();
    expect(imports).toBe(1);
  });

  it('tries a failed import again on the next load', async () => {
    let imports = 0;
    const page = lazyPage(async () => {
      imports++;
      if (imports === 1) throw new Error('chunk failed');
      return { default: Page };
    });
    await expect(page.load()).rejects.toThrow('chunk failed');
    expect(page.loaded).toBeNull();
    expect((await page.load()).default).toBe(Page);
    expect(imports).toBe(2);
  });
});
