/** Shared pieces of the ELB v3 handlers: request context, reply shape, busy/quota checks. */
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from './errors';
import { apiTime } from './render';
import type { LoadBalancerRec } from './records';
import type { ProjectState } from './state';

/** What a handler gets. */
export interface Ctx {
  ps: ProjectState;
  /** Request time (ms). */
  now: number;
  /** How long an LB stays PENDING_UPDATE after a change. */
  pendingMs: number;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  /** Route parameters (ids from the path). */
  params: string[];
  /** A change made "by someone else" through the admin endpoint or `handle.outside`: it does not wait for a busy LB. */
  outside?: boolean;
}

/** What a handler returns; `request_id` is added by the server. */
export interface Reply {
  status: number;
  body?: Record<string, unknown>;
}

/** A route handler. */
export type Handler = (ctx: Ctx) => Reply;

/** A new resource ID (UUID v4). */
export function newId(): string {
  return randomUUID();
}

/** Route parameter `i` (always present for a matched route). */
export function param(ctx: Ctx, i: number): string {
  return ctx.params[i] ?? '';
}

/** The LB or 404. */
export function requireLb(ctx: Ctx, id: string): LoadBalancerRec {
  const lb = ctx.ps.loadbalancers.get(id);
  if (!lb) throw notFound('Load balancer', id);
  return lb;
}

/** Refuses a change while the LB is PENDING_UPDATE (409 ELB.8907 "busy"). */
export function assertNotBusy(ctx: Ctx, lbId: string | null): void {
  if (!lbId || ctx.outside === true || !ctx.ps.isBusy(lbId, ctx.now)) return;
  throw conflict(
    `Load balancer ${lbId} is busy: its provisioning_status is PENDING_UPDATE. Try again when it is ACTIVE.`,
  );
}

/** Records a change on an LB: PENDING_UPDATE for `pendingMs`, updated_at bumped. */
export function touchLb(ctx: Ctx, lbId: string | null): void {
  if (!lbId) return;
  const lb = ctx.ps.loadbalancers.get(lbId);
  if (!lb) return;
  lb.updated_at = apiTime(ctx.now);
  if (ctx.pendingMs > 0) ctx.ps.busyUntil.set(lbId, ctx.now + ctx.pendingMs);
}

/**
 * Refuses a create when the quota is full. The real quota-exceeded code is unconfirmed; the sandbox answers
 * 409 ELB.8907 with a message starting "Quota exceeded".
 */
export function checkQuota(ctx: Ctx, key: string, used: number, adding = 1): void {
  const limit = ctx.ps.quota[key];
  if (limit === undefined || limit < 0) return;
  if (used + adding > limit) {
    throw conflict(`Quota exceeded for resource '${key}': limit ${limit}, used ${used}, requested ${adding}.`);
  }
}

/** L4 (network) protocols of listeners. */
export const L4_PROTOCOLS = ['TCP', 'UDP', 'TLS'];
/** L7 (application) protocols of listeners. */
export const L7_PROTOCOLS = ['HTTP', 'HTTPS', 'QUIC'];

/** Whether an LB flavor id is set (null and "" mean none). */
export function hasFlavor(id: string | null): boolean {
  return typeof id === 'string' && id.length > 0;
}
