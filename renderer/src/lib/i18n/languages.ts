/**
 * The UI languages and the choice of the first one: free of i18next and Svelte, so the entry script can use it
 * before the app's code is loaded.
 */

/** The UI languages, in picker order. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where the user's choice of language is remembered. */
export const LANGUAGE_STORAGE_KEY = 'elb-desk-language';

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

/** The language this session starts in: the remembered choice, else the browser's languages. */
export function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    /* storage unavailable: the browser's languages decide */
  }
  return pickLanguage(stored, typeof navigator === 'undefined' ? [] : navigator.languages);
}
