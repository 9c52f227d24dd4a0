/**
 * List queries: filters (repeated keys = OR) and marker pagination with `limit` (0–2000, default 2000),
 * `marker` (must be a real ID of that kind, else 400 ELB.8902) and `page_reverse`.
 */
import { badRequest } from './errors';

/** Reads a record's value(s) for a filter key. */
export type FilterAccessor<T> = (item: T) => string | number | boolean | null | undefined | (string | number)[];

/** The filters a list accepts: query key → accessor. */
export type FilterSpec<T> = Record<string, FilterAccessor<T>>;

/** `page_info` of a list reply. `next_marker` is omitted on the last page. */
export interface PageInfo {
  previous_marker?: string;
  next_marker?: string;
  current_count: number;
}

/** Builds the matcher for the filters present in the query. */
export function buildFilter<T>(query: URLSearchParams, spec: FilterSpec<T>): (item: T) => boolean {
  const active: [FilterAccessor<T>, Set<string>][] = [];
  for (const [key, acc] of Object.entries(spec)) {
    const values = query.getAll(key);
    if (values.length > 0) active.push([acc, new Set(values)]);
  }
  if (active.length === 0) return () => true;
  return (item) =>
    active.every(([acc, values]) => {
      const v = acc(item);
      if (Array.isArray(v)) return v.some((x) => values.has(String(x)));
      if (v === null || v === undefined) return values.has('');
      return values.has(String(v));
    });
}

/** Reads `limit` (0–2000, default 2000). */
export function readLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return 2000;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > 2000) {
    throw badRequest(`Invalid input for field 'limit': must be an integer from 0 to 2000 (got ${JSON.stringify(raw)}).`);
  }
  return Number(raw);
}

/**
 * One page of `all` (in creation order). With `marker`, the page starts after that item; with `page_reverse=true`
 * it is the `limit` matching items before the marker (still returned in forward order).
 */
export function paginate<T extends { id: string }>(
  all: Map<string, T> | T[],
  query: URLSearchParams,
  spec: FilterSpec<T>,
  kind: string,
): { items: T[]; page_info: PageInfo } {
  const limit = readLimit(query);
  const marker = query.get('marker');
  const reverseRaw = query.get('page_reverse');
  if (reverseRaw !== null && reverseRaw !== 'true' && reverseRaw !== 'false') {
    throw badRequest(`Invalid input for field 'page_reverse': must be true or false (got ${JSON.stringify(reverseRaw)}).`);
  }
  const reverse = reverseRaw === 'true';
  const exists = Array.isArray(all) ? (id: string) => all.some((x) => x.id === id) : (id: string) => all.has(id);
  if (marker !== null && marker !== '' && !exists(marker)) {
    throw badRequest(`Invalid input for field 'marker': ${JSON.stringify(marker)} is not the ID of an existing ${kind}.`);
  }
  const match = buildFilter(query, spec);
  const values = Array.isArray(all) ? all : all.values();
  const items: T[] = [];
  let more = false;
  if (!reverse || !marker) {
    let started = !marker;
    for (const it of values) {
      if (!started) {
        if (it.id === marker) started = true;
        continue;
      }
      if (!match(it)) continue;
      if (items.length >= limit) {
        more = true;
        break;
      }
      items.push(it);
    }
  } else {
    const before: T[] = [];
    for (const it of values) {
      if (it.id === marker) break;
      if (match(it)) before.push(it);
    }
    items.push(...before.slice(Math.max(0, before.length - limit)));
    // there is always the marker's page after a reverse page
    more = true;
  }
  const page_info: PageInfo = { current_count: items.length };
  const first = items[0];
  const last = items[items.length - 1];
  if (first) page_info.previous_marker = first.id;
  if (last && more) page_info.next_marker = last.id;
  return { items, page_info };
}
