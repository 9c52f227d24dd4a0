/**
 * The tab icon (browser mode). An SVG icon is a small document of its own to load and paint: it is added after the
 * first paint rather than with the page, whose first screen has nothing to wait for.
 */
export const FAVICON_HREF =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cg fill='%230b5cad'%3E%3Crect x='2' y='3' width='20' height='5' rx='1.5'/%3E%3Crect x='2' y='10' width='9' height='5' rx='1.5'/%3E%3Crect x='13' y='10' width='9' height='5' rx='1.5'/%3E%3Crect x='2' y='17' width='20' height='4' rx='1.5'/%3E%3C/g%3E%3C/svg%3E";

/** Adds the icon link to the document's head (once). */
export function addFavicon(doc: Document): void {
  if (doc.head.querySelector('link[rel="icon"]')) return;
  const link = doc.createElement('link');
  link.rel = 'icon';
  link.href = FAVICON_HREF;
  doc.head.append(link);
}
