/**
 * Shared `Intl` formatters, one per language (and one collator): creating one costs far more than using it (ICU
 * data and options; in a cold renderer the first date-time formatter alone takes tens of ms). Free of i18next and
 * Svelte, so the entry script can create them ahead of time while it waits for the network (`warmFormats`).
 */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
let collator: Intl.Collator | null = null;

/** Medium date + short time in `language` (e.g. "Nov 24, 2026, 1:51 AM"). */
export function dateTimeFormat(language: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(language);
  if (!f) dateTimeFormats.set(language, (f = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })));
  return f;
}

/** Grouped numbers in `language` (e.g. "10,000"). */
export function numberFormat(language: string): Intl.NumberFormat {
  let f = numberFormats.get(language);
  if (!f) numberFormats.set(language, (f = new Intl.NumberFormat(language)));
  return f;
}

/** Natural, case- and accent-insensitive text order ("svc-2" before "svc-10"), for table sorts. */
export function naturalCollator(): Intl.Collator {
  return (collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));
}

/** Creates the formatters of `language` and the collator now, so their first real use is cheap. */
export function warmFormats(language: string): void {
  warmListingFormats(language);
  dateTimeFormat(language);
}

/**
 * Creates what a first listing uses now: the number format of `language`. (Its sort needs the collator only for names
 * that are not plain ASCII: features/listing/natural-order.ts.)
 */
export function warmListingFormats(language: string): void {
  numberFormat(language);
}

/**
 * Creates the formatters of `language` in a short-lived worker: the ICU data they load is shared by the whole
 * renderer process, so creating them on the page's thread afterwards is cheap, and the page keeps its own thread
 * for loading and showing the app meanwhile. Resolves once the worker is done, or at once if it cannot run.
 */
export function warmFormatsOffThread(language: string): Promise<void> {
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

