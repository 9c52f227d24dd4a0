/**
 * IP address group handlers: POST/GET /ipgroups, GET/PUT/DELETE /ipgroups/{id},
 * POST /ipgroups/{id}/iplist/create-or-update, POST /ipgroups/{id}/iplist/batch-delete,
 * GET /ipgroups/{id}/related-listeners.
 */
import { checkQuota, type Ctx, newId, type Reply } from './api-common';
import { badRequest, conflict } from './errors';
import type { FilterSpec } from './list';
import { parseIpEntry } from './net';
import { apiTime, renderIpGroup } from './render';
import { resource } from './resource';
import type { IpGroupRec, IpListEntry } from './records';
import { invalid, isObj, type Obj, onlyKnown, optArray, optString, reqString, wrapped } from './validate';

const P = 'ipgroup';

const FILTERS: FilterSpec<IpGroupRec> = {
  id: (g) => g.id,
  name: (g) => g.name,
  description: (g) => g.description,
  ip_list: (g) => g.ip_list.map((e) => e.ip),
};

/** Normalised key of an entry (0.0.0.0 and 0.0.0.0/32 are the same). */
function keyOf(ip: string): string {
  const e = parseIpEntry(ip);
  return 'error' in e ? ip : e.key;
}

/** An entry as read from a request, with whether a description was sent. */
interface InEntry extends IpListEntry {
  described: boolean;
}

/** Reads and checks an `ip_list`; entries equal after normalisation are merged (the last description wins). */
function readIpList(arr: unknown[], prefix: string): InEntry[] {
  const byKey = new Map<string, InEntry>();
  arr.forEach((raw, i) => {
    const p = `${prefix}[${i}]`;
    if (!isObj(raw)) invalid(p, 'must be an object {ip, description}', raw);
    onlyKnown(raw, ['ip', 'description'], p);
    const ip = reqString(raw, 'ip', p, 100).trim();
    const parsed = parseIpEntry(ip);
    if ('error' in parsed) invalid(`${p}.ip`, parsed.error, ip);
    const description = optString(raw, 'description', p, 255);
    const prev = byKey.get(parsed.key);
    byKey.set(parsed.key, {
      ip: prev?.ip ?? ip,
      description: description ?? prev?.description ?? '',
      described: description !== undefined || prev?.described === true,
    });
  });
  return [...byKey.values()];
}

const plain = (e: InEntry): IpListEntry => ({ ip: e.ip, description: e.description });

function checkLength(ctx: Ctx, n: number): void {
  const max = ctx.ps.quota.ipgroup_max_length ?? 300;
  if (max >= 0 && n > max) invalid(`${P}.ip_list`, `an IP address group holds at most ${max} entries`, `${n} entries`);
}

/** POST /ipgroups */
export function createIpGroup(ctx: Ctx): Reply {
  const b = wrapped(ctx.body, P);
  onlyKnown(b, ['name', 'description', 'ip_list', 'project_id', 'enterprise_project_id'], P);
  const name = optString(b, 'name', P, 255) ?? '';
  const description = optString(b, 'description', P, 255) ?? '';
  const arr = optArray(b, 'ip_list', P, 10_000);
  if (arr === undefined) invalid(`${P}.ip_list`, 'is required (it may be an empty list)');
  const ipList = readIpList(arr, `${P}.ip_list`).map(plain);
  checkLength(ctx, ipList.length);
  checkQuota(ctx, 'ipgroup', ctx.ps.ipgroups.size);
  const time = apiTime(ctx.now);
  const rec: IpGroupRec = { id: newId(), name, description, ip_list: ipList, created_at: time, updated_at: time };
  ctx.ps.addIpGroup(rec);
  return IPGROUPS.reply(ctx, rec, 201);
}

/** IP address groups: find/list/show (not tied to a load balancer, so never busy). */
const IPGROUPS = resource<IpGroupRec>({
  one: 'ipgroup',
  many: 'ipgroups',
  label: 'IP address group',
  noun: 'IP address group',
  records: (ps) => ps.ipgroups,
  render: (ctx, g) => renderIpGroup(ctx.ps, g),
  filters: FILTERS,
  lbOf: () => null,
});

const requireGroup = (ctx: Ctx): IpGroupRec => IPGROUPS.get(ctx);

/** GET /ipgroups */
export const listIpGroups = IPGROUPS.list;

/** GET /ipgroups/{id} */
export const showIpGroup = IPGROUPS.show;

/** PUT /ipgroups/{id}: name, description; `ip_list` replaces the whole list. */
export function updateIpGroup(ctx: Ctx): Reply {
  const g = requireGroup(ctx);
  const b = wrapped(ctx.body, P);
  onlyKnown(b, ['name', 'description', 'ip_list'], P);
  const name = optString(b, 'name', P, 255);
  const description = optString(b, 'description', P, 255);
  const arr = optArray(b, 'ip_list', P, 10_000);
  const ipList = arr ? readIpList(arr, `${P}.ip_list`).map(plain) : undefined;
  if (ipList) checkLength(ctx, ipList.length);
  if (name !== undefined) g.name = name;
  if (description !== undefined) g.description = description;
  if (ipList) g.ip_list = ipList;
  g.updated_at = apiTime(ctx.now);
  return IPGROUPS.reply(ctx, g);
}

/** DELETE /ipgroups/{id}: refused while listeners use it. */
export function deleteIpGroup(ctx: Ctx): Reply {
  const g = requireGroup(ctx);
  const users = ctx.ps.ipgroupListeners.get(g.id);
  if (users && users.size > 0) throw conflict(`IP address group ${g.id} is still used by listener(s) ${[...users].join(', ')}.`);
  ctx.ps.removeIpGroup(g.id);
  return { status: 204 };
}

function iplistBody(ctx: Ctx): unknown[] {
  const b: Obj = wrapped(ctx.body, P);
  onlyKnown(b, ['ip_list'], P);
  const arr = optArray(b, 'ip_list', P, 10_000);
  if (arr === undefined) invalid(`${P}.ip_list`, 'is required');
  return arr;
}

/** POST /ipgroups/{id}/iplist/create-or-update: adds entries or changes descriptions. */
export function upsertIpList(ctx: Ctx): Reply {
  const g = requireGroup(ctx);
  const add = readIpList(iplistBody(ctx), `${P}.ip_list`);
  const byKey = new Map<string, IpListEntry>(g.ip_list.map((e): [string, IpListEntry] => [keyOf(e.ip), { ...e }]));
  for (const e of add) {
    const k = keyOf(e.ip);
    const prev = byKey.get(k);
    if (!prev) byKey.set(k, plain(e));
    else if (e.described) prev.description = e.description;
  }
  const next = [...byKey.values()];
  checkLength(ctx, next.length);
  g.ip_list = next;
  g.updated_at = apiTime(ctx.now);
  return IPGROUPS.reply(ctx, g);
}

/** POST /ipgroups/{id}/iplist/batch-delete: removes the listed entries (unknown ones are ignored). */
export function batchDeleteIpList(ctx: Ctx): Reply {
  const g = requireGroup(ctx);
  const arr = iplistBody(ctx);
  const remove = new Set<string>();
  arr.forEach((raw, i) => {
    const p = `${P}.ip_list[${i}]`;
    if (!isObj(raw)) invalid(p, 'must be an object {ip}', raw);
    onlyKnown(raw, ['ip', 'description'], p);
    const ip = reqString(raw, 'ip', p, 100).trim();
    const parsed = parseIpEntry(ip);
    if ('error' in parsed) invalid(`${p}.ip`, parsed.error, ip);
    remove.add(parsed.key);
  });
  if (remove.size === 0) throw badRequest(`Invalid input for field '${P}.ip_list': must not be empty.`);
  g.ip_list = g.ip_list.filter((e) => !remove.has(keyOf(e.ip)));
  g.updated_at = apiTime(ctx.now);
  return IPGROUPS.reply(ctx, g);
}

/** GET /ipgroups/{id}/related-listeners */
export function relatedListeners(ctx: Ctx): Reply {
  const g = requireGroup(ctx);
  const ids = [...(ctx.ps.ipgroupListeners.get(g.id) ?? [])];
  return {
    status: 200,
    body: {
      listeners: ids.map((id) => {
        const l = ctx.ps.listeners.get(id);
        return { id, name: l?.name ?? '', protocol: l?.protocol ?? '', protocol_port: l?.protocol_port ?? 0, type: l?.ipgroup?.type ?? 'white' };
      }),
    },
  };
}
