/**
 * The entry script's side of the first paint (first-paint/request.ts): the app hydrates the paint where it is (the
 * same markup, from the same components and data), so no row moves; should the two differ after all, Svelte replaces
 * the paint with a fresh mount. A first paint still on its way is not shown once the app has mounted.
 */
import { FIRST_PAINT_ATTR, MOUNTED_ATTR } from './marks';

/** True when the app's root shows the host's first paint. */
export function showsFirstPaint(target: HTMLElement): boolean {
  return target.hasAttribute(FIRST_PAINT_ATTR);
}

/** Marks the root as the app's; true when it shows a first paint (to hydrate). Call right before mounting. */
export function takeOverRoot(target: HTMLElement): boolean {
  target.setAttribute(MOUNTED_ATTR, '');
  if (!showsFirstPaint(target)) return false;
  target.inert = false;
  target.removeAttribute(FIRST_PAINT_ATTR);
  return true;
}
