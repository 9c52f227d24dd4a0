/**
 * rss: resident memory of the browser-mode core (host + core, bundled like the shipped main process, plain Node)
 * after `sync:run` of the Local sandbox account with 10,000 listeners and the `inventory:get` the renderer makes next,
 * then a full GC. One fresh process and data folder per run. The peak (VmHWM) is in the note.
 */
import { readFileSync } from 'node:fs';
import { startAppProcess, syncSandbox, sandboxAccountId, type TempDirs } from '../lib/env';
import { absoluteRow, measure, summarize, type ResultRow } from '../stats';

/** VmHWM (peak RSS) of a process in bytes, from /proc (null where there is no /proc). */
export function peakRss(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Measures `rss`. */
export async function measureRss(bundle: string, sandboxUrl: string, dirs: TempDirs, o: { runs?: number; expected?: number } = {}): Promise<ResultRow> {
  const MB = 1024 * 1024;
  const peaks: number[] = [];
  const heaps: number[] = [];
  const idle: number[] = [];
  let listeners = 0;
  const sample = await measure(
    async () => {
      const app = await startAppProcess(bundle, dirs.make('rss'), sandboxUrl, { exposeGc: true });
      try {
        idle.push((await app.memory()).rss / MB);
        listeners = await syncSandbox(app);
        if (o.expected !== undefined && listeners < o.expected) throw new Error(`synced only ${listeners} listeners`);
        const accountId = await sandboxAccountId(app);
        await app.ipc('inventory:get', { accountId, region: 'sandbox-1' });
        const m = await app.memory();
        const peak = peakRss(app.pid);
        if (peak !== null) peaks.push(peak / MB);
        heaps.push(m.heapUsed / MB);
        return m.rss / MB;
      } finally {
        await app.stop();
      }
    },
    o.runs ?? 5,
    1,
  );
  // Leave out the warm-up run.
  const med = (xs: number[]): string => (xs.length > 1 ? summarize(xs.slice(1)).median.toFixed(1) : 'n/a');
  return absoluteRow(
    'rss',
    'MB',
    sample,
    150,
    null,
    `RSS after sync:run of ${listeners.toLocaleString('en')} listeners + inventory:get, then global.gc(); app child bundled with esbuild, run by plain node (MB = 2^20 B); ` +
      `medians: before the sync ${med(idle)} MB, JS heap used after ${med(heaps)} MB, peak RSS during the sync (VmHWM) ${med(peaks)} MB`,
  );
}
