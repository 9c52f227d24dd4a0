/**
 * Small pure formatters for the wizard's summary and hints: ports, number fields, text fields and row keys.
 */
import type { ListenerConfig } from '../../../../shared/model/draft';

/** The listening port(s) as text: `8080`, `1000-2000, 3000-3000`, or '' when nothing is entered yet. */
export function portText(l: Pick<ListenerConfig, 'portMode' | 'port' | 'portRanges'>): string {
  if (l.portMode === 'single') return l.port === null ? '' : String(l.port);
  return l.portRanges
    .filter((r) => r.start !== null || r.end !== null)
    .map((r) => `${r.start ?? '?'}-${r.end ?? '?'}`)
    .join(', ');
}

/** A number as a user-facing string in `lang`, with digit grouping (1,000,000); '' for null. */
export function formatNumber(n: number | null | undefined, lang = 'en'): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  try {
    return new Intl.NumberFormat(lang).format(n);
  } catch {
    return String(n);
  }
}

/** The length counter of a text field, e.g. `12/255`. Counted in characters (code points), as the API does. */
export function lengthCounter(text: string, max: number): string {
  return `${[...text].length}/${max}`;
}

/** Number of characters (code points) in `text`. */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * Parses a number typed into a plain text box (bulk edits): '' → null, a finite number → the number, anything
 * else → NaN (so validation or the caller can refuse it rather than treating it as empty).
 */
export function parseNumberInput(raw: string): number | null {
  const s = raw.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * A stable key for a row object without an id of its own (port ranges, tags), for keyed `each` blocks. The same
 * object (or Svelte proxy) always gets the same key; a new object gets a new one.
 */
export function rowKeyer(prefix: string): (row: object) => string {
  const keys = new WeakMap<object, string>();
  let next = 0;
  return (row) => {
    let k = keys.get(row);
    if (k === undefined) keys.set(row, (k = `${prefix}${next++}`));
    return k;
  };
}

/** The value of a number input: '' → null; a finite number → it; anything else → null (never NaN). */
export function numberFromInput(raw: string): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}
