/**
 * The workbench's normalisation: parse every line, drop exact duplicates (same coverage), find entries contained in
 * others and partial overlaps, flag invalid lines with their line number and reason, and count the result against
 * the live limits.
 */
import { coverageKey, type EntryError, type IpEntry, parseEntry } from './entry';
import { readLines } from './text';

/** The API's longest entry description (§8). */
export const MAX_DESCRIPTION = 255;

/** Reference defaults when the quota API does not say (§8: 300 entries per group, 50 groups per account). */
export const DEFAULT_LIMITS = { entriesPerGroup: 300, groups: 50 } as const;

export type LineError = EntryError | 'descriptionTooLong' | 'badQuote';

/** A line that could not be used. */
export interface InvalidLine {
  line: number;
  text: string;
  reason: LineError;
}

/** A usable entry with where it came from and what else covers it. */
export interface WorkbenchEntry extends IpEntry {
  line: number;
  /** As typed. */
  input: string;
  description: string;
  /** Lines with the same coverage that were dropped in favour of this one. */
  duplicates: number[];
  /** The first line of an entry that covers this one completely (and is wider). */
  containedIn: number | null;
  /** The first line of an entry that partly overlaps this one. */
  overlaps: number | null;
}

/** A dropped duplicate line. */
export interface DuplicateLine {
  line: number;
  text: string;
  /** The kept line with the same coverage. */
  of: number;
}

export interface Analysis {
  /** Distinct valid entries in input order. */
  entries: WorkbenchEntry[];
  invalid: InvalidLine[];
  duplicates: DuplicateLine[];
  /** Lines read (entries, duplicates and invalid; not blank or comment lines). */
  lineCount: number;
}

/** Parses, dedupes and cross-checks text. */
export function analyzeText(text: string): Analysis {
  const lines = readLines(text);
  const entries: WorkbenchEntry[] = [];
  const invalid: InvalidLine[] = [];
  const duplicates: DuplicateLine[] = [];
  const byKey = new Map<string, WorkbenchEntry>();
  for (const l of lines) {
    const parsed = parseEntry(l.ip);
    if (typeof parsed === 'string') {
      invalid.push({ line: l.line, text: l.ip, reason: parsed });
      continue;
    }
    if (l.badQuote) {
      invalid.push({ line: l.line, text: l.ip, reason: 'badQuote' });
      continue;
    }
    if (l.description.length > MAX_DESCRIPTION) {
      invalid.push({ line: l.line, text: l.ip, reason: 'descriptionTooLong' });
      continue;
    }
    const key = coverageKey(parsed);
    const prev = byKey.get(key);
    if (prev) {
      prev.duplicates.push(l.line);
      if (prev.description === '' && l.description !== '') prev.description = l.description;
      duplicates.push({ line: l.line, text: l.ip, of: prev.line });
      continue;
    }
    const e: WorkbenchEntry = {
      kind: parsed.kind,
      version: parsed.version,
      start: parsed.start,
      end: parsed.end,
      canonical: parsed.canonical,
      hostBitsSet: parsed.hostBitsSet,
      line: l.line,
      input: l.ip,
      description: l.description,
      duplicates: [],
      containedIn: null,
      overlaps: null,
    };
    byKey.set(key, e);
    entries.push(e);
  }
  markCoverage(entries);
  return { entries, invalid, duplicates, lineCount: lines.length };
}

/**
 * Marks containment and partial overlap: sort by family, start ascending and end descending, then sweep keeping the
 * entry that reaches furthest. An entry ending within it is contained; one starting within it and ending beyond
 * overlaps it. O(n log n).
 */
export function markCoverage(entries: WorkbenchEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.version - b.version || cmp(a.start, b.start) || cmp(b.end, a.end) || a.line - b.line);
  let reach: WorkbenchEntry | null = null;
  for (const e of sorted) {
    if (reach && reach.version === e.version && e.start <= reach.end) {
      if (e.end <= reach.end) e.containedIn = reach.line;
      else {
        e.overlaps = reach.line;
        if (reach.overlaps === null) reach.overlaps = e.line;
        reach = e;
      }
      continue;
    }
    reach = e;
  }
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An entry as the API takes it. */
export interface ApiEntry {
  ip: string;
  description: string;
}

/** The list to send: canonical text and descriptions; contained entries left out when asked. */
export function toApiList(entries: readonly WorkbenchEntry[], dropContained = false): ApiEntry[] {
  return entries.filter((e) => !(dropContained && e.containedIn !== null)).map((e) => ({ ip: e.canonical, description: e.description }));
}

/** Limits in force: the quota's value where it is known (−1 = none), else the reference's default. */
export interface LimitCount {
  count: number;
  limit: number;
  /** 'quota' when the live value was used. */
  source: 'quota' | 'default';
  over: boolean;
}

/** Counts entries against `ipgroup_max_length` (entries in one group). */
export function countAgainstLimit(count: number, quota: Record<string, { limit: number }> | null | undefined): LimitCount {
  const q = quota?.['ipgroup_max_length'];
  const limit = q ? q.limit : DEFAULT_LIMITS.entriesPerGroup;
  return { count, limit, source: q ? 'quota' : 'default', over: limit >= 0 && count > limit };
}

/** The account's group limit (quota key `ipgroup`) and its usage, for a create. */
export function groupQuota(quota: Record<string, { limit: number; used: number | null }> | null | undefined, groupsNow: number): LimitCount {
  const q = quota?.['ipgroup'];
  const limit = q ? q.limit : DEFAULT_LIMITS.groups;
  const used = q?.used ?? groupsNow;
  return { count: used + 1, limit, source: q ? 'quota' : 'default', over: limit >= 0 && used + 1 > limit };
}
