/**
 * delete-plan: wall time of the Delete listener flow's plan for 100 selected listeners through the app's core — the
 * delete draft (`lifecycle:deleteDraft`, saved like any draft) and its live preflight (`lifecycle:preflight`: GET each
 * listener, then each bound group and its servers, the plan, the exact requests, the offline checks) — against the
 * same GET calls sent bare with an ElbClient at the same concurrency (DELETE_PREFLIGHT_CONCURRENCY). In-process
 * sandbox; every request held `rtt` ms (a round trip). The listeners (two per group, each group with servers and a
 * health check) are made once on an empty load balancer; nothing is deleted, so every run plans the same 100.
 */
import { createElbClient, type ElbClient } from '../../electron/core/cloud/client';
import { DELETE_PREFLIGHT_CONCURRENCY } from '../../electron/core/services/delete-submit';
import { startTestCore, tempDir, type TestCore } from '../../electron/core/test-support';
import { startSandbox, type SandboxHandle } from '../../electron/sandbox';
import { measurePair, RATIO_MARGIN, ratioRow, type ResultRow } from '../stats';

/** Runs `fn` over `items` with `limit` at a time. */
async function lanes<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** The load balancer the bench fills (seeded without listeners). */
const LB_NAME = 'staging-idle';

/** Makes `n` TCP listeners on the bench LB, two per group (each group: 2 servers + a TCP health check). */
async function seedListeners(sb: SandboxHandle, c: ElbClient, n: number): Promise<{ listenerIds: string[]; poolIds: string[] }> {
  const ps = sb.state().region('sandbox-1');
  for (const k of Object.keys(ps.quota)) ps.quota[k] = Math.max(ps.quota[k] ?? 0, 10_000);
  const lb = [...ps.loadbalancers.values()].find((l) => l.name === LB_NAME);
  if (!lb) throw new Error(`the sandbox has no load balancer ${LB_NAME}`);
  const subnet = ps.subnets.find((s) => s.id === lb.vip_subnet_cidr_id || s.neutron_subnet_id === lb.vip_subnet_cidr_id) ?? ps.subnets[0]!;
  const poolIds: string[] = [];
  const listenerIds: string[] = [];
  for (let g = 0; g < Math.ceil(n / 2); g++) {
    const pool = await c.createPool({ protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', loadbalancer_id: lb.id, name: `bench-del-${g}` });
    poolIds.push(pool.id);
    for (let m = 0; m < 2; m++) await c.createMember(pool.id, { address: `192.168.1.${100 + m}`, protocol_port: 8000 + g, subnet_cidr_id: subnet.neutron_subnet_id, weight: 1 });
    await c.createHealthMonitor({ pool_id: pool.id, type: 'TCP', delay: 5, timeout: 3, max_retries: 3 });
    for (let k = 0; k < 2 && listenerIds.length < n; k++) {
      const l = await c.createListener({ loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 30_000 + listenerIds.length, name: `bench-del-${listenerIds.length}`, default_pool_id: pool.id });
      listenerIds.push(l.id);
    }
  }
  return { listenerIds, poolIds };
}

/** Measures `delete-plan`. */
export async function measureDeletePlan(o: { listeners?: number; runs?: number; rttMs?: number; dataDir?: () => string } = {}): Promise<ResultRow> {
  const n = o.listeners ?? 100;
  const rtt = o.rttMs ?? 20;
  const concurrency = DELETE_PREFLIGHT_CONCURRENCY;
  const requests = { subject: 0, baseline: 0 };
  let sandbox: SandboxHandle | null = null;
  let core: TestCore | null = null;
  let client: ElbClient | null = null;
  try {
    sandbox = await startSandbox({ port: 0, pendingMs: 0 });
    const sb = sandbox;
    const region = sb.regions.find((r) => r.id === 'sandbox-1')!;
    const c = createElbClient({ endpoint: sb.url, region: region.id, projectId: region.projectId, credentials: async () => ({ ak: sb.ak, sk: sb.sk }) });
    client = c;
    const { listenerIds } = await seedListeners(sb, c, n);

    const t = await startTestCore({ dataDir: (o.dataDir ?? (() => tempDir('elb-desk-dp-')))(), sandboxUrl: sb.url, options: { checkResponses: false } });
    core = t;
    const accountId = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!.id;
    const inv = await t.must('sync:run', { accountId, region: region.id });
    if (listenerIds.some((id) => !inv.listeners.some((l) => l.id === id))) throw new Error('the synced inventory lacks the bench listeners');
    // Every API request takes `rtt` ms on the server from here on, for subject and baseline alike.
    if (rtt > 0) sb.faults.add({ times: Infinity, fault: { kind: 'latency', ms: rtt } });
    const expectedSteps = n * 2 + Math.ceil(n / 2) * 4;

    const subject = async (): Promise<number> => {
      const r0 = sb.requests().length;
      const t0 = performance.now();
      const draft = await t.must('lifecycle:deleteDraft', { accountId, region: region.id, listenerIds, deletePool: true });
      const pre = await t.must('lifecycle:preflight', { draftId: draft.id });
      const ms = performance.now() - t0;
      requests.subject = sb.requests().length - r0;
      if (!pre.live || pre.plan.length !== expectedSteps || pre.deletion?.listeners.length !== n) {
        throw new Error(`the bench preflight is not the expected live plan (live ${pre.live}, ${pre.plan.length} requests, expected ${expectedSteps})`);
      }
      await t.must('drafts:delete', { id: draft.id });
      return ms;
    };

    const baseline = async (): Promise<number> => {
      const r0 = sb.requests().length;
      const t0 = performance.now();
      const pools = new Set<string>();
      await lanes(listenerIds, concurrency, async (id) => {
        const l = await c.getListener(id);
        if (l.default_pool_id) pools.add(l.default_pool_id);
      });
      await lanes([...pools], concurrency, async (pid) => {
        await c.getPool(pid);
        await c.listMembers(pid);
      });
      const ms = performance.now() - t0;
      requests.baseline = sb.requests().length - r0;
      return ms;
    };

    const pair = await measurePair(subject, baseline, o.runs ?? 9, 1);
    return ratioRow(
      'delete-plan',
      'ms',
      pair.subject,
      pair.baseline,
      1.3,
      `Delete listener plan for ${n} selected listeners of one load balancer (two per group, each group with 2 servers and a health check; the groups go too): ` +
        `lifecycle:deleteDraft + lifecycle:preflight through the core (draft saved, live plan of ${expectedSteps} requests, offline checks) vs the same GETs ` +
        `(each listener, then each group and its servers) sent bare with an ElbClient, ${concurrency} at a time; in-process sandbox, every request held ${rtt} ms (a round trip); ` +
        `requests per run: ${requests.subject} (app) vs ${requests.baseline} (bare); ratio = median of ${pair.ratios.length} per-pair ratios, pass = median + ${RATIO_MARGIN} ≤ target`,
      { ratios: pair.ratios },
    );
  } finally {
    await core?.core.dispose();
    await client?.close().catch(() => undefined);
    await sandbox?.close();
  }
}
