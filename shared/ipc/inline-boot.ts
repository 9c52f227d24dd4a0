/**
 * The first screen's data inlined into the page (browser mode): the host answers the document request of the
 * printed URL (the one carrying a valid `?token=`) with the `app:boot` answer in a
 * `<script type="application/json" id="elb-desk-boot">` block, so the first listing needs no round trip. A data block
 * is not script (the CSP's `script-src 'self'` stays as it is); the token is never in it. Without a valid token (a
 * reload, a new tab) the page comes as built and the renderer asks `app:boot` as usual. The Electron preload could
 * hand the same answer over later.
 */

/** The id of the data block. */
export const INLINE_BOOT_ID = 'elb-desk-boot';

/**
 * JSON text that is safe inside a `<script>` data block: every `<` is escaped (`\u003c`), so the text can never
 * close the element or open a comment; U+2028/U+2029 too. `JSON.parse` reads it back unchanged.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The data block carrying `value`. With `cache`, the JSON of `value.inventory` is kept per inventory object: the core
 * hands out the same cached inventory object until a sync replaces it, so the first load after a sync writes it once
 * (megabytes at 10,000 listeners) and later ones reuse the text.
 */
export function inlineBootBlock(value: unknown, cache?: WeakMap<object, string>): string {
  return `<script type="application/json" id="${INLINE_BOOT_ID}">${bootJson(value, cache)}</script>`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bootJson(value: unknown, cache: WeakMap<object, string> | undefined): string {
  if (!cache || !isObject(value) || !isObject(value.inventory)) return jsonForHtml(value);
  const inventory = value.inventory;
  let text = cache.get(inventory);
  if (text === undefined) cache.set(inventory, (text = jsonForHtml(inventory)));
  const fields = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${fields.map(([k, v]) => `${jsonForHtml(k)}:${k === 'inventory' ? text : jsonForHtml(v)}`).join(',')}}`;
}
