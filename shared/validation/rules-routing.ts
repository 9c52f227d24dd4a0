/** The routing step's rules (paths `routing.*`): existing group, new group, servers, health check. */
import { LABELS, type RuleInfo } from './rule-labels';

const e = 'error' as const;
const w = 'warning' as const;
const L = LABELS;

/** Every routing rule the validator can report (part of `RULES`). */
export const ROUTING_RULES = [
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
    severity: e,
    label: L.memberAddress,
    description: 'A server without a subnet is an IP as backend server, which needs IP as a Backend enabled on the load balancer.',
  },
  {
    code: 'routing.members.ipBackend.notPrivateIpv4',
    severity: e,
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
