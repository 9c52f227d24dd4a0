/**
 * ipc: the browser-mode IPC round trip, `POST /ipc/app:info` with the token header to the app host (its own
 * process), timed call by call from a keep-alive node:http client. Each run is ≥ 500 calls; the run's value is the
 * p50. Baseline, alternated run by run: the same POST to a bare node:http server (its own process) that only answers
 * `{"ok":true}`. The target is absolute (p50 ≤ 2 ms); the ratio to the baseline is reported as the median of the
 * per-pair ratios (a run's p50 ÷ the baseline run's p50 of its pair) with their spread.
 */
import http from 'node:http';
import { httpRequest, type AppProc } from '../lib/env';
import { absoluteRow, measurePair, percentile, type ResultRow } from '../stats';

/** `calls` sequential POSTs of `{}`; returns every round trip in ms. */
export async function roundTrips(url: string, headers: Record<string, string>, calls: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const times: number[] = [];
    const h = { 'content-type': 'application/json', ...headers };
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      const r = await httpRequest(url, { method: 'POST', headers: h, body: '{}', agent });
      times.push(performance.now() - t0);
      if (r.status !== 200 || !r.body.startsWith('{"ok":true')) throw new Error(`${new URL(url).pathname}: HTTP ${r.status}`);
    }
    return times;
  } finally {
    agent.destroy();
  }
}

/** Measures `ipc`. `bareUrl` is the bare server of bench/bare-server-child.ts. */
export async function measureIpc(app: Pick<AppProc, 'origin' | 'token'>, bareUrl: string, o: { runs?: number; calls?: number } = {}): Promise<ResultRow> {
  const calls = Math.max(500, o.calls ?? 500);
  const p99s: number[] = [];
  const { subject, baseline, ratios } = await measurePair(
    async () => {
      const t = await roundTrips(`${app.origin}/ipc/app:info`, { 'x-elb-desk-token': app.token }, calls);
      p99s.push(percentile(t, 99));
      return percentile(t, 50);
    },
    async () => percentile(await roundTrips(`${bareUrl}/ipc/app:info`, {}, calls), 50),
    o.runs ?? 5,
    1,
  );
  const p99 = percentile(p99s.slice(-subject.runs.length), 50);
  return absoluteRow(
    'ipc',
    'ms',
    subject,
    2,
    Math.round(baseline.median * 1000) / 1000,
    `p50 of ${calls} sequential keep-alive POST /ipc/app:info (token header) per run, app host in its own process; ` +
      `p99 ≈ ${p99.toFixed(2)} ms; baseline = the same POST to a bare node:http server in its own process; runs alternated; ` +
      `ratio to it = median of ${ratios.length} per-pair ratios (IQR in the table; the pass is the absolute target)`,
    { ratios },
  );
}
