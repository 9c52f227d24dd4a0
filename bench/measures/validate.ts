/**
 * validate: one full `validateDraft` of a complete draft against a 10,000-listener inventory. The context comes from
 * `buildContext` once (its port/ID indexes are built then and reused, as the wizard does between keystrokes); its
 * build time is reported in the note. A single validation is far below timer resolution noise, so each run times a
 * batch of calls (on distinct draft copies) and reports the mean per call.
 */
import { buildContext, validateDraft } from '../../shared/validation';
import { FIXTURE_LB_ID, makeInventory, makeIpGroup, makeListener, makeLoadBalancer, makeMember, makePool, validDraft } from '../../shared/validation/fixtures';
import type { DraftContent } from '../../shared/model/draft';
import type { Inventory } from '../../shared/model/inventory';
import { absoluteRow, measure, type ResultRow } from '../stats';

/** An inventory of `n` listeners: 40% on the draft's LB (TCP, and every 5th UDP), the rest over 9 other LBs. */
export function bigInventory(n: number): Inventory {
  const lbs = [makeLoadBalancer(), ...Array.from({ length: 9 }, (_, i) => makeLoadBalancer({ id: `lb-${i + 2}`, name: `lb-${i + 2}` }))];
  const listeners = Array.from({ length: n }, (_, i) => {
    const onTarget = i % 5 < 2;
    const lb = onTarget ? FIXTURE_LB_ID : `lb-${(i % 9) + 2}`;
    return makeListener({
      id: `listener-${i}`,
      name: `bulk-${i}`,
      loadBalancerId: lb,
      protocol: i % 5 === 4 ? 'UDP' : 'TCP',
      // Ports from 10000 up on every LB (a few port ranges among them), never 8080–8279 used by the drafts below.
      port: i % 97 === 0 ? null : 10_000 + Math.floor(i / 5) * 2 + (i % 2),
      portRanges: i % 97 === 0 ? [{ start: 40_000 + (i % 1000) * 20, end: 40_000 + (i % 1000) * 20 + 9 }] : [],
      defaultPoolId: i % 10 === 0 ? `pool-${i % 200}` : null,
      ipGroup: i % 7 === 0 ? { id: `ipg-${i % 50}`, type: 'white', enabled: true } : null,
    });
  });
  const pools = Array.from({ length: 200 }, (_, i) => makePool({ id: `pool-${i}`, name: `pool-${i}`, loadBalancerIds: [i % 2 ? FIXTURE_LB_ID : 'lb-2'] }));
  const members = Array.from({ length: 1000 }, (_, i) =>
    makeMember({ id: `member-${i}`, poolId: `pool-${i % 200}`, address: `192.168.${1 + (i % 200)}.${10 + Math.floor(i / 200)}` }),
  );
  const ipGroups = Array.from({ length: 50 }, (_, i) => makeIpGroup({ id: `ipg-${i}`, name: `group-${i}` }));
  return makeInventory({ loadBalancers: lbs, listeners, pools, members, ipGroups });
}

/** A complete draft for the fixture LB: port 8080 + i, a whitelist, tags, limits and a new group of 3 servers. */
export function benchDraft(i: number): DraftContent {
  const d = validDraft();
  d.listener.port = 8080 + i;
  d.listener.name = `web-${8080 + i}`;
  d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-3' };
  d.listener.tags = [
    { key: 'env', value: 'prod' },
    { key: 'team', value: 'edge' },
  ];
  d.listener.maxNewConnections = { mode: 'limit', value: 5000 };
  d.listener.description = 'bench draft';
  d.routing.members.push({ rowId: 'r3', name: 'web-c', address: '192.168.1.13', port: 8080, weight: 5, subnetId: 'subnet-1' });
  return d;
}

/** Measures `validate`. */
export async function measureValidate(o: { listeners?: number; runs?: number; batch?: number } = {}): Promise<ResultRow> {
  const n = o.listeners ?? 10_000;
  const batch = o.batch ?? 500;
  const inv = bigInventory(n);
  const t0 = performance.now();
  const ctx = buildContext(inv, FIXTURE_LB_ID, 'sandbox-1');
  const buildMs = performance.now() - t0;
  const drafts = Array.from({ length: batch }, (_, i) => benchDraft(i));
  // The drafts are valid: a rule that fired would mean the bench measures an error path instead.
  const issues = validateDraft(drafts[0]!, ctx);
  const errors = issues.filter((x) => x.severity === 'error');
  if (errors.length > 0) throw new Error(`the bench draft has validation errors: ${errors.map((e) => e.code).join(', ')}`);
  let sink = 0;
  const sample = await measure(
    () => {
      const s = performance.now();
      for (const d of drafts) sink += validateDraft(d, ctx).length;
      return (performance.now() - s) / batch;
    },
    o.runs ?? 15,
    10,
  );
  if (sink < 0) throw new Error('unreachable');
  return absoluteRow(
    'validate',
    'ms',
    sample,
    1,
    null,
    `validateDraft of a complete draft (whitelist, tags, limits, new group of 3 servers) against ${n.toLocaleString('en')} listeners; ` +
      `context from buildContext built once (${buildMs.toFixed(1)} ms, not counted); each run = mean of ${batch} calls, after 10 warm-up batches; ${issues.length} warning(s)`,
  );
}
