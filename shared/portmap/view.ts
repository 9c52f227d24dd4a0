/**
 * What the port map shows for a zoom window: the window itself (zoom levels from all 65,535 ports down to 64
 * single ports), the window cut into buckets with the most important holder of each bucket (run-length encoded, so
 * 10,000 listeners draw as a few hundred shapes), and the text equivalent of the window (used spans and free gaps).
 */
import { mergeIntervals, PORT_MAX, PORT_MIN, type Clash, type Gap, type OwnerKind, type PortFamily, type PortMapIndex, type PortSpan } from './spans';

/** Window sizes of the zoom levels, from the whole range (level 0) to single ports. */
export const ZOOM_SIZES: readonly number[] = [65535, 16384, 4096, 1024, 256, 64];
export const MAX_ZOOM = ZOOM_SIZES.length - 1;

/** A window of ports (both ends included). */
export interface PortWindow {
  from: number;
  to: number;
}

/** Clamps a port into 1–65535 (non-numbers become 1). */
export function clampPort(p: number): number {
  if (!Number.isFinite(p)) return PORT_MIN;
  return Math.min(PORT_MAX, Math.max(PORT_MIN, Math.round(p)));
}

/** The window of a zoom level centred on a port, shifted to stay inside 1–65535. */
export function zoomWindow(level: number, center: number): PortWindow {
  const size = ZOOM_SIZES[Math.min(MAX_ZOOM, Math.max(0, Math.trunc(level)))]!;
  const from = Math.min(PORT_MAX - size + 1, Math.max(PORT_MIN, clampPort(center) - Math.floor(size / 2)));
  return { from, to: from + size - 1 };
}

/** What a bucket shows, by importance: a clash beats the draft, which beats other drafts, then listeners, then free. */
export type CellKind = 'free' | OwnerKind | 'clash';
const KINDS: readonly CellKind[] = ['free', 'listener', 'draft', 'current', 'clash'];

/** A run of equal buckets: ports `start`–`end`, buckets `first`–`last`. */
export interface Run {
  start: number;
  end: number;
  first: number;
  last: number;
  kind: CellKind;
}

/** How many ports one bucket of the window holds, with at most `maxBuckets` buckets. */
export function bucketSize(win: PortWindow, maxBuckets: number): number {
  return Math.max(1, Math.ceil((win.to - win.from + 1) / Math.max(1, maxBuckets)));
}

/** The number of buckets of the window. */
export function bucketCount(win: PortWindow, maxBuckets: number): number {
  return Math.ceil((win.to - win.from + 1) / bucketSize(win, maxBuckets));
}

/**
 * The window cut into at most `maxBuckets` buckets, each showing the most important holder of any of its ports,
 * as runs of equal buckets. Linear in the spans plus the buckets.
 */
export function bucketRuns(index: PortMapIndex, family: PortFamily, win: PortWindow, maxBuckets: number, clashes: readonly Clash[]): Run[] {
  const size = bucketSize(win, maxBuckets);
  const n = bucketCount(win, maxBuckets);
  const levels = new Uint8Array(n);
  const paint = (intervals: readonly Gap[], rank: number): void => {
    for (const g of intervals) {
      if (g.end < win.from || g.start > win.to) continue;
      const b0 = Math.floor((Math.max(g.start, win.from) - win.from) / size);
      const b1 = Math.floor((Math.min(g.end, win.to) - win.from) / size);
      for (let b = b0; b <= b1; b++) if (levels[b]! < rank) levels[b] = rank;
    }
  };
  paint(index.used(family, ['listener']), 1);
  paint(index.used(family, ['draft']), 2);
  paint(index.used(family, ['current']), 3);
  paint(
    mergeIntervals(clashes.filter((c) => c.other.family === family).map((c) => c.overlap)),
    4,
  );
  const runs: Run[] = [];
  for (let b = 0; b < n; b++) {
    const kind = KINDS[levels[b]!]!;
    const last = runs[runs.length - 1];
    const end = Math.min(win.to, win.from + (b + 1) * size - 1);
    if (last && last.kind === kind) {
      last.last = b;
      last.end = end;
    } else runs.push({ start: win.from + b * size, end, first: b, last: b, kind });
  }
  return runs;
}

/** The bucket of a port in the window. */
export function bucketOf(win: PortWindow, maxBuckets: number, port: number): number {
  return Math.floor((Math.min(win.to, Math.max(win.from, port)) - win.from) / bucketSize(win, maxBuckets));
}

/** One line of the text equivalent: a held span, or a free gap. */
export type ListEntry = { kind: 'used'; span: PortSpan } | { kind: 'gap'; gap: Gap };

/**
 * The text equivalent of the window: every held span and free gap that meets it, in port order, at most `limit`
 * of them (`more` = how many were left out). A free gap is listed whole (using it takes all of it), even where it
 * runs past the window.
 */
export function windowEntries(index: PortMapIndex, family: PortFamily, win: PortWindow, limit: number): { entries: ListEntry[]; more: number } {
  const used: ListEntry[] = index.overlapping(family, win.from, win.to).map((span) => ({ kind: 'used', span }));
  const gaps: ListEntry[] = index
    .gaps(family)
    .filter((g) => g.end >= win.from && g.start <= win.to)
    .map((g) => ({ kind: 'gap', gap: g }));
  const startOf = (e: ListEntry): number => (e.kind === 'used' ? e.span.start : e.gap.start);
  const all = [...used, ...gaps].sort((a, b) => startOf(a) - startOf(b));
  return { entries: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}
