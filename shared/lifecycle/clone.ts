/**
 * Clone listener: a create draft made from an existing listener, for the same or another load balancer (any region
 * or account). It goes through the wizard path like any new listener (offline validation, preflight, journaled
 * create). Pure.
 *
 * Why not the API's `POST /listeners/{id}/clone`: its reply names the copies, but when the reply is lost there is
 * no marker of ours on them (name and description are the source's), so a lost reply could not be reconciled
 * without guessing, and it cannot be previewed as exact bodies of the copied group. It also only clones within
 * one account and region and needs subnet mappings across VPCs. The wizard path covers every case with the same
 * never-twice guarantee, so the clone call is not used.
 */
import type { DraftContent, DraftTarget } from '../model/draft';
import { defaultRouting } from '../model/draft-values';
import type { Inventory, Listener } from '../model/inventory';
import { nextFreePort } from '../validation/context';
import { editDraftFromListener } from './edit';

export interface CloneOptions {
  /** reuse: bind the source's group (same load balancer only); copy: a new group with its servers and health check. */
  pool: 'reuse' | 'copy';
  /** clear: the user types a port; suggest: the next free port on the target from the source port. */
  port: 'clear' | 'suggest';
}

/** The codes of the notes a clone can have (`clone.` + one of these; the UI has a text for each). */
export const CLONE_NOTE_CODES = ['rangesCleared', 'ipGroupCleared', 'reuseOtherLb', 'noGroup', 'subnetCleared', 'protectionNotCopied'] as const;
export type CloneNoteCode = `clone.${(typeof CLONE_NOTE_CODES)[number]}`;

export interface CloneResult {
  content: DraftContent;
  /** What could not be carried over, in English (the UI shows its own text for each code). */
  notes: Array<{ code: CloneNoteCode; message: string }>;
}

const HC_TYPES = ['TCP', 'HTTP', 'HTTPS'] as const;
const ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'] as const;
const METHODS = ['GET', 'HEAD', 'POST'] as const;

/**
 * The clone draft. `source` is the source listener's inventory (its group, servers and monitor); `targetInventory`
 * the target's cached inventory (for free ports; may be the same object, or null when not synced).
 */
export function cloneToDraft(listener: Listener, source: Inventory, target: DraftTarget & { loadBalancerId: string }, options: CloneOptions, targetInventory: Inventory | null, now: string): CloneResult {
  const notes: CloneResult['notes'] = [];
  const c = editDraftFromListener(listener, source, now);
  delete c.kind;
  delete c.edit;
  c.title = `Clone of ${listener.name || listener.id}`;
  c.target = { accountId: target.accountId, region: target.region, loadBalancerId: target.loadBalancerId };
  c.origin = { kind: 'clone', listenerId: listener.id, accountId: source.accountId, region: source.region, loadBalancerId: listener.loadBalancerId };
  c.listener.name = listener.name ? `${listener.name}-copy`.slice(0, 255) : '';
  const sameLb = target.accountId === source.accountId && target.region === source.region && target.loadBalancerId === listener.loadBalancerId;
  const sameRegion = target.accountId === source.accountId && target.region === source.region;

  // Port: cleared, or the next free one on the target.
  if (options.port === 'clear' || c.listener.portMode === 'ranges') {
    c.listener.port = null;
    if (c.listener.portMode === 'ranges' && options.port === 'suggest') {
      notes.push({ code: 'clone.rangesCleared', message: 'Port ranges are not suggested: enter the ranges for the new listener.' });
    }
    c.listener.portRanges = [{ start: null, end: null }];
  } else {
    const listeners = targetInventory?.listeners ?? [];
    c.listener.port = nextFreePort(listeners, target.loadBalancerId, (listener.port ?? 0) + (sameLb ? 1 : 0));
  }

  // IP address groups belong to one account and region.
  if (!sameRegion && c.listener.accessControl.mode !== 'all') {
    c.listener.accessControl = { mode: 'all', ipGroupId: null };
    notes.push({ code: 'clone.ipGroupCleared', message: 'The IP address group is in another account or region: access control was switched off; choose a group on the target.' });
  }

  // The marker tag of the source's own create must not be copied.
  c.listener.tags = c.listener.tags.filter((t) => t.key !== 'elbdesk');
  c.listener.description = c.listener.description.replace(/\s*\[elbdesk:[0-9a-f]{12}\]$/, '');

  const pool = listener.defaultPoolId ? source.pools.find((p) => p.id === listener.defaultPoolId) : undefined;
  if (options.pool === 'reuse' && sameLb) {
    c.routing = { ...defaultRouting(), mode: 'existing', existingPoolId: listener.defaultPoolId };
  } else {
    if (options.pool === 'reuse') notes.push({ code: 'clone.reuseOtherLb', message: 'A backend server group can only be reused on the same load balancer: it is copied instead.' });
    c.routing = defaultRouting();
    if (!pool) {
      c.routing.mode = 'new';
      notes.push({ code: 'clone.noGroup', message: 'The listener has no backend server group in the cache: set up a new group.' });
    } else {
      c.routing.mode = 'new';
      const algorithm = (ALGORITHMS as readonly string[]).includes(pool.algorithm) ? (pool.algorithm as (typeof ALGORITHMS)[number]) : 'ROUND_ROBIN';
      c.routing.newPool = {
        name: pool.name ? `${pool.name}-copy`.slice(0, 255) : '',
        algorithm,
        stickySession: { enabled: pool.sessionPersistence !== null, timeoutMinutes: pool.sessionPersistence?.timeoutMinutes ?? 20 },
        connectionDrain: { enabled: pool.connectionDrain?.enabled === true, timeoutSeconds: pool.connectionDrain?.timeoutSeconds ?? 300 },
        description: pool.description.replace(/\s*\[elbdesk:[0-9a-f]{12}\]$/, ''),
      };
      // Removal protection is set on a group after it exists (the console's Summary tab; no create form offers it):
      // the copy is created without it, and the user is told so rather than left to assume it was carried over.
      if (pool.memberRemovalProtection) {
        notes.push({ code: 'clone.protectionNotCopied', message: `The group ${pool.name || pool.id} has removal protection: the copy is created without it. Turn it on for the new group in the console (the group's Summary tab) once it exists.` });
      }
      c.routing.members = source.members
        .filter((m) => m.poolId === pool.id)
        .map((m, i) => ({ rowId: `clone-${i}`, name: m.name, address: m.address, port: m.port, weight: m.weight, subnetId: sameRegion ? m.subnetId : null }));
      if (!sameRegion && c.routing.members.some((m, i) => source.members.filter((x) => x.poolId === pool.id)[i]?.subnetId)) {
        notes.push({ code: 'clone.subnetCleared', message: 'Server subnets belong to the source region: choose the subnets again (or use IP as backend servers).' });
      }
      const hm = pool.healthMonitorId ? source.healthMonitors.find((h) => h.id === pool.healthMonitorId) : undefined;
      if (!hm) {
        c.routing.healthCheck.enabled = false;
      } else {
        const type = (HC_TYPES as readonly string[]).includes(hm.type) ? (hm.type as (typeof HC_TYPES)[number]) : 'TCP';
        c.routing.healthCheck = {
          ...c.routing.healthCheck,
          enabled: true,
          type,
          port: hm.monitorPort,
          interval: hm.delay,
          timeout: hm.timeout,
          healthyThreshold: hm.maxRetries,
          unhealthyThreshold: hm.maxRetriesDown,
          domainName: hm.domainName ?? '',
          path: hm.urlPath ?? '/',
          expectedCodes: hm.expectedCodes ?? '200',
          httpMethod: (METHODS as readonly string[]).includes(hm.httpMethod ?? '') ? (hm.httpMethod as (typeof METHODS)[number]) : 'GET',
        };
      }
    }
  }
  return { content: c, notes };
}
