/**
 * `npx tsx bench/start-trace.ts [--runs=N] [--renderer=DIR] [--url=PATH]`: what a cold start's page spends its main
 * thread on, from a Chromium trace. Starts a sandbox (1,000 listeners) and the browser-mode app (renderer from DIR,
 * default out/renderer), then N times (default 5): a cold Chromium as in the bench's start measure, traced from
 * navigation until the frame after the first listing row is in the DOM. Prints, as medians over the runs: the renderer
 * main thread's busy time in that window (wall clock, and its thread CPU time), the self time per trace event (the top 25 by CPU time), and the count of font look-ups. A tool for
 * finding what is left of the start; the bench's figures stay in `npm run bench`.
 * `--timeline`: no trace; the requests that started before the first row (start → end, ms after navigation) and the
 * page's marks, as medians. `TRACE_TASKS=1`: each traced run's main-thread tasks (start, wall, CPU, top children).
 * `TRACE_THREADS=1`: each traced run's CPU time per thread of every process in that window.
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { bundleAppChild, REPO_ROOT, startAppProcess, startSandboxProcess, syncSandbox, TempDirs } from './lib/env';
import { CHROMIUM, CHROMIUM_ARGS, ROW_SELECTOR as ROW } from './measures/browser';
import { visibleProbe } from './measures/start';
import { summarize } from './stats';

/** One trace event (the fields used here). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'loading',
  'fonts',
  'toplevel',
  'mojom',
  'disabled-by-default-v8.compile',
];

/** The renderer main thread of the page that marked `mark` (pid, tid), or null. */
export function mainThreadOf(events: TraceEvent[], mark: string): { pid: number; tid: number; markTs: number } | null {
  const m = events.find((e) => e.name === mark && e.cat.includes('blink.user_timing'));
  if (!m) return null;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === m.pid && (e.args?.name as string) === 'CrRendererMain');
  return { pid: m.pid, tid: thread ? thread.tid : m.tid, markTs: m.ts };
}

/**
 * Self time (µs → ms) per event name of the complete ('X') events of one thread within [from, to]: each event's
 * duration minus that of its children, so the sum is the thread's busy time. `clock: 'thread'` takes the thread (CPU)
 * durations instead of the wall-clock ones (less affected by other processes on a busy machine; events without one
 * count as 0).
 */
export function selfTimes(events: TraceEvent[], pid: number, tid: number, from: number, to: number, clock: 'wall' | 'thread' = 'wall'): Map<string, number> {
  const d = (e: TraceEvent): number => (clock === 'wall' ? e.dur! : (e.tdur ?? 0));
  const xs = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out = new Map<string, number>();
  const stack: Array<{ end: number; name: string; self: number }> = [];
  const close = (upTo: number): void => {
    while (stack.length && stack[stack.length - 1]!.end <= upTo) {
      const top = stack.pop()!;
      out.set(top.name, (out.get(top.name) ?? 0) + top.self / 1000);
    }
  };
  for (const e of xs) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= d(e);
    stack.push({ end: e.ts + e.dur!, name: e.name, self: d(e) });
  }
  close(Infinity);
  return out;
}

/**
 * `TRACE_TASKS=1`: the renderer main thread's top-level tasks of one run (ms after navigation: start, wall and CPU
 * duration, and the three children with the most self time), to see what is on the first row's path and where the
 * thread waits.
 */
function printTasks(events: TraceEvent[], pid: number, tid: number, from: number, to: number, markTs: number): void {
  const xs = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts <= to).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  let end = -Infinity;
  const out: string[] = [`first row at ${((markTs - from) / 1000).toFixed(1)} ms`];
  for (const e of xs) {
    if (e.ts < end) continue;
    end = e.ts + e.dur!;
    if (e.dur! < 1000) continue;
    const kids = selfTimes(events.filter((k) => k.ts >= e.ts && k.ts <= end), pid, tid, e.ts, end);
    const top = [...kids].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, v]) => `${n} ${v.toFixed(1)}`).join(', ');
    out.push(`${((e.ts - from) / 1000).toFixed(1).padStart(7)} +${(e.dur! / 1000).toFixed(1).padStart(5)} (CPU ${((e.tdur ?? 0) / 1000).toFixed(1)})  ${e.name}: ${top}`);
  }
  process.stderr.write(`${out.join('\n')}\n\n`);
}

/**
 * `TRACE_THREADS=1`: CPU time per thread of every process in [from, to] (top-level trace events' thread time), the
 * busiest first — what the page's main thread shares the machine's cores with.
 */
function printThreads(events: TraceEvent[], from: number, to: number): void {
  const names = new Map<string, string>();
  const procs = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? ''));
    if (e.name === 'process_name') procs.set(e.pid, String(e.args?.name ?? ''));
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || e.ts + e.dur < from || e.ts > to) continue;
    const k = `${e.pid}:${e.tid}`;
    const list = byThread.get(k) ?? [];
    list.push(e);
    byThread.set(k, list);
  }
  const rows: Array<{ k: string; cpu: number; wall: number }> = [];
  for (const [k, xs] of byThread) {
    xs.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let end = -Infinity;
    let cpu = 0;
    let wall = 0;
    for (const e of xs) {
      if (e.ts < end) continue;
      end = e.ts + e.dur!;
      const overlap = Math.max(0, Math.min(end, to) - Math.max(e.ts, from)) / e.dur!;
      cpu += ((e.tdur ?? 0) * (Number.isFinite(overlap) ? overlap : 0)) / 1000;
      wall += (Math.max(0, Math.min(end, to) - Math.max(e.ts, from))) / 1000;
    }
    rows.push({ k, cpu, wall });
  }
  rows.sort((a, b) => b.cpu - a.cpu);
  const out = [`threads, ${((to - from) / 1000).toFixed(1)} ms window: CPU / wall ms`];
  for (const r of rows.slice(0, 14)) out.push(`${r.cpu.toFixed(1).padStart(7)} ${r.wall.toFixed(1).padStart(7)}  ${procs.get(Number(r.k.split(':')[0])) ?? '?'} / ${names.get(r.k) ?? r.k}`);
  process.stderr.write(`${out.join('\n')}\n\n`);
}

function arg(name: string, fallback: string): string {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

/** In the page: the requests that ended before the first row (path, start, end; ms since navigation start) and the marks. */
const TIMELINE_SCRIPT = `(() => {
  const firstRow = window.__elbFirstRow ?? performance.now();
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource').filter((r) => r.startTime <= firstRow);
  return {
    firstRow,
    html: nav ? nav.responseEnd : 0,
    domInteractive: nav ? nav.domInteractive : 0,
    requests: res.map((r) => ({ path: new URL(r.name).pathname.replace(/-[\\w-]{8}(?=\\.(js|css)$)/, ''), start: r.startTime, end: r.responseEnd, size: r.encodedBodySize })),
    marks: performance.getEntriesByType('mark').filter((m) => m.startTime <= firstRow + 50).map((m) => ({ name: m.name, at: m.startTime })),
  };
})()`;

interface Timeline {
  firstRow: number;
  html: number;
  domInteractive: number;
  requests: Array<{ path: string; start: number; end: number; size: number }>;
  marks: Array<{ name: string; at: number }>;
}

/**
 * `--timeline`: no trace (so no tracing overhead): per cold start, the requests that started before the first row
 * (with their start and end) and the page's performance marks, then the medians.
 */
async function timeline(openUrl: string, route: string, runs: number): Promise<void> {
  const all: Timeline[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage();
      await page.addInitScript(`(() => {
        const mo = new MutationObserver(() => {
          if (document.querySelector(${JSON.stringify(ROW)})) { window.__elbFirstRow = performance.now(); mo.disconnect(); }
        });
        mo.observe(document, { childList: true, subtree: true });
      })()`);
      await page.addInitScript(visibleProbe(ROW));
      await page.goto(`${openUrl}${route}`, { waitUntil: 'commit' });
      await page.evaluate('window.__elbBenchVisible');
      const t = (await page.evaluate(TIMELINE_SCRIPT)) as Timeline;
      if (i > 0) all.push(t);
      if (i > 0 && process.env.TIMELINE_VERBOSE) {
        process.stdout.write(`run ${i}: first row ${t.firstRow.toFixed(0)} ms, HTML ${t.html.toFixed(0)}, DOM interactive ${t.domInteractive.toFixed(0)}\n`);
        for (const r of t.requests) process.stdout.write(`  ${r.start.toFixed(0).padStart(5)} → ${r.end.toFixed(0).padStart(5)}  ${r.path} (${r.size} B)\n`);
        for (const m of t.marks) process.stdout.write(`  mark ${m.name} ${m.at.toFixed(0)}\n`);
      }
    } finally {
      await browser.close();
    }
  }
  const med = (xs: number[]): string => summarize(xs).median.toFixed(0);
  const before = all.map((t) => t.requests.filter((r) => r.end <= t.firstRow));
  process.stdout.write(
    `${runs} cold starts of ${route} (after 1 warm-up): first row ${med(all.map((t) => t.firstRow))} ms after navigation start (min ${summarize(all.map((t) => t.firstRow)).min.toFixed(0)}, max ${summarize(all.map((t) => t.firstRow)).max.toFixed(0)}); ` +
      `HTML ${med(all.map((t) => t.html))}, DOM interactive ${med(all.map((t) => t.domInteractive))}; requests done before the first row ${med(before.map((b) => b.length))}, ` +
      `the last of them ended at ${med(before.map((b) => Math.max(0, ...b.map((r) => r.end))))}\n`,
  );
  const paths = new Set(all.flatMap((t) => t.requests.map((r) => r.path)));
  for (const p of paths) {
    const hits = all.map((t) => t.requests.find((r) => r.path === p)).filter((r) => r !== undefined);
    process.stdout.write(`  ${med(hits.map((r) => r.start)).padStart(5)} → ${med(hits.map((r) => r.end)).padStart(5)}  ${p} (${hits.length}/${all.length} runs)\n`);
  }
  const marks = new Set(all.flatMap((t) => t.marks.map((m) => m.name)));
  for (const m of marks) process.stdout.write(`  mark ${m} ${med(all.map((t) => t.marks.find((x) => x.name === m)?.at ?? NaN).filter((x) => !Number.isNaN(x)))}\n`);
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  const rendererDir = path.resolve(arg('renderer', path.join(REPO_ROOT, 'out', 'renderer')));
  const route = arg('url', '#/listeners');
  const dirs = new TempDirs();
  const sandbox = await startSandboxProcess(1000);
  try {
    const app = await startAppProcess(await bundleAppChild(dirs.make('trace-bundle')), dirs.make('trace-app'), sandbox.url, { rendererDir });
    try {
      await syncSandbox(app);
      if (process.argv.includes('--timeline')) return await timeline(app.openUrl, route, runs);
      const perRun: Array<{ busy: number; cpu: number; window: number; self: Map<string, number>; selfCpu: Map<string, number>; fonts: number }> = [];
      for (let i = 0; i < runs + 1; i++) {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
        try {
          const page = await browser.newPage();
          await page.addInitScript(`(() => {
            const mo = new MutationObserver(() => {
              if (document.querySelector(${JSON.stringify(ROW)})) { performance.mark('elb-first-row'); mo.disconnect(); }
            });
            mo.observe(document, { childList: true, subtree: true });
          })()`);
          // (the bench's own wait: a few lines in the page, not Playwright's injected script, which is not the app's)
          await page.addInitScript(visibleProbe(ROW));
          await browser.startTracing(page, { categories: CATEGORIES });
          await page.goto(`${app.openUrl}${route}`, { waitUntil: 'commit' });
          await page.evaluate('window.__elbBenchVisible');
          await page.waitForTimeout(200);
          const buf = await browser.stopTracing();
          const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
          const main = mainThreadOf(events, 'elb-first-row');
          if (!main) throw new Error('no first-row mark in the trace');
          const nav = events
            .filter((e) => e.pid === main.pid && (e.name === 'navigationStart' || e.name === 'CommitLoad' || e.name === 'ParseHTML'))
            .sort((a, b) => a.ts - b.ts)[0];
          const from = nav ? nav.ts : main.markTs - 5_000_000;
          // Until the first frame after the row is in the DOM (its style, layout and paint included).
          const painted = events
            .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ts >= main.markTs && (e.name === 'Paint' || e.name === 'PrePaint'))
            .sort((a, b) => a.ts - b.ts)[0];
          const to = painted ? painted.ts + (painted.dur ?? 0) : main.markTs;
          const self = selfTimes(events, main.pid, main.tid, from, to);
          if (process.env.TRACE_TASKS && i > 0) printTasks(events, main.pid, main.tid, from, to, main.markTs);
          if (process.env.TRACE_THREADS && i > 0) printThreads(events, from, to);
          if (process.env.TRACE_FONT_NAMES) {
            const c = new Map<string, number>();
            for (const e of events) if (e.pid === main.pid && /font|typeface|fontconfig/i.test(e.name) && e.ts <= to) c.set(e.name, (c.get(e.name) ?? 0) + 1);
            process.stderr.write(`${JSON.stringify([...c])}\n`);
          }
          const busy = [...self.values()].reduce((s, v) => s + v, 0);
          const selfCpu = selfTimes(events, main.pid, main.tid, from, to, 'thread');
          const cpu = [...selfCpu.values()].reduce((s, v) => s + v, 0);
          const fonts = events.filter((e) => e.pid === main.pid && /font/i.test(e.name) && /match|lookup|fallback|getfontplatformdata|renderstyle/i.test(e.name) && e.ts <= to).length;
          if (i > 0) perRun.push({ busy, cpu, window: (to - from) / 1000, self, selfCpu, fonts });
        } finally {
          await browser.close();
        }
      }
      const med = (xs: number[]): string => summarize(xs).median.toFixed(1);
      process.stdout.write(`${runs} cold starts of ${route} (after 1 warm-up), renderer ${path.relative(REPO_ROOT, rendererDir) || rendererDir}\n`);
      process.stdout.write(`window (navigation → first paint after the first row) ${med(perRun.map((r) => r.window))} ms; busy ${med(perRun.map((r) => r.busy))} ms (CPU ${med(perRun.map((r) => r.cpu))} ms); font look-up events ${med(perRun.map((r) => r.fonts))}\n`);
      const names = new Set(perRun.flatMap((r) => [...r.self.keys()]));
      const rows = [...names]
        .map((n) => ({ n, v: summarize(perRun.map((r) => r.self.get(n) ?? 0)).median, c: summarize(perRun.map((r) => r.selfCpu.get(n) ?? 0)).median }))
        .sort((a, b) => b.c - a.c || b.v - a.v);
      process.stdout.write('    wall      CPU  event (self time, median)\n');
      for (const r of rows.slice(0, 25)) process.stdout.write(`${r.v.toFixed(1).padStart(8)} ${r.c.toFixed(1).padStart(8)}  ${r.n}\n`);
    } finally {
      await app.stop();
    }
  } finally {
    await sandbox.stop();
    dirs.removeAll();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(REPO_ROOT, 'bench', 'start-trace.ts')) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
