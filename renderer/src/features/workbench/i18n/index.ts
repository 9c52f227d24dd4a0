/** The workbench's strings: registers the `workbench` namespace and offers `bt()` with typed keys. */
import { registerResources, t, type TParams } from '../../../lib/i18n';
import type { LeafKeys } from '../../wizard/i18n';
import { workbenchEn } from './en';
import { workbenchZhCN } from './zh-CN';

export const WORKBENCH_NS = 'workbench';

/** A key of the workbench namespace (plural keys by their base name). */
export type WorkbenchKey = LeafKeys<typeof workbenchEn> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

registerResources('en', WORKBENCH_NS, workbenchEn);
registerResources('zh-CN', WORKBENCH_NS, workbenchZhCN);

/** Translates a workbench key in the current language. */
export function bt(key: WorkbenchKey, params?: TParams): string {
  return t(`${WORKBENCH_NS}:${key}`, params);
}
