/**
 * WizardState against a fake main (an in-memory draft store with revision checks, a cached inventory, submit
 * with progress events). WizardState uses runes, so vitest must compile it with the Svelte plugin and resolve
 * Svelte's browser build (`plugins: [svelte()]`, `resolve.conditions: ['browser']` for renderer tests). Under a
 * config without them the runes are not compiled: every test here is then reported as SKIPPED (never passed),
 * with a warning naming the missing plugin.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, JournalEntry } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { defaultDraftContent } from '../../../../shared/model/draft-values';
import type { Draft, DraftContent } from '../../../../shared/model/draft';
import { emptyInventory, type Inventory, type Listener, type LoadBalancer } from '../../../../shared/model/inventory';
import { makeListener } from '../../../../shared/validation/fixtures';
import { WizardState, type WizardApi } from './wizard-state.svelte';

const LB = 'lb-1';

/** True when this run compiled the runes (constructing the class does not throw "$state is not defined"). */
const runesCompiled = ((): boolean => {
  try {
    new WizardState('probe', { call: () => new Promise(() => {}), on: () => () => {} } as unknown as WizardApi);
    return true;
  } catch (e) {
    if (e instanceof ReferenceError && e.message.includes('$state')) {
      console.warn('wizard-state.svelte.test.ts SKIPPED: the vitest config does not compile Svelte runes (add the Svelte plugin and the browser condition for renderer tests).');
      return false;
    }
    throw e;
  }
})();
const suite = describe.skipIf(!runesCompiled);

function lb(): LoadBalancer {
  return {
    id: LB,
    name: 'web-lb',
    description: '',
    provisioningStatus: 'ACTIVE',
    operatingStatus: 'ONLINE',
    availabilityZones: ['az1'],
    vipAddress: '10.0.0.10',
    ipv6VipAddress: null,
    publicIps: [],
    l4FlavorId: 'f4',
    l7FlavorId: null,
    type: 'network',
    ipTargetEnable: false,
    vpcId: 'vpc',
    listenerIds: ['l-80'],
    poolIds: [],
  };
}
function listenerOn(port: number, protocol = 'TCP'): Listener {
  return makeListener({ id: `l-${port}`, name: `existing-${port}`, loadBalancerId: LB, protocol, port });
}
function inventory(): Inventory {
  return {
    ...emptyInventory('acc-1', 'sandbox-1'),
    loadBalancers: [lb()],
    listeners: [listenerOn(80)],
    syncedAt: { loadBalancers: '2025-01-01T00:00:00Z' },
  };
}

interface FakeMain {
  api: WizardApi;
  stored: () => Draft;
  saves: { revision: number; content: DraftContent }[];
  /** `drafts:delete` requests received. */
  deletes: { id: string; onlyIfUntouched?: boolean }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  bumpElsewhere(change: (c: DraftContent) => void): void;
  setApply(fn: () => Result<JournalEntry>): void;
  setPreflight(fn: () => Result<EventPayload<'submit:progress'>['entry']> | Result<unknown>): void;
}

function fakeMain(initial: DraftContent, extra: Partial<Draft> = {}): FakeMain {
  let draft: Draft = { ...initial, id: 'd1', status: 'draft', createdAt: 't', updatedAt: 't0', revision: 1, result: null, lastError: null, ...extra };
  const saves: { revision: number; content: DraftContent }[] = [];
  const deletes: { id: string; onlyIfUntouched?: boolean }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let apply: () => Result<JournalEntry> = () => ({ ok: false, error: { code: 'INTERNAL', message: 'not set' } });
  let preflight: () => Result<unknown> = () => ({ ok: true, value: { issues: [], plan: [], live: true, checkedAt: '2025-01-01T00:00:00Z' } });
  const api = {
    async call(channel: string, payload: unknown): Promise<Result<unknown>> {
      const p = payload as Record<string, unknown>;
      switch (channel) {
        case 'drafts:get':
          return { ok: true, value: structuredClone(draft) };
        case 'drafts:save': {
          const content = structuredClone(p.content as DraftContent);
          saves.push({ revision: p.revision as number, content });
          if (p.revision !== draft.revision) return { ok: false, error: { code: 'CONFLICT', message: 'stale revision' } };
          draft = { ...draft, ...content, revision: draft.revision + 1, updatedAt: `t${draft.revision + 1}` };
          delete draft.untouched;
          return { ok: true, value: structuredClone(draft) };
        }
        case 'drafts:delete':
          deletes.push(p as { id: string; onlyIfUntouched?: boolean });
          return { ok: true, value: { deleted: !p.onlyIfUntouched || draft.untouched === true } };
        case 'inventory:get':
          return { ok: true, value: inventory() };
        case 'accounts:list':
          return { ok: true, value: [] };
        case 'journal:list':
          return { ok: true, value: [] };
        case 'submit:preflight':
          return preflight();
        case 'submit:apply': {
          const r = apply();
          draft = { ...draft, status: r.ok ? 'submitted' : 'failed', revision: draft.revision + 1 };
          return r;
        }
        case 'submit:rollback':
          return { ok: true, value: { ...journal('rolled_back', []), steps: [] } };
        default:
          return { ok: false, error: { code: 'NOT_FOUND', message: channel } };
      }
    },
    on(event: string, cb: (p: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
  } as unknown as WizardApi;
  return {
    api,
    saves,
    deletes,
    stored: () => draft,
    emit(event, payload) {
      for (const cb of listeners.get(event) ?? []) cb(payload);
    },
    bumpElsewhere(change) {
      const c = structuredClone(draft) as Draft;
      change(c);
      draft = { ...c, revision: draft.revision + 1 };
    },
    setApply(fn) {
      apply = fn;
    },
    setPreflight(fn) {
      preflight = fn as () => Result<unknown>;
    },
  };
}

function journal(state: JournalEntry['state'], steps: Partial<JournalEntry['steps'][number]>[]): JournalEntry {
  return {
    id: 'j1',
    draftId: 'd1',
    accountId: 'acc-1',
    region: 'sandbox-1',
    loadBalancerId: LB,
    marker: 'm',
    state,
    createdAt: 't',
    updatedAt: 't',
    steps: steps.map((s, i) => ({ key: `k${i}`, title: `t${i}`, state: 'pending', resourceId: null, attempts: 0, error: null, requestId: null, ...s })),
  };
}

function target(): DraftContent {
  return defaultDraftContent({ accountId: 'acc-1', region: 'sandbox-1', loadBalancerId: LB }, 'my draft');
}

async function loaded(content = target(), extra: Partial<Draft> = {}): Promise<{ w: WizardState; main: FakeMain; stop: () => void }> {
  const main = fakeMain(content, extra);
  const w = new WizardState('d1', main.api);
  const stop = w.connect();
  await w.load();
  return { w, main, stop };
}

/** Lets queued promise callbacks (saves, reloads) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

suite('WizardState loading', () => {
  it('restores the saved step and values and reads the cached inventory', async () => {
    const c = target();
    c.step = 'routing';
    c.listener.port = 8443;
    const { w } = await loaded(c);
    expect(w.phase).toBe('ready');
    expect(w.step).toBe('routing');
    expect(w.content.listener.port).toBe(8443);
    expect(w.loadBalancer?.name).toBe('web-lb');
    expect(w.dirty).toBe(false);
  });

  it('fails visibly when the draft cannot be read', async () => {
    const main = fakeMain(target());
    const api: WizardApi = {
      ...main.api,
      call: (async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'no such draft' } })) as WizardApi['call'],
    };
    const w = new WizardState('d1', api);
    await w.load();
    expect(w.phase).toBe('failed');
    expect(w.loadError?.code).toBe('NOT_FOUND');
  });
});

suite('WizardState issues and navigation', () => {
  it('shows an issue only after its field is touched', async () => {
    const { w } = await loaded();
    expect(w.issues.some((i) => i.path === 'listener.port' && i.severity === 'error')).toBe(true);
    expect(w.messages('listener.port')).toEqual([]);
    w.touch('listener.port');
    expect(w.messages('listener.port').map((i) => i.code)).toContain('listener.port.required');
    expect(w.invalid('listener.port')).toBe(true);
  });

  it('blocks Next on errors, reveals the step, and moves on (saving the step) once fixed', async () => {
    const { w, main } = await loaded();
    expect(w.next()).toBe(false);
    expect(w.blocked).toBe('listener');
    expect(w.step).toBe('listener');
    expect(w.messages('listener.port').length).toBeGreaterThan(0);

    w.content.listener.port = 8080;
    expect(w.next()).toBe(true);
    expect(w.step).toBe('routing');
    expect(w.blocked).toBeNull();
    await settle();
    expect(main.saves.at(-1)?.content.step).toBe('routing');
    expect(main.stored().step).toBe('routing');
    expect(w.dirty).toBe(false);
  });

  it('is not blocked by warnings (an empty name)', async () => {
    const { w } = await loaded();
    w.content.listener.port = 8080;
    expect(w.stepIssues('listener').some((i) => i.severity === 'warning' && i.path === 'listener.name')).toBe(true);
    expect(w.next()).toBe(true);
  });

  it('flags a port used on this LB with the next free port in params', async () => {
    const { w } = await loaded();
    w.content.listener.port = 80;
    const clash = w.issues.find((i) => i.code === 'listener.port.clash');
    expect(clash?.params?.nextFreePort).toBe(81);
  });

  it('puts target issues on step 1', async () => {
    const c = target();
    c.target.loadBalancerId = null;
    const { w } = await loaded(c);
    expect(w.stepErrors('listener').map((i) => i.path)).toContain('target.loadBalancerId');
    w.chooseLoadBalancer(LB);
    expect(w.stepErrors('listener').map((i) => i.path)).not.toContain('target.loadBalancerId');
  });
});

suite('WizardState saving', () => {
  it('saves edits with the current revision and tracks dirtiness', async () => {
    const { w, main } = await loaded();
    w.content.listener.name = 'tcp-8080';
    expect(w.dirty).toBe(true);
    await w.saveNow();
    flushSync();
    expect(main.saves).toHaveLength(1);
    expect(main.saves[0]?.revision).toBe(1);
    expect(main.stored().listener.name).toBe('tcp-8080');
    expect(w.dirty).toBe(false);
    expect(w.saveStatus.kind).toBe('saved');
    expect(w.draft?.revision).toBe(2);
  });

  it('on CONFLICT reloads the stored draft and tells the user', async () => {
    const { w, main } = await loaded();
    main.bumpElsewhere((c) => (c.listener.name = 'from another window'));
    w.content.listener.name = 'mine';
    const outcome = await w.saveNow();
    expect(outcome.kind).toBe('conflict');
    await settle();
    expect(w.conflict).toEqual({ kind: 'reloaded', revision: 2 });
    expect(w.content.listener.name).toBe('from another window');
    expect(w.dirty).toBe(false);
    w.content.listener.name = 'again';
    expect((await w.saveNow()).kind).toBe('saved');
    expect(main.saves.at(-1)?.revision).toBe(2);
  });
});

suite('WizardState confirm and submit', () => {
  function ready(): DraftContent {
    const c = target();
    c.listener.port = 8080;
    c.listener.name = 'tcp-8080';
    c.routing.mode = 'new';
    c.routing.members = [{ rowId: 'r1', name: '', address: '10.0.0.5', port: 80, weight: 0, subnetId: 'sub' }, { rowId: 'r2', name: '', address: '10.0.0.6', port: 80, weight: 1, subnetId: 'sub' }];
    return c;
  }

  it('plans locally and says offline when the preflight cannot reach the cloud', async () => {
    const { w, main } = await loaded(ready());
    main.setPreflight(() => ({ ok: false, error: { code: 'NETWORK', message: 'offline' } }));
    await w.runPreflight();
    expect(w.preflightOffline).toBe(true);
    expect(w.plan.map((p) => p.key)).toEqual(['pool', 'members', 'healthmonitor', 'listener']);
    const members = w.plan[1]?.body as { members: { weight: number }[] };
    expect(members.members.map((m) => m.weight)).toEqual([0, 1]);
  });

  it('follows submit progress events and ends with the journal', async () => {
    const { w, main } = await loaded(ready());
    const done = journal('done', [
      { key: 'pool', state: 'done', resourceId: 'p1' },
      { key: 'listener', state: 'done', resourceId: 'l1' },
    ]);
    main.setApply(() => {
      main.emit('submit:progress', { draftId: 'd1', entry: journal('running', [{ key: 'pool', state: 'sending' }]) });
      expect(w.journal?.steps[0]?.state).toBe('sending');
      main.emit('submit:progress', { draftId: 'other', entry: journal('running', [{ key: 'pool', state: 'failed' }]) });
      expect(w.journal?.steps[0]?.state).toBe('sending');
      return { ok: true, value: done };
    });
    await w.submit();
    expect(w.journal).toEqual(done);
    expect(w.submitError).toBeNull();
    expect(w.draft?.status).toBe('submitted');
    // The submit bumped the stored revision: the next save must not conflict.
    w.content.listener.name = 'after';
    expect((await w.saveNow()).kind).toBe('saved');
  });

  it('keeps the exact cloud error of a failed submit', async () => {
    const { w, main } = await loaded(ready());
    const error: AppError = { code: 'CLOUD', message: 'port in use', cloud: { httpStatus: 409, errorCode: 'ELB.8907', requestId: 'req-9', hint: 'Choose another port.' } };
    main.setApply(() => ({ ok: false, error }));
    await w.submit();
    expect(w.submitError).toEqual(error);
    expect(w.submitBusy).toBe(false);
  });

  it('refuses to submit a draft with errors', async () => {
    const { w, main } = await loaded();
    let applied = false;
    main.setApply(() => {
      applied = true;
      return { ok: true, value: journal('done', []) };
    });
    await w.submit();
    expect(applied).toBe(false);
  });
});

suite('WizardState untouched drafts and generated titles (issue 10 §5)', () => {
  function autoTitled(): DraftContent {
    return { ...target(), title: 'TCP · web-lb', titleAuto: true };
  }

  it('left without an edit, an untouched draft is discarded (only-if-untouched), and nothing is saved', async () => {
    const { w, main } = await loaded(autoTitled(), { untouched: true });
    expect(w.untouched).toBe(true);
    w.followTitle('New TCP listener');
    expect(w.dirty).toBe(false);
    await w.saveNow();
    expect(await w.discardIfUntouched()).toBe(true);
    expect(main.saves).toHaveLength(0);
    expect(main.deletes).toEqual([{ id: 'd1', onlyIfUntouched: true }]);
  });

  it('after an edit it is kept: saved, no longer untouched, and not discarded on leave', async () => {
    const { w, main } = await loaded(autoTitled(), { untouched: true });
    w.content.listener.port = 8443;
    expect(w.untouched).toBe(false);
    expect(await w.discardIfUntouched()).toBe(false);
    await w.saveNow();
    flushSync();
    expect(main.stored().untouched).toBeUndefined();
    expect(await w.discardIfUntouched()).toBe(false);
    expect(main.deletes).toEqual([]);
  });

  it('a draft listed before (not untouched) is never discarded', async () => {
    const { w, main } = await loaded();
    expect(w.untouched).toBe(false);
    expect(await w.discardIfUntouched()).toBe(false);
    expect(main.deletes).toEqual([]);
  });

  it('a generated title follows port, ranges and name', async () => {
    const { w } = await loaded(autoTitled(), { untouched: true });
    w.content.listener.port = 3306;
    w.followTitle('New TCP listener');
    expect(w.content.title).toBe('TCP 3306 · web-lb');
    w.content.listener.name = 'mysql';
    w.followTitle('New TCP listener');
    expect(w.content.title).toBe('TCP 3306 · mysql · web-lb');
    w.content.listener.portMode = 'ranges';
    w.content.listener.portRanges = [{ start: 10000, end: 10100 }];
    w.followTitle('New TCP listener');
    expect(w.content.title).toBe('TCP 10000–10100 · mysql · web-lb');
    await w.saveNow();
    flushSync();
    expect(w.draft?.title).toBe('TCP 10000–10100 · mysql · web-lb');
  });

  it('never rewrites a title the user typed (no titleAuto: renamed, typed in the dialog, or an older draft)', async () => {
    const { w } = await loaded();
    w.content.listener.port = 3306;
    w.followTitle('New TCP listener');
    expect(w.content.title).toBe('my draft');
  });
});
