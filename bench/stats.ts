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
  /** Ratio measures: the spread of the per-pair ratios (subject run ÷ its paired baseline run), p25–p75. */
  spread?: Spread;
  /** A second baseline of the same subject (its median, the ratio of the medians and the per-pair spread). */
  secondBaseline?: { label: string; value: number; ratio: number; spread: Spread };
  note?: string;
}

/** Low and high of a spread (p25–p75 of per-pair ratios). */
export interface Spread {
  low: number;
  high: number;
}

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

/** A row whose target is a ratio to a baseline measured in the same run. `pass` is computed, never set. */
export function ratioRow(name: string, unit: string, value: Sample, baseline: Sample, target: number, note?: string): ResultRow {
  const ratio = value.median / baseline.median;
  return { name, value: round(value.median), unit, target, baseline: round(baseline.median), ratio: round(ratio), pass: ratio <= target, kind: 'ratio', min: round(value.min), max: round(value.max), runs: value.runs.length, ...(note ? { note } : {}) };
}

/**
 * A ratio row from paired runs (run k of `value` and of `baseline` from the same round): the ratio is the median of
 * the per-pair ratios, with their p25–p75 `spread`; robust to drift in a shared machine's load, which moves both runs
 * of a round together. `value` and `baseline` stay the medians of the runs. `pass` is computed, never set.
 */
export function pairedRatioRow(name: string, unit: string, value: Sample, baseline: Sample, target: number, note?: string): ResultRow {
  const ratios = pairRatios(value.runs, baseline.runs);
  const ratio = summarize(ratios).median;
  return { ...ratioRow(name, unit, value, baseline, target, note), ratio: round(ratio), pass: ratio <= target, spread: ratioSpread(ratios) };
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
    lines.push(
      `| ${r.name} | ${r.value} ${r.unit} | ${r.min}–${r.max} | ${target} | ${r.baseline ?? '—'} | ${r.ratio ?? '—'}${r.spread ? ` (${r.spread.low}–${r.spread.high})` : ''} | ${r.pass ? 'yes' : '**no**'} |`,
    );
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

/** The p25–p75 spread of per-pair ratios, rounded like the rows. */
export function ratioSpread(ratios: readonly number[]): Spread {
  return { low: round(percentile([...ratios], 25)), high: round(percentile([...ratios], 75)) };
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
 * same machine noise. Each function returns the value of one run (usually a duration).
 */
export async function measurePair(
  subject: () => Promise<number> | number,
  baseline: () => Promise<number> | number,
  runs = 5,
  warmup = 1,
): Promise<{ subject: Sample; baseline: Sample }> {
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
  return { subject: summarize(a), baseline: summarize(b) };
}

/** A row for a measure that could not be taken: no value (null in JSON), `pass` false, and why in `note`. */
export function failedRow(name: string, unit: string, target: number, kind: 'absolute' | 'ratio', why: string): ResultRow {
  return { name, value: NaN, unit, target, baseline: null, ratio: null, pass: false, kind, min: NaN, max: NaN, runs: 0, note: `not measured: ${why}` };
}
