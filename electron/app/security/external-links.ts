/**
 * Which links may leave the app for the user's browser (checklist item 15). Only exact https origins on the
 * allow-list, with no user info and the default port; everything else is dropped silently.
 */
import { parseUrl } from './navigation';

/** Hosts that may be opened in the system browser (https, default port only). */
export const EXTERNAL_ALLOWED_HOSTS: readonly string[] = ['support.huaweicloud.com', 'console.huaweicloud.com'];

/** The documentation page opened from Help → Documentation. */
export const DOCS_URL = 'https://support.huaweicloud.com/intl/en-us/elb/index.html';

/** Whether `rawUrl` may be passed to `shell.openExternal`. */
export function externalUrlAllowed(rawUrl: string, allowedHosts: readonly string[] = EXTERNAL_ALLOWED_HOSTS): boolean {
  if (typeof rawUrl !== 'string' || rawUrl.length > 2048) return false;
  // Control characters and whitespace are never part of a link we produce.
  if (/[\u0000-\u0020\u007f\\]/.test(rawUrl)) return false;
  const url = parseUrl(rawUrl);
  if (!url) return false;
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  return allowedHosts.includes(url.hostname);
}
