/** The ELB v3 route table (paths after /v3/{project_id}/elb, or after /v3/{project_id} for the tag calls). */
import type { Handler } from './api-common';
import { createHealthMonitor, deleteHealthMonitor, listHealthMonitors, showHealthMonitor, updateHealthMonitor } from './api-monitors';
import {
  batchDeleteIpList,
  createIpGroup,
  deleteIpGroup,
  listIpGroups,
  relatedListeners,
  showIpGroup,
  updateIpGroup,
  upsertIpList,
} from './api-ipgroups';
import { cloneListener } from './api-clone';
import { changeListenerTags, deleteListener, forceDeleteListener, updateListener } from './api-listener-changes';
import { createListener, listListeners, showListener } from './api-listeners';
import {
  batchAddMembers,
  batchDeleteMembers,
  batchUpdateMembers,
  createMember,
  deleteMember,
  listAllMembers,
  listPoolMembers,
  showMember,
  updateMember,
} from './api-members';
import { createPool, deletePool, deletePoolCascade, listPools, showPool, updatePool } from './api-pools';
import {
  listFlavors,
  listLoadBalancers,
  loadBalancerStatuses,
  quotaDetails,
  showFlavor,
  showLoadBalancer,
  showQuota,
} from './api-read';

interface Route {
  method: string;
  re: RegExp;
  handler: Handler;
  /** false: the path has no /elb segment (/v3/{project_id}/listeners/{id}/tags/action). */
  elb: boolean;
}

const ID = '([^/]+)';

function r(method: string, path: string, handler: Handler, elb = true): Route {
  return { method, re: new RegExp(`^${path.replace(/\{id\}/g, ID)}/?$`), handler, elb };
}

const ROUTES: Route[] = [
  r('GET', '/loadbalancers', listLoadBalancers),
  r('GET', '/loadbalancers/{id}', showLoadBalancer),
  r('GET', '/loadbalancers/{id}/statuses', loadBalancerStatuses),
  r('GET', '/flavors', listFlavors),
  r('GET', '/flavors/{id}', showFlavor),
  r('GET', '/quotas', showQuota),
  r('GET', '/quotas/details', quotaDetails),
  r('POST', '/listeners', createListener),
  r('GET', '/listeners', listListeners),
  r('GET', '/listeners/{id}', showListener),
  r('PUT', '/listeners/{id}', updateListener),
  r('DELETE', '/listeners/{id}', deleteListener),
  r('DELETE', '/listeners/{id}/force', forceDeleteListener),
  r('POST', '/listeners/{id}/clone', cloneListener),
  r('POST', '/listeners/{id}/tags/action', changeListenerTags, false),
  r('POST', '/pools', createPool),
  r('GET', '/pools', listPools),
  r('GET', '/pools/{id}', showPool),
  r('PUT', '/pools/{id}', updatePool),
  r('DELETE', '/pools/{id}', deletePool),
  r('DELETE', '/pools/{id}/delete-cascade', deletePoolCascade),
  r('POST', '/pools/{id}/members', createMember),
  r('GET', '/pools/{id}/members', listPoolMembers),
  r('POST', '/pools/{id}/members/batch-add', batchAddMembers),
  r('POST', '/pools/{id}/members/batch-delete', batchDeleteMembers),
  r('POST', '/pools/{id}/members/batch-update', batchUpdateMembers),
  r('GET', '/pools/{id}/members/{id}', showMember),
  r('PUT', '/pools/{id}/members/{id}', updateMember),
  r('DELETE', '/pools/{id}/members/{id}', deleteMember),
  r('GET', '/members', listAllMembers),
  r('POST', '/healthmonitors', createHealthMonitor),
  r('GET', '/healthmonitors', listHealthMonitors),
  r('GET', '/healthmonitors/{id}', showHealthMonitor),
  r('PUT', '/healthmonitors/{id}', updateHealthMonitor),
  r('DELETE', '/healthmonitors/{id}', deleteHealthMonitor),
  r('POST', '/ipgroups', createIpGroup),
  r('GET', '/ipgroups', listIpGroups),
  r('GET', '/ipgroups/{id}', showIpGroup),
  r('PUT', '/ipgroups/{id}', updateIpGroup),
  r('DELETE', '/ipgroups/{id}', deleteIpGroup),
  r('POST', '/ipgroups/{id}/iplist/create-or-update', upsertIpList),
  r('POST', '/ipgroups/{id}/iplist/batch-delete', batchDeleteIpList),
  r('GET', '/ipgroups/{id}/related-listeners', relatedListeners),
];

/** Finds the handler for a method and sub-path (after /elb, or without it when `elb` is false); params are percent-decoded. */
export function matchRoute(method: string, subPath: string, elb = true): { handler: Handler; params: string[]; mutating: boolean } | null {
  for (const route of ROUTES) {
    if (route.method !== method || route.elb !== elb) continue;
    const m = route.re.exec(subPath);
    if (!m) continue;
    const params = m.slice(1).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    return { handler: route.handler, params, mutating: method !== 'GET' };
  }
  return null;
}
