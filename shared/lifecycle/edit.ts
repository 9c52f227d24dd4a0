/**
 * Edit drafts: made from a listener, diffed field by field, mapped to the PUT body (SDK `update_listener_option.py`,
 * `update_listener_ip_group_option.py`) and tag actions, and checked 3-way (base, theirs = live now, mine).
 * Pure functions.
 */
import type { PlannedRequest } from '../ipc/contract';
import { planRequests, PROJECT_ID_PLACEHOLDER } from '../mapping/api';
import { stepLabel } from '../mapping/step-label';
import type { DraftContent, EditableField, EditableFields, EditInfo, Tag } from '../model/draft';
import { defaultRouting } from '../model/draft-values';
import type { Inventory, Listener } from '../model/inventory';
import { applyFieldsToContent, EDITABLE_FIELDS, FIELD_LABELS, fieldsFromContent, fieldsFromListener, NEW_POOL_ID, sameField } from './fields';

/** A deep copy of plain JSON data (shared/ has no DOM or Node globals). */
function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** One changed field: before → after. */
export interface FieldChange<K extends EditableField = EditableField> {
  field: K;
  label: string;
  before: EditableFields[K];
  after: EditableFields[K];
}

/** Tag changes through the tags API: delete first (a changed value is a delete plus a create), then create. */
export interface TagActions {
  delete: Tag[];
  create: Tag[];
}

/** A field changed both by someone else (theirs) and in the draft (mine), to different values. */
export interface FieldConflict<K extends EditableField = EditableField> {
  field: K;
  label: string;
  base: EditableFields[K];
  theirs: EditableFields[K];
  mine: EditableFields[K];
}

export type Resolution = 'mine' | 'theirs';

/** A draft with the parts edit planning needs. */
export type EditDraft = DraftContent & { id: string; edit: EditInfo };

function portLabel(l: Listener): string {
  if (l.port !== null) return String(l.port);
  return l.portRanges.map((r) => `${r.start}-${r.end}`).join(', ');
}

/**
 * An edit draft pre-filled from the cached listener. Protocol, port/ranges and load balancer are copied for display
 * only (they cannot change); the default group is the "existing" branch of routing. `readAt` is the ISO time of the read.
 */
export function editDraftFromListener(listener: Listener, inventory: Pick<Inventory, 'accountId' | 'region'>, readAt: string): DraftContent {
  const base = fieldsFromListener(listener);
  const ranges = listener.port === null && listener.portRanges.length > 0;
  const content: DraftContent = {
    title: `Edit ${listener.name || listener.id} (${portLabel(listener) || 'no port'})`,
    target: { accountId: inventory.accountId, region: inventory.region, loadBalancerId: listener.loadBalancerId },
    step: 'listener',
    listener: {
      protocol: 'TCP',
      portMode: ranges ? 'ranges' : 'single',
      port: listener.port,
      portRanges: ranges ? listener.portRanges.map((r) => ({ start: r.start, end: r.end })) : [{ start: null, end: null }],
      name: '',
      nat64: false,
      transparentClientIp: true,
      proxyProtocol: false,
      accessControl: { mode: 'all', ipGroupId: null },
      idleTimeout: null,
      maxNewConnections: { mode: 'unlimited', value: null },
      maxConcurrentConnections: { mode: 'unlimited', value: null },
      tags: [],
      description: '',
    },
    routing: { ...defaultRouting(), mode: 'existing', existingPoolId: listener.defaultPoolId },
    kind: 'edit',
    edit: { listenerId: listener.id, base, baseUpdatedAt: listener.updatedAt ?? null, readAt },
  };
  applyFieldsToContent(content, base);
  // A switched-off IP group is remembered in the draft so switching access control on again offers it.
  if (listener.ipGroup && !listener.ipGroup.enabled) {
    content.listener.accessControl = { mode: 'all', ipGroupId: listener.ipGroup.id };
  }
  return content;
}

/** The fields whose value differs between `before` and `after`, in display order. */
export function diffFields(before: EditableFields, after: EditableFields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!sameField(field, before[field], after[field])) {
      out.push({ field, label: FIELD_LABELS[field], before: clone(before[field]), after: clone(after[field]) } as FieldChange);
    }
  }
  return out;
}

/** The diff of an edit draft: its base → what it asks for (only changed fields). */
export function diffEdit(draft: Pick<EditDraft, 'edit'> & DraftContent): FieldChange[] {
  return diffFields(draft.edit.base, fieldsFromContent(draft));
}

/** Tag actions turning `before` into `after`. Deleting needs key and value (elb-v3-api.md §13). */
export function tagActions(before: readonly Tag[], after: readonly Tag[]): TagActions {
  const want = new Map(after.map((t) => [t.key, t.value]));
  const have = new Map(before.map((t) => [t.key, t.value]));
  return {
    delete: before.filter((t) => want.get(t.key) !== t.value).map((t) => ({ key: t.key, value: t.value })),
    create: after.filter((t) => have.get(t.key) !== t.value).map((t) => ({ key: t.key, value: t.value })),
  };
}

/** The `listener` object of PUT /listeners/{id} (SDK UpdateListenerOption field names). */
export interface ApiListenerUpdateBody {
  listener: {
    name?: string;
    description?: string;
    keepalive_timeout?: number;
    /** Access control on: group, type, enabled. Off: `{ enable_ipgroup: false }` (the SDK: `ipgroup_id` may not be null). */
    ipgroup?: { ipgroup_id: string; enable_ipgroup: true; type: 'white' | 'black' } | { enable_ipgroup: false };
    proxy_protocol_enable?: boolean;
    nat64_enable?: boolean;
    transparent_client_ip_enable?: boolean;
    cps?: number;
    connection?: number;
    /** null unbinds the group. */
    default_pool_id?: string | null;
  };
}

/**
 * The PUT body carrying only the given changes (tags are never in it: they go through the tags API), or null when
 * there is nothing to PUT. A new group's ID is {@link NEW_POOL_ID} until the submit knows it.
 */
export function updateListenerBody(changes: readonly FieldChange[]): ApiListenerUpdateBody | null {
  const b: ApiListenerUpdateBody['listener'] = {};
  for (const c of changes) {
    switch (c.field) {
      case 'name':
        b.name = c.after as string;
        break;
      case 'description':
        b.description = c.after as string;
        break;
      case 'idleTimeout':
        if (c.after !== null) b.keepalive_timeout = c.after as number;
        break;
      case 'accessControl': {
        const ac = c.after as EditableFields['accessControl'];
        b.ipgroup = ac.mode === 'all' || !ac.ipGroupId ? { enable_ipgroup: false } : { ipgroup_id: ac.ipGroupId, enable_ipgroup: true, type: ac.mode === 'whitelist' ? 'white' : 'black' };
        break;
      }
      case 'proxyProtocol':
        b.proxy_protocol_enable = c.after as boolean;
        break;
      case 'nat64':
        b.nat64_enable = c.after as boolean;
        break;
      case 'transparentClientIp':
        b.transparent_client_ip_enable = c.after as boolean;
        break;
      case 'maxNewConnections':
        if (c.after !== null) b.cps = c.after as number;
        break;
      case 'maxConcurrentConnections':
        if (c.after !== null) b.connection = c.after as number;
        break;
      case 'defaultPoolId':
        b.default_pool_id = c.after as string | null;
        break;
      case 'tags':
        break;
    }
  }
  return Object.keys(b).length > 0 ? { listener: b } : null;
}

/** `/v3/{project_id}/listeners/{id}/tags/action` (no `/elb` segment). */
export function tagActionPath(projectId: string | undefined, listenerId: string): string {
  return `/v3/${projectId || PROJECT_ID_PLACEHOLDER}/listeners/${encodeURIComponent(listenerId)}/tags/action`;
}

/**
 * The requests of an edit, in order: a new group (pool, servers, health check) when the draft creates one, the PUT
 * with only the changed fields, then tag deletes and creates. `against` replaces the draft's base (e.g. the live
 * values at preflight: only what still differs is sent).
 */
export function planEditRequests(draft: EditDraft, projectId?: string, against?: EditableFields): PlannedRequest[] {
  const base = `/v3/${projectId || PROJECT_ID_PLACEHOLDER}/elb`;
  const from = against ?? draft.edit.base;
  const changes = diffFields(from, fieldsFromContent(draft));
  const plan: PlannedRequest[] = [];
  if (draft.routing.mode === 'new' && changes.some((c) => c.field === 'defaultPoolId')) {
    const lbId = draft.target.loadBalancerId ?? '{loadbalancer_id}';
    plan.push(...planRequests(draft, lbId, projectId).filter((r) => r.key !== 'listener'));
  }
  const put = updateListenerBody(changes);
  if (put) {
    plan.push({
      key: 'update',
      title: `Update listener (${changes.filter((c) => c.field !== 'tags').map((c) => c.label).join(', ')})`,
      label: stepLabel('updateListener', { fields: changes.filter((c) => c.field !== 'tags').map((c) => c.field).join(',') }),
      method: 'PUT',
      path: `${base}/listeners/${encodeURIComponent(draft.edit.listenerId)}`,
      body: put,
    });
  }
  const tagChange = changes.find((c) => c.field === 'tags');
  if (tagChange) {
    const actions = tagActions(tagChange.before as Tag[], tagChange.after as Tag[]);
    if (actions.delete.length > 0) {
      plan.push({ key: 'tags-delete', title: `Delete ${actions.delete.length} tag${actions.delete.length === 1 ? '' : 's'}`, label: stepLabel('deleteTags', { count: actions.delete.length }), method: 'POST', path: tagActionPath(projectId, draft.edit.listenerId), body: { action: 'delete', tags: actions.delete } });
    }
    if (actions.create.length > 0) {
      plan.push({ key: 'tags-create', title: `Add ${actions.create.length} tag${actions.create.length === 1 ? '' : 's'}`, label: stepLabel('addTags', { count: actions.create.length }), method: 'POST', path: tagActionPath(projectId, draft.edit.listenerId), body: { action: 'create', tags: actions.create } });
    }
  }
  return plan;
}

/** The result of comparing base, theirs (live now) and mine. */
export interface ConflictCheck {
  /** Changed by someone else and in the draft, to different values: the user must pick. */
  conflicts: FieldConflict[];
  /** Changed by someone else only: kept (the edit does not send these fields). */
  theirsOnly: FieldChange[];
}

/** The 3-way check, per field. Fields both sides changed to the same value are no conflict. */
export function detectConflicts(base: EditableFields, theirs: EditableFields, mine: EditableFields): ConflictCheck {
  const conflicts: FieldConflict[] = [];
  const theirsOnly: FieldChange[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (sameField(field, base[field], theirs[field])) continue;
    const label = FIELD_LABELS[field];
    if (sameField(field, base[field], mine[field])) {
      theirsOnly.push({ field, label, before: clone(base[field]), after: clone(theirs[field]) } as FieldChange);
    } else if (!sameField(field, theirs[field], mine[field])) {
      conflicts.push({ field, label, base: clone(base[field]), theirs: clone(theirs[field]), mine: clone(mine[field]) } as FieldConflict);
    }
  }
  return { conflicts, theirsOnly };
}

/**
 * Rebases an edit draft on the live listener: conflicting fields take the chosen side, fields only someone else
 * changed take their value (so the edit never reverts them), and the base becomes the live values. Returns the new
 * content, or the fields still without a resolution.
 */
export function resolveEdit(
  draft: DraftContent & { edit: EditInfo },
  live: Listener,
  resolutions: Partial<Record<EditableField, Resolution>>,
  readAt: string,
): { ok: true; content: DraftContent } | { ok: false; unresolved: EditableField[] } {
  const theirs = fieldsFromListener(live);
  const mine = fieldsFromContent(draft);
  const check = detectConflicts(draft.edit.base, theirs, mine);
  const unresolved = check.conflicts.filter((c) => resolutions[c.field] !== 'mine' && resolutions[c.field] !== 'theirs').map((c) => c.field);
  if (unresolved.length > 0) return { ok: false, unresolved };
  const content = clone(draft) as DraftContent & { edit: EditInfo };
  const take: Partial<EditableFields> = {};
  for (const c of check.theirsOnly) (take as Record<string, unknown>)[c.field] = c.after;
  for (const c of check.conflicts) if (resolutions[c.field] === 'theirs') (take as Record<string, unknown>)[c.field] = c.theirs;
  applyFieldsToContent(content, take);
  content.edit = { ...content.edit, base: theirs, baseUpdatedAt: live.updatedAt ?? null, readAt };
  return { ok: true, content };
}

/** The inventory an edit draft is validated against: without the listener itself (its own port is no clash). */
export function editValidationInventory(inv: Inventory, listenerId: string): Inventory {
  return { ...inv, listeners: inv.listeners.filter((l) => l.id !== listenerId) };
}

export { NEW_POOL_ID };
