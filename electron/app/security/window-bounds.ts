/**
 * Remembered window placement. `restoreBounds` keeps a restored window on a display that exists now: a window
 * whose title bar would be off every display's work area is re-centred on the primary display, and a size larger
 * than the display is shrunk to fit.
 */

/** A rectangle in screen coordinates (DIP). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is saved on close. */
export interface SavedWindowState {
  bounds: Rect;
  maximized: boolean;
}

/** A display as far as placement is concerned. The first one given is the primary display. */
export interface DisplayArea {
  workArea: Rect;
}

/** Options for a new window. */
export interface RestoredBounds {
  width: number;
  height: number;
  /** Absent = let the OS centre the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

/** The default window size. */
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
/** The smallest window the layout supports. */
export const MIN_SIZE = { width: 900, height: 600 } as const;

/** How much of the title bar must be on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

function isFiniteRect(r: unknown): r is Rect {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));
}

/** Parses a saved window state from untrusted JSON, or null. */
export function parseSavedWindowState(raw: unknown): SavedWindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (!isFiniteRect(o['bounds'])) return null;
  const b = o['bounds'];
  if (b.width <= 0 || b.height <= 0 || b.width > 100_000 || b.height > 100_000) return null;
  return { bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }, maximized: o['maximized'] === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clampSize(width: number, height: number, area: Rect | undefined): { width: number; height: number } {
  const maxW = area ? area.width : Number.POSITIVE_INFINITY;
  const maxH = area ? area.height : Number.POSITIVE_INFINITY;
  return {
    width: Math.max(Math.min(MIN_SIZE.width, maxW), Math.min(width, maxW)),
    height: Math.max(Math.min(MIN_SIZE.height, maxH), Math.min(height, maxH)),
  };
}

/** The bounds to open the window with, given what was saved (or null) and the displays present now. */
export function restoreBounds(saved: SavedWindowState | null, displays: readonly DisplayArea[]): RestoredBounds {
  const primary = displays[0]?.workArea;
  if (!saved) {
    return { ...clampSize(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false };
  }
  const { bounds } = saved;
  // The title bar strip: the top of the window, where the user grabs it.
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(MIN_VISIBLE.height, bounds.height) };
  const host = displays.find((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(MIN_VISIBLE.width, bounds.width) && o.height >= Math.min(MIN_VISIBLE.height, bounds.height) && bounds.y >= d.workArea.y;
  });
  if (!host) {
    return { ...clampSize(bounds.width, bounds.height, primary), maximized: saved.maximized };
  }
  const area = host.workArea;
  const size = clampSize(bounds.width, bounds.height, area);
  // Pull the window inside the host display if it sticks out.
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - size.height);
  return { ...size, x, y, maximized: saved.maximized };
}
