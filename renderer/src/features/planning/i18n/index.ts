/** The planning aids' strings: registers the `planning` namespace and offers `pt()` with typed keys. */
import { registerResources, t, type TParams } from '../../../lib/i18n';
import type { LeafKeys } from '../../wizard/i18n';
import { planningEn } from './en';
import { planningZhCN } from './zh-CN';

export const PLANNING_NS = 'planning';

/** A key of the planning namespace (plural keys by their base name). */
export type PlanningKey = LeafKeys<typeof planningEn> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

registerResources('en', PLANNING_NS, planningEn);
registerResources('zh-CN', PLANNING_NS, planningZhCN);

/** Translates a planning key in the current language. */
export function pt(key: PlanningKey, params?: TParams): string {
  return t(`${PLANNING_NS}:${key}`, params);
}
