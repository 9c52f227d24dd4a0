/**
 * The catalogue of every validation rule: stable code, severity, the field's console label and the rule in words.
 * The renderer's i18n keys come from the codes; `makeIssue` takes the severity from here so the two never disagree.
 * Limits and labels live in rule-labels.ts, the routing rules in rules-routing.ts.
 */
import type { Issue, Severity } from './issue';
import { LABELS, type RuleInfo } from './rule-labels';
import { ROUTING_RULES } from './rules-routing';

export { LABELS, LIMITS, type RuleInfo } from './rule-labels';

const e = 'error' as const;
const w = 'warning' as const;
const L = LABELS;

/** The target and listener rules. */
const LISTENER_RULES = [
  // Target
  { code: 'target.loadBalancerId.required', severity: e, label: L.loadBalancer, description: 'A load balancer must be chosen.' },
  {
    code: 'target.loadBalancer.applicationOnly',
    severity: e,
    label: L.loadBalancer,
    description: 'TCP listeners cannot be added to a load balancer with only the application load balancing type.',
  },
  {
    code: 'target.loadBalancer.typeUnknown',
    severity: w,
    label: L.loadBalancer,
    description: 'The load balancer type cannot be told from its flavors; the API decides whether it takes TCP listeners.',
  },

  // Listener: protocol and port
  { code: 'listener.protocol.tcpOnly', severity: e, label: L.protocol, description: 'The frontend protocol must be TCP.' },
  { code: 'listener.port.required', severity: e, label: L.port, description: 'A single listening port is required.' },
  { code: 'listener.port.range', severity: e, label: L.port, description: 'The listening port must be a whole number from 1 to 65535.' },
  {
    code: 'listener.port.clash',
    severity: e,
    label: L.port,
    description: 'TCP, HTTP and HTTPS listeners on one load balancer cannot share a port (UDP and QUIC listeners do not count).',
  },
  { code: 'listener.portRanges.count', severity: e, label: L.portRanges, description: 'Port-range mode needs 1 to 10 ranges.' },
  {
    code: 'listener.portRanges.unsupported',
    severity: e,
    label: L.portRanges,
    description: 'Listening on port ranges is not available in the region.',
  },
  { code: 'listener.portRanges.value.required', severity: e, label: L.portRanges, description: 'Each range needs a start and an end port.' },
  {
    code: 'listener.portRanges.value.range',
    severity: e,
    label: L.portRanges,
    description: 'Range start and end ports must be whole numbers from 1 to 65535.',
  },
  { code: 'listener.portRanges.order', severity: e, label: L.portRanges, description: "A range's start port must not be above its end port." },
  { code: 'listener.portRanges.overlap', severity: e, label: L.portRanges, description: 'Port ranges must not overlap each other.' },
  {
    code: 'listener.portRanges.clash',
    severity: e,
    label: L.portRanges,
    description: 'A port range must not overlap a port or range of an existing TCP, HTTP or HTTPS listener on the load balancer.',
  },

  // Listener: name, description
  { code: 'listener.name.length', severity: e, label: L.name, description: 'The name can have at most 255 characters.' },
  { code: 'listener.name.empty', severity: w, label: L.name, description: 'The console cannot open listeners that have no name.' },
  { code: 'listener.description.length', severity: e, label: L.description, description: 'The description can have at most 255 characters.' },
  { code: 'listener.description.chars', severity: e, label: L.description, description: 'The description cannot contain < or >.' },

  // Listener: More
  { code: 'listener.idleTimeout.required', severity: e, label: L.idleTimeout, description: 'The idle timeout is required.' },
  { code: 'listener.idleTimeout.range', severity: e, label: L.idleTimeout, description: 'The idle timeout must be a whole number from 10 to 4000.' },
  {
    code: 'listener.maxNewConnections.required',
    severity: e,
    label: L.maxNewConnections,
    description: 'A limit is required when Limit request is selected.',
  },
  {
    code: 'listener.maxNewConnections.range',
    severity: e,
    label: L.maxNewConnections,
    description: 'The limit must be a whole number from 1 to 1,000,000.',
  },
  {
    code: 'listener.maxNewConnections.aboveFlavor',
    severity: w,
    label: L.maxNewConnections,
    description: "A limit above the load balancer flavor's figure has no effect: the flavor's limit applies.",
  },
  {
    code: 'listener.maxNewConnections.unsupported',
    severity: e,
    label: L.maxNewConnections,
    description: 'Connection limits are not available in the region.',
  },
  {
    code: 'listener.maxConcurrentConnections.required',
    severity: e,
    label: L.maxConcurrentConnections,
    description: 'A limit is required when Limit request is selected.',
  },
  {
    code: 'listener.maxConcurrentConnections.range',
    severity: e,
    label: L.maxConcurrentConnections,
    description: 'The limit must be a whole number from 1 to 1,000,000.',
  },
  {
    code: 'listener.maxConcurrentConnections.aboveFlavor',
    severity: w,
    label: L.maxConcurrentConnections,
    description: "A limit above the load balancer flavor's figure has no effect: the flavor's limit applies.",
  },
  {
    code: 'listener.maxConcurrentConnections.unsupported',
    severity: e,
    label: L.maxConcurrentConnections,
    description: 'Connection limits are not available in the region.',
  },

  // Listener: client IP options
  { code: 'listener.nat64.unsupported', severity: e, label: L.nat64, description: 'IPv4/IPv6 translation is not available in the region.' },
  {
    code: 'listener.proxyProtocol.unsupported',
    severity: e,
    label: L.proxyProtocol,
    description: 'ProxyProtocol is not available in the region.',
  },
  {
    code: 'listener.nat64.transparentClientIp',
    severity: e,
    label: L.nat64,
    description: 'IPv4/IPv6 Translation and Transfer Client IP Address cannot both be enabled.',
  },
  {
    code: 'listener.nat64.notice',
    severity: w,
    label: L.nat64,
    description:
      'Enabling or disabling translation disconnects existing persistent connections, and client IP addresses are not passed to backend servers (install the TOA plug-in).',
  },
  {
    code: 'listener.proxyProtocol.notice',
    severity: w,
    label: L.proxyProtocol,
    description: 'Backend servers must support ProxyProtocol, or services may be interrupted.',
  },
  {
    code: 'listener.transparentClientIp.ipBackends',
    severity: w,
    label: L.transparentClientIp,
    description: 'Client IP addresses cannot be passed to IP as backend servers; use ProxyProtocol or the TOA plug-in.',
  },

  // Listener: tags
  { code: 'listener.tags.count', severity: e, label: L.tag, description: 'A listener can have at most 20 tags.' },
  { code: 'listener.tags.key.required', severity: e, label: L.tagKey, description: 'A tag key is required.' },
  { code: 'listener.tags.key.length', severity: e, label: L.tagKey, description: 'A tag key can have at most 36 characters.' },
  {
    code: 'listener.tags.key.chars',
    severity: e,
    label: L.tagKey,
    description: 'A tag key cannot contain = * < > \\ , | or /.',
  },
  { code: 'listener.tags.key.duplicate', severity: e, label: L.tagKey, description: 'Tag keys must be unique.' },
  { code: 'listener.tags.value.length', severity: e, label: L.tagValue, description: 'A tag value can have at most 255 characters.' },
  {
    code: 'listener.tags.value.chars',
    severity: e,
    label: L.tagValue,
    description: 'A tag value cannot contain = * < > \\ , | or /.',
  },

  // Listener: access control
  {
    code: 'listener.accessControl.ipGroup.required',
    severity: e,
    label: L.accessControl,
    description: 'A whitelist or blacklist needs an IP address group.',
  },
  {
    code: 'listener.accessControl.ipGroup.unknown',
    severity: w,
    label: L.accessControl,
    description: 'The IP address group is not in the cached inventory; it may have been deleted.',
  },
  {
    code: 'listener.accessControl.whitelist.empty',
    severity: w,
    label: L.accessControl,
    description: 'A whitelist with an empty IP address group blocks every client.',
  },
  {
    code: 'listener.accessControl.blacklist.empty',
    severity: w,
    label: L.accessControl,
    description: 'A blacklist with an empty IP address group allows every client.',
  },
] as const satisfies readonly RuleInfo[];

/** Every rule the validator can report. */
export const RULES = [...LISTENER_RULES, ...ROUTING_RULES] as const;

/** The code of any rule in {@link RULES}. */
export type RuleCode = (typeof RULES)[number]['code'];

const RULE_BY_CODE: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.code, r]));

/** The rule with this code, or undefined. */
export function ruleFor(code: string): RuleInfo | undefined {
  return RULE_BY_CODE.get(code);
}

/** Builds an Issue; the severity comes from the rule catalogue. */
export function makeIssue(code: RuleCode, path: string, message: string, params?: Record<string, string | number>): Issue {
  const rule = RULE_BY_CODE.get(code);
  /* c8 ignore next */
  const severity: Severity = rule ? rule.severity : 'error';
  return params ? { path, code, severity, message, params } : { path, code, severity, message };
}

/** Formats a whole number with thousands separators (1000000 → "1,000,000"), independent of locale. */
export function formatNumber(n: number): string {
  const s = String(Math.abs(Math.trunc(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}
