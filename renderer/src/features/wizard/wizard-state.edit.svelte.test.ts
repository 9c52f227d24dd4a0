/**
 * WizardState on an edit draft (Edit listener) against a small fake main: the listener's own port is no clash, the
 * plan is the edit's PUT, the live check goes through lifecycle:preflight (diff, conflicts), saving keeps the draft an
 * edit, and a conflict pick goes through lifecycle:resolve. Skipped (with the wizard-state test's warning) when the
 * vitest config does not compile runes.
 */
import { describe, expect, it } from 'vitest';
import type { LifecyclePreflight } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/ipc/result';
import { editDraftFromListener } from '../../../../shared/lifecycle/edit';
import type { Draft, DraftContent } from '../../../../shared/model/draft';
import { emptyInventory, type Inventory } from '../../../../shared/model/inventory';
import { makeListener } from '../../../../shared/validation/fixtures';
import { WizardState, type WizardApi } from './wizard-state.svelte';

const runesCompiled = ((): boolean => {
  try {
    new WizardState('probe', { call: () => new Promise(() => {}), on: () => () => {} } as unknown as WizardApi);
    return true;
  } catch {
    return false;
  }
})();
const suite = describe.skipIf(!runesCompiled);

const listener = makeListener({ id: 'l-80', name: 'web', port: 80, keepaliveTimeout: 300 });
function inventory(): Inventory {
  const inv = emptyInventory('acc-1', 'sandbox-1');
  const lbId = listener.loadBalancerId;
  return {
    ...inv,
    loadBalancers: [
      { id: lbId, name: 'lb', description: '', provisioningStatus: 'ACTIVE', operatingStatus: 'ONLINE', availabilityZones: ['az1'], vipAddress: '10.0.0.1', ipv6VipAddress: null, publicIps: [], l4FlavorId: 'f4', l7FlavorId: null, type: 'network', ipTargetEnable: false, vpcId: 'vpc', listenerIds: [listener.id], poolIds: [] },
    ],
    listeners: [listener],
    syncedAt: { loadBalancers: '2025-01-01T00:00:00Z' },
  };
}

function fake(content: DraftContent) {
  let draft: Draft = { ...content, id: 'd1', status: 'draft', createdAt: 't', updatedAt: 't', revision: 1, result: null, lastError: null };
  const calls: string[] = [];
  let preflight: LifecyclePreflight = { kind: 'edit', issues: [], plan: [], live: true, checkedAt: 't', diff: [], conflicts: [], theirsOnly: [], gone: false, deletion: null };
  const api = {
    async call(channel: string, payload: Record<string, unknown>): Promise<Result<unknown>> {
      calls.push(channel);
      switch (channel) {
        case 'drafts:get':
          return { ok: true, value: structuredClone(draft) };
        case 'drafts:save':
          draft = { ...draft, ...(structuredClone(payload.content) as DraftContent), revision: draft.revision + 1 };
          return { ok: true, value: structuredClone(draft) };
        case 'inventory:get':
          return { ok: true, value: inventory() };
        case 'accounts:list':
        case 'journal:list':
          return { ok: true, value: [] };
        case 'lifecycle:preflight':
          return { ok: true, value: preflight };
        case 'lifecycle:resolve': {
          const next = structuredClone(draft);
          next.listener.idleTimeout = 200;
          next.edit!.base.idleTimeout = 200;
          draft = { ...next, revision: draft.revision + 1 };
          return { ok: true, value: structuredClone(draft) };
        }
        default:
          return { ok: false, error: { code: 'NOT_FOUND', message: channel } };
      }
    },
    on: () => () => {},
  } as unknown as WizardApi;
  return {
    api,
    calls,
    stored: () => draft,
    setPreflight(p: Partial<LifecyclePreflight>) {
      preflight = { ...preflight, ...p };
    },
  };
}

suite('WizardState on an edit draft', () => {
  it('checks without the listener itself, plans a PUT of the changed field only, and keeps the draft an edit when saving', async () => {
    const main = fake(editDraftFromListener(listener, { accountId: 'acc-1', region: 'sandbox-1' }, 't'));
    const w = new WizardState('d1', main.api);
    await w.load();
    expect(w.isEdit).toBe(true);
    expect(w.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(w.plan).toEqual([]);
    w.content.listener.idleTimeout = 120;
    expect(w.plan.map((p) => `${p.method} ${p.path.replace(/^.*listeners/, '…/listeners')}`)).toEqual(['PUT …/listeners/l-80']);
    expect(w.plan[0]!.body).toEqual({ listener: { keepalive_timeout: 120 } });
    await w.saveNow();
    expect(main.stored().kind).toBe('edit');
    expect(main.stored().edit?.listenerId).toBe('l-80');
  });

  it('runs the live check through lifecycle:preflight and resolves a conflict through lifecycle:resolve', async () => {
    const main = fake(editDraftFromListener(listener, { accountId: 'acc-1', region: 'sandbox-1' }, 't'));
    const w = new WizardState('d1', main.api);
    await w.load();
    w.content.listener.idleTimeout = 120;
    main.setPreflight({
      conflicts: [{ field: 'idleTimeout', label: 'Idle timeout (s)', base: 300, theirs: 200, mine: 120 }],
      issues: [{ path: 'edit', code: 'edit.conflict', severity: 'error', message: 'choose' }],
    });
    await w.runPreflight();
    expect(main.calls).toContain('lifecycle:preflight');
    expect(main.calls).not.toContain('submit:preflight');
    expect(w.lifecyclePreflight?.conflicts).toHaveLength(1);
    expect(w.preflight?.issues[0]?.code).toBe('edit.conflict');
    main.setPreflight({ conflicts: [], issues: [] });
    await w.resolve({ idleTimeout: 'theirs' });
    expect(main.calls).toContain('lifecycle:resolve');
    expect(w.content.listener.idleTimeout).toBe(200);
    expect(w.dirty).toBe(false);
    expect(w.lifecyclePreflight?.conflicts).toEqual([]);
  });
});
