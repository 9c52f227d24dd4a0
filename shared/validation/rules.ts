/**
 * The catalogue of every validation rule: stable code, severity, the field's console label and the rule in words.
 * The renderer's i18n keys come from the codes; `makeIssue` takes the severity from here so the two never disagree.
 */
import type { Issue, Severity } from './issue';

/** The limits the rules enforce (seed Table 1, console Tables 3/4, elb-v3-api.md §4–8). */
export const LIMITS = {
  port: { min: 1, max: 65535 },
  portRanges: { min: 1, max: 10 },
  name: 255,
  description: 255,
  idleTimeout: { min: 10, max: 4000 },
  connections: { min: 1, max: 1_000_000 },
  tags: 20,
  tagKey: 36,
  tagValue: 255,
  stickyMinutes: { min: 1, max: 60 },
  drainSeconds: { min: 10, max: 4000 },
  memberName: 255,
  members: 200,
  weight: { min: 0, max: 100 },
  interval: { min: 1, max: 50 },
  timeout: { min: 1, max: 50 },
  threshold: { min: 1, max: 10 },
  path: 80,
  domainName: 100,
  statusCode: { min: 200, max: 599 },
} as const;

/** Console/seed labels of the fields, used in messages. */
export const LABELS = {
  loadBalancer: 'Load Balancer',
  protocol: 'Frontend Protocol',
  backendProtocol: 'Backend Protocol',
  port: 'Listening Port',
  portRanges: 'Port Ranges',
  name: 'Name',
  description: 'Description',
  nat64: 'IPv4/IPv6 Translation',
  transparentClientIp: 'Transfer Client IP Address',
  proxyProtocol: 'ProxyProtocol',
  accessControl: 'Access Control',
  idleTimeout: 'Idle Timeout (s)',
  maxNewConnections: 'Maximum New Connections per AZ',
  maxConcurrentConnections: 'Maximum Concurrent Connections per AZ',
  tag: 'Tag',
  tagKey: 'Tag key',
  tagValue: 'Tag value',
  pool: 'Backend Server Group',
  poolName: 'Backend Server Group Name',
  algorithm: 'Load Balancing Algorithm',
  stickySession: 'Sticky Session',
  stickyDuration: 'Stickiness Duration (min)',
  drainTimeout: 'Deregistration Delay Timeout (s)',
  poolDescription: 'Description',
  members: 'Backend Servers',
  memberName: 'Backend Server Name',
  memberAddress: 'Backend Server IP Address',
  memberPort: 'Backend Port',
  weight: 'Weight',
  hcProtocol: 'Health Check Protocol',
  hcPort: 'Health Check Port',
  interval: 'Interval (s)',
  timeout: 'Timeout (s)',
  healthyThreshold: 'Healthy Threshold',
  unhealthyThreshold: 'Unhealthy Threshold',
  path: 'Path',
  expectedCodes: 'Status Code',
  domainName: 'Domain Name',
  httpMethod: 'HTTP Method',
} as const;

/** One rule as listed for documentation and i18n. */
export interface RuleInfo {
  /** Stable code, e.g. `listener.idleTimeout.range`. */
  code: string;
  severity: Severity;
  /** The console label of the field the rule is about. */
  label: string;
  /** The rule in one English sentence. */
  description: string;
}

const e = 'error' as const;
const w = 'warning' as const;
const L = LABELS;

/** Every rule the validator can report. */
export const RULES = [
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

  // Routing: existing group
  { code: 'routing.existingPoolId.required', severity: e, label: L.pool, description: 'An existing backend server group must be chosen.' },
  {
    code: 'routing.existingPool.unknown',
    severity: w,
    label: L.pool,
    description: 'The backend server group is not in the cached inventory; the API decides whether it exists.',
  },
  {
    code: 'routing.existingPool.protocol',
    severity: e,
    label: L.backendProtocol,
    description: 'A TCP listener needs a backend server group whose protocol is TCP.',
  },
  {
    code: 'routing.existingPool.loadBalancer',
    severity: e,
    label: L.pool,
    description: 'The backend server group must belong to the same load balancer as the listener.',
  },
  {
    code: 'routing.existingPool.allPortRequired',
    severity: e,
    label: L.pool,
    description:
      'A listener on port ranges needs a backend server group with all-port forwarding, so each connection reaches the same port on the server.',
  },

  // Routing: new group
  { code: 'routing.newPool.name.length', severity: e, label: L.poolName, description: 'The name can have at most 255 characters.' },
  {
    code: 'routing.newPool.algorithm.invalid',
    severity: e,
    label: L.algorithm,
    description: 'The algorithm must be weighted round robin, weighted least connections or source IP hash.',
  },
  {
    code: 'routing.newPool.stickySession.algorithm',
    severity: e,
    label: L.stickySession,
    description: 'Sticky sessions are only available with weighted round robin or weighted least connections.',
  },
  {
    code: 'routing.newPool.stickySession.timeout.required',
    severity: e,
    label: L.stickyDuration,
    description: 'The stickiness duration is required when sticky sessions are on.',
  },
  {
    code: 'routing.newPool.stickySession.timeout.range',
    severity: e,
    label: L.stickyDuration,
    description: 'The stickiness duration must be a whole number of minutes from 1 to 60.',
  },
  {
    code: 'routing.newPool.connectionDrain.timeout.required',
    severity: e,
    label: L.drainTimeout,
    description: 'The deregistration delay timeout is required when deregistration delay is on.',
  },
  {
    code: 'routing.newPool.connectionDrain.timeout.range',
    severity: e,
    label: L.drainTimeout,
    description: 'The deregistration delay timeout must be a whole number of seconds from 10 to 4000.',
  },
  {
    code: 'routing.newPool.description.length',
    severity: e,
    label: L.poolDescription,
    description: 'The description can have at most 255 characters.',
  },

  // Routing: members
  { code: 'routing.members.none', severity: w, label: L.members, description: 'A group without backend servers sends traffic nowhere.' },
  {
    code: 'routing.members.count',
    severity: e,
    label: L.members,
    description: 'At most 200 backend servers can be added in one go.',
  },
  { code: 'routing.members.name.length', severity: e, label: L.memberName, description: 'The name can have at most 255 characters.' },
  { code: 'routing.members.address.required', severity: e, label: L.memberAddress, description: 'The IP address is required.' },
  {
    code: 'routing.members.address.invalid',
    severity: e,
    label: L.memberAddress,
    description: 'The IP address must be a valid IPv4 or IPv6 address.',
  },
  {
    code: 'routing.members.address.cidr',
    severity: e,
    label: L.memberAddress,
    description: 'The IP address must be a single address, not a CIDR block.',
  },
  { code: 'routing.members.port.required', severity: e, label: L.memberPort, description: 'The backend port is required.' },
  { code: 'routing.members.port.range', severity: e, label: L.memberPort, description: 'The backend port must be a whole number from 1 to 65535.' },
  { code: 'routing.members.weight.required', severity: e, label: L.weight, description: 'The weight is required.' },
  { code: 'routing.members.weight.range', severity: e, label: L.weight, description: 'The weight must be a whole number from 0 to 100.' },
  {
    code: 'routing.members.duplicate',
    severity: e,
    label: L.memberAddress,
    description: 'The same IP address and port can appear only once in a group.',
  },
  {
    code: 'routing.members.duplicateAllPorts',
    severity: e,
    label: L.memberAddress,
    description: 'In a group that forwards all ports, each IP address can appear only once.',
  },
  {
    code: 'routing.members.allWeightsZero',
    severity: w,
    label: L.weight,
    description: 'When every weight is 0, no server receives new connections.',
  },
  {
    code: 'routing.members.ipBackend.notEnabled',
    severity: w,
    label: L.memberAddress,
    description: 'A server without a subnet is an IP as backend server, which needs IP as a Backend enabled on the load balancer.',
  },
  {
    code: 'routing.members.ipBackend.notPrivateIpv4',
    severity: w,
    label: L.memberAddress,
    description: 'IP as backend servers must have private IPv4 addresses.',
  },

  // Routing: health check
  {
    code: 'routing.healthCheck.type.invalid',
    severity: e,
    label: L.hcProtocol,
    description: 'The health check protocol must be TCP, HTTP or HTTPS.',
  },
  {
    code: 'routing.healthCheck.port.range',
    severity: e,
    label: L.hcPort,
    description: 'The health check port must be empty or a whole number from 1 to 65535.',
  },
  {
    code: 'routing.healthCheck.port.required',
    severity: e,
    label: L.hcPort,
    description: 'The health check port is required when the group forwards all ports (the servers have no port of their own).',
  },
  { code: 'routing.healthCheck.interval.required', severity: e, label: L.interval, description: 'The interval is required.' },
  { code: 'routing.healthCheck.interval.range', severity: e, label: L.interval, description: 'The interval must be a whole number from 1 to 50.' },
  { code: 'routing.healthCheck.timeout.required', severity: e, label: L.timeout, description: 'The timeout is required.' },
  { code: 'routing.healthCheck.timeout.range', severity: e, label: L.timeout, description: 'The timeout must be a whole number from 1 to 50.' },
  {
    code: 'routing.healthCheck.timeout.notBelowInterval',
    severity: e,
    label: L.timeout,
    description: 'The timeout must be shorter than the interval.',
  },
  {
    code: 'routing.healthCheck.healthyThreshold.required',
    severity: e,
    label: L.healthyThreshold,
    description: 'The healthy threshold is required.',
  },
  {
    code: 'routing.healthCheck.healthyThreshold.range',
    severity: e,
    label: L.healthyThreshold,
    description: 'The healthy threshold must be a whole number from 1 to 10.',
  },
  {
    code: 'routing.healthCheck.unhealthyThreshold.required',
    severity: e,
    label: L.unhealthyThreshold,
    description: 'The unhealthy threshold is required.',
  },
  {
    code: 'routing.healthCheck.unhealthyThreshold.range',
    severity: e,
    label: L.unhealthyThreshold,
    description: 'The unhealthy threshold must be a whole number from 1 to 10.',
  },
  { code: 'routing.healthCheck.path.format', severity: e, label: L.path, description: 'The path must start with /.' },
  { code: 'routing.healthCheck.path.length', severity: e, label: L.path, description: 'The path can have at most 80 characters.' },
  {
    code: 'routing.healthCheck.path.chars',
    severity: e,
    label: L.path,
    description: "The path can contain only letters, digits and - / . % ? # & _ ; ~ ! ( ) * [ ] @ $ ^ : ' , +",
  },
  {
    code: 'routing.healthCheck.expectedCodes.format',
    severity: e,
    label: L.expectedCodes,
    description: 'The status code must be a single code (200), a list (200,202) or a range (200-204).',
  },
  {
    code: 'routing.healthCheck.expectedCodes.range',
    severity: e,
    label: L.expectedCodes,
    description: 'Each status code must be from 200 to 599.',
  },
  {
    code: 'routing.healthCheck.expectedCodes.order',
    severity: e,
    label: L.expectedCodes,
    description: "A status code range's start must not be above its end.",
  },
  { code: 'routing.healthCheck.domainName.length', severity: e, label: L.domainName, description: 'The domain name can have at most 100 characters.' },
  {
    code: 'routing.healthCheck.domainName.format',
    severity: e,
    label: L.domainName,
    description: 'The domain name can contain only letters, digits, - and ., and must start with a letter or digit.',
  },
  {
    code: 'routing.healthCheck.httpMethod.invalid',
    severity: e,
    label: L.httpMethod,
    description: 'The HTTP method must be GET, HEAD or POST.',
  },
] as const satisfies readonly RuleInfo[];

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
