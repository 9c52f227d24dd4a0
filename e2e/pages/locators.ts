/** Small locator helpers shared by the page objects (no page-object imports, so no import cycles). */
import type { Locator, Page } from '@playwright/test';

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A role name that starts with `text` followed by whitespace or the end (row headers carry the ID after the name). */
export function startsWithName(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}(\\s|$)`);
}

/**
 * The row of the main table whose row header is named `name` (row headers are labelled by the item's name only;
 * its ID or kind is the header's description).
 */
export function rowByName(page: Page, name: string): Locator {
  return page.getByRole('main').getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** Parses "1,234 of 10,000 …" into numbers. */
export function parseCount(text: string): { shown: number; total: number } {
  const m = /([\d,]+)\D+([\d,]+)/.exec(text);
  if (!m) throw new Error(`no "N of M" count in: ${text}`);
  return { shown: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) };
}
