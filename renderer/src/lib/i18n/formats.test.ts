import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateTimeFormat, groupedInteger, naturalCollator, numberFormat, warmFormats } from './formats';
import { initialLanguage, LANGUAGE_STORAGE_KEY } from './languages';

describe('formats', () => {
  it('keeps one formatter per language and formats with it', () => {
    expect(numberFormat('en')).toBe(numberFormat('en'));
    expect(numberFormat('en')).not.toBe(numberFormat('zh-CN'));
    expect(numberFormat('en').format(10000)).toBe('10,000');
    expect(dateTimeFormat('en')).toBe(dateTimeFormat('en'));
    expect(dateTimeFormat('en').format(new Date(2026, 10, 24, 13, 5))).toMatch(/^Nov 24, 2026, 1:05\sPM$/);
  });

  it('sorts naturally and ignores case', () => {
    expect(['svc-10', 'svc-2', 'Svc-1'].sort(naturalCollator().compare)).toEqual(['Svc-1', 'svc-2', 'svc-10']);
    expect(naturalCollator()).toBe(naturalCollator());
  });

  it('warmFormats creates the number and date-time formats once; later uses take them', () => {
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    warmFormats('fr');
    expect(dates).toHaveBeenCalledTimes(1);
    expect(numbers).toHaveBeenCalledTimes(1);
    dateTimeFormat('fr');
    numberFormat('fr');
    expect(dates).toHaveBeenCalledTimes(1);
    expect(numbers).toHaveBeenCalledTimes(1);
    dates.mockRestore();
    numbers.mockRestore();
  });
});

describe('groupedInteger: whole numbers as Intl.NumberFormat writes them, without ICU', () => {
  it('agrees with Intl.NumberFormat in English and Simplified Chinese', () => {
    const samples = [0, 1, -1, 7, 12, 999, 1000, -1000, 1011, 9999, 10000, 65535, 100000, 999999, 1000000, -1234567, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (let n = 0; n < 3000; n += 7) samples.push(n * 337);
    for (const language of ['en', 'zh-CN']) {
      const intl = new Intl.NumberFormat(language);
      for (const n of samples) expect(groupedInteger(n, language), `${language} ${n}`).toBe(intl.format(n));
    }
  });

  it('leaves other numbers and languages to the formatter', () => {
    expect(groupedInteger(1.5, 'en')).toBeNull();
    expect(groupedInteger(Number.NaN, 'en')).toBeNull();
    expect(groupedInteger(2 ** 60, 'en')).toBeNull();
    expect(groupedInteger(1000, 'de')).toBeNull();
  });

  it('creates no number format for them', () => {
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    expect(groupedInteger(1011, 'en')).toBe('1,011');
    expect(numbers).not.toHaveBeenCalled();
    numbers.mockRestore();
  });
});

describe('initialLanguage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('prefers the remembered choice, then the browser languages, then English', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null });
    vi.stubGlobal('navigator', { languages: ['zh-TW', 'en-US'] });
    expect(initialLanguage()).toBe('zh-CN');
    store.set(LANGUAGE_STORAGE_KEY, 'en');
    expect(initialLanguage()).toBe('en');
    store.set(LANGUAGE_STORAGE_KEY, 'fr');
    vi.stubGlobal('navigator', { languages: ['fr-FR'] });
    expect(initialLanguage()).toBe('en');
  });

  it('works without storage', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
    });
    vi.stubGlobal('navigator', { languages: ['zh'] });
    expect(initialLanguage()).toBe('zh-CN');
  });
});
