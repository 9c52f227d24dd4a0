/**
 * The tab icon (browser mode). An SVG icon is a small document of its own to load and paint: the page as built links
 * an empty one (`data:,`, so the browser does not ask the host for /favicon.ico either), and the real one is set after
 * the first paint.
 */
export const FAVICON_HREF =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cg fill='%230b5cad'%3E%3Crect x='2' y='3' width='20' height='5' rx='1.5'/%3E%3Crect x='2' y='10' width='9' height='5' rx='1.5'/%3E%3Crect x='13' y='10' width='9' height='5' rx='1.5'/%3E%3Crect x='2' y='17' width='20' height='4' rx='1.5'/%3E%3C/g%3E%3C/svg%3E";

/** Sets the icon: on the page's icon link, or on a new one. */
export function addFavicon(doc: Document): void {
  let link = doc.head.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.append(link);
  }
  if (link.href !== FAVICON_HREF) link.href = FAVICON_HREF;
}
