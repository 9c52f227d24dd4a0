/**
 * The first paint (browser mode): the page of the printed URL asks the host to render its first screen from the
 * cached inventory, as the app's own components would render it for this window, and shows that while the app's code
 * loads; the app then mounts in its place. The page knows what the host cannot: the route (the URL's hash), the
 * language and theme chosen, the remembered account + region and the window's size. They come in the query of
 * `GET /first-paint?ticket=…`, with a single-use ticket the host put in that page (the same rules as `/boot`): the
 * answer is the HTML of the app's root (200), or nothing (204) when the route is no listing. This module is the query's
 * one definition, for the page that builds it and the host that reads it.
 */

/** The path of the first paint. */
export const FIRST_PAINT_PATH = '/first-paint';

/**
 * The page script's file in the renderer's folder (built from renderer/src/first-paint/page-script.ts), which the host
 * inlines into the page of the printed URL.
 */
export const FIRST_PAINT_SCRIPT = 'first-paint.js';

/** What the page says about itself. */
export interface FirstPaintParams {
  /** The URL's hash as it is (`#/listeners?lb=…`, or empty). */
  hash: string;
  /** The UI language the app will start in. */
  language: string;
  /** The theme chosen (system, light, dark). */
  theme: string;
  /** The remembered account + region (nulls for none). */
  accountId: string | null;
  region: string | null;
  /** The window's inner height and the root font size, in CSS px. */
  height: number;
  remPx: number;
}

const MAX_TEXT = 512;
const KEYS = { hash: 'h', language: 'l', theme: 't', accountId: 'a', region: 'r', height: 'vh', remPx: 'rem' } as const;

/** A query's values by name (`URLSearchParams` has this shape). */
export interface QueryValues {
  get(name: string): string | null;
}

/** The query of a first-paint request (without the ticket). */
export function firstPaintQuery(p: FirstPaintParams): string {
  const pairs: [string, string | null][] = [
    [KEYS.hash, p.hash],
    [KEYS.language, p.language],
    [KEYS.theme, p.theme],
    [KEYS.accountId, p.accountId],
    [KEYS.region, p.region],
    [KEYS.height, String(p.height)],
    [KEYS.remPx, String(p.remPx)],
  ];
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function text(q: QueryValues, key: string, optional: boolean): string | null | undefined {
  const v = q.get(key);
  if (v === null) return optional ? null : undefined;
  return v.length <= MAX_TEXT ? v : undefined;
}

function number(q: QueryValues, key: string, min: number, max: number): number | undefined {
  const raw = q.get(key);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

/**
 * The page's parameters from a request's query, or a message naming the first one that is missing or out of range
 * (texts up to 512 characters; a height of 1–100,000 px; a root font size of 1–200 px).
 */
export function readFirstPaintQuery(q: QueryValues): { ok: true; value: FirstPaintParams } | { ok: false; message: string } {
  const hash = text(q, KEYS.hash, false);
  const language = text(q, KEYS.language, false);
  const theme = text(q, KEYS.theme, false);
  const accountId = text(q, KEYS.accountId, true);
  const region = text(q, KEYS.region, true);
  const height = number(q, KEYS.height, 1, 100_000);
  const remPx = number(q, KEYS.remPx, 1, 200);
  const bad = (name: string, rule: string) => ({ ok: false as const, message: `First paint: ${name} ${rule}.` });
  if (hash === undefined || hash === null) return bad('hash', 'must be text of at most 512 characters');
  if (!language) return bad('language', 'must be text of 1 to 512 characters');
  if (!theme) return bad('theme', 'must be text of 1 to 512 characters');
  if (accountId === undefined) return bad('account', 'must be text of at most 512 characters');
  if (region === undefined) return bad('region', 'must be text of at most 512 characters');
  if (height === undefined) return bad('window height', 'must be a number of 1 to 100,000 px');
  if (remPx === undefined) return bad('root font size', 'must be a number of 1 to 200 px');
  return { ok: true, value: { hash, language, theme, accountId, region, height, remPx } };
}
