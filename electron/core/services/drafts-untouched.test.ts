/**
 * Issue 10 §5: drafts nobody touched do not pile up, and default titles follow the content. An "Add TCP listener"
 * draft is untouched until its first save: not listed, deleted by `drafts:delete` with `onlyIfUntouched`, and swept
 * at the next start; a title the user typed is never replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { startTestCore, type TestCore } from '../test-support';
import type { DraftContent } from '../../../shared/model/draft';

let sandbox: SandboxHandle;
let t: TestCore;
let target: { accountId: string; region: string; loadBalancerId: string };
let lbName: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  t = await startTestCore({ sandboxUrl: sandbox.url });
  const acc = (await t.must('accounts:list', {}))[0]!;
  const inv = await t.must('sync:run', { accountId: acc.id, region: 'sandbox-1' });
  const lb = inv.loadBalancers.find((x) => x.name === 'tcp-gateway')!;
  target = { accountId: acc.id, region: 'sandbox-1', loadBalancerId: lb.id };
  lbName = lb.name;
});
afterAll(async () => {
  await t?.core.dispose();
  await sandbox?.close();
});

function contentOf(d: DraftContent): DraftContent {
  const { title, titleAuto, target: tg, step, listener, routing } = d;
  return { title, ...(titleAuto !== undefined ? { titleAuto } : {}), target: tg, step, listener, routing };
}

async function listedIds(): Promise<string[]> {
  return (await t.must('drafts:list', {})).map((x) => x.id);
}

describe('untouched drafts', () => {
  it('an untouched draft is not listed, and leaving it unedited deletes it', async () => {
    const d = await t.must('drafts:create', { target, untouched: true });
    expect(d).toMatchObject({ untouched: true, titleAuto: true, title: `TCP · ${lbName}` });
    expect(await listedIds()).not.toContain(d.id);
    // The wizard still opens it.
    expect((await t.must('drafts:get', { id: d.id })).id).toBe(d.id);
    expect(await t.must('drafts:delete', { id: d.id, onlyIfUntouched: true })).toEqual({ deleted: true });
    expect(await t.call('drafts:get', { id: d.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the first save makes it the user\'s: listed, and the leave-delete no longer removes it', async () => {
    const d = await t.must('drafts:create', { target, untouched: true, title: `TCP · ${lbName}`, titleAuto: true });
    const content = contentOf(d);
    content.listener.port = 3310;
    content.title = `TCP 3310 · ${lbName}`;
    const saved = await t.must('drafts:save', { id: d.id, revision: d.revision, content });
    expect(saved.untouched).toBeUndefined();
    expect(saved).toMatchObject({ titleAuto: true, title: `TCP 3310 · ${lbName}` });
    expect(await listedIds()).toContain(d.id);
    expect(await t.must('drafts:delete', { id: d.id, onlyIfUntouched: true })).toEqual({ deleted: false });
    expect((await t.must('drafts:get', { id: d.id })).id).toBe(d.id);
  });

  it('a draft created with a typed title is listed at once and its title is not generated', async () => {
    const d = await t.must('drafts:create', { target, title: '  orders db  ' });
    expect(d.title).toBe('orders db');
    expect(d.titleAuto).toBeUndefined();
    expect(d.untouched).toBeUndefined();
    expect(await listedIds()).toContain(d.id);
  });

  it('a rename turns the generated title off for good, and a save without titleAuto keeps it off', async () => {
    const d = await t.must('drafts:create', { target, untouched: true });
    expect(d.titleAuto).toBe(true);
    const renamed = await t.must('drafts:rename', { id: d.id, title: 'mine' });
    expect(renamed).toMatchObject({ title: 'mine' });
    expect(renamed.titleAuto).toBeUndefined();
    expect(renamed.untouched).toBeUndefined();
    expect(await listedIds()).toContain(d.id);
    const content = contentOf(renamed);
    content.listener.name = 'x';
    const saved = await t.must('drafts:save', { id: d.id, revision: renamed.revision, content });
    expect(saved.title).toBe('mine');
    expect(saved.titleAuto).toBeUndefined();
  });

  it('without a load balancer the generated title is the fallback', async () => {
    const d = await t.must('drafts:create', { target: { ...target, loadBalancerId: null } });
    expect(d).toMatchObject({ title: 'New TCP listener', titleAuto: true });
  });

  it('untouched drafts left behind (window closed) are removed at the next start; the others stay', async () => {
    const left = await t.must('drafts:create', { target, untouched: true });
    const kept = await t.must('drafts:create', { target, title: 'kept' });
    await t.core.dispose();
    t = await startTestCore({ dataDir: t.dataDir, sandboxUrl: sandbox.url });
    expect(await t.call('drafts:get', { id: left.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.must('drafts:get', { id: kept.id })).title).toBe('kept');
  });
});
