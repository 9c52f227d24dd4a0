import { describe, expect, it } from 'vitest';
import { loadCatalogue, locale, setLanguage, t } from './locale.svelte';

describe('the UI language, chosen twice while a catalogue loads', () => {
  it('keeps the language asked for last', async () => {
    setLanguage('zh-CN');
    setLanguage('en');
    await loadCatalogue('zh-CN');
    expect(locale.language).toBe('en');
    expect(t('shell.skipToContent')).toBe('Skip to main content');
  });
});
