/** The fleet pages' strings: registers the `fleet` namespace and offers `ft()` with typed keys. */
import { registerResources, t, type TParams } from '../../../../lib/i18n';
import type { LeafKeys } from '../../../wizard/i18n';
import { fleetEn } from './en';
import { fleetZhCN } from './zh-CN';

export const FLEET_NS = 'fleet';

/** A key of the fleet namespace (plural keys by their base name). */
export type FleetKey = LeafKeys<typeof fleetEn> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

registerResources('en', FLEET_NS, fleetEn);
registerResources('zh-CN', FLEET_NS, fleetZhCN);

/** Translates a fleet key in the current language. */
export function ft(key: FleetKey, params?: TParams): string {
  return t(`${FLEET_NS}:${key}`, params);
}
