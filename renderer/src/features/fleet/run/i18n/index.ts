/** The fleet run page's strings: registers the `fleetRun` namespace and offers `ft()` with typed keys. */
import { registerResources, t, type TParams } from '../../../../lib/i18n';
import { fleetRunEn } from './en';
import { fleetRunZhCN } from './zh-CN';

export const FLEET_RUN_NS = 'fleetRun';

type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`;
}[keyof T & string];
/** Plural keys (`x_one` / `x_other`) are asked for by their base name `x` with a `count`. */
type Base<K extends string> = K extends `${infer B}_one` ? B : K extends `${string}_other` ? never : K;
export type FleetRunKey = Base<LeafKeys<typeof fleetRunEn>>;

registerResources('en', FLEET_RUN_NS, fleetRunEn);
registerResources('zh-CN', FLEET_RUN_NS, fleetRunZhCN);

/** Translates a fleet-run key in the current language. */
export function ft(key: FleetRunKey, params?: TParams): string {
  return t(`${FLEET_RUN_NS}:${key}`, params);
}
