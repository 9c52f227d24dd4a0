/**
 * The typed ELB v3 client: the ELB calls over the request engine (requester.ts: signing, deadlines, the retry
 * policy), strict reply checks, and marker pagination. Every failure is a thrown CloudError.
 */
import type {
  ApiBatchMemberResult,
  ApiFlavor,
  ApiHealthMonitor,
  ApiHealthMonitorCreate,
  ApiIpGroup,
  ApiIpGroupCreate,
  ApiListener,
  ApiListenerCreate,
  ApiListenerUpdate,
  ApiLoadBalancer,
  ApiMember,
  ApiMemberCreate,
  ApiPageInfo,
  ApiPool,
  ApiPoolCreate,
  ApiPoolUpdate,
  ApiProject,
  ApiQuota,
  ApiQuotaDetail,
  ApiQuotaSet,
} from './api-types';
import { CloudError } from './errors';
import { rfc3986Encode } from './signer';

import { CloudRequester, isRecord, type RequestSpec, type TransportClientOptions } from './requester';

export type * from './api-types';
export type { CredentialsProvider, RetryOptions, TransportClientOptions } from './requester';
export { CloudRequester, parseErrorBody } from './requester';

/** Options of createElbClient. */
export interface ClientOptions extends TransportClientOptions {
  /** `https://elb.{region}.myhuaweicloud.com` or the sandbox URL (no trailing path). */
  endpoint: string;
  region: string;
  projectId: string;
}

/** Query values; arrays repeat the key, null/undefined are left out. */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean> | null | undefined;
export type Query = Record<string, QueryValue>;

/** Listener list filters (elb-v3-api.md §2). */
export interface ListenerFilters {
  loadbalancer_id?: string | string[];
  protocol?: string | string[];
  protocol_port?: string | number | Array<string | number>;
  id?: string | string[];
  name?: string | string[];
  default_pool_id?: string | string[];
  description?: string | string[];
  [key: string]: QueryValue;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  pageInfo: ApiPageInfo | null;
  /** The marker for the next page, or null on the last page. */
  nextMarker: string | null;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Called with the request ID (X-Request-Id) of the reply that succeeded, or null when it carried none. */
  onRequestId?: (requestId: string | null) => void;
}

/** The ELB v3 operations the app needs. List methods without paging follow every page. */
export interface ElbClient {
  readonly endpoint: string;
  readonly region: string;
  readonly projectId: string;
  listLoadBalancers(filters?: Query, o?: CallOptions): Promise<ApiLoadBalancer[]>;
  getLoadBalancer(id: string, o?: CallOptions): Promise<ApiLoadBalancer>;
  listFlavors(filters?: Query, o?: CallOptions): Promise<ApiFlavor[]>;
  /** GET /quotas plus GET /quotas/details (details null when that call is refused with a 4xx). */
  getQuotas(o?: CallOptions): Promise<ApiQuotaSet>;
  getQuotaDetails(keys?: string[], o?: CallOptions): Promise<ApiQuotaDetail[]>;
  /** One page of listeners. */
  listListeners(filters?: ListenerFilters, paging?: { limit?: number; marker?: string | null }, o?: CallOptions): Promise<Page<ApiListener>>;
  /** Every page of listeners, one array per page, fetched as the caller iterates. */
  iterateListeners(filters?: ListenerFilters & { limit?: number }, o?: CallOptions): AsyncIterable<ApiListener[]>;
  listAllListeners(filters?: ListenerFilters, o?: CallOptions): Promise<ApiListener[]>;
  getListener(id: string, o?: CallOptions): Promise<ApiListener>;
  /** Accepts the request body `{listener:{…}}` or the bare listener object. */
  createListener(body: { listener: ApiListenerCreate } | ApiListenerCreate, o?: CallOptions): Promise<ApiListener>;
  updateListener(id: string, body: { listener: ApiListenerUpdate } | ApiListenerUpdate, o?: CallOptions): Promise<ApiListener>;
  deleteListener(id: string, o?: CallOptions): Promise<void>;
  /** POST /v3/{project_id}/listeners/{id}/tags/action (no `/elb` segment, elb-v3-api.md §13). */
  listenerTagsAction(id: string, body: { action: 'create' | 'delete'; tags: Array<{ key: string; value: string }> }, o?: CallOptions): Promise<void>;
  listPools(filters?: Query, o?: CallOptions): Promise<ApiPool[]>;
  getPool(id: string, o?: CallOptions): Promise<ApiPool>;
  createPool(body: { pool: ApiPoolCreate } | ApiPoolCreate, o?: CallOptions): Promise<ApiPool>;
  updatePool(id: string, body: { pool: ApiPoolUpdate } | ApiPoolUpdate, o?: CallOptions): Promise<ApiPool>;
  deletePool(id: string, o?: CallOptions): Promise<void>;
  /** Members of one pool (every page). */
  listMembers(poolId: string, filters?: Query, o?: CallOptions): Promise<ApiMember[]>;
  /** GET /members: members of all pools, each with `pool_id`. */
  listAllMembers(filters?: Query, o?: CallOptions): Promise<ApiMember[]>;
  createMember(poolId: string, body: { member: ApiMemberCreate } | ApiMemberCreate, o?: CallOptions): Promise<ApiMember>;
  /** POST …/members/batch-add (≤ 200 members); accepts `{members:[…]}` or the bare array. */
  batchAddMembers(poolId: string, body: { members: ApiMemberCreate[] } | ApiMemberCreate[], o?: CallOptions): Promise<ApiBatchMemberResult[]>;
  deleteMember(poolId: string, memberId: string, o?: CallOptions): Promise<void>;
  listHealthMonitors(filters?: Query, o?: CallOptions): Promise<ApiHealthMonitor[]>;
  getHealthMonitor(id: string, o?: CallOptions): Promise<ApiHealthMonitor>;
  createHealthMonitor(body: { healthmonitor: ApiHealthMonitorCreate } | ApiHealthMonitorCreate, o?: CallOptions): Promise<ApiHealthMonitor>;
  deleteHealthMonitor(id: string, o?: CallOptions): Promise<void>;
  listIpGroups(filters?: Query, o?: CallOptions): Promise<ApiIpGroup[]>;
  getIpGroup(id: string, o?: CallOptions): Promise<ApiIpGroup>;
  createIpGroup(body: { ipgroup: ApiIpGroupCreate } | ApiIpGroupCreate, o?: CallOptions): Promise<ApiIpGroup>;
  updateIpGroup(id: string, body: { ipgroup: Partial<ApiIpGroupCreate> } | Partial<ApiIpGroupCreate>, o?: CallOptions): Promise<ApiIpGroup>;
  /** POST …/ipgroups/{id}/iplist/create-or-update: adds entries or changes their descriptions. */
  upsertIpList(id: string, ipList: ApiIpGroupCreate['ip_list'], o?: CallOptions): Promise<ApiIpGroup>;
  /** POST …/ipgroups/{id}/iplist/batch-delete: removes the listed entries. */
  batchDeleteIpList(id: string, ips: string[], o?: CallOptions): Promise<ApiIpGroup>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

// ------------------------------------------------------------------ helpers

/** Builds `?k=v&k=v2` with RFC 3986 encoding; arrays repeat the key; booleans as true/false. */
export function buildQuery(q: Query | undefined): string {
  if (!q) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === null || v === undefined) continue;
    const values = Array.isArray(v) ? (v as ReadonlyArray<string | number | boolean>) : [v as string | number | boolean];
    for (const one of values) parts.push(`${rfc3986Encode(k)}=${rfc3986Encode(String(one))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// ------------------------------------------------------------------ reply validators (throw a string when malformed)

function objectWithId<T>(json: unknown, key: string): T {
  if (!isRecord(json)) throw 'not a JSON object';
  const inner = json[key];
  if (!isRecord(inner)) throw `no "${key}" object`;
  if (typeof inner.id !== 'string' || inner.id === '') throw `"${key}" has no id`;
  return inner as T;
}

function listOf<T>(json: unknown, key: string, requireId = true): { items: T[]; pageInfo: ApiPageInfo | null } {
  if (!isRecord(json)) throw 'not a JSON object';
  const list = json[key];
  if (!Array.isArray(list)) throw `no "${key}" list`;
  for (const item of list) {
    if (!isRecord(item)) throw `an item of "${key}" is not an object`;
    if (requireId && (typeof item.id !== 'string' || item.id === '')) throw `an item of "${key}" has no id`;
  }
  const pi = json.page_info;
  return { items: list as T[], pageInfo: isRecord(pi) ? (pi as ApiPageInfo) : null };
}

function unwrap<T extends object>(body: T | Record<string, unknown>, key: string): unknown {
  return isRecord(body) && key in body && isRecord((body as Record<string, unknown>)[key]) ? (body as Record<string, unknown>)[key] : body;
}

const MAX_LIMIT = 2000;

// ------------------------------------------------------------------ the ELB client

/** Creates a client for one account, region and project. */
export function createElbClient(opts: ClientOptions): ElbClient {
  const endpoint = opts.endpoint.replace(/\/+$/, '');
  const base = `/v3/${encodeURIComponent(opts.projectId)}/elb`;
  const rq = new CloudRequester(opts);
  const projectHeader = { 'X-Project-Id': opts.projectId };
  const seg = (s: string): string => rfc3986Encode(s);

  function call<T>(
    method: RequestSpec<T>['method'],
    path: string,
    o: { query?: Query; body?: unknown; parse?: (j: unknown) => T; signal?: AbortSignal | undefined; onRequestId?: ((id: string | null) => void) | undefined },
  ): Promise<T> {
    const spec: RequestSpec<T> = {
      method,
      url: `${endpoint}${base}${path}${buildQuery(o.query)}`,
      logPath: `${base}${path}`,
      headers: projectHeader,
    };
    if (o.body !== undefined) spec.body = o.body;
    if (o.parse) spec.parse = o.parse;
    if (o.signal) spec.signal = o.signal;
    if (o.onRequestId) spec.onRequestId = o.onRequestId;
    return rq.request(spec);
  }

  async function page<T>(path: string, key: string, filters: Query | undefined, limit: number, marker: string | null, signal: AbortSignal | undefined): Promise<Page<T>> {
    const query: Query = { ...filters, limit };
    if (marker) query.marker = marker;
    const { items, pageInfo } = await call('GET', path, { query, parse: (j) => listOf<T>(j, key), signal });
    let nextMarker: string | null;
    if (items.length === 0) nextMarker = null;
    else if (pageInfo) {
      const nm = typeof pageInfo.next_marker === 'string' && pageInfo.next_marker !== '' ? pageInfo.next_marker : null;
      const count = typeof pageInfo.current_count === 'number' ? pageInfo.current_count : items.length;
      nextMarker = nm !== null && count >= limit ? nm : null;
    } else {
      nextMarker = items.length >= limit ? ((items[items.length - 1] as { id?: string }).id ?? null) : null;
    }
    return { items, pageInfo, nextMarker };
  }

  async function* pages<T>(path: string, key: string, filters: Query | undefined, limit: number, signal?: AbortSignal): AsyncGenerator<T[]> {
    const lim = Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
    const seen = new Set<string>();
    let marker: string | null = null;
    for (;;) {
      const p: Page<T> = await page<T>(path, key, filters, lim, marker, signal);
      yield p.items;
      if (!p.nextMarker) return;
      if (seen.has(p.nextMarker)) {
        throw rq.redactError(new CloudError(`The cloud sent a paging loop (marker ${p.nextMarker} repeated).`, { kind: 'malformed', status: 200, retryable: false }));
      }
      seen.add(p.nextMarker);
      marker = p.nextMarker;
    }
  }

  async function all<T>(path: string, key: string, filters?: Query, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    for await (const items of pages<T>(path, key, filters, MAX_LIMIT, signal)) for (const it of items) out.push(it);
    return out;
  }

  const get = <T>(path: string, key: string, signal?: AbortSignal): Promise<T> => call('GET', path, { parse: (j) => objectWithId<T>(j, key), signal });
  const del = (path: string, signal?: AbortSignal): Promise<void> => call<void>('DELETE', path, { signal });
  const write = <T>(method: 'POST' | 'PUT', path: string, key: string, body: unknown, o?: CallOptions): Promise<T> =>
    call(method, path, { body: { [key]: unwrap(body as Record<string, unknown>, key) }, parse: (j) => objectWithId<T>(j, key), signal: o?.signal, onRequestId: o?.onRequestId });

  const getQuotaDetails = (keys?: string[], o?: CallOptions): Promise<ApiQuotaDetail[]> =>
    call('GET', '/quotas/details', {
      query: keys && keys.length ? { quota_key: keys } : {},
      parse: (j) => {
        const { items } = listOf<ApiQuotaDetail>(j, 'quotas', false);
        for (const q of items) if (typeof q.quota_key !== 'string') throw 'a quota has no quota_key';
        return items;
      },
      signal: o?.signal,
    });

  async function getQuotas(o?: CallOptions): Promise<ApiQuotaSet> {
    const quota = await call('GET', '/quotas', {
      parse: (j) => {
        if (!isRecord(j) || !isRecord(j.quota)) throw 'no "quota" object';
        return j.quota as ApiQuota;
      },
      signal: o?.signal,
    });
    let details: ApiQuotaDetail[] | null = null;
    try {
      details = await getQuotaDetails(undefined, o);
    } catch (e) {
      // Older sites lack /quotas/details: limits alone are still useful.
      if (!(e instanceof CloudError && e.kind === 'http' && e.status !== null && e.status >= 400 && e.status < 500 && e.status !== 429)) throw e;
    }
    return { quota, details };
  }

  return {
    endpoint,
    region: opts.region,
    projectId: opts.projectId,
    listLoadBalancers: (f, o) => all('/loadbalancers', 'loadbalancers', f, o?.signal),
    getLoadBalancer: (id, o) => get(`/loadbalancers/${seg(id)}`, 'loadbalancer', o?.signal),
    listFlavors: (f, o) => all('/flavors', 'flavors', f, o?.signal),
    getQuotas,
    getQuotaDetails,
    listListeners: (f, paging, o) =>
      page('/listeners', 'listeners', f, Math.min(MAX_LIMIT, Math.max(1, Math.floor(paging?.limit ?? MAX_LIMIT))), paging?.marker ?? null, o?.signal),
    iterateListeners(f, o) {
      const { limit, ...filters } = f ?? {};
      return pages<ApiListener>('/listeners', 'listeners', filters, typeof limit === 'number' ? limit : MAX_LIMIT, o?.signal);
    },
    listAllListeners: (f, o) => all('/listeners', 'listeners', f, o?.signal),
    getListener: (id, o) => get(`/listeners/${seg(id)}`, 'listener', o?.signal),
    createListener: (body, o) => write('POST', '/listeners', 'listener', body, o),
    updateListener: (id, body, o) => write('PUT', `/listeners/${seg(id)}`, 'listener', body, o),
    deleteListener: (id, o) => del(`/listeners/${seg(id)}`, o?.signal),
    listenerTagsAction: (id, body, o) => {
      const path = `/v3/${encodeURIComponent(opts.projectId)}/listeners/${seg(id)}/tags/action`;
      const spec: RequestSpec<void> = { method: 'POST', url: `${endpoint}${path}`, logPath: path, headers: projectHeader, body };
      if (o?.signal) spec.signal = o.signal;
      return rq.request(spec);
    },
    listPools: (f, o) => all('/pools', 'pools', f, o?.signal),
    getPool: (id, o) => get(`/pools/${seg(id)}`, 'pool', o?.signal),
    createPool: (body, o) => write('POST', '/pools', 'pool', body, o),
    updatePool: (id, body, o) => write('PUT', `/pools/${seg(id)}`, 'pool', body, o),
    deletePool: (id, o) => del(`/pools/${seg(id)}`, o?.signal),
    listMembers: (poolId, f, o) => all(`/pools/${seg(poolId)}/members`, 'members', f, o?.signal),
    listAllMembers: (f, o) => all('/members', 'members', f, o?.signal),
    createMember: (poolId, body, o) => write('POST', `/pools/${seg(poolId)}/members`, 'member', body, o),
    batchAddMembers: (poolId, body, o) =>
      call('POST', `/pools/${seg(poolId)}/members/batch-add`, {
        body: { members: Array.isArray(body) ? body : body.members },
        parse: (j) => listOf<ApiBatchMemberResult>(j, 'members', false).items,
        signal: o?.signal,
        onRequestId: o?.onRequestId,
      }),
    deleteMember: (poolId, memberId, o) => del(`/pools/${seg(poolId)}/members/${seg(memberId)}`, o?.signal),
    listHealthMonitors: (f, o) => all('/healthmonitors', 'healthmonitors', f, o?.signal),
    getHealthMonitor: (id, o) => get(`/healthmonitors/${seg(id)}`, 'healthmonitor', o?.signal),
    createHealthMonitor: (body, o) => write('POST', '/healthmonitors', 'healthmonitor', body, o),
    deleteHealthMonitor: (id, o) => del(`/healthmonitors/${seg(id)}`, o?.signal),
    listIpGroups: (f, o) => all('/ipgroups', 'ipgroups', f, o?.signal),
    getIpGroup: (id, o) => get(`/ipgroups/${seg(id)}`, 'ipgroup', o?.signal),
    createIpGroup: (body, o) => write('POST', '/ipgroups', 'ipgroup', body, o),
    updateIpGroup: (id, body, o) => write('PUT', `/ipgroups/${seg(id)}`, 'ipgroup', body, o),
    upsertIpList: (id, ipList, o) => write('POST', `/ipgroups/${seg(id)}/iplist/create-or-update`, 'ipgroup', { ip_list: ipList }, o),
    batchDeleteIpList: (id, ips, o) => write('POST', `/ipgroups/${seg(id)}/iplist/batch-delete`, 'ipgroup', { ip_list: ips.map((ip) => ({ ip })) }, o),
    close: () => rq.close(),
  };
}

/** Options of discoverProjectId. */
export interface DiscoverProjectOptions extends TransportClientOptions {
  /** Default `https://iam.myhuaweicloud.com`. */
  iamEndpoint?: string;
  region: string;
}

/** The region's project ID: signed `GET {iam}/v3/projects?name={region}` → `projects[0].id`. */
export async function discoverProjectId(opts: DiscoverProjectOptions): Promise<string> {
  const iam = (opts.iamEndpoint ?? 'https://iam.myhuaweicloud.com').replace(/\/+$/, '');
  const rq = new CloudRequester(opts);
  try {
    const projects = await rq.request<ApiProject[]>({
      method: 'GET',
      url: `${iam}/v3/projects${buildQuery({ name: opts.region })}`,
      logPath: '/v3/projects',
      parse: (j) => listOf<ApiProject>(j, 'projects').items,
    });
    const match = projects.find((p) => p.name === opts.region) ?? projects[0];
    if (!match) {
      throw new CloudError(`No IAM project is named "${opts.region}" for these credentials.`, {
        kind: 'http',
        status: 200,
        errorCode: 'PROJECT_NOT_FOUND',
        hint: 'Check the region, or enter the project ID of the region by hand.',
      });
    }
    return match.id;
  } finally {
    await rq.close();
  }
}
