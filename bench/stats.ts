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
  note?: string;
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
    lines.push(
      `| ${r.name} | ${r.value} ${r.unit} | ${r.min}–${r.max} | ${target} | ${r.baseline ?? '—'} | ${r.ratio ?? '—'} | ${r.pass ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}
