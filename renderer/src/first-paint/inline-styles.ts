/**
 * Inline styles of a first paint. The page's CSP has no `'unsafe-inline'` for styles, so a `style` attribute in parsed
 * markup is refused (with a violation report per element); the same declarations set through the CSSOM apply. The
 * host renames each `style` attribute of its HTML to STYLE_ATTR (`moveInlineStyles`); the page sets them through the
 * CSSOM (`applyMovedStyles`).
 */

/** Where a first paint's inline style waits for the page. */
export const STYLE_ATTR = 'data-first-paint-style';

/**
 * A start tag of Svelte's server output: attribute values are double-quoted with `"` and `&` escaped, and text never
 * holds a raw `<`, so this matches tags only, never text that looks like one.
 */
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s=/>"]+(?:="[^"]*")?)*\s*\/?>/g;
const STYLE_IN_TAG = /(\s)style="/g;

/** The HTML with every element's `style` attribute renamed to STYLE_ATTR (texts and other attributes as they were). */
export function moveInlineStyles(html: string): string {
  return html.replace(START_TAG, (tag) => (tag.includes('style="') ? tag.replace(STYLE_IN_TAG, `$1${STYLE_ATTR}="`) : tag));
}

/** Sets each moved style through the CSSOM and removes the attribute. */
export function applyMovedStyles(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(`[${STYLE_ATTR}]`)) {
    el.style.cssText = el.getAttribute(STYLE_ATTR) ?? '';
    el.removeAttribute(STYLE_ATTR);
  }
}
