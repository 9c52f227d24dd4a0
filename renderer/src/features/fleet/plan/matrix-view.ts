/**
 * The target matrix's view model (issue 12 §2), pure: each plan row joined with its validation (by key), the
 * summary counts, the port cell's text (an override, or the template's value as the placeholder), the ranges a
 * user types in a row, and the lines "Use the next free port on each" reports. No zod, no DOM.
 */
import type { FleetValidationReply } from '../../../../../shared/ipc/contract-fleet';
import type { ListenerConfig, PortRange } from '../../../../../shared/model/draft';
import type { FleetTarget } from '../../../../../shared/model/fleet';
import type { Issue } from '../../../../../shared/validation/issue';

export type RowReply = FleetValidationReply['rows'][number];
export type CellName = keyof RowReply['cells'];
/** `pending`: not checked yet (a new row, or the check is running). */
export type RowStatus = RowReply['status'] | 'pending';

export interface MatrixRowView {
  key: string;
  target: FleetTarget;
  status: RowStatus;
  /** Issues per cell (empty while pending or excluded). */
  cells: Record<CellName, Issue[]>;
  errors: number;
  warnings: number;
}

const NO_CELLS: Record<CellName, Issue[]> = { target: [], port: [], group: [], servers: [], ipGroup: [], other: [] };

/** The rows with their validation; a row the reply does not know yet is `pending` (an excluded one `excluded`). */
export function matrixRows(targets: readonly FleetTarget[], reply: FleetValidationReply | null): MatrixRowView[] {
  const byKey = new Map((reply?.rows ?? []).map((r) => [r.key, r]));
  return targets.map((t) => {
    const r = byKey.get(t.key);
    if (t.excluded) return { key: t.key, target: t, status: 'excluded', cells: NO_CELLS, errors: 0, warnings: 0 };
    if (!r || r.status === 'excluded') return { key: t.key, target: t, status: 'pending', cells: NO_CELLS, errors: 0, warnings: 0 };
    let errors = 0;
    let warnings = 0;
    for (const list of Object.values(r.cells)) {
      for (const i of list) {
        if (i.severity === 'error') errors++;
        else warnings++;
      }
    }
    return { key: t.key, target: t, status: r.status, cells: r.cells, errors, warnings };
  });
}

/** How many rows are in each state. */
export function summaryOf(rows: readonly MatrixRowView[]): Record<RowStatus, number> {
  const out: Record<RowStatus, number> = { ok: 0, warning: 0, error: 0, excluded: 0, pending: 0 };
  for (const r of rows) out[r.status]++;
  return out;
}

/** Port ranges as typed in a row: "1000-2000, 3000" (a single port is a one-port range). */
export function rangesText(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.start !== null && r.start === r.end ? String(r.start) : `${r.start ?? ''}-${r.end ?? ''}`)).join(', ');
}

/** The template's port or ranges, shown as a row's placeholder. */
export function templatePortText(l: Pick<ListenerConfig, 'portMode' | 'port' | 'portRanges'>): string {
  if (l.portMode === 'single') return l.port === null ? '' : String(l.port);
  return rangesText(l.portRanges);
}

/**
 * Ranges typed in a row: '' → null (the template's); "1000-2000, 3000" → the ranges; anything else → 'invalid'
 * (the row keeps what was typed and says how to write it). Numbers are not range-checked here: the rules do that.
 */
export function parseRanges(text: string): PortRange[] | null | 'invalid' {
  const s = text.trim();
  if (s === '') return null;
  const out: PortRange[] = [];
  for (const part of s.split(/\s*[,;]\s*/)) {
    const m = /^(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?$/.exec(part);
    if (!m) return 'invalid';
    const start = Number(m[1]);
    out.push({ start, end: m[2] === undefined ? start : Number(m[2]) });
  }
  return out;
}

/** One line of the "next free port" report: the row's load balancer and the move. */
export interface PortChange {
  key: string;
  name: string;
  from: number;
  to: number;
}

/** The changes of `fleet:nextFreePort` named by row, and the names of the rows where every port is taken. */
export function describePortMoves(targets: readonly FleetTarget[], changed: readonly { key: string; from: number; to: number }[], full: readonly string[]): { moves: PortChange[]; full: string[] } {
  const names = new Map(targets.map((t) => [t.key, t.loadBalancerName || t.loadBalancerId]));
  return {
    moves: changed.map((c) => ({ ...c, name: names.get(c.key) ?? c.key })),
    full: full.map((k) => names.get(k) ?? k),
  };
}

/** Removes the row with `key`. */
export function withoutRow(targets: readonly FleetTarget[], key: string): FleetTarget[] {
  return targets.filter((t) => t.key !== key);
}

/** An issue's rule and field: the same key in a row and in the template means the template causes it. */
export function issueKey(i: Pick<Issue, 'code' | 'path'>): string {
  return `${i.code}|${i.path}`;
}

/**
 * A row's messages without the ones the template itself has (same rule, same field): those are shown once, at the
 * template, and the row only counts them (`fromTemplate`), so 200 rows do not repeat the template's warnings.
 */
export function ownIssues(row: Pick<MatrixRowView, 'cells'>, templateKeys: ReadonlySet<string>): { cells: Record<CellName, Issue[]>; fromTemplate: number } {
  let fromTemplate = 0;
  const cells = {} as Record<CellName, Issue[]>;
  for (const [cell, list] of Object.entries(row.cells) as [CellName, Issue[]][]) {
    cells[cell] = list.filter((i) => {
      const shared = templateKeys.has(issueKey(i));
      if (shared) fromTemplate++;
      return !shared;
    });
  }
  return { cells, fromTemplate };
}
