/**
 * The renderer's i18n entry point. Components call `t("section.key", params)`; feature folders add their own
 * namespace with `registerResources(lang, ns, resources)` and call `t('ns:key')`.
 */
export {
  t,
  hasKey,
  locale,
  setLanguage,
  loadCatalogue,
  registerResources,
  translateIssue,
  formatDateTime,
  formatNumber,
  LANGUAGES,
  mainMessageReader,
} from './locale.svelte';
export type { Language, Messages, TParams, IssueLike, MainMessageReader } from './locale.svelte';
export { LANGUAGE_NAMES, isLanguage } from './translator';
