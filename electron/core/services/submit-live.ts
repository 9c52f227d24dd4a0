/**
 * The live preflight of a create draft (`preflightDraft`, submit:preflight) and its read of one load balancer: the load balancer, its listeners and
 * groups, the IP address groups, flavors and quotas, as an inventory the shared rules check the draft against, plus
 * the issues only a live read can find (a group or IP group gone, an IP group full, a quota reached).
 */
import type { PlannedRequest, Res } from '../../../shared/ipc/contract';
import { planRequests } from '../../../shared/mapping/api';
import type { Draft } from '../../../shared/model/draft';
import { buildContext, validateDraft } from '../../../shared/validation';
import type { Inventory, Listener } from '../../../shared/model/inventory';
import type { Issue } from '../../../shared/validation/issue';
import type { ElbClient } from '../cloud/client';
import { CloudError } from '../cloud/errors';
import * as N from '../cloud/normalize';
import { toAppFailure } from './cloud-access';
import type { ServiceContext } from './context';
import type { DraftsService } from './drafts';

/** Reads one load balancer live for the preflight. */
export async function liveInventory(client: ElbClient, accountId: string, region: string, lbId: string, draft: Draft) {
  const extra: Issue[] = [];
  const flavors = await client.listFlavors();
  const lbApi = await client.getLoadBalancer(lbId);
  const lb = N.toLoadBalancer(lbApi, new Map(flavors.map((f) => [f.id, f])));
  if (lb.provisioningStatus !== 'ACTIVE') {
    extra.push({
      path: 'target.loadBalancerId',
      code: 'preflight.loadBalancer.notActive',
      severity: 'warning',
      message: `The load balancer is ${lb.provisioningStatus}; the submit waits until it is ACTIVE.`,
      params: { status: lb.provisioningStatus },
    });
  }
  const listeners: Listener[] = [];
  for await (const page of client.iterateListeners({ loadbalancer_id: lbId })) for (const l of page) listeners.push(N.toListener(l));
  const pools = (await client.listPools({ loadbalancer_id: lbId })).map(N.toPool);
  if (draft.routing.mode === 'existing' && draft.routing.existingPoolId && !pools.some((p) => p.id === draft.routing.existingPoolId)) {
    try {
      pools.push(N.toPool(await client.getPool(draft.routing.existingPoolId)));
    } catch (e) {
      if (e instanceof CloudError && e.status === 404) {
        extra.push({
          path: 'routing.existingPoolId',
          code: 'preflight.pool.gone',
          severity: 'error',
          message: 'The chosen backend server group no longer exists. Choose another one or create a new group.',
        });
      } else throw e;
    }
  }
  const ipGroups = (await client.listIpGroups()).map(N.toIpGroup);
  const ac = draft.listener.accessControl;
  if (ac.mode !== 'all' && ac.ipGroupId) {
    const g = ipGroups.find((x) => x.id === ac.ipGroupId);
    if (!g) {
      extra.push({ path: 'listener.accessControl.ipGroupId', code: 'preflight.ipGroup.gone', severity: 'error', message: 'The chosen IP address group no longer exists.' });
    } else if (g.listenerIds.length >= 50) {
      extra.push({
        path: 'listener.accessControl.ipGroupId',
        code: 'preflight.ipGroup.full',
        severity: 'error',
        message: `The IP address group "${g.name}" is already bound to ${g.listenerIds.length} listeners (the limit is 50).`,
        params: { count: g.listenerIds.length, limit: 50 },
      });
    }
  }
  const quotas = N.toQuota(await client.getQuotas());
  const needs: Array<[string, number, string]> = [['listener', 1, 'listener']];
  if (draft.routing.mode === 'new') {
    needs.push(['pool', 1, 'routing.mode']);
    if (draft.routing.healthCheck.enabled) needs.push(['healthmonitor', 1, 'routing.healthCheck.enabled']);
    if (draft.routing.members.length > 0) needs.push(['member', draft.routing.members.length, 'routing.members']);
  }
  for (const [key, n, path] of needs) {
    const q = quotas[key];
    if (q && q.limit >= 0 && q.used !== null && q.used + n > q.limit) {
      extra.push({
        path,
        code: 'preflight.quota',
        severity: 'error',
        message: `The ${key} quota is reached (${q.used} of ${q.limit} used; this submit needs ${n} more).`,
        params: { resource: key, used: q.used, limit: q.limit, needed: n },
      });
    }
  }
  const inventory: Inventory = {
    accountId,
    region,
    loadBalancers: [lb],
    listeners,
    pools,
    members: [],
    healthMonitors: [],
    ipGroups,
    flavors: flavors.map(N.toFlavor),
    quotas,
    syncedAt: {},
    stale: false,
    lastError: null,
  };
  return { inventory, extra };
}

/**
 * `submit:preflight`: the draft checked against its load balancer read live (the shared rules plus what only a live
 * read finds) with the exact requests; offline (network or timeout), against the cache instead, saying so.
 */
export async function preflightDraft(ctx: ServiceContext, drafts: DraftsService, draftId: string): Promise<Res<'submit:preflight'>> {
  const draft = drafts.find(draftId);
  const { accountId, region, loadBalancerId } = draft.target;
  const account = ctx.store.get().accounts.find((a) => a.id === accountId);
  const projectId = account && region ? account.projects[region] : undefined;
  const plan: PlannedRequest[] = planRequests(draft, loadBalancerId ?? '{loadbalancer_id}', projectId);
  if (!accountId || !region || !loadBalancerId) {
    return { issues: await drafts.validate(draft), plan, live: false, checkedAt: ctx.clock.now().toISOString() };
  }
  try {
    const { client, projectId: pid } = await ctx.cloud.clientFor(accountId, region);
    const live = await liveInventory(client, accountId, region, loadBalancerId, draft);
    const issues: Issue[] = validateDraft(draft, buildContext(live.inventory, loadBalancerId, region));
    issues.push(...live.extra);
    return { issues, plan: planRequests(draft, loadBalancerId, pid), live: true, checkedAt: ctx.clock.now().toISOString() };
  } catch (e) {
    const f = toAppFailure(e);
    if (f.appError.code !== 'NETWORK' && f.appError.code !== 'TIMEOUT') throw f;
    const issues = await drafts.validate(draft);
    return { issues, plan, live: false, checkedAt: ctx.clock.now().toISOString() };
  }
}
