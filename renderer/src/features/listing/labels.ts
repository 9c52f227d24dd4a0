/** Labels of API values shared by the listings and the listener's page, in the UI's language. */
import { hasKey, t } from '../../lib/i18n';

/** A pool's load-balancing algorithm as the console names it ("Weighted round robin"); an unknown one as the API says it. */
export function algorithmLabel(algorithm: string): string {
  const key = `serverGroups.algorithms.${algorithm}`;
  return hasKey(key) ? t(key) : algorithm;
}
