/**
 * Wires the pure security decisions into Electron objects (typed structurally, so tests pass fakes):
 * navigation and redirects refused outside the app origin, every new window denied (allow-listed https links go
 * to the system browser), `<webview>` refused, and every permission request/check/device query denied.
 */
import type { Logger } from '../core/ports';
import { externalUrlAllowed } from './security/external-links';
import { isAllowedNavigation } from './security/navigation';
import { permissionDecision } from './security/permissions';

/** An Electron-style event with an optional `url` (navigation details). */
export interface PreventableEvent {
  preventDefault(): void;
  readonly url?: string;
}

/** The WebContents API used for hardening. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Opens a URL in the system browser. */
export type OpenExternal = (url: string) => Promise<void> | void;

/** Opens `url` externally only if it is on the allow-list; returns whether it was opened. */
export function openExternalIfAllowed(url: string, openExternal: OpenExternal, logger?: Logger): boolean {
  if (!externalUrlAllowed(url)) {
    logger?.log('warn', 'security', 'refused to open a link that is not on the allow-list');
    return false;
  }
  void Promise.resolve(openExternal(url)).catch(() => logger?.log('warn', 'security', 'the system browser could not open a link'));
  return true;
}

/** Applies the navigation, window-open and webview policy to one WebContents. */
export function hardenWebContents(contents: HardenableContents, openExternal: OpenExternal, logger?: Logger): void {
  const guard = (kind: string) => (event: PreventableEvent, url?: string) => {
    const target = typeof event.url === 'string' ? event.url : (url ?? '');
    if (isAllowedNavigation(target)) return;
    event.preventDefault();
    logger?.log('warn', 'security', `blocked ${kind} away from the app`);
    // A link to the documentation clicked in the page opens in the browser instead.
    if (kind === 'will-navigate') openExternalIfAllowed(target, openExternal, logger);
  };
  contents.on('will-navigate', guard('will-navigate'));
  contents.on('will-redirect', guard('will-redirect'));
  contents.on('will-frame-navigate', guard('will-frame-navigate'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger?.log('warn', 'security', 'blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, openExternal, logger);
    return { action: 'deny' };
  });
}

/** The session API used for permission hardening. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string, requestingOrigin: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: { deviceType: string; origin: string }) => boolean) | null): void;
}

/** Denies every permission request, check and device query (through `permissionDecision`). */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permissionDecision({ permission, origin: details?.requestingUrl }));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionDecision({ permission, origin: requestingOrigin }));
  session.setDevicePermissionHandler((details) => permissionDecision({ permission: `device:${details.deviceType}`, origin: details.origin }));
}
