/**
 * The editable fields of a listener, read from a cached/live listener and from a draft, and compared.
 * Pure; shared by the edit diff, the 3-way conflict check and drift.
 */
import type { DraftContent, EditableField, EditableFields, Tag } from '../model/draft';
import type { Listener } from '../model/inventory';

/** Every editable field, in the order the confirm step shows them (the IPC contract's schemas use the same list). */
export const EDITABLE_FIELDS = [
  'name',
  'description',
  'idleTimeout',
  'accessControl',
  'proxyProtocol',
  'nat64',
  'transparentClientIp',
  'maxNewConnections',
  'maxConcurrentConnections',
  'defaultPoolId',
  'tags',
] as const satisfies readonly EditableField[];

/** Stands in for the ID of a backend server group the edit creates (routing mode "new"). */
export const NEW_POOL_ID = '{pool.id}';

/** The English label of each field (the renderer has its own i18n labels; these are for request titles and history). */
export const FIELD_LABELS: Record<EditableField, string> = {
  name: 'Name',
  description: 'Description',
  idleTimeout: 'Idle timeout (s)',
  accessControl: 'Access control',
  proxyProtocol: 'ProxyProtocol',
  nat64: 'IPv4/IPv6 translation',
  transparentClientIp: 'Transfer client IP address',
  maxNewConnections: 'Maximum new connections per AZ',
  maxConcurrentConnections: 'Maximum concurrent connections per AZ',
  defaultPoolId: 'Backend server group',
  tags: 'Tags',
};

/** The listener's editable values as the API holds them (an IP group that is switched off counts as "all"). */
export function fieldsFromListener(l: Listener): EditableFields {
  const ig = l.ipGroup;
  return {
    name: l.name,
    description: l.description,
    idleTimeout: l.keepaliveTimeout,
    accessControl: ig && ig.enabled ? { mode: ig.type === 'white' ? 'whitelist' : 'blacklist', ipGroupId: ig.id } : { mode: 'all', ipGroupId: null },
    proxyProtocol: l.proxyProtocol,
    nat64: l.nat64,
    transparentClientIp: l.transparentClientIp,
    maxNewConnections: l.cps ?? 0,
    maxConcurrentConnections: l.connection ?? 0,
    defaultPoolId: l.defaultPoolId,
    tags: l.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

/** The values a draft asks for. A new group stands as {@link NEW_POOL_ID}. */
export function fieldsFromContent(c: DraftContent): EditableFields {
  const l = c.listener;
  const limit = (x: DraftContent['listener']['maxNewConnections']) => (x.mode === 'limit' ? x.value : 0);
  return {
    name: l.name,
    description: l.description,
    idleTimeout: l.idleTimeout,
    accessControl: l.accessControl.mode === 'all' ? { mode: 'all', ipGroupId: null } : { mode: l.accessControl.mode, ipGroupId: l.accessControl.ipGroupId },
    proxyProtocol: l.proxyProtocol,
    nat64: l.nat64,
    transparentClientIp: l.transparentClientIp,
    maxNewConnections: limit(l.maxNewConnections),
    maxConcurrentConnections: limit(l.maxConcurrentConnections),
    defaultPoolId: c.routing.mode === 'new' ? NEW_POOL_ID : c.routing.existingPoolId,
    tags: l.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

/** Writes editable values into a draft's listener step and routing (the inverse of {@link fieldsFromContent}). */
export function applyFieldsToContent(c: DraftContent, f: Partial<EditableFields>): void {
  const l = c.listener;
  if (f.name !== undefined) l.name = f.name;
  if (f.description !== undefined) l.description = f.description;
  if (f.idleTimeout !== undefined) l.idleTimeout = f.idleTimeout;
  if (f.accessControl !== undefined) l.accessControl = { ...f.accessControl };
  if (f.proxyProtocol !== undefined) l.proxyProtocol = f.proxyProtocol;
  if (f.nat64 !== undefined) l.nat64 = f.nat64;
  if (f.transparentClientIp !== undefined) l.transparentClientIp = f.transparentClientIp;
  if (f.maxNewConnections !== undefined) l.maxNewConnections = limitOf(f.maxNewConnections);
  if (f.maxConcurrentConnections !== undefined) l.maxConcurrentConnections = limitOf(f.maxConcurrentConnections);
  if (f.defaultPoolId !== undefined && f.defaultPoolId !== NEW_POOL_ID) {
    c.routing.mode = 'existing';
    c.routing.existingPoolId = f.defaultPoolId;
  }
  if (f.tags !== undefined) l.tags = f.tags.map((t) => ({ ...t }));
}

function limitOf(v: number | null): DraftContent['listener']['maxNewConnections'] {
  return v === null || v === 0 ? { mode: 'unlimited', value: null } : { mode: 'limit', value: v };
}

/** Tags as a sorted `key=value` list: the order of tags does not matter. */
function tagKey(tags: readonly Tag[]): string {
  return JSON.stringify(tags.map((t) => [t.key, t.value]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1)));
}

/** Are two values of a field the same? (Tags ignore order; access control "all" ignores the remembered group.) */
export function sameField<K extends EditableField>(field: K, a: EditableFields[K], b: EditableFields[K]): boolean {
  if (field === 'tags') return tagKey(a as Tag[]) === tagKey(b as Tag[]);
  if (field === 'accessControl') {
    const x = a as EditableFields['accessControl'];
    const y = b as EditableFields['accessControl'];
    return x.mode === y.mode && (x.mode === 'all' || x.ipGroupId === y.ipGroupId);
  }
  return a === b;
}

/** Where each field lives in a draft (for field issues and the wizard). */
export const FIELD_PATHS: Record<EditableField, string> = {
  name: 'listener.name',
  description: 'listener.description',
  idleTimeout: 'listener.idleTimeout',
  accessControl: 'listener.accessControl',
  proxyProtocol: 'listener.proxyProtocol',
  nat64: 'listener.nat64',
  transparentClientIp: 'listener.transparentClientIp',
  maxNewConnections: 'listener.maxNewConnections',
  maxConcurrentConnections: 'listener.maxConcurrentConnections',
  defaultPoolId: 'routing.existingPoolId',
  tags: 'listener.tags',
};

/** The values a create request body sets (what ELB Desk applied when it created a listener, marker included). */
export function fieldsFromCreateBody(b: {
  name: string;
  description: string;
  keepalive_timeout?: number;
  cps: number;
  connection: number;
  default_pool_id?: string;
  ipgroup?: { ipgroup_id: string; type: 'white' | 'black' };
  transparent_client_ip_enable: boolean;
  proxy_protocol_enable: boolean;
  nat64_enable: boolean;
  tags?: Tag[];
}): EditableFields {
  return {
    name: b.name,
    description: b.description,
    idleTimeout: b.keepalive_timeout ?? 300,
    accessControl: b.ipgroup ? { mode: b.ipgroup.type === 'white' ? 'whitelist' : 'blacklist', ipGroupId: b.ipgroup.ipgroup_id } : { mode: 'all', ipGroupId: null },
    proxyProtocol: b.proxy_protocol_enable,
    nat64: b.nat64_enable,
    transparentClientIp: b.transparent_client_ip_enable,
    maxNewConnections: b.cps,
    maxConcurrentConnections: b.connection,
    defaultPoolId: b.default_pool_id ?? null,
    tags: (b.tags ?? []).map((t) => ({ key: t.key, value: t.value })),
  };
}
