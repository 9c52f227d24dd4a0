/**
 * `npm run bench`: ELB Desk's performance figures, each against its target (most as a ratio to a baseline measured in
 * the same run, since the machines are noisy). Writes bench/results/latest.json (one row per measure) and
 * bench/results/latest.md, and prints the table. It reports numbers; it does not fail on a missed target.
 *
 * Flags: --only=name,name (measure these only; prints, writes nothing unless --write), --runs=N (runs per measure,
 * default 5; fewer only without writing), --no-build (measure the renderer already in out/renderer), --write (write
 * the results even with --only).
 * Progress goes to stderr, the Markdown report (table + how each figure was taken) to stdout.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnJsonChild, type JsonChild } from './lib/child';
import { bundleAppChild, REPO_ROOT, startAppProcess, startSandboxProcess, syncSandbox, TempDirs, type AppProc, type SandboxProc } from './lib/env';
import { chromiumVersion, measureListing, CHROMIUM } from './measures/browser';
import { BROWSER_UI_OFF, EMPTY_PAGE, EMPTY_PAGE_FILE, measureStart, withBrowserUiOff } from './measures/start';
import { buildRenderer } from '../build/scripts/build-renderer';
import { measureBundle } from './measures/bundle';
import { measureFleetApply } from './measures/fleet-apply';
import { measureFleetValidate } from './measures/fleet-validate';
import { measureIpc } from './measures/ipc';
import { measurePortMap, SANDBOX_L4_LBS } from './measures/portmap';
import { measureRss } from './measures/rss';
import { measureSave } from './measures/save';
import { measureSync, SYNC_PAIRS } from './measures/sync';
import { measureValidate } from './measures/validate';
import { measureWorkbench } from './measures/workbench';
import { measureEdit } from './measures/edit';
import { measureDeletePlan } from './measures/delete-plan';
import { failedRow, markdownTable, RATIO_MARGIN, type ResultRow } from './stats';

/** Every measure, in the order of the results, with what a row needs when the measure could not be taken. */
export const MEASURES = {
  start: { unit: 'ms', target: 1.3, kind: 'ratio' },
  render: { unit: 'ms', target: 100, kind: 'absolute' },
  filter: { unit: 'ms', target: 16.7, kind: 'absolute' },
  sync: { unit: 'ms', target: 1.2, kind: 'ratio' },
  save: { unit: 'ms', target: 1.5, kind: 'ratio' },
  validate: { unit: 'ms', target: 1, kind: 'absolute' },
  heap: { unit: 'MB', target: 60, kind: 'absolute' },
  rss: { unit: 'MB', target: 150, kind: 'absolute' },
  bundle: { unit: 'KB', target: 150, kind: 'absolute' },
  ipc: { unit: 'ms', target: 2, kind: 'absolute' },
  workbench: { unit: 'ms', target: 100, kind: 'absolute' },
  portmap: { unit: 'ms', target: 100, kind: 'absolute' },
  edit: { unit: 'ms', target: 50, kind: 'absolute' },
  'fleet-validate': { unit: 'ms', target: 50, kind: 'absolute' },
  'fleet-apply': { unit: 'ms', target: 1.3, kind: 'ratio' },
  'delete-plan': { unit: 'ms', target: 1.3, kind: 'ratio' },
} as const satisfies Record<string, { unit: string; target: number; kind: 'absolute' | 'ratio' }>;
export type MeasureName = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];

/** Rounds of the start measure at least (each: the app and both of its baselines, cold). */
export const START_ROUNDS = 31;

/** Listener counts of the scenarios. */
const BIG = 10_000;
const SMALL = 1_000;

/** Command-line options. */
export interface BenchArgs {
  only: Set<MeasureName> | null;
  runs: number;
  build: boolean;
  write: boolean;
}

/** Parses the flags (see the module comment); throws on an unknown flag or measure name. */
export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { only: null, runs: 5, build: true, write: true };
  for (const a of argv) {
    if (a === '--no-build') out.build = false;
    else if (a === '--write') out.write = true;
    else if (a.startsWith('--runs=')) {
      const n = Number(a.slice('--runs='.length));
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${a}`);
      out.runs = n;
    } else if (a.startsWith('--only=')) {
      const names = a.slice('--only='.length).split(',').filter(Boolean);
      for (const n of names) if (!(n in MEASURES)) throw new Error(`unknown measure "${n}" (known: ${MEASURE_NAMES.join(', ')})`);
      out.only = new Set(names as MeasureName[]);
    } else throw new Error(`unknown flag ${a}`);
  }
  if (out.only && !argv.includes('--write')) out.write = false;
  if (out.write && out.runs < 5) throw new Error('written results need --runs=5 or more');
  return out;
}

/** Rows in the canonical order, with a "not measured" row for every measure that has none. */
export function completeRows(rows: Map<string, ResultRow>, names: readonly MeasureName[] = MEASURE_NAMES): ResultRow[] {
  return names.map((n) => {
    const row = rows.get(n);
    return row ? pairedOrFailed(row) : failedRow(n, MEASURES[n].unit, MEASURES[n].target, MEASURES[n].kind, 'skipped');
  });
}

/**
 * The one rule for ratio targets: a ratio row passes only from per-pair ratios of alternated runs, with their spread
 * and the margin (`ratioRow` with pairs). A measured ratio row without them is reported as not passing, saying why.
 */
export function pairedOrFailed(row: ResultRow): ResultRow {
  if (row.kind !== 'ratio' || row.ratioSpread || Number.isNaN(row.value)) return row;
  const why = `not passed: a ratio target needs per-pair ratios of alternated runs (median + ${RATIO_MARGIN} ≤ target); this row has none`;
  return { ...row, pass: false, note: row.note ? `${row.note}; ${why}` : why };
}

/** The Markdown report: a context line, the table, then each row's note. */
export function markdownReport(rows: ResultRow[], context: string): string {
  const notes = rows.filter((r) => r.note).map((r) => `- **${r.name}**: ${r.note}`);
  return [`# ELB Desk bench`, '', context, '', markdownTable(rows), '', '## How each figure was taken', '', ...notes, ''].join('\n');
}

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

/** Lazily started, shared resources of one run; `close()` stops them all. */
class Resources {
  readonly dirs = new TempDirs();
  private readonly stops: Array<() => Promise<void>> = [];
  private cache = new Map<string, Promise<unknown>>();

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.cache.set(key, p);
    }
    return p;
  }

  sandbox(listeners: number): Promise<SandboxProc> {
    return this.once(`sandbox-${listeners}`, async () => {
      const t0 = performance.now();
      const s = await startSandboxProcess(listeners);
      this.stops.push(() => s.stop());
      log(`sandbox with ${listeners} extra listeners up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return s;
    });
  }

  appBundle(): Promise<string> {
    return this.once('bundle', () => bundleAppChild(this.dirs.make('app-bundle')));
  }

  /**
   * A copy of the built renderer (out/renderer) with the start measure's empty page added, so that the app's host
   * serves both and the build output stays as built; the host's first-paint renderer (out/ssr) beside it, where the
   * host looks for it.
   */
  rendererDir(): Promise<string> {
    return this.once('renderer', async () => {
      const dir = path.join(this.dirs.make('renderer'), 'renderer');
      cpSync(path.join(REPO_ROOT, 'out', 'renderer'), dir, { recursive: true });
      cpSync(path.join(REPO_ROOT, 'out', 'ssr'), path.join(dir, '..', 'ssr'), { recursive: true });
      writeFileSync(path.join(dir, EMPTY_PAGE_FILE), EMPTY_PAGE);
      return dir;
    });
  }

  /** A browser-mode app on a new data folder, synced from the sandbox with `listeners` listeners. */
  app(listeners: number): Promise<AppProc> {
    return this.once(`app-${listeners}`, async () => {
      const [bundle, sandbox, rendererDir] = await Promise.all([this.appBundle(), this.sandbox(listeners), this.rendererDir()]);
      const app = await startAppProcess(bundle, this.dirs.make(`app-${listeners}`), sandbox.url, { rendererDir });
      this.stops.push(() => app.stop());
      const t0 = performance.now();
      const n = await syncSandbox(app);
      log(`app synced ${n} listeners in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      if (n < listeners) throw new Error(`the app synced ${n} listeners, expected ≥ ${listeners}`);
      return app;
    });
  }

  bare(): Promise<string> {
    return this.once('bare', async () => {
      const child: JsonChild = spawnJsonChild(path.join(REPO_ROOT, 'bench', 'bare-server-child.ts'));
      this.stops.push(() => child.stop());
      return (await child.waitFor<{ url: string }>('url', 60_000)).url;
    });
  }

  async close(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop().catch((e: unknown) => log(`cleanup: ${(e as Error).message}`));
    this.dirs.removeAll();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = args.runs;
  const want = (n: MeasureName): boolean => !args.only || args.only.has(n);
  const rows = new Map<string, ResultRow>();
  const res = new Resources();
  const started = performance.now();

  async function step(names: MeasureName[], fn: () => Promise<ResultRow[]>): Promise<void> {
    if (!names.some(want)) return;
    const t0 = performance.now();
    log(`${names.join(', ')} …`);
    try {
      for (const r of await fn()) if (want(r.name as MeasureName)) rows.set(r.name, r);
      log(`${names.join(', ')} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      log(`${names.join(', ')} FAILED: ${why}`);
      for (const n of names) rows.set(n, failedRow(n, MEASURES[n].unit, MEASURES[n].target, MEASURES[n].kind, why.slice(0, 500)));
    }
  }

  const onSignal = (): void => {
    void res.close().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let buildNote = '';
  try {
    // The renderer first: the bundle and the browser measures need a current build.
    if (args.build && (want('bundle') || want('start') || want('render') || want('filter') || want('heap') || want('portmap'))) {
      log('building the renderer (npm run build:renderer) …');
      const err = buildRenderer();
      buildNote = err ? `the build failed, so this is the previous build (${err})` : 'built by this run';
      if (err) log(err);
    } else buildNote = 'not rebuilt (--no-build)';

    await step(['bundle'], async () => [measureBundle(undefined, buildNote)]);
    // Cold start first, before the 10,000-listener sandbox and app are loaded (their memory makes a cold Chromium's
    // page faults dearer, and a user's machine does not hold them either). 31 rounds at least: launches vary widely,
    // and the median of the ratio should move by less than ±0.05 between runs on a quiet machine.
    await step(['start'], async () => {
      const app = await res.app(SMALL);
      const [staticUrl, emptyUrl] = [`${await res.bare()}/static.html`, `${app.origin}/${EMPTY_PAGE_FILE}`];
      const o = { runs: Math.max(runs, START_ROUNDS), expected: SMALL };
      const row = await measureStart(app, staticUrl, emptyUrl, o);
      return [withBrowserUiOff(row, await measureStart(app, staticUrl, emptyUrl, { ...o, extraArgs: BROWSER_UI_OFF }))];
    });
    await step(['validate'], async () => [await measureValidate({ runs: Math.max(runs, 15) })]);
    await step(['workbench'], async () => [await measureWorkbench({ runs: Math.max(runs, 15) })]);
    await step(['edit'], async () => [await measureEdit({ runs: Math.max(runs, 15) })]);
    await step(['fleet-validate'], async () => [await measureFleetValidate({ runs: Math.max(runs, 15) })]);
    await step(['fleet-apply'], async () => [await measureFleetApply({ runs: Math.max(runs, 9), dataDir: () => res.dirs.make('fleet') })]);
    await step(['delete-plan'], async () => [await measureDeletePlan({ runs: Math.max(runs, 9), dataDir: () => res.dirs.make('delete-plan') })]);
    await step(['save'], async () => [await measureSave(res.dirs.make('save'), { runs: Math.max(runs, 41) })]);
    await step(['sync'], async () => [await measureSync(await res.sandbox(BIG), res.dirs.make('sync'), { runs: Math.max(runs, SYNC_PAIRS), expected: BIG })]);
    await step(['ipc'], async () => [await measureIpc(await res.app(BIG), await res.bare(), { runs })]);
    await step(['rss'], async () => [await measureRss(await res.appBundle(), (await res.sandbox(BIG)).url, res.dirs, { runs, expected: BIG })]);
    await step(['render', 'filter', 'heap'], async () => {
      const r = await measureListing(await res.app(BIG), { runs, expected: BIG });
      return [r.render, r.filter, r.heap];
    });
    await step(['portmap'], async () => [await measurePortMap(await res.app(BIG * SANDBOX_L4_LBS), { runs, expected: BIG })]);
  } finally {
    await res.close();
  }

  const names = args.only ? MEASURE_NAMES.filter((n) => args.only!.has(n)) : MEASURE_NAMES;
  const all = completeRows(rows, names);
  const secs = ((performance.now() - started) / 1000).toFixed(0);
  const context =
    `${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'} · load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} · ` +
    `Node ${process.version} · Chromium ${chromiumVersion() ?? 'not launched'} (${CHROMIUM}) · ${runs} runs per measure (more where noted) after a warm-up · whole bench ${secs} s. ` +
    '`Value` is the median; `Pass` is computed from the target (a ratio target compares value ÷ baseline; where the Ratio shows an IQR, ' +
    `it is the median of per-pair ratios of alternated runs and passes only with margin: median + ${RATIO_MARGIN} ≤ target).`;
  const md = markdownReport(all, context);
  if (args.write) {
    const dir = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(all, null, 2)}\n`);
    writeFileSync(path.join(dir, 'latest.md'), md);
    log(`wrote bench/results/latest.json and latest.md (${secs} s)`);
  }
  process.stdout.write(md);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(REPO_ROOT, 'bench', 'run.ts')) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
