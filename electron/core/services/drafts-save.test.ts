/**
 * `drafts:save` hands the parsed request's content to the store without another copy: the committed draft is made
 * of the dispatcher's parse output. That is sound only because that output shares no object with what the caller
 * sent (the caller's objects are never frozen, and changing them later never reaches the store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/ipc/contract';
import type { Draft, DraftContent } from '../../../shared/model/draft';
import { startTestCore, type TestCore } from '../test-support';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore({ sandboxUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await t?.core.dispose();
});

/** Every object and array reachable from `v`. */
function objectsOf(v: unknown, out = new Set<object>()): Set<object> {
  if (typeof v === 'object' && v !== null && !out.has(v)) {
    out.add(v);
    for (const x of Object.values(v)) objectsOf(x, out);
  }
  return out;
}

function contentOf(d: Draft): DraftContent {
  return { title: d.title, target: d.target, step: d.step, listener: d.listener, routing: d.routing };
}

describe('drafts:save', () => {
  it("the request's parse output shares no object with the caller's payload", async () => {
    const d = await t.must('drafts:create', { title: 'one' });
    const payload = { id: d.id, revision: d.revision, content: structuredClone(contentOf(d)) };
    payload.content.listener.portRanges = [{ start: 1000, end: 1010 }];
    payload.content.listener.tags = [{ key: 'k', value: 'v' }];
    const parsed = contract['drafts:save'].req.parse(payload);
    const sent = objectsOf(payload);
    expect([...objectsOf(parsed)].filter((o) => sent.has(o))).toEqual([]);
  });

  it("stores a frozen draft; the caller's objects stay its own (not frozen, later changes not stored)", async () => {
    const d = await t.must('drafts:create', { title: 'two' });
    const content = structuredClone(contentOf(d));
    content.title = 'saved';
    content.listener.tags = [{ key: 'team', value: 'db' }];
    const saved = await t.must('drafts:save', { id: d.id, revision: d.revision, content });
    expect(saved).toMatchObject({ title: 'saved', revision: d.revision + 1, listener: { tags: [{ key: 'team', value: 'db' }] } });
    const stored = t.core.store.getDraft(d.id)!;
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.listener.tags[0])).toBe(true);
    expect(Object.isFrozen(content.listener)).toBe(false);
    content.listener.tags[0]!.value = 'changed later';
    content.listener.port = 1;
    expect(t.core.store.getDraft(d.id)!.listener).toMatchObject({ tags: [{ key: 'team', value: 'db' }] });
    expect(t.core.store.getDraft(d.id)!.listener.port).toBe(d.listener.port);
    // a second save works on the committed (frozen) draft as before
    const again = await t.must('drafts:save', { id: d.id, revision: saved.revision, content: { ...contentOf(saved), title: 'again' } });
    expect(again).toMatchObject({ title: 'again', revision: saved.revision + 1, listener: { tags: [{ key: 'team', value: 'db' }] } });
  });
});
