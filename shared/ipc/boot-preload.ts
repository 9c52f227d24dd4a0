/**
 * The first screen's data, preloaded (browser mode): the host answers the document request of the printed URL (the
 * one carrying a valid `?token=`) with the page as built plus, in its head before the first script, a
 * `<link rel="preload" as="fetch" id="elb-desk-boot" href="./boot?ticket=…">` — a single-use, short-lived ticket for
 * the `app:boot` answer. The browser fetches that answer while the page's scripts load; the entry script takes it
 * (the same request, so the preload is used) and the first listing needs no call of its own. The JSON is parsed as
 * JSON, not by the HTML parser (a data block inside the page cost the parser ~30 ms at 1,000 listeners, and grew with
 * the inventory). The token is never in the page nor in the ticket's URL. Without a valid token (a reload, a new tab)
 * the page comes as built and the renderer asks `app:boot` as usual. The Electron preload could hand the answer over
 * the same way later.
 */

/** The id of the preload link. */
export const BOOT_PRELOAD_ID = 'elb-desk-boot';

/** The path of the boot answer: GET with `?ticket=` (single use). */
export const BOOT_PATH = '/boot';

/** The preload link of the boot answer for one ticket (a base64url ticket: nothing in it needs escaping). */
export function bootPreloadLink(ticket: string): string {
  return `<link rel="preload" as="fetch" crossorigin href=".${BOOT_PATH}?ticket=${encodeURIComponent(ticket)}" id="${BOOT_PRELOAD_ID}">`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The JSON text of a boot answer. With `cache`, the JSON of `value.inventory` is kept per inventory object: the core
 * hands out the same cached inventory object until a sync replaces it, so the first load after a sync writes it once
 * (megabytes at 10,000 listeners) and later ones reuse the text.
 */
export function bootJson(value: unknown, cache?: WeakMap<object, string>): string {
  if (!cache || !isObject(value) || !isObject(value.inventory)) return JSON.stringify(value);
  const inventory = value.inventory;
  let text = cache.get(inventory);
  if (text === undefined) cache.set(inventory, (text = JSON.stringify(inventory)));
  const fields = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${k === 'inventory' ? text : JSON.stringify(v)}`).join(',')}}`;
}
