/**
 * Member handlers: POST/GET /pools/{pid}/members, GET/PUT/DELETE /pools/{pid}/members/{mid}, GET /members,
 * POST /pools/{pid}/members/batch-add | batch-delete | batch-update.
 */
import { assertNotBusy, checkQuota, type Ctx, newId, param, type Reply, touchLb } from './api-common';
import { requirePool } from './api-pools';
import { badRequest, conflict, notFound } from './errors';
import type { FilterSpec } from './list';
import { cidrContains, formatIp, isPrivateIpv4, parseCidr, parseIp } from './net';
import { apiTime, renderMember } from './render';
import { resource } from './resource';
import type { MemberRec, PoolRec } from './records';
import { memberKey } from './state';
import { invalid, isObj, type Obj, onlyKnown, optBool, optInt, optString, reqString, wrapped } from './validate';

const P = 'member';
const CREATE_FIELDS = ['address', 'protocol_port', 'subnet_cidr_id', 'weight', 'name', 'admin_state_up', 'availability_zone', 'project_id'];
const UPDATABLE = ['name', 'weight', 'admin_state_up'];
const IMMUTABLE = ['address', 'protocol_port', 'subnet_cidr_id', 'availability_zone', 'project_id'];

function filters(ctx: Ctx): FilterSpec<MemberRec> {
  return {
    id: (m) => m.id,
    name: (m) => m.name,
    address: (m) => m.address,
    protocol_port: (m) => m.protocol_port,
    weight: (m) => m.weight,
    subnet_cidr_id: (m) => m.subnet_cidr_id,
    operating_status: (m) => m.operating_status,
    ip_version: (m) => m.ip_version,
    member_type: (m) => m.member_type,
    instance_id: (m) => m.instance_id,
    pool_id: (m) => m.pool_id,
    loadbalancer_id: (m) => ctx.ps.pools.get(m.pool_id)?.loadbalancer_id ?? null,
  };
}

/** Members: find/list/show and busy-guarded changes (the pool's LB). */
const MEMBERS = resource<MemberRec>({
  one: 'member',
  many: 'members',
  label: 'Member',
  records: (ps) => ps.members,
  render: (ctx, m) => renderMember(ctx.ps, m),
  filters,
  lbOf: (ctx, m) => ctx.ps.pools.get(m.pool_id)?.loadbalancer_id ?? null,
});

/** A checked member, ready to be stored (no id/times yet). */
type MemberInput = Omit<MemberRec, 'id' | 'created_at' | 'updated_at'>;

/** Checks one member body against its pool (400/404). `prefix` names the field path in messages. */
function readMember(ctx: Ctx, pool: PoolRec, b: Obj, prefix: string): MemberInput {
  onlyKnown(b, CREATE_FIELDS, prefix);
  const addressRaw = reqString(b, 'address', prefix, 64);
  const ip = parseIp(addressRaw);
  if (!ip) invalid(`${prefix}.address`, 'must be a valid IPv4 or IPv6 address', addressRaw);
  if (ip.version === 6 && pool.ip_version !== 'dualstack') {
    invalid(`${prefix}.address`, `pool ${pool.id} is ip_version v4 and only takes IPv4 members`, addressRaw);
  }
  let port: number | null;
  if (pool.any_port_enable) {
    optInt(b, 'protocol_port', prefix, 0, 65535);
    port = null;
  } else {
    const p = optInt(b, 'protocol_port', prefix, 1, 65535);
    if (p === undefined) invalid(`${prefix}.protocol_port`, 'is required (1-65535) unless the pool has any_port_enable');
    port = p;
  }
  const weight = optInt(b, 'weight', prefix, 0, 100) ?? 1;
  const name = optString(b, 'name', prefix, 255) ?? '';
  if (optBool(b, 'admin_state_up', prefix) === false) invalid(`${prefix}.admin_state_up`, 'only true is supported (it is set by the server)', false);
  const subnetId = optString(b, 'subnet_cidr_id', prefix, 36);
  const az = optString(b, 'availability_zone', prefix, 64);
  const lb = pool.loadbalancer_id ? ctx.ps.loadbalancers.get(pool.loadbalancer_id) : undefined;
  let memberType: MemberRec['member_type'];
  if (subnetId) {
    if (pool.type === 'ip') invalid(`${prefix}.subnet_cidr_id`, `pool ${pool.id} is type 'ip' and only takes IP backends (no subnet)`, subnetId);
    if (az) invalid(`${prefix}.availability_zone`, 'is only for IP-type backends (without subnet_cidr_id)', az);
    const byNeutronSubnet = ctx.ps.subnets.find((s) => s.neutron_subnet_id === subnetId);
    const byNetwork = ctx.ps.subnets.find((s) => s.neutron_network_id === subnetId);
    const byConsoleId = ctx.ps.subnets.find((s) => s.id === subnetId);
    let cidr: string | null = null;
    let vpc: string;
    if (ip.version === 4) {
      if (!byNeutronSubnet) {
        if (byNetwork) invalid(`${prefix}.subnet_cidr_id`, `an IPv4 member needs the subnet's neutron_subnet_id (${byNetwork.neutron_subnet_id}), not its neutron_network_id`, subnetId);
        if (byConsoleId) invalid(`${prefix}.subnet_cidr_id`, `this is the VPC subnet ID; an IPv4 member needs its neutron_subnet_id (${byConsoleId.neutron_subnet_id})`, subnetId);
        throw notFound('Subnet', subnetId);
      }
      cidr = byNeutronSubnet.cidr;
      vpc = byNeutronSubnet.vpc_id;
    } else {
      if (!byNetwork) {
        const s = byNeutronSubnet ?? byConsoleId;
        if (s) invalid(`${prefix}.subnet_cidr_id`, `an IPv6 member needs the subnet's neutron_network_id (${s.neutron_network_id})`, subnetId);
        throw notFound('Subnet', subnetId);
      }
      if (!byNetwork.ipv6_enable || !byNetwork.cidr_v6) invalid(`${prefix}.subnet_cidr_id`, `subnet ${byNetwork.name} has no IPv6 CIDR`, subnetId);
      cidr = byNetwork.cidr_v6;
      vpc = byNetwork.vpc_id;
    }
    const block = parseCidr(cidr);
    if (!block || !cidrContains(block, ip)) invalid(`${prefix}.address`, `must be inside the subnet's CIDR ${cidr}`, addressRaw);
    if (lb && lb.vpc_id !== vpc) invalid(`${prefix}.subnet_cidr_id`, `the subnet is not in the VPC of load balancer ${lb.id}`, subnetId);
    if (pool.vpc_id && pool.vpc_id !== vpc) invalid(`${prefix}.subnet_cidr_id`, `the subnet is not in the pool's VPC ${pool.vpc_id}`, subnetId);
    memberType = 'instance';
  } else {
    if (pool.type === 'instance') invalid(`${prefix}.subnet_cidr_id`, `is required: pool ${pool.id} is type 'instance'`);
    if (!lb) invalid(`${prefix}.subnet_cidr_id`, `is required: pool ${pool.id} is not bound to a load balancer, so it cannot take IP-type backends`);
    if (!lb.ip_target_enable) {
      invalid(`${prefix}.subnet_cidr_id`, `is required: load balancer ${lb.id} does not allow IP-type backends (ip_target_enable is false)`);
    }
    if (!isPrivateIpv4(ip)) invalid(`${prefix}.address`, 'an IP-type backend (without subnet) must be a private IPv4 address', addressRaw);
    memberType = 'ip';
  }
  return {
    pool_id: pool.id,
    name,
    address: formatIp(ip),
    protocol_port: port,
    weight,
    subnet_cidr_id: subnetId ?? null,
    ip_version: ip.version === 4 ? 'v4' : 'v6',
    operating_status: pool.healthmonitor_id ? 'ONLINE' : 'NO_MONITOR',
    member_type: memberType,
    instance_id: '',
    availability_zone: az ?? '',
  };
}

function store(ctx: Ctx, pool: PoolRec, input: MemberInput): MemberRec {
  const time = apiTime(ctx.now);
  const rec: MemberRec = { id: newId(), ...input, created_at: time, updated_at: time };
  ctx.ps.addMember(rec);
  if (!pool.vpc_id && rec.subnet_cidr_id) {
    const s = ctx.ps.subnets.find((x) => x.neutron_subnet_id === rec.subnet_cidr_id || x.neutron_network_id === rec.subnet_cidr_id);
    if (s) pool.vpc_id = s.vpc_id;
  }
  return rec;
}

function memberQuota(ctx: Ctx, pool: PoolRec, adding: number): void {
  checkQuota(ctx, 'member', ctx.ps.members.size, adding);
  checkQuota(ctx, 'members_per_pool', ctx.ps.poolMembers.get(pool.id)?.size ?? 0, adding);
}

/** POST /pools/{pid}/members */
export function createMember(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const input = readMember(ctx, pool, wrapped(ctx.body, P), P);
  assertNotBusy(ctx, pool.loadbalancer_id);
  const key = memberKey(input.address, input.protocol_port);
  const existing = ctx.ps.poolMembers.get(pool.id)?.get(key);
  if (existing) {
    throw conflict(`A member with address ${input.address} and port ${input.protocol_port ?? '(any)'} already exists in pool ${pool.id} (${existing}).`);
  }
  memberQuota(ctx, pool, 1);
  const rec = store(ctx, pool, input);
  touchLb(ctx, pool.loadbalancer_id);
  return { status: 201, body: { member: renderMember(ctx.ps, rec) } };
}

function requireMember(ctx: Ctx, pool: PoolRec, id: string): MemberRec {
  const m = MEMBERS.get(ctx, id);
  if (m.pool_id !== pool.id) throw notFound('Member', id);
  return m;
}

/** GET /pools/{pid}/members */
export function listPoolMembers(ctx: Ctx): Reply {
  return MEMBERS.page(ctx, ctx.ps.membersOf(requirePool(ctx).id));
}

/** GET /members (all pools; filters pool_id, loadbalancer_id, …) */
export const listAllMembers = MEMBERS.list;

/** GET /pools/{pid}/members/{mid} */
export function showMember(ctx: Ctx): Reply {
  return MEMBERS.reply(ctx, requireMember(ctx, requirePool(ctx), param(ctx, 1)));
}

function readUpdate(b: Obj, prefix: string): { name?: string; weight?: number } {
  for (const k of Object.keys(b)) {
    if (IMMUTABLE.includes(k)) throw badRequest(`Invalid input for field '${prefix}.${k}': it cannot be changed; delete the member and add it again.`);
  }
  onlyKnown(b, [...UPDATABLE, 'id'], prefix);
  if (optBool(b, 'admin_state_up', prefix) === false) invalid(`${prefix}.admin_state_up`, 'only true is supported', false);
  const out: { name?: string; weight?: number } = {};
  const name = optString(b, 'name', prefix, 255);
  const weight = optInt(b, 'weight', prefix, 0, 100);
  if (name !== undefined) out.name = name;
  if (weight !== undefined) out.weight = weight;
  return out;
}

/** PUT /pools/{pid}/members/{mid}: name and weight. */
export function updateMember(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const m = requireMember(ctx, pool, param(ctx, 1));
  const b = wrapped(ctx.body, P);
  if ('id' in b) throw badRequest(`Unrecognized attribute '${P}.id'.`);
  const u = readUpdate(b, P);
  return MEMBERS.change(ctx, m, () => Object.assign(m, u));
}

function assertRemovable(pool: PoolRec): void {
  if (pool.member_deletion_protection_enable) {
    throw conflict(`Pool ${pool.id} has removal protection on (member_deletion_protection_enable): members cannot be removed.`);
  }
}

/** DELETE /pools/{pid}/members/{mid} */
export function deleteMember(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const m = requireMember(ctx, pool, param(ctx, 1));
  assertRemovable(pool);
  return MEMBERS.remove(ctx, m, () => ctx.ps.removeMember(m.id));
}

function batchItems(ctx: Ctx, max: number): Obj[] {
  const body = ctx.body;
  if (!isObj(body) || !Array.isArray(body.members)) throw badRequest("Invalid input for field 'members': must be an array.");
  if (body.members.length === 0) invalid('members', 'must not be empty');
  if (body.members.length > max) invalid('members', `must have at most ${max} items`, `${body.members.length} items`);
  return body.members.map((m, i) => {
    if (!isObj(m)) invalid(`members[${i}]`, 'must be an object', m);
    return m;
  });
}

/** POST /pools/{pid}/members/batch-add (≤200; all-or-nothing validation; ret_status successful | existed). */
export function batchAddMembers(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const inputs = batchItems(ctx, 200).map((m, i) => readMember(ctx, pool, m, `members[${i}]`));
  assertNotBusy(ctx, pool.loadbalancer_id);
  const existingKeys = ctx.ps.poolMembers.get(pool.id) ?? new Map<string, string>();
  const seen = new Map<string, number>();
  let adding = 0;
  for (const [i, input] of inputs.entries()) {
    const k = memberKey(input.address, input.protocol_port);
    if (!existingKeys.has(k) && !seen.has(k)) adding++;
    if (!seen.has(k)) seen.set(k, i);
  }
  memberQuota(ctx, pool, adding);
  const out: Record<string, unknown>[] = [];
  for (const input of inputs) {
    const k = memberKey(input.address, input.protocol_port);
    const existingId = ctx.ps.poolMembers.get(pool.id)?.get(k);
    const existing = existingId ? ctx.ps.members.get(existingId) : undefined;
    if (existing) {
      out.push({ ...renderMember(ctx.ps, existing), ret_status: 'existed' });
      continue;
    }
    const rec = store(ctx, pool, input);
    out.push({ ...renderMember(ctx.ps, rec), ret_status: 'successful' });
  }
  if (adding > 0) touchLb(ctx, pool.loadbalancer_id);
  return { status: 200, body: { members: out } };
}

/** POST /pools/{pid}/members/batch-delete (items {id} or {address, protocol_port}; ret_status successful | not found). */
export function batchDeleteMembers(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const items = batchItems(ctx, 200).map((m, i) => {
    const p = `members[${i}]`;
    onlyKnown(m, ['id', 'address', 'protocol_port'], p);
    const id = optString(m, 'id', p, 36);
    const address = optString(m, 'address', p, 64);
    const port = optInt(m, 'protocol_port', p, 0, 65535);
    if (!id && !address) invalid(p, 'needs id, or address and protocol_port');
    return { id, address, port };
  });
  assertNotBusy(ctx, pool.loadbalancer_id);
  assertRemovable(pool);
  let removed = 0;
  const out = items.map((it) => {
    let mid: string | undefined;
    if (it.id) mid = ctx.ps.members.get(it.id)?.pool_id === pool.id ? it.id : undefined;
    else if (it.address) mid = ctx.ps.poolMembers.get(pool.id)?.get(memberKey(it.address, pool.any_port_enable ? null : (it.port ?? null)));
    const m = mid ? ctx.ps.members.get(mid) : undefined;
    if (!m) return { id: it.id ?? null, address: it.address ?? null, protocol_port: it.port ?? null, ret_status: 'not found' };
    ctx.ps.removeMember(m.id);
    removed++;
    return { id: m.id, address: m.address, protocol_port: m.protocol_port, ret_status: 'successful' };
  });
  if (removed > 0) touchLb(ctx, pool.loadbalancer_id);
  return { status: 200, body: { members: out } };
}

/** POST /pools/{pid}/members/batch-update (items need id; name/weight). */
export function batchUpdateMembers(ctx: Ctx): Reply {
  const pool = requirePool(ctx);
  const items = batchItems(ctx, 200).map((m, i) => {
    const p = `members[${i}]`;
    const id = reqString(m, 'id', p, 36);
    return { m: requireMember(ctx, pool, id), u: readUpdate(m, p) };
  });
  assertNotBusy(ctx, pool.loadbalancer_id);
  const time = apiTime(ctx.now);
  for (const { m, u } of items) Object.assign(m, u, { updated_at: time });
  touchLb(ctx, pool.loadbalancer_id);
  return { status: 200, body: { members: items.map(({ m }) => renderMember(ctx.ps, m)) } };
}
