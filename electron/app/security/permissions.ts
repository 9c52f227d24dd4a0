/**
 * Permission policy (checklist item 5): the app needs no browser permission (no camera, notifications,
 * geolocation, clipboard-read, HID, serial, USB…). Every request, check and device query is refused unless the
 * permission is on the allow-list AND asked by the app's own origin. The allow-list is empty.
 */
import { APP_ORIGIN, isSameAppOrigin, parseUrl } from './navigation';

/** The permissions granted to the app's own origin. Empty on purpose: add one here only with a reason. */
export const ALLOWED_PERMISSIONS: readonly string[] = [];

/** What a permission request or check asks. */
export interface PermissionQuery {
  permission: string;
  /** Origin or URL of the requesting page or frame, when known. */
  origin?: string | undefined;
}

/** The answer to every permission request, check and device permission query: true = grant. */
export function permissionDecision(
  query: PermissionQuery,
  allowed: readonly string[] = ALLOWED_PERMISSIONS,
  appOrigin: string = APP_ORIGIN,
): boolean {
  if (!allowed.includes(query.permission)) return false;
  const url = query.origin === undefined ? null : parseUrl(query.origin);
  return url !== null && isSameAppOrigin(url, appOrigin);
}
