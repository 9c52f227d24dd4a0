/**
 * Shared `Intl` formatters, one per language (and one collator): creating one costs far more than using it (ICU
 * data and options; in a cold renderer the first date-time formatter alone takes tens of ms). Free of i18next and
 * Svelte, so the Intl warm-up worker can create them off the page's thread (`warmFormats`).
 */
import { naturalCollator } from '../../../../shared/model/natural-order';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Medium date + short time in `language` (e.g. "Nov 24, 2026, 1:51 AM"). */
export function dateTimeFormat(language: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(language);
  if (!f) dateTimeFormats.set(language, (f = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })));
  return f;
}

/**
 * A whole number grouped by thousands with commas, as `Intl.NumberFormat` writes it in English and Simplified Chinese
 * ("10,000"), without loading ICU's number data; null for any other number or language (use the formatter).
 */
export function groupedInteger(n: number, language: string): string | null {
  if (!Number.isSafeInteger(n) || (language !== 'en' && language !== 'zh-CN')) return null;
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return n < 0 ? `-${out}` : out;
}

/** Grouped numbers in `language` (e.g. "10,000"). */
export function numberFormat(language: string): Intl.NumberFormat {
  let f = numberFormats.get(language);
  if (!f) numberFormats.set(language, (f = new Intl.NumberFormat(language)));
  return f;
}

/** Natural, case- and accent-insensitive text order, for table sorts: the one main uses too (shared/model/natural-order.ts). */
export { naturalCollator };

/**
 * Creates the number and date-time formats of `language` now, so their first real use is cheap (the Intl warm-up
 * worker's job). Whole numbers in English and Chinese need no number format (`groupedInteger`); a listing's sort needs
 * the collator only for names that are not plain ASCII (shared/model/natural-order.ts).
 */
export function warmFormats(language: string): void {
  numberFormat(language);
  dateTimeFormat(language);
}

/**
 * Creates the formatters of `language` in a short-lived worker (once per language; later calls get the same promise):
 * the ICU data they load is shared by the whole renderer process, so creating them on the page's thread afterwards is
 * cheap. Resolves once the worker is done, or at once if it cannot run. The first screen needs none of them (whole
 * numbers and plurals in English and Chinese go without ICU: `groupedInteger`, i18n-core's plural rule), so the
 * header starts this after the first paint, not while the first screen is being loaded on a machine's few cores.
 */
export function warmFormatsOffThread(language: string): Promise<void> {
  let done = warmups.get(language);
  if (!done) warmups.set(language, (done = startWarmup(language)));
  return done;
}

/** The warm-ups started, per language (each runs once). */
const warmups = new Map<string, Promise<void>>();

function startWarmup(language: string): Promise<void> {
  if (typeof Worker !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    try {
      const worker = new Worker(new URL('./intl-warmup.worker.ts', import.meta.url), { name: language });
      const done = (): void => {
        worker.terminate();
        resolve();
      };
      worker.addEventListener('message', done);
      worker.addEventListener('error', done);
    } catch {
      resolve();
    }
  });
}

