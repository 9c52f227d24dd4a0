/** The limits the validation rules enforce and the console labels they name (used by every rule module). */
import type { Severity } from './issue';

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
