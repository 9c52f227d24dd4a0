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
  /** A second baseline of the same subject: its median, the ratio to it (median of per-pair ratios) and their spread. */
  secondBaseline?: { label: string; value: number; ratio: number; ratioSpread: RatioSpread };
  /** The same measure under other conditions (`args`: extra browser flags), reported beside the row; `pass` is the row's own. */
  variant?: { label: string; args: string[]; value: number; baseline: number; ratio: number; ratioSpread: RatioSpread };
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
  /**
   * A pass needs median + margin ≤ target, so that a re-run agreeing within ±margin passes too. 0 on an absolute
   * row (its pass is value ≤ target; the spread there describes its reference ratio only).
   */
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
  const median = percentile(pairs.ratios, 50);
  const ratioSpread = spreadOf(pairs.ratios, margin);
  // (1e-9: "exactly at the limit" must not fail on floating-point rounding)
  return { ...base, ratio: round(median), pass: median + margin <= target + 1e-9, ratioSpread, ...(note ? { note } : {}) };
}

/** The spread of per-pair ratios (quartiles, extremes, count) with the margin a pass keeps. */
export function spreadOf(ratios: readonly number[], margin: number): RatioSpread {
  const r = [...ratios];
  return { q1: round(percentile(r, 25)), q3: round(percentile(r, 75)), min: round(Math.min(...r)), max: round(Math.max(...r)), pairs: r.length, margin };
}

/**
 * A ratio row from paired runs (run k of `value` and of `baseline` from the same round, see `measureRounds`): the
 * ratio is the median of the per-pair ratios, robust to drift in a shared machine's load (which moves both runs of a
 * round together), with their spread and the margin of a pass, as `ratioRow` with pairs. `value` and `baseline` stay
 * the medians of the runs. `pass` is computed, never set.
 */
export function pairedRatioRow(name: string, unit: string, value: Sample, baseline: Sample, target: number, note?: string): ResultRow {
  return ratioRow(name, unit, value, baseline, target, note, { ratios: pairRatios(value.runs, baseline.runs) });
}

/**
 * A row with an absolute target (and an optional reference baseline such as the frame budget). With `pairs` (the
 * per-pair ratios to a baseline measured alternately, see `measurePair`), the reference ratio is their median and
 * the row carries their spread (margin 0: the pass stays value ≤ target).
 */
export function absoluteRow(
  name: string,
  unit: string,
  value: Sample,
  target: number,
  baseline: number | null = null,
  note?: string,
  pairs?: { ratios: number[] },
): ResultRow {
  const paired = pairs && pairs.ratios.length > 0 ? pairs.ratios : null;
  return {
    name,
    value: round(value.median),
    unit,
    target,
    baseline,
    ratio: paired ? round(percentile(paired, 50)) : baseline ? round(value.median / baseline) : null,
    ...(paired ? { ratioSpread: spreadOf(paired, 0) } : {}),
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
    const pass = r.pass ? (r.ratioSpread && r.kind === 'ratio' ? `yes (≤ ${round(r.target - r.ratioSpread.margin)})` : 'yes') : '**no**';
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

/** Per-pair ratios: each subject run divided by the baseline run of the same round. */
export function pairRatios(subject: readonly number[], baseline: readonly number[]): number[] {
  if (subject.length !== baseline.length) throw new Error(`pairRatios: ${subject.length} subject runs but ${baseline.length} baseline runs`);
  return subject.map((v, i) => v / baseline[i]!);
}

/**
 * Measures several functions in rounds after `warmup` rounds: round i runs them in an order rotated by i (a b c,
 * b c a, c a b, …), so each takes each place equally often and all see the same machine noise. Returns one Sample per
 * function, in the order given; run k of every Sample comes from the same round.
 */
export async function measureRounds(fns: ReadonlyArray<() => Promise<number> | number>, runs = 5, warmup = 1): Promise<Sample[]> {
  const n = fns.length;
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const values: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < n; k++) {
      const j = (i + k) % n;
      values[j]!.push(await fns[j]!());
    }
  }
  return values.map((v) => summarize(v));
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
