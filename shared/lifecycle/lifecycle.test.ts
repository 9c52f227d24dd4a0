import { describe, expect, it } from 'vitest';
import { exportDraftJson, parseDraftJson } from '../mapping/draft-json';
import { DraftContentSchema, type EditInfo } from '../model/draft';
import type { HistoryEntry } from '../model/history';
import { buildContext, validateDraft } from '../validation';
import { makeInventory, makeIpGroup, makeListener, makeMember, makePool } from '../validation/fixtures';
import { cloneToDraft } from './clone';
import { parseDeleteStepKey, planDelete, planDeleteRequests } from './delete';
import { computeDrift, lastApplied } from './drift';
import { detectConflicts, diffEdit, editDraftFromListener, editValidationInventory, planEditRequests, resolveEdit, tagActions, updateListenerBody } from './edit';
import { fieldsFromContent, fieldsFromListener } from './fields';

const NOW = '2026-12-04T10:00:00Z';

/** The field names of the SDK's UpdateListenerOption (huaweicloudsdkelb/v3/model/update_listener_option.py). */
const SDK_UPDATE_LISTENER_FIELDS = new Set([
  'admin_state_up', 'client_ca_tls_container_ref', 'default_pool_id', 'default_tls_container_ref', 'description', 'http2_enable',
  'insert_headers', 'name', 'sni_container_refs', 'sni_match_algo', 'tls_ciphers_policy', 'security_policy_id', 'enable_member_retry',
  'member_timeout', 'client_timeout', 'keepalive_timeout', 'ipgroup', 'transparent_client_ip_enable', 'proxy_protocol_enable',
  'enhance_l7policy_enable', 'quic_config', 'protection_status', 'protection_reason', 'gzip_enable', 'ssl_early_data_enable', 'cps',
  'connection', 'nat64_enable',
]);
/** UpdateListenerIpGroupOption. */
const SDK_IPGROUP_FIELDS = new Set(['ipgroup_id', 'enable_ipgroup', 'type']);

const listener = makeListener({
  id: 'lis-1',
  name: 'web',
  description: 'front',
  port: 443,
  defaultPoolId: 'pool-1',
  keepaliveTimeout: 300,
  cps: 0,
  connection: 5000,
  ipGroup: { id: 'ipg-1', type: 'white', enabled: true },
  tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'a' }],
  updatedAt: '2026-12-01T00:00:00Z',
});
const inv = makeInventory({
  listeners: [listener, makeListener({ id: 'lis-2', name: 'other', port: 80, defaultPoolId: 'pool-2' })],
  pools: [makePool({ id: 'pool-1', listenerIds: ['lis-1'], healthMonitorId: 'hm-1' }), makePool({ id: 'pool-2', name: 'two', listenerIds: ['lis-2'] })],
  members: [makeMember({ id: 'm-1', poolId: 'pool-1' }), makeMember({ id: 'm-2', poolId: 'pool-1', address: '192.168.1.11' }), makeMember({ id: 'm-3', poolId: 'pool-2' })],
  healthMonitors: [{ id: 'hm-1', poolId: 'pool-1', type: 'TCP', delay: 5, timeout: 3, maxRetries: 3, maxRetriesDown: 3, monitorPort: null, urlPath: null, expectedCodes: null, httpMethod: null, domainName: null }],
  ipGroups: [makeIpGroup({ id: 'ipg-1' }), makeIpGroup({ id: 'ipg-2', name: 'partners' })],
});

function editDraft() {
  const c = editDraftFromListener(listener, inv, NOW);
  return { ...c, id: 'd-1', edit: c.edit as EditInfo };
}

describe('edit drafts', () => {
  it('are pre-filled from the listener: no change, no request', () => {
    const d = editDraft();
    expect(d.kind).toBe('edit');
    expect(d.edit).toEqual({ listenerId: 'lis-1', base: fieldsFromListener(listener), baseUpdatedAt: '2026-12-01T00:00:00Z', readAt: NOW });
    expect(fieldsFromContent(d)).toEqual(fieldsFromListener(listener));
    expect(diffEdit(d)).toEqual([]);
    expect(planEditRequests(d, 'p1')).toEqual([]);
    const { id: _id, ...content } = d;
    expect(DraftContentSchema.safeParse(content).success).toBe(true);
  });

  it('diff and PUT carry only the changed fields, with the SDK field names', () => {
    const d = editDraft();
    d.listener.idleTimeout = 900;
    d.listener.accessControl = { mode: 'whitelist', ipGroupId: 'ipg-2' };
    const diff = diffEdit(d);
    expect(diff.map((c) => c.field)).toEqual(['idleTimeout', 'accessControl']);
    expect(diff[0]).toMatchObject({ before: 300, after: 900 });
    const body = updateListenerBody(diff)!;
    expect(body).toEqual({ listener: { keepalive_timeout: 900, ipgroup: { ipgroup_id: 'ipg-2', enable_ipgroup: true, type: 'white' } } });
    for (const k of Object.keys(body.listener)) expect(SDK_UPDATE_LISTENER_FIELDS.has(k)).toBe(true);
    for (const k of Object.keys(body.listener.ipgroup!)) expect(SDK_IPGROUP_FIELDS.has(k)).toBe(true);
    const plan = planEditRequests(d, 'p1');
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ key: 'update', method: 'PUT', path: '/v3/p1/elb/listeners/lis-1', body });
  });

  it('every editable field maps to an SDK field; access control off is enable_ipgroup false, unbinding is null', () => {
    const d = editDraft();
    d.listener.name = 'web2';
    d.listener.description = '';
    d.listener.idleTimeout = 10;
    d.listener.accessControl = { mode: 'all', ipGroupId: null };
    d.listener.proxyProtocol = true;
    d.listener.nat64 = true;
    d.listener.transparentClientIp = false;
    d.listener.maxNewConnections = { mode: 'limit', value: 1_000_000 };
    d.listener.maxConcurrentConnections = { mode: 'unlimited', value: null };
    d.routing.existingPoolId = null;
    const body = updateListenerBody(diffEdit(d))!;
    expect(body.listener).toEqual({
      name: 'web2',
      description: '',
      keepalive_timeout: 10,
      ipgroup: { enable_ipgroup: false },
      proxy_protocol_enable: true,
      nat64_enable: true,
      transparent_client_ip_enable: false,
      cps: 1_000_000,
      connection: 0,
      default_pool_id: null,
    });
    for (const k of Object.keys(body.listener)) expect(SDK_UPDATE_LISTENER_FIELDS.has(k)).toBe(true);
  });

  it('tags go through the tags API (no /elb), deletes before creates; a changed value is delete + create', () => {
    expect(tagActions([{ key: 'env', value: 'prod' }, { key: 'team', value: 'a' }], [{ key: 'env', value: 'dev' }, { key: 'team', value: 'a' }, { key: 'x', value: '' }])).toEqual({
      delete: [{ key: 'env', value: 'prod' }],
      create: [{ key: 'env', value: 'dev' }, { key: 'x', value: '' }],
    });
    const d = editDraft();
    d.listener.tags = [{ key: 'team', value: 'a' }, { key: 'env', value: 'dev' }];
    const plan = planEditRequests(d, 'p1');
    expect(plan.map((p) => [p.key, p.method, p.path])).toEqual([
      ['tags-delete', 'POST', '/v3/p1/listeners/lis-1/tags/action'],
      ['tags-create', 'POST', '/v3/p1/listeners/lis-1/tags/action'],
    ]);
    expect(plan[0]!.body).toEqual({ action: 'delete', tags: [{ key: 'env', value: 'prod' }] });
    expect(plan[1]!.body).toEqual({ action: 'create', tags: [{ key: 'env', value: 'dev' }] });
    // Reordered tags are no change.
    d.listener.tags = [{ key: 'team', value: 'a' }, { key: 'env', value: 'prod' }];
    expect(planEditRequests(d, 'p1')).toEqual([]);
  });

  it('a new group is created before the PUT that binds it', () => {
    const d = editDraft();
    d.routing.mode = 'new';
    d.routing.newPool.name = 'g';
    d.routing.members = [{ rowId: 'a', name: 'a', address: '192.168.1.20', port: 80, weight: 1, subnetId: 'subnet-1' }];
    const plan = planEditRequests(d, 'p1');
    expect(plan.map((p) => p.key)).toEqual(['pool', 'members', 'healthmonitor', 'update']);
    expect(plan[3]!.body).toEqual({ listener: { default_pool_id: '{pool.id}' } });
  });

  it('3-way check: only fields both sides changed differently conflict; theirs-only changes are kept on resolve', () => {
    const d = editDraft();
    d.listener.idleTimeout = 900;
    d.listener.name = 'same';
    d.listener.description = 'mine';
    const live = { ...listener, keepaliveTimeout: 600, name: 'same', connection: 100, description: 'front', updatedAt: '2026-12-02T00:00:00Z' };
    const check = detectConflicts(d.edit.base, fieldsFromListener(live), fieldsFromContent(d));
    expect(check.conflicts).toEqual([{ field: 'idleTimeout', label: 'Idle timeout (s)', base: 300, theirs: 600, mine: 900 }]);
    expect(check.theirsOnly.map((c) => c.field)).toEqual(['maxConcurrentConnections']);
    expect(resolveEdit(d, live, {}, NOW)).toEqual({ ok: false, unresolved: ['idleTimeout'] });
    const r = resolveEdit(d, live, { idleTimeout: 'theirs' }, NOW);
    if (!r.ok) throw new Error('expected ok');
    const again = { ...r.content, id: 'd-1', edit: r.content.edit! };
    expect(again.edit.base).toEqual(fieldsFromListener(live));
    expect(again.edit.baseUpdatedAt).toBe('2026-12-02T00:00:00Z');
    // Only my description change is left; the colleague's connection limit is not reverted.
    expect(diffEdit(again).map((c) => c.field)).toEqual(['description']);
    const mine = resolveEdit(d, live, { idleTimeout: 'mine' }, NOW);
    if (!mine.ok) throw new Error('expected ok');
    expect(updateListenerBody(diffEdit({ ...mine.content, edit: mine.content.edit! }))).toEqual({ listener: { description: 'mine', keepalive_timeout: 900 } });
  });

  it('validates with the creation rules, and the listener’s own port is no clash', () => {
    const d = editDraft();
    const own = validateDraft(d, buildContext(editValidationInventory(inv, 'lis-1'), 'lb-1', 'sandbox-1'));
    expect(own.filter((i) => i.path === 'listener.port' && i.severity === 'error')).toEqual([]);
    const withSelf = validateDraft(d, buildContext(inv, 'lb-1', 'sandbox-1'));
    expect(withSelf.some((i) => i.path === 'listener.port' && i.severity === 'error')).toBe(true);
    d.listener.idleTimeout = 9;
    const bad = validateDraft(d, buildContext(editValidationInventory(inv, 'lis-1'), 'lb-1', 'sandbox-1'));
    expect(bad.some((i) => i.path === 'listener.idleTimeout' && i.severity === 'error')).toBe(true);
    d.listener.idleTimeout = 10;
    expect(validateDraft(d, buildContext(editValidationInventory(inv, 'lis-1'), 'lb-1', 'sandbox-1')).some((i) => i.path === 'listener.idleTimeout')).toBe(false);
  });

  it('round-trips through the draft JSON file; old create drafts still load', () => {
    const d = editDraft();
    const back = parseDraftJson(exportDraftJson(d));
    expect(back).toEqual({ ok: true, content: expect.objectContaining({ kind: 'edit', edit: d.edit }) });
    const { kind: _k, edit: _e, ...old } = d;
    const parsed = parseDraftJson(exportDraftJson(old));
    expect(parsed.ok && parsed.content.kind).toBe(undefined);
  });
});

describe('delete plans', () => {
  it('unbinds, deletes the listener, then monitor → members → group when nothing else uses it', () => {
    const plan = planDelete(['lis-1'], inv, true);
    expect(plan.steps.map((s) => s.key)).toEqual(['unbind:lis-1', 'listener:lis-1', 'healthmonitor:hm-1', 'member:pool-1/m-1', 'member:pool-1/m-2', 'pool:pool-1']);
    const reqs = planDeleteRequests(plan, 'p1');
    expect(reqs.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /v3/p1/elb/listeners/lis-1',
      'DELETE /v3/p1/elb/listeners/lis-1',
      'DELETE /v3/p1/elb/healthmonitors/hm-1',
      'DELETE /v3/p1/elb/pools/pool-1/members/m-1',
      'DELETE /v3/p1/elb/pools/pool-1/members/m-2',
      'DELETE /v3/p1/elb/pools/pool-1',
    ]);
    expect(reqs[0]!.body).toEqual({ listener: { default_pool_id: null } });
    // IP groups are never deleted.
    expect(reqs.some((r) => r.path.includes('ipgroups'))).toBe(false);
    expect(parseDeleteStepKey('member:pool-1/m-2')).toEqual({ kind: 'member', id: 'm-2', poolId: 'pool-1' });
  });

  it('keeps a group another listener uses and says which; without the option the group stays', () => {
    const shared = { ...inv, listeners: [...inv.listeners, makeListener({ id: 'lis-3', name: 'third', port: 90, defaultPoolId: 'pool-1' })] };
    const plan = planDelete(['lis-1'], shared, true);
    expect(plan.steps.map((s) => s.kind)).toEqual(['unbind', 'listener']);
    expect(plan.groups[0]).toMatchObject({ poolId: 'pool-1', willDelete: false, usedBy: [{ id: 'lis-3', name: 'third' }] });
    // Both users selected: the group goes.
    expect(planDelete(['lis-1', 'lis-3'], shared, true).steps.at(-1)!.key).toBe('pool:pool-1');
    expect(planDelete(['lis-1'], inv, false).steps.map((s) => s.kind)).toEqual(['unbind', 'listener']);
    expect(planDelete(['gone'], inv, true)).toMatchObject({ missing: ['gone'], steps: [] });
  });

  it('keeps a group with removal protection and servers (the API refuses to remove them) and says why; without servers it goes', () => {
    const guarded = { ...inv, pools: inv.pools.map((p) => (p.id === 'pool-1' ? { ...p, memberRemovalProtection: true } : p)) };
    const plan = planDelete(['lis-1'], guarded, true);
    expect(plan.steps.map((s) => s.kind)).toEqual(['unbind', 'listener']);
    expect(plan.groups[0]).toMatchObject({ poolId: 'pool-1', willDelete: false, protectedServers: true, usedBy: [], memberIds: ['m-1', 'm-2'] });
    expect(planDelete(['lis-1'], inv, true).groups[0]).toMatchObject({ willDelete: true, protectedServers: false });
    // Protected but empty: nothing to remove, so the group goes.
    const empty = { ...guarded, members: guarded.members.filter((m) => m.poolId !== 'pool-1') };
    expect(planDelete(['lis-1'], empty, true).steps.at(-1)!.key).toBe('pool:pool-1');
    expect(planDelete(['lis-1'], empty, true).groups[0]).toMatchObject({ willDelete: true, protectedServers: false });
  });
});

describe('clone', () => {
  it('copies every setting, suggests the next free port, and reuses the group on the same LB', () => {
    const { content } = cloneToDraft(listener, inv, { accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-1' }, { pool: 'reuse', port: 'suggest' }, inv, NOW);
    expect(content.kind).toBeUndefined();
    expect(content.origin).toEqual({ kind: 'clone', listenerId: 'lis-1', accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-1' });
    expect(content.listener.port).toBe(444);
    expect(content.listener.name).toBe('web-copy');
    expect(content.listener.idleTimeout).toBe(300);
    expect(content.listener.maxConcurrentConnections).toEqual({ mode: 'limit', value: 5000 });
    expect(content.listener.accessControl).toEqual({ mode: 'whitelist', ipGroupId: 'ipg-1' });
    expect(content.routing).toMatchObject({ mode: 'existing', existingPoolId: 'pool-1' });
  });

  it('copies the group with servers and health check to another LB; the port can be cleared', () => {
    const { content, notes } = cloneToDraft(listener, inv, { accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-2' }, { pool: 'reuse', port: 'clear' }, null, NOW);
    expect(notes.map((n) => n.code)).toEqual(['clone.reuseOtherLb']);
    expect(content.listener.port).toBeNull();
    expect(content.routing.mode).toBe('new');
    expect(content.routing.members.map((m) => m.address)).toEqual(['192.168.1.10', '192.168.1.11']);
    expect(content.routing.healthCheck).toMatchObject({ enabled: true, type: 'TCP', interval: 5, timeout: 3 });
    const other = cloneToDraft(listener, inv, { accountId: 'acct-2', region: 'r-2', loadBalancerId: 'lb-9' }, { pool: 'copy', port: 'suggest' }, null, NOW);
    expect(other.content.listener.accessControl.mode).toBe('all');
    expect(other.content.listener.port).toBe(443);
    expect(other.notes.map((n) => n.code)).toContain('clone.ipGroupCleared');
  });

  it('says the copied group is created without the source group\'s removal protection (only when it has it)', () => {
    const guarded = { ...inv, pools: inv.pools.map((p) => (p.id === 'pool-1' ? { ...p, memberRemovalProtection: true } : p)) };
    const copy = cloneToDraft(listener, guarded, { accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-2' }, { pool: 'copy', port: 'clear' }, null, NOW);
    expect(copy.notes.map((n) => n.code)).toEqual(['clone.protectionNotCopied']);
    expect(copy.notes[0]!.message).toContain('removal protection');
    // The draft's new group has no such setting (no create form offers it); servers and check are still copied.
    expect(copy.content.routing.newPool).not.toHaveProperty('memberRemovalProtection');
    expect(copy.content.routing.members).toHaveLength(2);
    // Reusing the protected group itself changes nothing about it: no note.
    expect(cloneToDraft(listener, guarded, { accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-1' }, { pool: 'reuse', port: 'clear' }, null, NOW).notes).toEqual([]);
    // Without protection: no note.
    expect(cloneToDraft(listener, inv, { accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-2' }, { pool: 'copy', port: 'clear' }, null, NOW).notes).toEqual([]);
  });
});

describe('drift', () => {
  it('lists listeners whose live values differ from what was last applied', () => {
    const applied = fieldsFromListener(listener);
    const entry: HistoryEntry = {
      id: 'h1', at: NOW, kind: 'edit', draftId: 'd', journalId: 'j', accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-1',
      result: 'done', listenerIds: ['lis-1'], requests: [], changes: [{ listenerId: 'lis-1', before: null, after: applied }],
    };
    expect(computeDrift([listener], [entry])).toEqual([]);
    const drifted = computeDrift([{ ...listener, keepaliveTimeout: 60 }], [entry]);
    expect(drifted).toEqual([{ listenerId: 'lis-1', name: 'web', historyId: 'h1', appliedAt: NOW, fields: [{ field: 'idleTimeout', label: 'Idle timeout (s)', applied: 300, live: 60 }] }]);
    // A later delete ends tracking; a failed entry is not "applied".
    expect(computeDrift([{ ...listener, keepaliveTimeout: 60 }], [entry, { ...entry, id: 'h2', kind: 'delete', changes: [{ listenerId: 'lis-1', before: applied, after: null }] }])).toEqual([]);
    expect(computeDrift([{ ...listener, keepaliveTimeout: 60 }], [{ ...entry, result: 'failed' }])).toEqual([]);
  });

  it('an accepted entry ("take live values") makes the live values the applied ones', () => {
    const applied = fieldsFromListener(listener);
    const live = { ...listener, keepaliveTimeout: 60 };
    const entry: HistoryEntry = {
      id: 'h1', at: NOW, kind: 'edit', draftId: 'd', journalId: 'j', accountId: 'acct-1', region: 'sandbox-1', loadBalancerId: 'lb-1',
      result: 'done', listenerIds: ['lis-1'], requests: [], changes: [{ listenerId: 'lis-1', before: null, after: applied }],
    };
    const accepted: HistoryEntry = { ...entry, id: 'h2', kind: 'accepted', journalId: 'accepted-h2', draftId: '', changes: [{ listenerId: 'lis-1', before: applied, after: fieldsFromListener(live) }] };
    expect(lastApplied([entry], 'lis-1')).toEqual(applied);
    expect(lastApplied([entry, accepted], 'lis-1')?.idleTimeout).toBe(60);
    expect(lastApplied([entry], 'other')).toBeNull();
    expect(computeDrift([live], [entry, accepted])).toEqual([]);
    const again = computeDrift([{ ...live, description: 'x' }], [entry, accepted]);
    expect(again.map((d) => [d.historyId, d.fields.map((f) => f.field)])).toEqual([['h2', ['description']]]);
  });
});
