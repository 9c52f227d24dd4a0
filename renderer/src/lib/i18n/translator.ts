/**
 * The i18next set-up, free of Svelte so it can be unit-tested in Node. The rune-backed `t()` the components
 * use lives in `locale.svelte.ts` and wraps an instance made here.
 */
import i18next, { type i18n as I18n, type Resource } from 'i18next';

/** The UI languages, in picker order. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The names shown in the language picker (each in its own language). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', 'zh-CN': '简体中文' };

/** A nested string table: the shape every resource file of one namespace shares. */
export interface Messages {
  [key: string]: string | Messages;
}

/** Interpolation values for `t()`; `count` selects the plural form. */
export type TParams = Record<string, string | number | boolean | null | undefined>;

/** Anything with a rule code, an English message and the values it was built from (Issue, FieldIssue). */
export interface IssueLike {
  code: string;
  message: string;
  params?: Record<string, string | number> | undefined;
}

/** True when `value` names one of the UI languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language to start in: a stored choice wins, then the first browser language that maps to a UI
 * language (any `zh*` → zh-CN, any `en*` → en), then English.
 */
export function pickLanguage(stored: string | null | undefined, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Makes a synchronous, isolated i18next instance with the `translation` namespace of each language. */
export function createTranslator(resources: Readonly<Record<Language, Messages>>, language: Language): I18n {
  const instance = i18next.createInstance();
  const res: Resource = {};
  for (const lang of LANGUAGES) res[lang] = { translation: resources[lang] };
  void instance.init({
    resources: res,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    defaultNS: 'translation',
    ns: ['translation'],
    initAsync: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
  });
  return instance;
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
export function translateIssueWith(instance: I18n, issue: IssueLike): string {
  const key = ruleKey(issue.code);
  if (!instance.exists(key)) return issue.message;
  const out = instance.t(key, { ...(issue.params ?? {}), defaultValue: issue.message });
  return typeof out === 'string' && out.length > 0 ? out : issue.message;
}

/** Every leaf key of a nested table, dotted (`a.b.c`), sorted — used to check that languages agree. */
export function leafKeys(messages: Messages, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push(key);
    else out.push(...leafKeys(v, key));
  }
  return out.sort();
}
