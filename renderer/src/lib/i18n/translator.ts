/**
 * The translator set-up, free of Svelte so it can be unit-tested in Node. The rune-backed `t()` the components
 * use lives in `locale.svelte.ts` and wraps an instance made here.
 */
import { DEFAULT_NS, Translator } from './i18n-core';
import { LANGUAGES, type Language } from './languages';
import type { Messages } from './messages';

export { LANGUAGES, isLanguage, pickLanguage } from './languages';
export type { Language } from './languages';
export { leafKeys, messageAt, type Messages } from './messages';
export { Translator } from './i18n-core';

/** The names shown in the language picker (each in its own language). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', 'zh-CN': '简体中文' };

/** Interpolation values for `t()`; `count` selects the plural form. */
export type TParams = Record<string, string | number | boolean | null | undefined>;

/** Anything with a rule code, an English message and the values it was built from (Issue, FieldIssue). */
export interface IssueLike {
  code: string;
  message: string;
  params?: Record<string, string | number> | undefined;
}

/**
 * Makes a translator with the default namespace of each language given (English at least: it is the fallback); a
 * language's catalogue can be added later with `addCatalogue`. Empty strings count as missing (English shows).
 */
export function createTranslator(resources: Readonly<Partial<Record<Language, Messages>>> & { en: Messages }, language: Language): Translator {
  const instance = new Translator(language, 'en');
  for (const lang of LANGUAGES) {
    const messages = resources[lang];
    if (messages) instance.addResourceBundle(lang, DEFAULT_NS, messages);
  }
  return instance;
}

/** Adds a language's default-namespace catalogue to an instance made by `createTranslator`. */
export function addCatalogue(instance: Translator, language: Language, messages: Messages): void {
  instance.addResourceBundle(language, DEFAULT_NS, messages);
}

/** The i18n key of a validation rule's message. */
export function ruleKey(code: string): string {
  return `rules.${code}`;
}

/**
 * The message for one validation issue in the current language: `rules.<code>` interpolated with the issue's
 * params when a translation exists (in the current language or the English fallback), else the English message
 * main or the rule produced.
 */
export function translateIssueWith(instance: Translator, issue: IssueLike): string {
  const key = ruleKey(issue.code);
  if (!instance.exists(key)) return issue.message;
  const out = instance.t(key, { ...(issue.params ?? {}), defaultValue: issue.message });
  return typeof out === 'string' && out.length > 0 ? out : issue.message;
}

/**
 * Translations remembered per key + params, so a table that shows the same few strings in every row formats each
 * once. The owner clears it whenever the language or the resources change; it empties itself past `limit` entries
 * (counts and names make many distinct params).
 */
export class TranslationMemo {
  readonly #map = new Map<string, string>();

  constructor(readonly limit = 2000) {}

  /** The remembered translation of `key` with `params`, else `translate()`'s result, remembered. */
  get(key: string, params: TParams | undefined, translate: () => string): string {
    const id = params === undefined ? key : `${key}\u0000${JSON.stringify(params)}`;
    let out = this.#map.get(id);
    if (out === undefined) {
      out = translate();
      if (this.#map.size >= this.limit) this.#map.clear();
      this.#map.set(id, out);
    }
    return out;
  }

  /** Forgets everything (after a change of language or resources). */
  clear(): void {
    this.#map.clear();
  }

  /** Number of remembered translations. */
  get size(): number {
    return this.#map.size;
  }
}
