/**
 * Navigation policy (checklist item 13): a renderer may only navigate within the app's own origin.
 * `new URL('app://…').origin` is the string "null" in Node for a non-special scheme, so the comparison is made
 * on the parsed scheme, host and port, and any URL with user info is refused.
 */

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The host of the app origin. */
export const APP_HOST = 'elb-desk';
/** The origin trusted for IPC and navigation. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL, or null when it is not one. */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** Whether `url` is in the given app origin (`scheme://host`, no port, no user info). */
export function isSameAppOrigin(url: URL, appOrigin: string = APP_ORIGIN): boolean {
  const app = parseUrl(appOrigin);
  if (!app) return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol !== app.protocol) return false;
  if (url.port !== app.port) return false;
  return url.hostname.toLowerCase() === app.hostname.toLowerCase() && url.hostname !== '';
}

/** Whether a `will-navigate` / `will-redirect` / `will-frame-navigate` to `rawUrl` may proceed. */
export function isAllowedNavigation(rawUrl: string, appOrigin: string = APP_ORIGIN): boolean {
  const url = parseUrl(rawUrl);
  return url !== null && isSameAppOrigin(url, appOrigin);
}
