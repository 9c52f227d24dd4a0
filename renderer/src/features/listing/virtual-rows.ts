/**
 * Sizing for the virtualized listeners table, so its first screenful is mounted with the page and shown without
 * a measuring pass: virtua (the `Virtualizer`) otherwise mounts no row until a ResizeObserver has measured the
 * scroller, and hides each row until it has measured it.
 */
import type { CacheSnapshot } from 'virtua';

/** Row height in rem: `.vtable th/td { height: 3rem }` in ListenersPage.svelte (the row's border is outside). */
export const ROW_REM = 3;
/** The scroller's height, `.vscroll { height: max(22rem, calc(100vh - 20rem)) }` in ListenersPage.svelte. */
export const SCROLLER_MIN_REM = 22;
export const SCROLLER_BELOW_VH_REM = 20;

/** Extra px of rows virtua keeps mounted below (and above) the viewport: its default, passed explicitly. */
export const BUFFER_PX = 200;

/**
 * How many rows to mount before anything is measured: as many as virtua mounts once it has measured — enough to
 * fill the scroller (whose height follows the window's) plus its buffer below; the sticky header row is not
 * subtracted, so this is never fewer.
 */
export function initialRowCount(windowHeight: number, remPx: number): number {
  const row = ROW_REM * remPx;
  if (!(row > 0)) return 0;
  const scroller = Math.max(SCROLLER_MIN_REM * remPx, windowHeight - SCROLLER_BELOW_VH_REM * remPx);
  return Math.ceil((scroller + BUFFER_PX) / row);
}

/**
 * A virtua cache snapshot in which each of `count` rows already has its expected size, so rows are placed and
 * shown at once; virtua still measures them and corrects any that differ.
 */
export function uniformSizes(count: number, size: number): CacheSnapshot {
  return [new Array<number>(Math.max(0, count)).fill(size), size];
}

let remPx: number | null = null;

/** The window a first paint is rendered for on the host (first-paint/render.ts): no window is there to ask. */
let hostViewport: { height: number; remPx: number } | null = null;

/** Sets the window height and root font size of the page a host render is for (null: none). */
export function setHostViewport(viewport: { height: number; remPx: number } | null): void {
  hostViewport = viewport;
}

/** The window's inner height in px (a host render: its page's; 0 where there is neither). */
export function viewportHeight(): number {
  if (typeof window !== 'undefined') return window.innerHeight;
  return hostViewport?.height ?? 0;
}

/** The root font size in px (read once per session; a host render: its page's; else 16 where there is no document). */
export function rootRemPx(): number {
  if (hostViewport) return hostViewport.remPx;
  if (remPx !== null) return remPx;
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return 16;
  const px = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  remPx = Number.isFinite(px) && px > 0 ? px : 16;
  return remPx;
}
