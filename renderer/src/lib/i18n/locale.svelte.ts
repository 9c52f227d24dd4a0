/**
 * The UI's translation state. `t()` reads a rune, so any template or `$derived` that calls it re-runs when the
 * language changes or a namespace is registered. English is built in; another language's catalogue is a chunk of its
 * own, loaded when that language is chosen (or, for the language the app starts in, by the entry script before the
 * app is mounted: `loadCatalogue`).
 */
import { en } from './en';
import { dateTimeFormat, groupedInteger, numberFormat } from './formats';
import { initialLanguage, LANGUAGE_STORAGE_KEY } from './languages';
import {
  addCatalogue,
  createTranslator,
  isLanguage,
  LANGUAGES,
  translateIssueWith,
  TranslationMemo,
  type IssueLike,
  type Language,
  type Messages,
  type TParams,
} from './translator';

/** The current language and a revision bumped on every change of language or resources. */
class LocaleState {
  language = $state<Language>('en');
  revision = $state(0);
}

/** Reactive locale: read `locale.language` in templates; change it only through `setLanguage`. */
export const locale = new LocaleState();

const initial = initialLanguage();
const instance = createTranslator({ en }, initial);

/** Recognises one of main's own messages: its code and values (shared/mapping/app-messages.ts), or null. */
export type MainMessageReader = (text: string) => { code: string; params: Record<string, string> } | null;

/**
 * The readers of main's messages, per language: a catalogue that says them (`messages.<code>`) comes with one. English
 * has none — main's text is the English — so the first screen carries neither the templates nor the matching.
 */
const readers = new Map<Language, MainMessageReader>();

/** The catalogues that are not built in, each in its own chunk. */
const CATALOGUES: Readonly<Record<Exclude<Language, 'en'>, () => Promise<Messages>>> = {
  'zh-CN': () =>
    import('./zh-CN').then((m) => {
      readers.set('zh-CN', m.readMainMessage);
      return m.zhCN;
    }),
};

/** The current language's reader of main's messages, or null (English: main's text is shown as it is). */
export function mainMessageReader(): MainMessageReader | null {
  return readers.get(locale.language) ?? null;
}
const catalogues = new Map<Language, Promise<void>>([['en', Promise.resolve()]]);
const loadedCatalogues = new Set<Language>(['en']);

/**
 * Loads a language's catalogue (once; a failed load is tried again on the next call). Until it has loaded, its
 * strings fall back to English.
 */
export function loadCatalogue(language: Language): Promise<void> {
  let pending = catalogues.get(language);
  if (!pending) {
    pending = CATALOGUES[language as Exclude<Language, 'en'>]().then(
      (messages) => {
        addCatalogue(instance, language, messages);
        loadedCatalogues.add(language);
        locale.revision += 1;
      },
      (error: unknown) => {
        catalogues.delete(language);
        throw error;
      },
    );
    catalogues.set(language, pending);
  }
  return pending;
}

/** The language asked for last (it wins when catalogues load out of order). */
let wanted: Language = initial;
locale.language = initial;
if (typeof document !== 'undefined') document.documentElement.lang = initial;

const memo = new TranslationMemo();
let memoRevision = locale.revision;

/** Translates `key` (`ns:key` for other namespaces, e.g. `wizard:step1.title`) in the current language. */
export function t(key: string, params?: TParams): string {
  const revision = locale.revision;
  if (revision !== memoRevision) {
    memo.clear();
    memoRevision = revision;
  }
  return memo.get(key, params, () => {
    const out = instance.t(key, params ?? {});
    return typeof out === 'string' ? out : key;
  });
}

/** True when `key` has a translation in the current language or the English fallback. */
export function hasKey(key: string): boolean {
  void locale.revision;
  return instance.exists(key);
}

/**
 * Switches the UI language, remembers it in localStorage and updates `<html lang>`: at once when its catalogue is
 * loaded, else once it has loaded (a language asked for later wins; a catalogue that fails to load leaves the
 * language as it was).
 */
export function setLanguage(language: Language): void {
  if (!isLanguage(language)) return;
  wanted = language;
  if (loadedCatalogues.has(language)) applyLanguage(language);
  else
    loadCatalogue(language).then(
      () => {
        if (wanted === language) applyLanguage(language);
      },
      () => undefined,
    );
}

function applyLanguage(language: Language): void {
  void instance.changeLanguage(language);
  locale.language = language;
  locale.revision += 1;
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    /* private mode: the choice lasts for this session */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * Adds (deep-merging, overwriting) a namespace's strings for one language, e.g.
 * `registerResources('en', 'wizard', wizardEn)`; then `t('wizard:…')` finds them.
 */
export function registerResources(language: Language, ns: string, resources: Messages): void {
  instance.addResourceBundle(language, ns, resources);
  locale.revision += 1;
}

/** A validation issue's message in the current language (`rules.<code>` + params, else the English message). */
export function translateIssue(issue: IssueLike): string {
  void locale.revision;
  return translateIssueWith(instance, issue);
}

/** Formats an ISO time for the current language ("—"-free: returns the input when it cannot be parsed). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale.language).format(date);
}

/** Formats a count with the current language's grouping. */
export function formatNumber(n: number): string {
  return groupedInteger(n, locale.language) ?? numberFormat(locale.language).format(n);
}

export { LANGUAGES };
export type { Language, Messages, TParams, IssueLike };
