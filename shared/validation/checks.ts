/** Small helpers shared by the rule files: number checks and message fragments. */
import type { Issue } from './issue';
import { formatNumber, makeIssue, type RuleCode } from './rules';

/** True for a whole number within [min, max]. */
export function isIntIn(v: number | null | undefined, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Checks a required whole number in [min, max]: pushes `<base>.required` when empty, `<base>.range` when out of range
 * or not whole. Returns true when the value is valid. `plain`: the bounds are identifiers (ports) and are written as
 * such — "1 to 65535", as the rule catalogue and the console write a port — not grouped like amounts ("1,000,000").
 */
export function checkRequiredInt(
  out: Issue[],
  value: number | null,
  opts: { base: string; path: string; label: string; min: number; max: number; unit?: string; plain?: boolean },
): value is number {
  const { base, path, label, min, max } = opts;
  const show = opts.plain ? String : formatNumber;
  if (value === null || value === undefined) {
    out.push(makeIssue(`${base}.required` as RuleCode, path, `${label} is required.`, { min, max }));
    return false;
  }
  if (!isIntIn(value, min, max)) {
    out.push(makeIssue(`${base}.range` as RuleCode, path, `${label} must be a whole number from ${show(min)} to ${show(max)}.`, { min, max, value }));
    return false;
  }
  return true;
}

/** `"name" (id)` or just the ID when the name is empty. */
export function describeNamed(item: { id: string; name: string }): string {
  return item.name ? `"${item.name}" (${item.id})` : item.id;
}
