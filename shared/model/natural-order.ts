/**
 * The natural collator's order (`Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })`, the renderer's
 * lib/i18n/formats.ts)
 * for plain ASCII names — letters, digits, space, `_`, `-` and `.` — in JS, without the collator. Creating the first
 * collator costs a cold renderer tens of ms (ICU's collation data), which the first listing's sort would pay before its
 * first row; names like `tcp-443` or `svc_2.prod` are sorted here instead, exactly as the collator sorts them (checked
 * against it in natural-order.test.ts), and anything else goes to the collator.
 *
 * The order is CLDR root's at base strength: space < `_` < `-` < `.` < digits < letters; case is ignored; a run of
 * digits compares by its value (leading zeros ignored); a string that is a prefix of another comes first.
 */

/** Names this module can order. */
const SIMPLE = /^[A-Za-z0-9 _.-]*$/;

/** True when `s` is a name `compareSimple` orders exactly like the collator. */
export function isSimpleName(s: string): boolean {
  return SIMPLE.test(s);
}

/** Primary rank of a non-digit character: the punctuation, then letters (case-folded) after every digit. */
function rank(code: number): number {
  if (code === 32) return 0; // space
  if (code === 95) return 1; // _
  if (code === 45) return 2; // -
  if (code === 46) return 3; // .
  if (code >= 97) return code; // a-z (97–122)
  return code + 32; // A-Z → a-z
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare` for two simple names (isSimpleName). */
export function compareSimple(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    const dx = isDigit(x);
    const dy = isDigit(y);
    if (dx && dy) {
      // Two numbers: compare their values (significant digits first by count, then digit by digit).
      let ei = i;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      let ej = j;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      let si = i;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      const lengths = ei - si - (ej - sj);
      if (lengths !== 0) return lengths < 0 ? -1 : 1;
      for (let k = 0; k < ei - si; k++) {
        const c = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (c !== 0) return c < 0 ? -1 : 1;
      }
      i = ei;
      j = ej;
      continue;
    }
    // A digit sorts after the punctuation and before every letter.
    if (dx !== dy) {
      const other = dx ? y : x;
      const otherIsLetter = rank(other) >= 97;
      return dx === otherIsLetter ? -1 : 1;
    }
    const rx = rank(x);
    const ry = rank(y);
    if (rx !== ry) return rx < ry ? -1 : 1;
    i++;
    j++;
  }
  const left = a.length - i;
  const right = b.length - j;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The listings' last tie-break: IDs in code-unit order, so rows that sort alike never depend on where they came from. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let collator: Intl.Collator | null = null;

/** Natural, case- and accent-insensitive text order ("svc-2" before "svc-10"): the one collator of the app, created once. */
export function naturalCollator(): Intl.Collator {
  return (collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));
}

/** A row to order: its sort value (null or '' = empty), its ID and its place in the input. */
export interface Keyed<V> {
  value: V | null;
  id: string;
  index: number;
}

/**
 * The listings' one order rule: empty values ('' or null) last whatever the direction, then `compare` (times `sign`:
 * -1 for descending), then by ID (`byId`), then the input's order.
 */
export function listingOrder<V>(compare: (a: V, b: V) => number, sign: 1 | -1 = 1): (x: Keyed<V>, y: Keyed<V>) => number {
  return (x, y) => {
    const xEmpty = x.value === null || x.value === '';
    const yEmpty = y.value === null || y.value === '';
    if (xEmpty !== yEmpty) return xEmpty ? 1 : -1;
    if (!xEmpty) {
      const c = compare(x.value as V, y.value as V);
      if (c !== 0) return sign * c;
    }
    return byId(x.id, y.id) || x.index - y.index;
  };
}

/** `keyed` in `order`, sorted in place; rows already in that order (the stored order) cost one pass, not a sort. */
export function sortKeyed<K>(keyed: K[], order: (x: K, y: K) => number): K[] {
  for (let i = 1; i < keyed.length; i++) if (order(keyed[i - 1]!, keyed[i]!) >= 0) return keyed.sort(order);
  return keyed;
}

/**
 * A copy of `items` in the order of the listings' default sort — by name, natural order, empty names last, equal names
 * by ID (`listingOrder`) — as the renderer's sort (features/listing/filters.ts) gives it. The inventory cache stores
 * listeners in this order, so the first listing after a start finds them sorted with one pass instead of sorting them.
 */
export function byNaturalName<T extends { name: string; id: string }>(items: readonly T[]): T[] {
  const simple = items.every((i) => isSimpleName(i.name));
  const compare = simple ? compareSimple : (a: string, b: string): number => naturalCollator().compare(a, b);
  const keyed = items.map((item, index) => ({ item, index, id: item.id, value: item.name }));
  return sortKeyed(keyed, listingOrder(compare)).map((k) => k.item);
}
