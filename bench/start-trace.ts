/**
 * `npx tsx bench/start-trace.ts [--runs=N] [--renderer=DIR] [--url=PATH]`: what a cold start's page spends its main
 * thread on, from a Chromium trace. Starts a sandbox (1,000 listeners) and the browser-mode app (renderer from DIR,
 * default out/renderer), then N times (default 5): a cold Chromium as in the bench's start measure, traced from
 * navigation until the frame after the first listing row is in the DOM. Prints, as medians over the runs: the renderer
 * main thread's busy time in that window (wall clock, and its thread CPU time), the self time per trace event (the top 25 by CPU time), and the count of font look-ups. A tool for
 * finding what is left of the start; the bench's figures stay in `npm run bench`.
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { bundleAppChild, REPO_ROOT, startAppProcess, startSandboxProcess, syncSandbox, TempDirs } from './lib/env';
import { CHROMIUM, CHROMIUM_ARGS } from './measures/browser';
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

function arg(name: string, fallback: string): string {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
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
      const perRun: Array<{ busy: number; cpu: number; window: number; self: Map<string, number>; selfCpu: Map<string, number>; fonts: number }> = [];
      for (let i = 0; i < runs + 1; i++) {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
        try {
          const page = await browser.newPage();
          await page.addInitScript(`(() => {
            const mo = new MutationObserver(() => {
              if (document.querySelector('table[aria-rowcount] tbody tr')) { performance.mark('elb-first-row'); mo.disconnect(); }
            });
            mo.observe(document, { childList: true, subtree: true });
          })()`);
          await browser.startTracing(page, { categories: CATEGORIES });
          await page.goto(`${app.openUrl}${route}`, { waitUntil: 'commit' });
          await page.waitForSelector('table[aria-rowcount] tbody tr', { state: 'attached', timeout: 60_000 });
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
