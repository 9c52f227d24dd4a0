/**
 * The UI's translation state. `t()` reads a rune, so any template or `$derived` that calls it re-runs when the
 * language changes or a namespace is registered.
 */
import { en } from './en';
import { zhCN } from './zh-CN';
import { dateTimeFormat, numberFormat } from './formats';
import { initialLanguage, LANGUAGE_STORAGE_KEY } from './languages';
import {
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
const instance = createTranslator({ en, 'zh-CN': zhCN }, initial);
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

/** Switches the UI language, remembers it in localStorage and updates `<html lang>`. */
export function setLanguage(language: Language): void {
  if (!isLanguage(language)) return;
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
  instance.addResourceBundle(language, ns, resources, true, true);
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
  return numberFormat(locale.language).format(n);
}

export { LANGUAGES };
export type { Language, Messages, TParams, IssueLike };
