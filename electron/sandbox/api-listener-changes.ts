/**
 * Day-two listener handlers: PUT/DELETE /listeners/{id}, DELETE /listeners/{id}/force,
 * POST /v3/{project_id}/listeners/{id}/tags/action (no /elb segment) and POST /listeners/{id}/clone (api-clone.ts).
 */
import type { Ctx, Reply } from './api-common';
import {
  checkDefaultPool,
  checkL7Fields,
  IMMUTABLE,
  isHttp,
  isL4,
  keepaliveRange,
  LISTENERS,
  P,
  readIpGroup,
  readProtection,
  resolveTransparentNat64,
  UPDATABLE,
} from './api-listeners';
import { badRequest, conflict } from './errors';
import type { PoolRec } from './records';
import { has, invalid, isObj, onlyKnown, optArray, optBool, optEnum, optInt, optString, type Tag, TAG_FORBIDDEN, wrapped } from './validate';

/** PUT /listeners/{id} */
export function updateListener(ctx: Ctx): Reply {
  const l = LISTENERS.get(ctx);
  const b = wrapped(ctx.body, P);
  for (const k of Object.keys(b)) {
    if (IMMUTABLE.includes(k)) throw badRequest(`Invalid input for field '${P}.${k}': it cannot be changed; delete the listener and create a new one.`);
  }
  onlyKnown(b, UPDATABLE, P);
  const name = optString(b, 'name', P, 255);
  const description = optString(b, 'description', P, 255);
  if (optBool(b, 'admin_state_up', P) === false) invalid(`${P}.admin_state_up`, 'only true is supported', false);
  const ka = keepaliveRange(l.protocol);
  const keepalive = optInt(b, 'keepalive_timeout', P, ka.min, ka.max);
  let clientTimeout: number | undefined;
  let memberTimeout: number | undefined;
  if (isHttp(l.protocol)) {
    clientTimeout = optInt(b, 'client_timeout', P, 1, 300);
    memberTimeout = optInt(b, 'member_timeout', P, 1, 300);
  } else {
    if (has(b, 'client_timeout')) invalid(`${P}.client_timeout`, 'is only for HTTP and HTTPS listeners', b.client_timeout);
    if (has(b, 'member_timeout')) invalid(`${P}.member_timeout`, 'is only for HTTP and HTTPS listeners', b.member_timeout);
  }
  const retryIn = optBool(b, 'enable_member_retry', P);
  if (retryIn !== undefined && !['HTTP', 'HTTPS', 'QUIC'].includes(l.protocol)) {
    invalid(`${P}.enable_member_retry`, 'dedicated load balancers accept it only for HTTP, HTTPS and QUIC listeners', retryIn);
  }
  const proxy = optBool(b, 'proxy_protocol_enable', P);
  if (proxy && !['TCP', 'TLS'].includes(l.protocol)) invalid(`${P}.proxy_protocol_enable`, 'is only for TCP and TLS listeners', true);
  const cps = optInt(b, 'cps', P, 0, 1_000_000);
  const connection = optInt(b, 'connection', P, 0, 1_000_000);
  const prot = readProtection(b, l);
  checkL7Fields(b, l.protocol);
  const tn = resolveTransparentNat64(ctx, b, l.protocol, { transparent: l.transparent_client_ip_enable, nat64: l.nat64_enable });
  let pool: PoolRec | null | undefined;
  if ('default_pool_id' in b) {
    if (b.default_pool_id === null) pool = null;
    else {
      const pid = optString(b, 'default_pool_id', P, 36);
      pool = pid ? checkDefaultPool(ctx, pid, l.protocol, l.loadbalancer_id, l.id) : null;
    }
  }
  const ipgroup = readIpGroup(ctx, b, l.ipgroup, l.id);
  const h2 = isHttp(l.protocol) ? optBool(b, 'http2_enable', P) : undefined;
  const tls = optString(b, 'default_tls_container_ref', P, 128);

  return LISTENERS.change(ctx, l, () => {
    if (name !== undefined) l.name = name;
    if (description !== undefined) l.description = description;
    if (keepalive !== undefined) l.keepalive_timeout = keepalive;
    if (clientTimeout !== undefined) l.client_timeout = clientTimeout;
    if (memberTimeout !== undefined) l.member_timeout = memberTimeout;
    if (retryIn !== undefined) l.enable_member_retry = retryIn;
    if (proxy !== undefined) l.proxy_protocol_enable = proxy;
    if (cps !== undefined) l.cps = cps;
    if (connection !== undefined) l.connection = connection;
    l.protection_status = prot.status;
    l.protection_reason = prot.reason;
    l.transparent_client_ip_enable = tn.transparent;
    l.nat64_enable = tn.nat64;
    if (h2 !== undefined) l.http2_enable = h2;
    if (tls && !isL4(l.protocol)) l.default_tls_container_ref = tls;
    if (pool !== undefined) {
      ctx.ps.setListenerPool(l, pool ? pool.id : null);
      if (pool && !pool.loadbalancer_id) ctx.ps.setPoolLoadBalancer(pool, l.loadbalancer_id);
    }
    if (ipgroup !== l.ipgroup) ctx.ps.setListenerIpgroup(l, ipgroup);
  });
}

/**
 * DELETE /listeners/{id}: refused (409 ELB.8907) while a default pool is bound — the documented DeleteListener
 * constraint (reference §13); unbind with PUT `default_pool_id: null` first. The IP address groups stay.
 */
export function deleteListener(ctx: Ctx): Reply {
  const l = LISTENERS.get(ctx);
  if (l.default_pool_id) {
    throw conflict(
      `Listener ${l.id} still has default pool ${l.default_pool_id}: unbind it first (PUT default_pool_id: null), or use DELETE /listeners/${l.id}/force.`,
    );
  }
  return LISTENERS.remove(ctx, l, () => ctx.ps.removeListener(l.id));
}

/** DELETE /listeners/{id}/force: also deletes the default pool (with members and monitor) if nothing else uses it. */
export function forceDeleteListener(ctx: Ctx): Reply {
  const l = LISTENERS.get(ctx);
  return LISTENERS.remove(ctx, l, () => {
    const poolId = l.default_pool_id;
    ctx.ps.removeListener(l.id);
    if (poolId && (ctx.ps.poolListeners.get(poolId)?.size ?? 0) === 0) ctx.ps.removePool(poolId);
  });
}


/** Most tags a listener holds. */
export const MAX_TAGS = 20;

/** One `{key, value}` of a tag action: both required (deleting needs the value too); key 1–36, value 0–255. */
function readTagItem(raw: unknown, p: string): Tag {
  if (!isObj(raw)) invalid(p, 'must be an object {key, value}', raw);
  onlyKnown(raw, ['key', 'value'], p);
  const key = optString(raw, 'key', p, 36, 1);
  if (key === undefined) invalid(`${p}.key`, 'is required (1-36 characters)');
  const value = optString(raw, 'value', p, 255);
  if (value === undefined) invalid(`${p}.value`, 'is required (0-255 characters; send "" for an empty value)');
  if (TAG_FORBIDDEN.test(key)) invalid(`${p}.key`, 'must not contain = * < > \\ , | /', key);
  if (TAG_FORBIDDEN.test(value)) invalid(`${p}.value`, 'must not contain = * < > \\ , | /', value);
  return { key, value };
}

/**
 * POST /v3/{project_id}/listeners/{id}/tags/action `{"action":"create"|"delete","tags":[{key,value}]}` → 204.
 * create adds tags or replaces the value of an existing key (≤ 20 tags); delete removes tags whose key matches and
 * whose value matches or is sent as "" (absent tags are ignored). Tags are not part of the listener's PUT, so
 * `updated_at` and the LB's status do not change.
 */
export function changeListenerTags(ctx: Ctx): Reply {
  const l = LISTENERS.get(ctx);
  const b = ctx.body;
  if (!isObj(b)) throw badRequest("The request body must be a JSON object with the keys 'action' and 'tags'.");
  onlyKnown(b, ['action', 'tags'], 'body');
  const action = optEnum(b, 'action', 'body', ['create', 'delete'] as const);
  if (action === undefined) invalid('action', 'is required (create or delete)');
  const arr = optArray(b, 'tags', 'body', MAX_TAGS);
  if (arr === undefined || arr.length === 0) invalid('tags', `is required (1-${MAX_TAGS} tags)`);
  const seen = new Set<string>();
  const tags = arr.map((t, i) => {
    const tag = readTagItem(t, `tags[${i}]`);
    if (seen.has(tag.key)) invalid(`tags[${i}].key`, 'must not repeat a key in one request', tag.key);
    seen.add(tag.key);
    return tag;
  });
  if (action === 'create') {
    const next = new Map(l.tags.map((t) => [t.key, t.value]));
    for (const t of tags) next.set(t.key, t.value);
    if (next.size > MAX_TAGS) invalid('tags', `a listener holds at most ${MAX_TAGS} tags`, `${next.size} tags`);
    l.tags = [...next].map(([key, value]) => ({ key, value }));
  } else {
    l.tags = l.tags.filter((t) => !tags.some((d) => d.key === t.key && (d.value === '' || d.value === t.value)));
  }
  return { status: 204 };
}
