/**
 * The wizard's strings: registers the `wizard` namespace with the app's i18n and offers `wt()` (typed keys of
 * that namespace) and `issueText()` (a validation issue in the current language, by rule code with the English
 * message as fallback).
 */
import { registerResources, t, translateIssue, type TParams } from '../../../lib/i18n';
import type { Issue } from '../../../../../shared/validation/issue';
import { wizardEn } from './en';
import { wizardZhCN } from './zh-CN';

/** The namespace of the wizard's strings. */
export const WIZARD_NS = 'wizard';

/** Every dotted leaf key of a nested string table. */
export type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];

/** A key of the wizard namespace, e.g. `listener.port` (plural keys by their base name). */
export type WizardKey = LeafKeys<typeof wizardEn> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

registerResources('en', WIZARD_NS, wizardEn);
registerResources('zh-CN', WIZARD_NS, wizardZhCN);

/** Translates a wizard key in the current language (re-runs in templates when the language changes). */
export function wt(key: WizardKey, params?: TParams): string {
  return t(`${WIZARD_NS}:${key}`, params);
}

/** The message of a validation issue: `rules.<code>` with its params when translated, else the English message. */
export function issueText(issue: Issue): string {
  return translateIssue(issue);
}
