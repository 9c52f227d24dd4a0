/**
 * The small translation engine behind `t()`: nested string catalogues per language and namespace, `{{name}}`
 * interpolation, plurals by `count` with the `_one` / `_other` / … suffixes of `Intl.PluralRules` (the i18next JSON v4
 * convention the catalogues follow), a fallback language, and namespaces added later (`ns:key`). It replaces i18next,
 * whose ~48 KB of code the first screen paid for while using only this much of it. Free of Svelte and the DOM.
 */
import type { Messages } from './messages';

/** Values for interpolation; `count` also selects the plural form, `defaultValue` is the text when nothing is found. */
export type TranslateOptions = Record<string, unknown> & { count?: unknown; defaultValue?: string };

/** The default namespace (the app's own catalogue). */
export const DEFAULT_NS = 'translation';

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** A value at a dotted path of `node`, where a key of the catalogue may itself contain dots (`rules['a.b.c']`). */
function find(node: unknown, parts: readonly string[], from = 0): unknown {
  if (from === parts.length) return node;
  if (typeof node !== 'object' || node === null) return undefined;
  const table = node as Record<string, unknown>;
  for (let to = from + 1; to <= parts.length; to++) {
    const key = to === from + 1 ? parts[from]! : parts.slice(from, to).join('.');
    if (Object.hasOwn(table, key)) {
      const found = find(table[key], parts, to);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Deep merge of `source` into `target` (later strings win). */
function merge(target: Messages, source: Messages): Messages {
  for (const [k, v] of Object.entries(source)) {
    const current = target[k];
    if (typeof v === 'object' && typeof current === 'object') merge(current, v);
    else target[k] = typeof v === 'object' ? merge({}, v) : v;
  }
  return target;
}

/** `{{name}}` → its value (null → empty); placeholders without a value stay as written. */
function interpolate(text: string, values: TranslateOptions): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = name in values ? values[name] : find(values, name.split('.'));
    if (value === undefined) return whole;
    return value === null ? '' : String(value as string | number | boolean);
  });
}

/** Translations of several languages and namespaces, in one current language with a fallback. */
export class Translator {
  #language: string;
  readonly #fallback: string;
  readonly #resources = new Map<string, Map<string, Messages>>();
  readonly #plurals = new Map<string, Intl.PluralRules>();

  constructor(language: string, fallback: string) {
    this.#language = language;
    this.#fallback = fallback;
  }

  /** The current language. */
  get language(): string {
    return this.#language;
  }

  /** Switches the current language (resolved at once; a promise for callers that await it). */
  changeLanguage(language: string): Promise<void> {
    this.#language = language;
    return Promise.resolve();
  }

  /** Adds `resources` to a language's namespace (merged deeply into what is there; later strings win). */
  addResourceBundle(language: string, ns: string, resources: Messages): void {
    let byNs = this.#resources.get(language);
    if (!byNs) this.#resources.set(language, (byNs = new Map()));
    byNs.set(ns, merge(byNs.get(ns) ?? {}, resources));
  }

  /** True when `key` (`ns:key` for another namespace) has a string in the current language or the fallback. */
  exists(key: string): boolean {
    return this.#resolve(key, undefined) !== undefined;
  }

  /** The string of `key` with `options` interpolated; `defaultValue`, else the key, when there is none. */
  t(key: string, options: TranslateOptions = {}): string {
    const found = this.#resolve(key, options.count);
    if (found !== undefined) return interpolate(found, options);
    if (typeof options.defaultValue === 'string') return interpolate(options.defaultValue, options);
    return splitKey(key).key;
  }

  #resolve(fullKey: string, count: unknown): string | undefined {
    const { ns, key } = splitKey(fullKey);
    const parts = key.split('.');
    const languages = this.#language === this.#fallback ? [this.#language] : [this.#language, this.#fallback];
    for (const language of languages) {
      const table = this.#resources.get(language)?.get(ns);
      if (!table) continue;
      const candidates: string[] = [];
      if (typeof count === 'number') {
        if (count === 0) candidates.push(`${key}_zero`);
        candidates.push(`${key}_${this.#pluralCategory(language, count)}`);
      }
      candidates.push(key);
      for (const candidate of candidates) {
        const found = candidate === key ? find(table, parts) : find(table, candidate.split('.'));
        if (typeof found === 'string' && found !== '') return found;
      }
    }
    return undefined;
  }

  /**
   * The plural category of `count`: English and Chinese whole numbers without ICU (English: "one" for ±1 only; Chinese
   * has one form), any other case from `Intl.PluralRules`.
   */
  #pluralCategory(language: string, count: number): Intl.LDMLPluralRule {
    if (Number.isSafeInteger(count)) {
      if (language === 'en') return Math.abs(count) === 1 ? 'one' : 'other';
      if (language === 'zh-CN') return 'other';
    }
    return this.#pluralRules(language).select(count);
  }

  #pluralRules(language: string): Intl.PluralRules {
    let rules = this.#plurals.get(language);
    if (!rules) this.#plurals.set(language, (rules = new Intl.PluralRules(language)));
    return rules;
  }
}

/** `ns:key` → its namespace and key (the default namespace when there is no `:`). */
function splitKey(fullKey: string): { ns: string; key: string } {
  const at = fullKey.indexOf(':');
  return at < 0 ? { ns: DEFAULT_NS, key: fullKey } : { ns: fullKey.slice(0, at), key: fullKey.slice(at + 1) };
}
