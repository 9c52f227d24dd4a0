/** The workbench's strings: registers the `workbench` namespace and offers `bt()` with typed keys. */
import { registerResources, t, type TParams } from '../../../lib/i18n';
import { workbenchEn } from './en';
import { workbenchZhCN } from './zh-CN';

export const WORKBENCH_NS = 'workbench';

type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];
export type WorkbenchKey = LeafKeys<typeof workbenchEn>;

registerResources('en', WORKBENCH_NS, workbenchEn);
registerResources('zh-CN', WORKBENCH_NS, workbenchZhCN);

/** Translates a workbench key in the current language. */
export function bt(key: WorkbenchKey, params?: TParams): string {
  return t(`${WORKBENCH_NS}:${key}`, params);
}
