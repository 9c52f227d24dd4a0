import { describe, expect, it } from 'vitest';
import { completeRows, markdownReport, MEASURE_NAMES, pairedOrFailed, parseArgs } from './run';
import { absoluteRow, failedRow, RATIO_MARGIN, ratioRow, summarize, type ResultRow } from './stats';

describe('bench runner', () => {
  it('has one row per measure of the brief, in its order', () => {
    expect(MEASURE_NAMES).toEqual(['start', 'render', 'filter', 'sync', 'save', 'validate', 'heap', 'rss', 'bundle', 'ipc', 'workbench', 'portmap', 'edit', 'fleet-validate', 'fleet-apply', 'delete-plan']);
  });

  it('parses flags; --only does not overwrite the results unless --write; too few runs are not written', () => {
    expect(parseArgs([])).toEqual({ only: null, runs: 5, build: true, write: true });
    const only = parseArgs(['--only=sync,ipc', '--runs=2', '--no-build']);
    expect([...only.only!]).toEqual(['sync', 'ipc']);
    expect(only).toMatchObject({ runs: 2, build: false, write: false });
    expect(parseArgs(['--only=bundle', '--write']).write).toBe(true);
    expect(() => parseArgs(['--only=speed'])).toThrow(/unknown measure/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown flag/);
    expect(() => parseArgs(['--runs=3'])).toThrow(/--runs=5/);
  });

  it('fills every measure that has no row with a failed "not measured" row', () => {
    const rss = absoluteRow('rss', 'MB', summarize([100, 110, 120]), 150);
    const rows = completeRows(new Map<string, ResultRow>([['rss', rss]]));
    expect(rows.map((r) => r.name)).toEqual(MEASURE_NAMES);
    expect(rows.find((r) => r.name === 'rss')).toBe(rss);
    const start = rows.find((r) => r.name === 'start')!;
    expect(start).toMatchObject({ pass: false, kind: 'ratio', target: 1.3, unit: 'ms' });
    expect(Number.isNaN(start.value)).toBe(true);
  });

  it('writes the table and each note into the Markdown report', () => {
    const row = absoluteRow('rss', 'MB', summarize([100]), 150, null, 'after sync');
    const md = markdownReport([row], 'context line');
    expect(md).toContain('context line');
    expect(md).toContain('| rss | 100 MB |');
    expect(md).toContain('- **rss**: after sync');
  });
  it('passes a ratio row only from per-pair ratios: a measured ratio row without them is reported as not passing', () => {
    const s = summarize([100, 100, 100]);
    const unpaired = ratioRow('save', 'ms', s, summarize([80, 80, 80]), 1.5, 'how');
    expect(unpaired.pass).toBe(true);
    const judged = pairedOrFailed(unpaired);
    expect(judged).toMatchObject({ name: 'save', pass: false, ratio: 1.25 });
    expect(judged.note).toMatch(/^how; not passed: a ratio target needs per-pair ratios/);
    expect(judged.note).toContain(`median + ${RATIO_MARGIN} ≤ target`);
    const paired = ratioRow('save', 'ms', s, s, 1.5, undefined, { ratios: [1.45, 1.45, 1.45] });
    expect(pairedOrFailed(paired)).toBe(paired);
    expect(paired.pass).toBe(true);
    const absolute = absoluteRow('ipc', 'ms', s, 2, 80);
    expect(pairedOrFailed(absolute)).toBe(absolute);
    const missing = failedRow('save', 'ms', 1.5, 'ratio', 'skipped');
    expect(pairedOrFailed(missing)).toBe(missing);
    // completeRows applies the rule to every row it is given
    const rows = completeRows(new Map([['save', unpaired]]));
    expect(rows.find((r) => r.name === 'save')!.pass).toBe(false);
  });
});
