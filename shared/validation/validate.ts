/**
 * The validation entry points. Pure and synchronous: the renderer runs them on every edit for inline errors,
 * the core runs them again before saving/submitting (the authority).
 */
import type { DraftContent, ListenerConfig, Routing, WizardStep } from '../model/draft';
import { completeContext, membersOfPool, byId, type ValidationContext } from './context';
import type { Issue } from './issue';
import { listenerIssues } from './listener';
import { parseMemberAddress, routingIssues, type PortMode } from './routing';
import { LABELS, makeIssue } from './rules';
import { describeNamed } from './checks';

/** True when the context carries real cached data (changes "not in the cache" into "cannot be checked offline"). */
function hasCache(ctx: Partial<ValidationContext> | undefined): boolean {
  if (!ctx) return false;
  return (
    ctx.loadBalancer != null ||
    (ctx.listeners?.length ?? 0) > 0 ||
    (ctx.pools?.length ?? 0) > 0 ||
    (ctx.ipGroups?.length ?? 0) > 0
  );
}

/** Listener rules only (paths `listener.*`); port clashes are checked against `ctx.loadBalancer`'s listeners. */
export function validateListener(l: ListenerConfig, ctx?: Partial<ValidationContext>): Issue[] {
  const full = completeContext(ctx);
  return listenerIssues(l, full, full.loadBalancer?.id ?? null, hasCache(ctx));
}

/**
 * Routing rules only (paths `routing.*`); the group's LB is checked against `ctx.loadBalancer`. `portMode` is the
 * listener's (port ranges → all-port forwarding rules).
 */
export function validateRouting(r: Routing, ctx?: Partial<ValidationContext>, portMode: PortMode = 'single'): Issue[] {
  const full = completeContext(ctx);
  return routingIssues(r, full, full.loadBalancer?.id ?? null, hasCache(ctx), portMode);
}

/** Does the routing send traffic to IP as backend servers (which cannot receive the client IP)? */
function ipBackendsIn(r: Routing, ctx: ValidationContext): boolean {
  if (r.mode === 'new') return r.members.some((m) => !m.subnetId && parseMemberAddress(m.address).ok);
  if (!r.existingPoolId) return false;
  const pool = byId(ctx.pools, r.existingPoolId);
  if (pool?.type === 'ip') return true;
  return membersOfPool(ctx.members, r.existingPoolId).some((m) => m.memberType === 'ip');
}

/**
 * Every rule for a whole draft: the target, the listener, the routing branch in use and the rules that link them.
 * `ctx` is the cached inventory (see `buildContext`); missing parts count as "not known".
 */
export function validateDraft(content: DraftContent, ctx?: Partial<ValidationContext>): Issue[] {
  const full = completeContext(ctx);
  const cacheKnown = hasCache(ctx);
  const lbId = content.target.loadBalancerId;
  const out: Issue[] = [];

  if (!lbId) {
    out.push(makeIssue('target.loadBalancerId.required', 'target.loadBalancerId', `${LABELS.loadBalancer}: choose the load balancer to add the listener to.`));
  }
  const lb = full.loadBalancer && full.loadBalancer.id === lbId ? full.loadBalancer : null;
  if (lb?.type === 'application') {
    out.push(
      makeIssue(
        'target.loadBalancer.applicationOnly',
        'target.loadBalancerId',
        `${LABELS.loadBalancer} ${describeNamed(lb)}: you cannot add TCP listeners to a load balancer with only the application load balancing type.`,
        { loadBalancerId: lb.id },
      ),
    );
  } else if (lb?.type === 'unknown') {
    out.push(
      makeIssue(
        'target.loadBalancer.typeUnknown',
        'target.loadBalancerId',
        `${LABELS.loadBalancer} ${describeNamed(lb)}: its type cannot be told from its flavors, so whether it takes TCP listeners is decided by the API.`,
        { loadBalancerId: lb.id },
      ),
    );
  }

  // Rules comparing against the LB use the draft's target, even when the LB itself is not cached.
  const scoped: ValidationContext = lb === full.loadBalancer ? full : { ...full, loadBalancer: lb };
  out.push(...listenerIssues(content.listener, scoped, lbId, cacheKnown));

  if (content.listener.transparentClientIp && ipBackendsIn(content.routing, scoped)) {
    out.push(
      makeIssue(
        'listener.transparentClientIp.ipBackends',
        'listener.transparentClientIp',
        `${LABELS.transparentClientIp}: client IP addresses cannot be passed to IP as backend servers. Enable ProxyProtocol or install the TOA plug-in to obtain them.`,
      ),
    );
  }

  out.push(...routingIssues(content.routing, scoped, lbId, cacheKnown, content.listener.portMode));
  return out;
}

/**
 * The issues shown on one wizard step: `listener` gets `target.*` and `listener.*`, `routing` gets `routing.*`,
 * and `confirm` gets everything.
 */
export function issuesForStep(issues: Issue[], step: WizardStep): Issue[] {
  if (step === 'confirm') return issues.slice();
  if (step === 'listener') return issues.filter((i) => i.path.startsWith('listener.') || i.path === 'listener' || i.path.startsWith('target.'));
  return issues.filter((i) => i.path.startsWith('routing.') || i.path === 'routing');
}

/** How long a health check takes to change a server's state: the one formula lives in shared/health. */
export { healthCheckTiming } from '../health/timeline';
