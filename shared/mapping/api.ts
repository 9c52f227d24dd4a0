/**
 * Draft → ELB v3 request bodies (elb-v3-api.md §4–7, §12) and the ordered request plan of a submit.
 *
 * Pure functions. Values the user left empty are left out of the bodies (the API then applies its default);
 * a draft is validated before it is submitted, so that only matters for previews of unfinished drafts.
 */
import type { PlannedRequest } from '../ipc/contract';
import { newPoolForwardsAllPorts } from '../model/all-port';
import type { DraftContent, HealthCheckDraft, MemberDraft, Tag } from '../model/draft';
import { stepLabel, type StepLabel } from './step-label';

/** Placeholder for the ID of the pool created earlier in the same plan; replaced by the submit once known. */
export const POOL_ID_PLACEHOLDER = '{pool.id}';
/** Placeholder for the project ID when the plan is made without one. */
export const PROJECT_ID_PLACEHOLDER = '{project_id}';
/** Placeholder for the load balancer ID when the draft has none yet. */
export const LOAD_BALANCER_ID_PLACEHOLDER = '{loadbalancer_id}';
/**
 * Key of the `elbdesk` tag older versions added when the description had no room for the marker. Nothing writes
 * markers any more (the user's words are sent exactly as typed); they are only read to find what an older version
 * created (journals in flight when the app was updated).
 */
export const MARKER_TAG_KEY = 'elbdesk';

/** FNV-1a 64 over the UTF-16 code units of a string. */
function fnv1a64(s: string): bigint {
  const mask = 0xffffffffffffffffn;
  const prime = 0x100000001b3n;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    h = ((h ^ BigInt(unit & 0xff)) * prime) & mask;
    h = ((h ^ BigInt(unit >> 8)) * prime) & mask;
  }
  return h;
}

/** The 12 lowercase hex digits that identified a draft in the cloud (a 48-bit hash of its ID) in older versions. */
export function draftMarkerHex(draftId: string): string {
  return (fnv1a64(draftId) & 0xffffffffffffn).toString(16).padStart(12, '0');
}

/** The legacy marker older versions wrote into created resources: `elbdesk:` + 12 hex. Read only. */
export function draftMarker(draftId: string): string {
  return `${MARKER_TAG_KEY}:${draftMarkerHex(draftId)}`;
}

/** Anything with a description and tags: an API listener/pool JSON object or a cached inventory listener. */
export interface MarkedResource {
  description?: string | null;
  tags?: ReadonlyArray<{ key: string; value: string }> | null;
}

/** True when the resource carries the legacy marker of this draft (in its description or as the `elbdesk` tag). */
export function hasDraftMarker(resource: MarkedResource, draftId: string): boolean {
  const marker = draftMarker(draftId);
  if (typeof resource.description === 'string' && resource.description.includes(`[${marker}]`)) return true;
  const hex = draftMarkerHex(draftId);
  return Array.isArray(resource.tags) && resource.tags.some((t) => t.key === MARKER_TAG_KEY && t.value === hex);
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

/** `POST /listeners` body for a TCP listener. */
export interface ApiListenerBody {
  listener: {
    protocol: 'TCP';
    loadbalancer_id: string;
    protocol_port?: number;
    port_ranges?: Array<{ start_port: number; end_port: number }>;
    name: string;
    description: string;
    default_pool_id?: string;
    keepalive_timeout?: number;
    cps: number;
    connection: number;
    ipgroup?: { ipgroup_id: string; enable_ipgroup: true; type: 'white' | 'black' };
    transparent_client_ip_enable: boolean;
    proxy_protocol_enable: boolean;
    nat64_enable: boolean;
    tags?: Tag[];
  };
}

/** Options of {@link listenerBody}. */
export interface ListenerBodyOptions {
  /** The default pool: a real ID, {@link POOL_ID_PLACEHOLDER}, or null for none. */
  poolId: string | null;
  /** Overrides `content.target.loadBalancerId`. */
  loadBalancerId?: string;
}

function limitValue(limit: DraftContent['listener']['maxNewConnections']): number {
  return limit.mode === 'limit' && limit.value !== null ? limit.value : 0;
}

/**
 * The create-listener body. Single port → `protocol_port`; ranges → `port_ranges` with `protocol_port` left out.
 * Name, description and tags are sent exactly as typed (a retry finds the listener by load balancer + port).
 * `client_timeout`, `member_timeout` and `enable_member_retry` are never sent (HTTP-only).
 */
export function listenerBody(content: DraftContent, opts: ListenerBodyOptions): ApiListenerBody {
  const l = content.listener;
  const tags: Tag[] = l.tags.map((t) => ({ key: t.key, value: t.value }));
  const body: ApiListenerBody['listener'] = {
    protocol: 'TCP',
    loadbalancer_id: opts.loadBalancerId ?? content.target.loadBalancerId ?? LOAD_BALANCER_ID_PLACEHOLDER,
    name: l.name,
    description: l.description,
    cps: limitValue(l.maxNewConnections),
    connection: limitValue(l.maxConcurrentConnections),
    transparent_client_ip_enable: l.transparentClientIp,
    proxy_protocol_enable: l.proxyProtocol,
    nat64_enable: l.nat64,
  };
  if (l.portMode === 'single') {
    if (l.port !== null) body.protocol_port = l.port;
  } else {
    body.port_ranges = l.portRanges
      .filter((r): r is { start: number; end: number } => r.start !== null && r.end !== null)
      .map((r) => ({ start_port: r.start, end_port: r.end }));
  }
  if (opts.poolId) body.default_pool_id = opts.poolId;
  if (l.idleTimeout !== null) body.keepalive_timeout = l.idleTimeout;
  if (l.accessControl.mode !== 'all' && l.accessControl.ipGroupId) {
    body.ipgroup = {
      ipgroup_id: l.accessControl.ipGroupId,
      enable_ipgroup: true,
      type: l.accessControl.mode === 'whitelist' ? 'white' : 'black',
    };
  }
  if (tags.length > 0) body.tags = tags;
  return { listener: orderKeys(body, LISTENER_KEY_ORDER) };
}

const LISTENER_KEY_ORDER = [
  'protocol',
  'protocol_port',
  'port_ranges',
  'loadbalancer_id',
  'default_pool_id',
  'name',
  'description',
  'keepalive_timeout',
  'cps',
  'connection',
  'ipgroup',
  'transparent_client_ip_enable',
  'proxy_protocol_enable',
  'nat64_enable',
  'tags',
] as const;

/** Returns a copy with keys in a fixed order (for readable previews and stable snapshots). */
function orderKeys<T extends object>(obj: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  for (const k of order) if (k in src) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return out as T;
}

/** `POST /pools` body for the new TCP backend server group. */
export interface ApiPoolBody {
  pool: {
    protocol: 'TCP';
    lb_algorithm: string;
    loadbalancer_id: string;
    name: string;
    description: string;
    session_persistence: { type: 'SOURCE_IP'; persistence_timeout?: number } | null;
    connection_drain?: { enable: true; timeout?: number };
    ip_version?: 'dualstack';
    any_port_enable?: true;
  };
}

/** True when a server address is an IPv6 address (the validator refuses anything else with a colon). */
function isIpv6Address(address: string): boolean {
  return address.includes(':');
}

/**
 * The create-pool body (Table 3). Name and description are sent exactly as typed.
 * With port ranges the group forwards all ports (`any_port_enable: true`, see {@link newPoolForwardsAllPorts}).
 * A group with an IPv6 server is created `ip_version: "dualstack"`: elb-v3-api.md §5/§6 and the SDK's
 * CreatePoolOption say a TCP pool takes IPv6 members only as dualstack (a v4 pool takes IPv4 only) and give no
 * default, so it is sent explicitly; otherwise it is left to the API.
 */
export function poolBody(content: DraftContent, loadBalancerId: string): ApiPoolBody {
  const p = content.routing.newPool;
  const sticky = p.stickySession;
  const session: ApiPoolBody['pool']['session_persistence'] = sticky.enabled
    ? sticky.timeoutMinutes !== null
      ? { type: 'SOURCE_IP', persistence_timeout: sticky.timeoutMinutes }
      : { type: 'SOURCE_IP' }
    : null;
  const pool: ApiPoolBody['pool'] = {
    protocol: 'TCP',
    lb_algorithm: p.algorithm,
    loadbalancer_id: loadBalancerId,
    name: p.name,
    description: p.description,
    session_persistence: session,
  };
  if (p.connectionDrain.enabled) {
    pool.connection_drain =
      p.connectionDrain.timeoutSeconds !== null ? { enable: true, timeout: p.connectionDrain.timeoutSeconds } : { enable: true };
  }
  if (content.routing.members.some((m) => isIpv6Address(m.address))) pool.ip_version = 'dualstack';
  if (newPoolForwardsAllPorts(content)) pool.any_port_enable = true;
  return { pool };
}

/** One server in a batch-add body. */
export interface ApiMemberItem {
  address: string;
  protocol_port?: number;
  weight?: number;
  name: string;
  subnet_cidr_id?: string;
}

/**
 * `POST /pools/{id}/members/batch-add` body. Weight 0 is sent as 0 (it means "no new connections"), never dropped;
 * `subnet_cidr_id` is left out for IP as backend servers. In a group that forwards all ports (`allPorts`) the
 * port is left out: the SDK's BatchCreateMembersOption says it has no effect there and need not be sent (the
 * draft keeps whatever the user typed).
 */
export function membersBatchBody(members: readonly MemberDraft[], allPorts = false): { members: ApiMemberItem[] } {
  return {
    members: members.map((m) => {
      const item: ApiMemberItem = { address: m.address, name: m.name };
      if (m.port !== null && !allPorts) item.protocol_port = m.port;
      if (m.weight !== null) item.weight = m.weight;
      if (m.subnetId !== null && m.subnetId !== '') item.subnet_cidr_id = m.subnetId;
      return orderKeys(item, ['address', 'protocol_port', 'weight', 'name', 'subnet_cidr_id']);
    }),
  };
}

/** `POST /healthmonitors` body. */
export interface ApiHealthMonitorBody {
  healthmonitor: {
    pool_id: string;
    type: string;
    delay?: number;
    timeout?: number;
    max_retries?: number;
    max_retries_down?: number;
    monitor_port?: number;
    url_path?: string;
    expected_codes?: string;
    http_method?: string;
    domain_name?: string;
  };
}

/**
 * The create-health-monitor body (Table 4). A TCP check carries no `url_path`, `expected_codes`, `http_method`
 * or `domain_name`; `monitor_port` only when set; an empty domain name is left out (the LB's IP is used).
 */
export function healthMonitorBody(hc: HealthCheckDraft, poolId: string): ApiHealthMonitorBody {
  const m: ApiHealthMonitorBody['healthmonitor'] = { pool_id: poolId, type: hc.type };
  if (hc.interval !== null) m.delay = hc.interval;
  if (hc.timeout !== null) m.timeout = hc.timeout;
  if (hc.healthyThreshold !== null) m.max_retries = hc.healthyThreshold;
  if (hc.unhealthyThreshold !== null) m.max_retries_down = hc.unhealthyThreshold;
  if (hc.port !== null) m.monitor_port = hc.port;
  if (hc.type === 'HTTP' || hc.type === 'HTTPS') {
    m.url_path = hc.path;
    m.expected_codes = hc.expectedCodes;
    m.http_method = hc.httpMethod;
    if (hc.domainName !== '') m.domain_name = hc.domainName;
  }
  return { healthmonitor: m };
}

// ---------------------------------------------------------------------------------------------------------------
// Plan

/** The draft fields a plan needs: the editable content plus the draft's ID. */
export type PlannableDraft = DraftContent & { id: string };

/** The listener create's label: on a port, on ranges (each "start–end", "?" where unset), or on no port yet. */
function listenerLabel(content: DraftContent): StepLabel {
  const l = content.listener;
  if (l.portMode === 'single') return l.port !== null ? stepLabel('createListenerPort', { port: l.port }) : stepLabel('createListenerNoPort');
  return stepLabel('createListenerRanges', { ranges: l.portRanges.map((r) => `${r.start ?? '?'}–${r.end ?? '?'}`).join(', ') });
}

/** "port 80", "ports 9000–9100, 9200–9300" or "no port yet": the listener create's title, from its label. */
function portsTitle(label: StepLabel): string {
  if (label.code === 'createListenerPort') return `port ${label.params.port}`;
  if (label.code === 'createListenerRanges') return `ports ${label.params.ranges}`;
  return 'no port yet';
}

/**
 * The requests a submit sends, in order: new group → pool, members batch-add (when there are servers),
 * health monitor (when enabled), listener; existing group → listener only. Paths are `/v3/{project_id}/elb/…`
 * with the project ID filled in when given. Where the new pool's ID is needed, `{pool.id}` stands in for it.
 */
export function planRequests(draft: PlannableDraft, loadBalancerId: string, projectId?: string): PlannedRequest[] {
  const base = `/v3/${projectId || PROJECT_ID_PLACEHOLDER}/elb`;
  const r = draft.routing;
  const plan: PlannedRequest[] = [];
  let poolId: string | null;
  if (r.mode === 'new') {
    poolId = POOL_ID_PLACEHOLDER;
    const name = r.newPool.name ? ` "${r.newPool.name}"` : '';
    const allPorts = newPoolForwardsAllPorts(draft);
    plan.push({
      key: 'pool',
      title: `Create backend server group${name} (TCP, ${r.newPool.algorithm}${allPorts ? ', all-port forwarding' : ''})`,
      label: stepLabel('createPool', { name: r.newPool.name, algorithm: r.newPool.algorithm, allPorts: allPorts ? 1 : 0 }),
      method: 'POST',
      path: `${base}/pools`,
      body: poolBody(draft, loadBalancerId),
    });
    if (r.members.length > 0) {
      plan.push({
        key: 'members',
        title: `Add ${r.members.length} backend server${r.members.length === 1 ? '' : 's'}`,
        label: stepLabel('addMembers', { count: r.members.length }),
        method: 'POST',
        path: `${base}/pools/${POOL_ID_PLACEHOLDER}/members/batch-add`,
        body: membersBatchBody(r.members, allPorts),
      });
    }
    if (r.healthCheck.enabled) {
      plan.push({
        key: 'healthmonitor',
        title: `Create ${r.healthCheck.type} health check`,
        label: stepLabel('createHealthCheck', { type: r.healthCheck.type }),
        method: 'POST',
        path: `${base}/healthmonitors`,
        body: healthMonitorBody(r.healthCheck, POOL_ID_PLACEHOLDER),
      });
    }
  } else {
    poolId = r.existingPoolId;
  }
  const listener = listenerLabel(draft);
  plan.push({
    key: 'listener',
    title: `Create TCP listener on ${portsTitle(listener)}`,
    label: listener,
    method: 'POST',
    path: `${base}/listeners`,
    body: listenerBody(draft, { poolId, loadBalancerId }),
  });
  return plan;
}

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = replaceDeep(v, from, to);
    return out;
  }
  return value;
}

/** A copy of a planned request with `{pool.id}` replaced by the created pool's ID (path and body). */
export function fillPoolId(request: PlannedRequest, poolId: string): PlannedRequest {
  return {
    ...request,
    path: request.path.split(POOL_ID_PLACEHOLDER).join(encodeURIComponent(poolId)),
    body: replaceDeep(request.body, POOL_ID_PLACEHOLDER, poolId),
  };
}
