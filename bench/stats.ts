/** Small statistics and the result row format that other tools read (bench/results/latest.json). */

export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface ResultRow {
  name: string;
  value: number;
  unit: string;
  target: number;
  baseline: number | null;
  ratio: number | null;
  pass: boolean;
  /** How the target is read: value ≤ target, or ratio (value / baseline) ≤ target. */
  kind: 'absolute' | 'ratio';
  min: number;
  max: number;
  runs: number;
  /**
   * Ratio rows measured in alternated pairs: the spread of the per-pair ratios (subject ÷ baseline of each pair),
   * and the margin `pass` keeps below the target. `ratio` is then the median of the per-pair ratios.
   */
  ratioSpread?: RatioSpread;
  note?: string;
}

/** The spread of per-pair ratios, and the margin a passing median keeps below the target. */
export interface RatioSpread {
  /** Quartiles (interquartile range) of the per-pair ratios. */
  q1: number;
  q3: number;
  min: number;
  max: number;
  pairs: number;
  /** A pass needs median + margin ≤ target, so that a re-run agreeing within ±margin passes too. */
  margin: number;
}

/** How much a re-run of a paired ratio may differ (the stability asked of the bench): the margin of a pass. */
export const RATIO_MARGIN = 0.05;

export function summarize(values: number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
}

/** Runs `fn` `warmup` times, then `runs` times, and summarizes what it returns (or its duration). */
export async function measure(fn: () => Promise<number> | number, runs = 5, warmup = 1): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  return summarize(values);
}

export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * A row whose target is a ratio to a baseline measured in the same run. `pass` is computed, never set. With `pairs`
 * (the per-pair ratios of alternated runs, see `measurePair`), the ratio is their median, the row carries their
 * spread, and a pass needs the median to stay `margin` below the target.
 */
export function ratioRow(
  name: string,
  unit: string,
  value: Sample,
  baseline: Sample,
  target: number,
  note?: string,
  pairs?: { ratios: number[]; margin?: number },
): ResultRow {
  const base = { name, value: round(value.median), unit, target, baseline: round(baseline.median), kind: 'ratio' as const, min: round(value.min), max: round(value.max), runs: value.runs.length };
  if (!pairs || pairs.ratios.length === 0) {
    const ratio = value.median / baseline.median;
    return { ...base, ratio: round(ratio), pass: ratio <= target, ...(note ? { note } : {}) };
  }
  const margin = pairs.margin ?? RATIO_MARGIN;
  const r = pairs.ratios;
  const median = percentile(r, 50);
  const ratioSpread: RatioSpread = { q1: round(percentile(r, 25)), q3: round(percentile(r, 75)), min: round(Math.min(...r)), max: round(Math.max(...r)), pairs: r.length, margin };
  // (1e-9: "exactly at the limit" must not fail on floating-point rounding)
  return { ...base, ratio: round(median), pass: median + margin <= target + 1e-9, ratioSpread, ...(note ? { note } : {}) };
}

/** A row with an absolute target (and an optional reference baseline such as the frame budget). */
export function absoluteRow(name: string, unit: string, value: Sample, target: number, baseline: number | null = null, note?: string): ResultRow {
  return {
    name,
    value: round(value.median),
    unit,
    target,
    baseline,
    ratio: baseline ? round(value.median / baseline) : null,
    pass: value.median <= target,
    kind: 'absolute',
    min: round(value.min),
    max: round(value.max),
    runs: value.runs.length,
    ...(note ? { note } : {}),
  };
}

export function markdownTable(rows: ResultRow[]): string {
  const lines = ['| Measure | Value (median) | Min–max | Target | Baseline | Ratio | Pass |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const target = r.kind === 'ratio' ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`;
    if (Number.isNaN(r.value)) {
      lines.push(`| ${r.name} | not measured | — | ${target} | — | — | **no** |`);
      continue;
    }
    const ratio = r.ratioSpread ? `${r.ratio} (IQR ${r.ratioSpread.q1}–${r.ratioSpread.q3}, ${r.ratioSpread.pairs} pairs)` : (r.ratio ?? '—');
    const pass = r.pass ? (r.ratioSpread ? `yes (≤ ${round(r.target - r.ratioSpread.margin)})` : 'yes') : '**no**';
    lines.push(`| ${r.name} | ${r.value} ${r.unit} | ${r.min}–${r.max} | ${target} | ${r.baseline ?? '—'} | ${ratio} | ${pass} |`);
  }
  return lines.join('\n');
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * Measures a subject and its baseline alternately (a, b, a, b, …) after `warmup` rounds of each, so that both see the
 * same machine noise. Each function returns the value of one run (usually a duration). `ratios` holds subject ÷
 * baseline of each pair (run i of each), for `ratioRow`'s spread.
 */
export async function measurePair(
  subject: () => Promise<number> | number,
  baseline: () => Promise<number> | number,
  runs = 5,
  warmup = 1,
): Promise<{ subject: Sample; baseline: Sample; ratios: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a cache the other just warmed.
    if (i % 2 === 0) {
      a.push(await subject());
      b.push(await baseline());
    } else {
      b.push(await baseline());
      a.push(await subject());
    }
  }
  return { subject: summarize(a), baseline: summarize(b), ratios: a.map((x, i) => x / b[i]!) };
}

/** A row for a measure that could not be taken: no value (null in JSON), `pass` false, and why in `note`. */
export function failedRow(name: string, unit: string, target: number, kind: 'absolute' | 'ratio', why: string): ResultRow {
  return { name, value: NaN, unit, target, baseline: null, ratio: null, pass: false, kind, min: NaN, max: NaN, runs: 0, note: `not measured: ${why}` };
}
