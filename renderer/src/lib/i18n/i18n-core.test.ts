import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { wizardEn } from '../../features/wizard/i18n/en';
import { wizardZhCN } from '../../features/wizard/i18n/zh-CN';
import { en } from './en';
import { Translator } from './i18n-core';
import { leafKeys, type Messages } from './messages';
import { zhCN } from './zh-CN';

function make(language: string): Translator {
  const tr = new Translator(language, 'en');
  tr.addResourceBundle('en', 'translation', {
    hello: 'Hello {{name}}',
    files_one: '{{count}} file',
    files_other: '{{count}} files',
    empty: '',
    only: { en: 'English only' },
    rules: { 'a.b.c': 'dotted {{min}}–{{max}}' },
  });
  tr.addResourceBundle('zh-CN', 'translation', { hello: '你好 {{name}}', files_other: '{{count}} 个文件', empty: '' });
  return tr;
}

describe('Translator', () => {
  it('interpolates, keeping placeholders without a value and showing null as nothing', () => {
    const tr = make('en');
    expect(tr.t('hello', { name: 'Ana' })).toBe('Hello Ana');
    expect(tr.t('hello')).toBe('Hello {{name}}');
    expect(tr.t('hello', { name: null })).toBe('Hello ');
    expect(tr.t('hello', { name: 0 })).toBe('Hello 0');
  });

  it('picks English and Chinese plurals of whole numbers as Intl.PluralRules does, without creating it', () => {
    const counts = [-2, -1, 0, 1, 2, 3, 11, 21, 101, 1000, 1011];
    const expected = counts.map((n) => new Intl.PluralRules('en').select(n));
    const Real = Intl.PluralRules;
    let created = 0;
    const intl = Intl as unknown as { PluralRules: typeof Intl.PluralRules };
    intl.PluralRules = class extends Real {
      constructor(...args: ConstructorParameters<typeof Intl.PluralRules>) {
        super(...args);
        created++;
      }
    } as typeof Intl.PluralRules;
    try {
      const en = make('en');
      const zh = make('zh-CN');
      counts.forEach((n, i) => {
        expect(en.t('files', { count: n })).toBe(expected[i] === 'one' ? `${n} file` : `${n} files`);
        expect(zh.t('files', { count: n })).toBe(`${n} 个文件`);
      });
      expect(created).toBe(0);
      // A fraction goes to Intl.PluralRules ("1.5 files").
      expect(en.t('files', { count: 1.5 })).toBe('1.5 files');
      expect(created).toBe(1);
    } finally {
      intl.PluralRules = Real;
    }
  });

  it('picks the plural form of the language by count', () => {
    expect(make('en').t('files', { count: 1 })).toBe('1 file');
    expect(make('en').t('files', { count: 0 })).toBe('0 files');
    expect(make('en').t('files', { count: 2 })).toBe('2 files');
    expect(make('zh-CN').t('files', { count: 1 })).toBe('1 个文件');
    expect(make('en').t('files', { count: '1' })).toBe('files');
  });

  it('falls back to English for a missing or empty string, then to defaultValue, then to the key', () => {
    const zh = make('zh-CN');
    expect(zh.t('only.en')).toBe('English only');
    expect(zh.t('empty')).toBe('empty');
    expect(zh.t('nope', { defaultValue: 'Default {{x}}', x: 1 })).toBe('Default 1');
    expect(zh.t('nope.deeper')).toBe('nope.deeper');
    expect(zh.t('only')).toBe('only');
    expect(zh.exists('only.en')).toBe(true);
    expect(zh.exists('empty')).toBe(false);
    expect(zh.exists('files')).toBe(false);
  });

  it('finds keys that contain dots inside a table', () => {
    expect(make('en').t('rules.a.b.c', { min: 1, max: 2 })).toBe('dotted 1–2');
    expect(make('en').exists('rules.a.b')).toBe(false);
  });

  it('adds namespaces and merges later bundles deeply, later strings winning', () => {
    const tr = make('en');
    tr.addResourceBundle('en', 'wizard', { step: { title: 'Step {{n}}' } });
    expect(tr.t('wizard:step.title', { n: 2 })).toBe('Step 2');
    expect(tr.t('wizard:step.missing')).toBe('step.missing');
    tr.addResourceBundle('en', 'wizard', { step: { other: 'Other' } });
    tr.addResourceBundle('en', 'translation', { hello: 'Hi {{name}}' });
    expect(tr.t('wizard:step.title', { n: 3 })).toBe('Step 3');
    expect(tr.t('wizard:step.other')).toBe('Other');
    expect(tr.t('hello', { name: 'Bo' })).toBe('Hi Bo');
  });

  it('switches language', async () => {
    const tr = make('en');
    await tr.changeLanguage('zh-CN');
    expect(tr.language).toBe('zh-CN');
    expect(tr.t('hello', { name: 'Ana' })).toBe('你好 Ana');
  });
});

/** Every placeholder of a catalogue filled, plus a count. */
function sampleParams(text: string, count: number): Record<string, string | number> {
  const out: Record<string, string | number> = { count };
  for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) if (m[1] !== 'count') out[m[1]!] = `<${m[1]}>`;
  return out;
}

describe('Translator and i18next agree on every string of the catalogues', () => {
  const oracle = i18next.createInstance();
  void oracle.init({
    resources: { en: { translation: en, wizard: wizardEn as Messages }, 'zh-CN': { translation: zhCN, wizard: wizardZhCN as unknown as Messages } },
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    defaultNS: 'translation',
    ns: ['translation', 'wizard'],
    initAsync: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
  });
  const ours = new Translator('en', 'en');
  ours.addResourceBundle('en', 'translation', en);
  ours.addResourceBundle('zh-CN', 'translation', zhCN);
  ours.addResourceBundle('en', 'wizard', wizardEn as Messages);
  ours.addResourceBundle('zh-CN', 'wizard', wizardZhCN as unknown as Messages);
  // Plural keys are asked for without their suffix, as the app does.
  const keys = [...leafKeys(en), ...leafKeys(wizardEn as Messages).map((k) => `wizard:${k}`)].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ''));

  for (const language of ['en', 'zh-CN'] as const) {
    it(`in ${language}`, async () => {
      await oracle.changeLanguage(language);
      await ours.changeLanguage(language);
      let compared = 0;
      for (const key of new Set(keys)) {
        const probe = oracle.t(key, { count: 2, returnObjects: false });
        for (const count of [undefined, 0, 1, 2, 5]) {
          const params = sampleParams(String(probe), count ?? 1);
          if (count === undefined) delete params.count;
          expect(ours.t(key, params), `${language} ${key} ${count}`).toBe(oracle.t(key, params));
          compared++;
        }
        expect(ours.exists(key), key).toBe(oracle.exists(key));
      }
      expect(compared).toBeGreaterThan(500);
    });
  }
});
