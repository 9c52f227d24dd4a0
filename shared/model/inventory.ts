/**
 * The cached cloud inventory, normalised from ELB v3 responses (see elb-v3-api.md §3–9).
 * Field names are the app's (camelCase); the mapping from API JSON lives in electron/core/cloud.
 */
import { z } from 'zod';

const s = z.string().max(4096);
const id = z.string().max(128);
const nullableInt = z.number().int().nullable();

export const LB_TYPES = ['network', 'application', 'both', 'unknown'] as const;
export type LbType = (typeof LB_TYPES)[number];

export const LoadBalancerSchema = z.object({
  id,
  name: s,
  description: s,
  provisioningStatus: s,
  operatingStatus: s,
  availabilityZones: z.array(s),
  vipAddress: s.nullable(),
  ipv6VipAddress: s.nullable(),
  publicIps: z.array(z.object({ address: s, ipVersion: z.number().int() })),
  l4FlavorId: id.nullable(),
  l7FlavorId: id.nullable(),
  /** Derived from the flavors: network (L4 only), application (L7 only), both, or unknown (no flavor IDs). */
  type: z.enum(LB_TYPES),
  ipTargetEnable: z.boolean(),
  vpcId: s.nullable(),
  listenerIds: z.array(id),
  poolIds: z.array(id),
});
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;

export const ListenerSchema = z.object({
  id,
  name: s,
  description: s,
  loadBalancerId: id,
  protocol: s,
  /** null (or 0 in the API) in port-range mode. */
  port: nullableInt,
  portRanges: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
  defaultPoolId: id.nullable(),
  keepaliveTimeout: nullableInt,
  /** 0 = unlimited. */
  cps: nullableInt,
  /** 0 = unlimited. */
  connection: nullableInt,
  ipGroup: z.object({ id: s, type: z.enum(['white', 'black']), enabled: z.boolean() }).nullable(),
  transparentClientIp: z.boolean(),
  proxyProtocol: z.boolean(),
  nat64: z.boolean(),
  tags: z.array(z.object({ key: s, value: s })),
  createdAt: s.nullable(),
  /** `updated_at` when the API gives it (caches written before this field existed have none). */
  updatedAt: s.nullable().optional(),
});
export type Listener = z.infer<typeof ListenerSchema>;

export const PoolSchema = z.object({
  id,
  name: s,
  description: s,
  protocol: s,
  algorithm: s,
  loadBalancerIds: z.array(id),
  listenerIds: z.array(id),
  healthMonitorId: id.nullable(),
  sessionPersistence: z.object({ type: s, timeoutMinutes: nullableInt }).nullable(),
  connectionDrain: z.object({ enabled: z.boolean(), timeoutSeconds: nullableInt }).nullable(),
  /** `dualstack` (IPv4 and IPv6 servers) or `v4`; null when the API does not say. */
  ipVersion: s.nullable(),
  type: s.nullable(),
  /**
   * All-port forwarding (`any_port_enable`): traffic keeps the client's destination port and the member port is
   * ignored. Caches written before this field existed load as false.
   */
  anyPortEnable: z.boolean().default(false),
  /**
   * Removal protection (`member_deletion_protection_enable`, the console's group Summary tab): its servers cannot be
   * removed, not even by deleting the group. Caches written before this field existed load as false.
   */
  memberRemovalProtection: z.boolean().default(false),
});
export type Pool = z.infer<typeof PoolSchema>;

export const MemberSchema = z.object({
  id,
  poolId: id,
  name: s,
  address: s,
  port: nullableInt,
  weight: nullableInt,
  operatingStatus: s,
  subnetId: s.nullable(),
  ipVersion: s.nullable(),
  memberType: s.nullable(),
});
export type Member = z.infer<typeof MemberSchema>;

export const HealthMonitorSchema = z.object({
  id,
  poolId: id.nullable(),
  type: s,
  delay: nullableInt,
  timeout: nullableInt,
  maxRetries: nullableInt,
  maxRetriesDown: nullableInt,
  monitorPort: nullableInt,
  urlPath: s.nullable(),
  expectedCodes: s.nullable(),
  httpMethod: s.nullable(),
  domainName: s.nullable(),
});
export type HealthMonitor = z.infer<typeof HealthMonitorSchema>;

export const IpGroupSchema = z.object({
  id,
  name: s,
  description: s,
  entries: z.array(z.object({ ip: s, description: s })),
  listenerIds: z.array(id),
});
export type IpGroup = z.infer<typeof IpGroupSchema>;

export const FlavorSchema = z.object({
  id,
  name: s,
  type: s,
  /** Per-AZ limits of the flavor; null when the API does not say. */
  connection: nullableInt,
  cps: nullableInt,
});
export type Flavor = z.infer<typeof FlavorSchema>;

/** Quota limits (−1 = no limit) and, where known, usage. */
export const QuotaSchema = z.record(z.string().max(64), z.object({ limit: z.number().int(), used: nullableInt }));
export type Quota = z.infer<typeof QuotaSchema>;

export const RESOURCE_KINDS = ['loadBalancers', 'listeners', 'pools', 'members', 'healthMonitors', 'ipGroups', 'flavors', 'quotas'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const InventorySchema = z.object({
  accountId: id,
  region: id,
  loadBalancers: z.array(LoadBalancerSchema),
  listeners: z.array(ListenerSchema),
  pools: z.array(PoolSchema),
  members: z.array(MemberSchema),
  healthMonitors: z.array(HealthMonitorSchema),
  ipGroups: z.array(IpGroupSchema),
  flavors: z.array(FlavorSchema),
  quotas: QuotaSchema,
  /** ISO time of the last successful fetch of each kind (null = never). */
  syncedAt: z.record(z.string().max(64), z.string().max(64).nullable()),
  /** True when the last sync attempt failed: the data is usable but may be out of date. */
  stale: z.boolean(),
  lastError: z.string().max(4096).nullable(),
});
export type Inventory = z.infer<typeof InventorySchema>;

export function emptyInventory(accountId: string, region: string): Inventory {
  return {
    accountId,
    region,
    loadBalancers: [],
    listeners: [],
    pools: [],
    members: [],
    healthMonitors: [],
    ipGroups: [],
    flavors: [],
    quotas: {},
    syncedAt: {},
    stale: false,
    lastError: null,
  };
}
