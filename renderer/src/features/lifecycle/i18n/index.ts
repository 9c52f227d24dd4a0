/** The lifecycle's strings: registers the `lifecycle` namespace and offers `lt()` with typed keys. */
import { registerResources, t, type TParams } from '../../../lib/i18n';
import { lifecycleEn } from './en';
import { lifecycleZhCN } from './zh-CN';

export const LIFECYCLE_NS = 'lifecycle';

type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];
export type LifecycleKey = LeafKeys<typeof lifecycleEn> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

registerResources('en', LIFECYCLE_NS, lifecycleEn);
registerResources('zh-CN', LIFECYCLE_NS, lifecycleZhCN);

/** Translates a lifecycle key in the current language. */
export function lt(key: LifecycleKey, params?: TParams): string {
  return t(`${LIFECYCLE_NS}:${key}`, params);
}
