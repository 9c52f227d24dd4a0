import { describe, expect, it } from 'vitest';
import { completeRows, markdownReport, MEASURE_NAMES, parseArgs } from './run';
import { absoluteRow, summarize, type ResultRow } from './stats';

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
});
