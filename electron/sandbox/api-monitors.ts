/** Health monitor handlers: POST/GET /healthmonitors, GET/PUT/DELETE /healthmonitors/{id}. */
import { assertNotBusy, checkQuota, type Ctx, newId, type Reply, touchLb } from './api-common';
import { badRequest, conflict, notFound } from './errors';
import type { FilterSpec } from './list';
import { apiTime, renderHealthMonitor } from './render';
import { resource } from './resource';
import type { HealthMonitorRec, PoolRec } from './records';
import { invalid, type Obj, onlyKnown, optBool, optEnum, optInt, optString, reqEnum, reqString, wrapped } from './validate';

const P = 'healthmonitor';
const TYPES = ['TCP', 'UDP_CONNECT', 'HTTP', 'HTTPS', 'TLS', 'GRPC'] as const;
const UPDATABLE = [
  'type',
  'delay',
  'timeout',
  'max_retries',
  'max_retries_down',
  'monitor_port',
  'url_path',
  'expected_codes',
  'http_method',
  'domain_name',
  'admin_state_up',
  'name',
];
const CREATE_FIELDS = [...UPDATABLE, 'pool_id', 'project_id'];
const HTTP_FIELDS = ['url_path', 'expected_codes', 'http_method', 'domain_name'] as const;

/** Monitor types each pool protocol accepts. */
const TYPES_FOR_POOL: Record<string, string[]> = {
  TCP: ['TCP', 'HTTP', 'HTTPS'],
  UDP: ['UDP_CONNECT'],
  QUIC: ['UDP_CONNECT'],
  TLS: ['TCP', 'HTTP', 'HTTPS', 'TLS'],
  HTTP: ['HTTP', 'HTTPS', 'TCP', 'GRPC'],
  HTTPS: ['HTTP', 'HTTPS', 'TCP', 'GRPC'],
  GRPC: ['GRPC', 'HTTP', 'HTTPS', 'TCP'],
};

const URL_PATH = /^\/[A-Za-z0-9\-/.%?#&_;~!()*[\]@$^:',+]*$/;
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

const FILTERS: FilterSpec<HealthMonitorRec> = {
  id: (h) => h.id,
  name: (h) => h.name,
  type: (h) => h.type,
  delay: (h) => h.delay,
  timeout: (h) => h.timeout,
  max_retries: (h) => h.max_retries,
  max_retries_down: (h) => h.max_retries_down,
  monitor_port: (h) => h.monitor_port,
  url_path: (h) => h.url_path,
  expected_codes: (h) => h.expected_codes,
  http_method: (h) => h.http_method,
  domain_name: (h) => h.domain_name,
  admin_state_up: (h) => h.admin_state_up,
};

/** `"200"`, `"200,202"` or `"200-204"`, codes 200–599. */
function checkExpectedCodes(v: string): void {
  const field = `${P}.expected_codes`;
  const rule = 'must be a code (200), a list (200,202) or a range (200-204) of HTTP codes 200-599';
  const code = (s: string): number => {
    if (!/^\d{3}$/.test(s)) invalid(field, rule, v);
    const n = Number(s);
    if (n < 200 || n > 599) invalid(field, rule, v);
    return n;
  };
  if (v.includes('-')) {
    const parts = v.split('-');
    if (parts.length !== 2) invalid(field, rule, v);
    if (code(parts[0] ?? '') > code(parts[1] ?? '')) invalid(field, 'the start of the range must not be above its end', v);
  } else {
    v.split(',').forEach(code);
  }
}

function isHttpType(type: string): boolean {
  return type === 'HTTP' || type === 'HTTPS';
}

/** Reads type-dependent fields; `cur` supplies values for a PUT. */
function readFields(b: Obj, pool: PoolRec, cur: HealthMonitorRec | null): Omit<HealthMonitorRec, 'id' | 'pool_id' | 'created_at' | 'updated_at'> {
  const type = cur ? (optEnum(b, 'type', P, TYPES) ?? cur.type) : reqEnum(b, 'type', P, TYPES);
  const allowed = TYPES_FOR_POOL[pool.protocol] ?? [];
  if (!allowed.includes(type)) invalid(`${P}.type`, `a ${pool.protocol} pool takes ${allowed.join(', ')} health checks`, type);
  const num = (f: string, min: number, max: number, def?: number): number => {
    const v = optInt(b, f, P, min, max);
    if (v !== undefined) return v;
    const c = cur ? (cur[f as keyof HealthMonitorRec] as number) : def;
    if (c === undefined) invalid(`${P}.${f}`, `is required (${min}-${max})`);
    return c;
  };
  const delay = num('delay', 1, 50);
  const timeout = num('timeout', 1, 50);
  const maxRetries = num('max_retries', 1, 10);
  const maxRetriesDown = num('max_retries_down', 1, 10, 3);
  let monitorPort: number | null = cur ? cur.monitor_port : null;
  if ('monitor_port' in b) monitorPort = optInt(b, 'monitor_port', P, 1, 65535) ?? null;
  if (pool.any_port_enable && monitorPort === null) invalid(`${P}.monitor_port`, 'is required because the pool forwards all ports (any_port_enable)');
  const name = optString(b, 'name', P, 255) ?? cur?.name ?? '';
  const admin = optBool(b, 'admin_state_up', P) ?? cur?.admin_state_up ?? true;

  const httpLike = isHttpType(type);
  if (!httpLike) {
    for (const f of HTTP_FIELDS) {
      if (f === 'expected_codes' && type === 'GRPC') continue;
      const v = b[f];
      if (v !== undefined && v !== null && v !== '') invalid(`${P}.${f}`, `is only for HTTP and HTTPS health checks (type is ${type})`, v);
    }
  }
  let urlPath: string | null = null;
  let codes: string | null = null;
  let method: string | null = null;
  let domain: string | null = null;
  if (httpLike) {
    const keep = cur && isHttpType(cur.type);
    urlPath = optString(b, 'url_path', P, 80, 1) ?? (keep ? cur.url_path : null) ?? '/';
    if (!URL_PATH.test(urlPath)) invalid(`${P}.url_path`, "must start with / and use only letters, digits and -/.%?#&_;~!()*[]@$^:',+", urlPath);
    codes = optString(b, 'expected_codes', P, 64, 1) ?? (keep ? cur.expected_codes : null) ?? '200';
    checkExpectedCodes(codes);
    method = optEnum(b, 'http_method', P, ['GET', 'HEAD', 'POST'] as const) ?? (keep ? cur.http_method : null) ?? 'GET';
    if ('domain_name' in b) {
      if (b.domain_name === '') invalid(`${P}.domain_name`, 'send null (not an empty string) to clear it', '');
      domain = optString(b, 'domain_name', P, 100, 1) ?? null;
    } else {
      domain = keep ? cur.domain_name : null;
    }
    if (domain !== null && !DOMAIN.test(domain)) invalid(`${P}.domain_name`, 'must start with a letter or digit and use only letters, digits, - and .', domain);
  } else if (type === 'GRPC') {
    codes = optString(b, 'expected_codes', P, 64, 1) ?? cur?.expected_codes ?? '0';
  }
  return {
    name,
    type,
    delay,
    timeout,
    max_retries: maxRetries,
    max_retries_down: maxRetriesDown,
    monitor_port: monitorPort,
    url_path: urlPath,
    expected_codes: codes,
    http_method: method,
    domain_name: domain,
    admin_state_up: admin,
  };
}

function setMemberStatus(ctx: Ctx, poolId: string, status: 'ONLINE' | 'NO_MONITOR'): void {
  for (const m of ctx.ps.membersOf(poolId)) {
    if (status === 'NO_MONITOR' || m.operating_status === 'NO_MONITOR') m.operating_status = status;
  }
}

/** POST /healthmonitors (one per pool). */
export function createHealthMonitor(ctx: Ctx): Reply {
  const b = wrapped(ctx.body, P);
  onlyKnown(b, CREATE_FIELDS, P);
  const poolId = reqString(b, 'pool_id', P, 36);
  const pool = ctx.ps.pools.get(poolId);
  if (!pool) throw notFound('Pool', poolId);
  const fields = readFields(b, pool, null);
  assertNotBusy(ctx, pool.loadbalancer_id);
  if (pool.healthmonitor_id) throw conflict(`Pool ${pool.id} already has health monitor ${pool.healthmonitor_id} (one per pool).`);
  checkQuota(ctx, 'healthmonitor', ctx.ps.healthmonitors.size);
  const time = apiTime(ctx.now);
  const rec: HealthMonitorRec = { id: newId(), pool_id: pool.id, ...fields, created_at: time, updated_at: time };
  ctx.ps.addHealthMonitor(rec);
  setMemberStatus(ctx, pool.id, 'ONLINE');
  touchLb(ctx, pool.loadbalancer_id);
  return { status: 201, body: { healthmonitor: renderHealthMonitor(ctx.ps, rec) } };
}

/** Health monitors: find/list/show and busy-guarded changes (the pool's LB). */
const MONITORS = resource<HealthMonitorRec>({
  one: 'healthmonitor',
  many: 'healthmonitors',
  label: 'Health monitor',
  records: (ps) => ps.healthmonitors,
  render: (ctx, h) => renderHealthMonitor(ctx.ps, h),
  filters: FILTERS,
  lbOf: (ctx, h) => ctx.ps.pools.get(h.pool_id)?.loadbalancer_id ?? null,
});

/** GET /healthmonitors */
export const listHealthMonitors = MONITORS.list;

/** GET /healthmonitors/{id} */
export const showHealthMonitor = MONITORS.show;

/** PUT /healthmonitors/{id}: every field but pool_id. */
export function updateHealthMonitor(ctx: Ctx): Reply {
  const h = MONITORS.get(ctx);
  const b = wrapped(ctx.body, P);
  if ('pool_id' in b) throw badRequest(`Invalid input for field '${P}.pool_id': it cannot be changed.`);
  onlyKnown(b, UPDATABLE, P);
  const pool = ctx.ps.pools.get(h.pool_id);
  if (!pool) throw notFound('Pool', h.pool_id);
  const fields = readFields(b, pool, h);
  return MONITORS.change(ctx, h, () => Object.assign(h, fields));
}

/** DELETE /healthmonitors/{id} */
export function deleteHealthMonitor(ctx: Ctx): Reply {
  const h = MONITORS.get(ctx);
  return MONITORS.remove(ctx, h, () => {
    ctx.ps.removeHealthMonitor(h.id);
    setMemberStatus(ctx, h.pool_id, 'NO_MONITOR');
  });
}
