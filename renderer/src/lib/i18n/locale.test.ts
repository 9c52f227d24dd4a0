import { describe, expect, it } from 'vitest';
import { loadCatalogue, locale, setLanguage, t } from './locale.svelte';

describe('the UI language', () => {
  it('starts in English, and switches to 简体中文 only once its catalogue (a chunk of its own) has loaded', async () => {
    expect(locale.language).toBe('en');
    expect(t('shell.skipToContent')).toBe('Skip to main content');
    setLanguage('zh-CN');
    // Not loaded yet: still English, nothing half-switched.
    expect(locale.language).toBe('en');
    expect(t('shell.skipToContent')).toBe('Skip to main content');
    await loadCatalogue('zh-CN');
    expect(locale.language).toBe('zh-CN');
    expect(t('shell.skipToContent')).toBe('跳到主要内容');
    // Loaded: later switches are immediate.
    setLanguage('en');
    expect(locale.language).toBe('en');
    setLanguage('zh-CN');
    expect(locale.language).toBe('zh-CN');
    setLanguage('en');
  });

  it('loads English at once (it is built in)', async () => {
    await expect(loadCatalogue('en')).resolves.toBeUndefined();
  });
});
