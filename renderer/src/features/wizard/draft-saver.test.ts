import { describe, expect, it } from 'vitest';
import { defaultDraftContent } from '../../../../shared/model/draft-values';
import type { Draft, DraftContent } from '../../../../shared/model/draft';
import type { Result } from '../../../../shared/ipc/result';
import { contentKey, DraftSaver, type SaveStatus } from './draft-saver';

function draftOf(content: DraftContent, revision: number): Draft {
  return { ...content, id: 'd1', status: 'draft', createdAt: 't0', updatedAt: `t${revision}`, revision, result: null, lastError: null };
}

/** A fake store: checks revisions like main does, with controllable latency and failures. */
function fakeStore(start: number) {
  let revision = start;
  const calls: { revision: number; content: DraftContent }[] = [];
  const gates: (() => void)[] = [];
  let failNext: Result<Draft> | null = null;
  let hold = false;
  return {
    calls,
    set hold(v: boolean) {
      hold = v;
    },
    failWith(r: Result<Draft>) {
      failNext = r;
    },
    release() {
      gates.splice(0).forEach((g) => g());
    },
    bumpElsewhere() {
      revision++;
    },
    save: async (req: { id: string; revision: number; content: DraftContent }): Promise<Result<Draft>> => {
      calls.push({ revision: req.revision, content: req.content });
      if (hold) await new Promise<void>((r) => gates.push(r));
      if (failNext) {
        const f = failNext;
        failNext = null;
        return f;
      }
      if (req.revision !== revision) return { ok: false, error: { code: 'CONFLICT', message: 'stale revision' } };
      revision++;
      return { ok: true, value: draftOf(req.content, revision) };
    },
  };
}

function edited(port: number): DraftContent {
  const c = defaultDraftContent({ accountId: 'a', region: 'sandbox-1', loadBalancerId: 'lb' });
  c.listener.port = port;
  return c;
}

describe('DraftSaver', () => {
  it('skips content equal to what was loaded', async () => {
    const store = fakeStore(3);
    const saver = new DraftSaver('d1', { revision: 3, content: edited(80) }, store.save);
    expect(await saver.save(edited(80))).toEqual({ kind: 'unchanged' });
    expect(store.calls).toHaveLength(0);
  });

  it('saves with the loaded revision, then with the returned one', async () => {
    const store = fakeStore(3);
    const statuses: SaveStatus['kind'][] = [];
    const saver = new DraftSaver('d1', { revision: 3, content: edited(80) }, store.save, (s) => statuses.push(s.kind));
    expect((await saver.save(edited(81))).kind).toBe('saved');
    expect((await saver.save(edited(82))).kind).toBe('saved');
    expect(store.calls.map((c) => c.revision)).toEqual([3, 4]);
    expect(saver.currentRevision).toBe(5);
    expect(saver.lastSavedKey).toBe(contentKey(edited(82)));
    expect(statuses).toEqual(['saving', 'saved', 'saving', 'saved']);
  });

  it('collapses saves requested during a save into the newest content, one request at a time', async () => {
    const store = fakeStore(0);
    const saver = new DraftSaver('d1', { revision: 0, content: edited(1) }, store.save);
    store.hold = true;
    const first = saver.save(edited(2));
    const second = saver.save(edited(3));
    const third = saver.save(edited(4));
    expect(store.calls).toHaveLength(1);
    store.hold = false;
    store.release();
    const outcomes = await Promise.all([first, second, third]);
    expect(store.calls.map((c) => c.content.listener.port)).toEqual([2, 4]);
    expect(store.calls.map((c) => c.revision)).toEqual([0, 1]);
    expect(outcomes.every((o) => o.kind === 'saved')).toBe(true);
    expect(saver.busy).toBe(false);
  });

  it('reports a failed save and retries the same content next time', async () => {
    const store = fakeStore(0);
    let last: SaveStatus = { kind: 'idle' };
    const saver = new DraftSaver('d1', { revision: 0, content: edited(1) }, store.save, (s) => (last = s));
    store.failWith({ ok: false, error: { code: 'STORE_WRITE', message: 'disk full' } });
    expect(await saver.save(edited(2))).toEqual({ kind: 'failed', error: { code: 'STORE_WRITE', message: 'disk full' } });
    expect(last).toEqual({ kind: 'failed', error: { code: 'STORE_WRITE', message: 'disk full' } });
    expect((await saver.save(edited(2))).kind).toBe('saved');
    expect(store.calls).toHaveLength(2);
  });

  it('stops on CONFLICT and drops queued content until reset with the reloaded draft', async () => {
    const store = fakeStore(0);
    const saver = new DraftSaver('d1', { revision: 0, content: edited(1) }, store.save);
    store.bumpElsewhere();
    const outcome = await saver.save(edited(2));
    expect(outcome.kind).toBe('conflict');
    expect(saver.currentStatus.kind).toBe('conflict');
    saver.reset({ revision: 1, content: edited(9) });
    expect(saver.currentStatus.kind).toBe('saved');
    expect(await saver.save(edited(9))).toEqual({ kind: 'unchanged' });
    expect((await saver.save(edited(10))).kind).toBe('saved');
    expect(store.calls.at(-1)?.revision).toBe(1);
  });

  it('turns a thrown transport error into a failed save', async () => {
    const saver = new DraftSaver('d1', { revision: 0, content: edited(1) }, () => Promise.reject(new Error('boom')));
    const out = await saver.save(edited(2));
    expect(out).toEqual({ kind: 'failed', error: { code: 'INTERNAL', message: 'boom' } });
  });
});

describe('contentOfDraft and adoptRevision', () => {
  it('takes only the editable fields, as a copy', async () => {
    const { contentOfDraft } = await import('./draft-saver');
    const d = draftOf(edited(80), 4);
    const c = contentOfDraft(d);
    expect(Object.keys(c)).toEqual(['title', 'target', 'step', 'listener', 'routing']);
    c.listener.port = 1;
    expect(d.listener.port).toBe(80);
  });
  it('keeps what a day-two draft is (kind, edit base, deletion, origin), as a copy: a save never turns an edit into a create', async () => {
    const { contentOfDraft } = await import('./draft-saver');
    const d = draftOf(edited(80), 4);
    const base = { ...contentOfDraft(d), kind: 'edit' as const };
    const fields = { name: 'x', description: '', idleTimeout: 300, accessControl: { mode: 'all' as const, ipGroupId: null }, proxyProtocol: false, nat64: false, transparentClientIp: true, maxNewConnections: 0, maxConcurrentConnections: 0, defaultPoolId: null, tags: [] };
    const withEdit: Draft = { ...d, ...base, edit: { listenerId: 'l1', base: fields, baseUpdatedAt: null, readAt: 't' } };
    const c = contentOfDraft(withEdit);
    expect(c.kind).toBe('edit');
    expect(c.edit?.listenerId).toBe('l1');
    c.edit!.base.name = 'changed';
    expect(withEdit.edit!.base.name).toBe('x');
    const del = contentOfDraft({ ...d, kind: 'delete', deletion: { listenerIds: ['a'], deletePool: true } });
    expect(del.deletion).toEqual({ listenerIds: ['a'], deletePool: true });
  });
  it('adopts a newer revision of the same content so the next save does not conflict', async () => {
    const store = fakeStore(0);
    const saver = new DraftSaver('d1', { revision: 0, content: edited(1) }, store.save);
    store.bumpElsewhere();
    saver.adoptRevision(1);
    saver.adoptRevision(0);
    expect(saver.currentRevision).toBe(1);
    expect((await saver.save(edited(2))).kind).toBe('saved');
  });
});
