/**
 * fleet-apply: wall time of a fleet run of 100 targets (two sandbox regions, 2 at a time per account + region)
 * through the app's core — per-target drafts, the journaled submit (each create's intent durable before it is sent,
 * in the run's append-only journal), the batch read of the load balancers' state per region, the batched read-back,
 * the cache merge, the journal fold and the run records — from fleet:apply until the run has settled, against the
 * same create requests (group, health check, listener per target, same bodies) sent bare with an ElbClient, with
 * the same concurrency. In-process sandbox (pendingMs 0); each run uses a new port, so both sides create everything
 * afresh. The ratio is the median of the per-pair ratios of alternated runs (with its IQR).
 */
import { createElbClient, type ElbClient } from '../../electron/core/cloud/client';
import { syncBoth, targetFor, planContent } from '../../electron/core/services/fleet-test-kit';
import { startTestCore } from '../../electron/core/test-support';
import { startSandbox, type SandboxHandle } from '../../electron/sandbox';
import { fleetKind, fleetName } from '../../electron/sandbox/fleet-seed';
import { healthMonitorBody, listenerBody, poolBody } from '../../shared/mapping/api';
import type { DraftContent } from '../../shared/model/draft';
import { measurePair, ratioRow, type ResultRow } from '../stats';

/** Runs `fn` over `items` with `limit` at a time. */
async function lanes<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Measures `fleet-apply`. */
export async function measureFleetApply(o: { targets?: number; runs?: number; rttMs?: number; dataDir: () => string }): Promise<ResultRow> {
  const n = o.targets ?? 100;
  const rtt = o.rttMs ?? 20;
  const requests = { subject: 0, baseline: 0, creates: 0 };
  const concurrency = 2;
  let sandbox: SandboxHandle | null = null;
  const closers: Array<() => Promise<void>> = [];
  try {
    sandbox = await startSandbox({ port: 0, pendingMs: 0, loadBalancers: Math.ceil(n * 1.25) + 2 });
    const sb = sandbox;
    // Every API request takes `rtt` ms on the server (a network round trip), for subject and baseline alike.
    if (rtt > 0) sb.faults.add({ times: Infinity, fault: { kind: 'latency', ms: rtt } });
    const names: string[] = [];
    for (let i = 0; names.length < n; i++) if (fleetKind(i) === 'l4' || fleetKind(i) === 'l4l7') names.push(fleetName(i));
    let port = 40_000;

    const subject = async (): Promise<number> => {
      const t = await startTestCore({ dataDir: o.dataDir(), sandboxUrl: sb.url, options: { checkResponses: false } });
      try {
        const { accountId, inv } = await syncBoth(t);
        const p = port++;
        const plan = await t.must('fleet:create', { content: { ...planContent(`bench ${p}`, p, names.map((x) => targetFor(accountId, inv, x))), concurrency } });
        const r0 = sb.requests().length;
        const t0 = performance.now();
        const run = await t.must('fleet:apply', { id: plan.id });
        const end = await t.core.fleet.settled(run.id);
        const ms = performance.now() - t0;
        const sent = sb.requests().slice(r0);
        requests.subject = sent.length;
        requests.creates = sent.filter((r) => r.method === 'POST').length;
        if (end.state !== 'done') throw new Error(`the bench run ended ${end.state}`);
        return ms;
      } finally {
        await t.core.dispose();
      }
    };

    const clients = new Map<string, ElbClient>();
    for (const r of sb.regions) {
      const c = createElbClient({ endpoint: sb.url, region: r.id, projectId: r.projectId, credentials: async () => ({ ak: sb.ak, sk: sb.sk }) });
      clients.set(r.id, c);
      closers.push(() => c.close());
    }
    const lbIds = names.map((x) => {
      for (const r of sb.regions) for (const lb of sb.state().region(r.id).loadbalancers.values()) if (lb.name === x) return { region: r.id, id: lb.id };
      throw new Error(`no ${x}`);
    });
    const baseline = async (): Promise<number> => {
      const p = port++;
      const content: DraftContent = { ...planContent(`bare ${p}`, p, []), target: { accountId: null, region: null, loadBalancerId: null }, step: 'confirm' } as unknown as DraftContent;
      const r0 = sb.requests().length;
      const t0 = performance.now();
      await Promise.all(
        sb.regions.map((r) =>
          lanes(lbIds.filter((x) => x.region === r.id), concurrency, async (lb) => {
            const c = clients.get(r.id)!;
            const pool = await c.createPool(poolBody(content, lb.id));
            await c.createHealthMonitor(healthMonitorBody(content.routing.healthCheck, pool.id));
            await c.createListener(listenerBody({ ...content, target: { accountId: null, region: r.id, loadBalancerId: lb.id } }, { poolId: pool.id }));
          }),
        ),
      );
      const ms = performance.now() - t0;
      requests.baseline = sb.requests().length - r0;
      return ms;
    };

    const pair = await measurePair(subject, baseline, o.runs ?? 3, 1);
    return ratioRow(
      'fleet-apply',
      'ms',
      pair.subject,
      pair.baseline,
      1.3,
      `fleet run of ${n} targets over 2 sandbox regions, ${concurrency} at a time per account + region (new group + TCP health check + listener each), ` +
        `from fleet:apply to the run settled (read-backs, cache and journal fold included), vs the same ${n * 3} create requests sent bare with an ElbClient at the same concurrency; ` +
        `in-process sandbox, pendingMs 0, every request held ${rtt} ms (a round trip); ` +
        `requests per run: ${requests.subject} (app) vs ${requests.baseline} (bare); the app's: ${requests.creates} creates (${requests.creates / n} per target, its critical path) ` +
        `+ ${requests.subject - requests.creates} batched lists (load balancers' state before, read-back after, per region)`,
      { ratios: pair.ratios },
    );
  } finally {
    for (const c of closers) await c().catch(() => undefined);
    await sandbox?.close();
  }
}
