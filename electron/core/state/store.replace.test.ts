/**
 * `replaceDraft`: the draft's next version built from the committed one, committed as is (no copy of the draft or
 * the state), durable when it resolves — one write and one fsync of drafts.wal, nothing else on the save's path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/ipc/result';
import type { Draft } from '../../../shared/model/draft';
import { isViewCopy } from './cow-drafts';
import { openStore, type Store } from './store';
import { createFaultyFs, sysError, type FaultyFs } from './test-support/faulty-fs';
import { testDraft } from './test-support/fixtures';

let root: string;
let dir: string;
const stores: Store[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-replace-'));
  dir = path.join(root, 'data');
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

async function seeded(fs?: FaultyFs): Promise<Store> {
  const s = await openStore({ dir, renameRetryDelayMs: 2, checkpointDelayMs: 60_000, ...(fs ? { fs } : {}) });
  stores.push(s);
  await s.update((st) => {
    for (const id of ['d0', 'd1', 'd2']) st.drafts.push({ ...testDraft(id), result: null, lastError: { code: 'X', message: 'kept', requestId: null, httpStatus: null } });
  });
  return s;
}

const next = (cur: Readonly<Draft>, title: string): Draft => ({ ...cur, title, listener: { ...cur.listener, port: 3306 }, revision: cur.revision + 1 });

describe('store.replaceDraft', () => {
  it('commits the returned draft itself, frozen, keeping the frozen parts it shares; the others are untouched', async () => {
    const s = await seeded();
    const before = s.get();
    const old = s.getDraft('d1')!;
    let built: Draft | null = null;
    const saved = await s.replaceDraft('d1', (cur) => {
      expect(cur).toBe(old);
      built = next(cur, 'one');
      return built;
    });
    expect(saved).toBe(built);
    expect(s.getDraft('d1')).toBe(built);
    expect(Object.isFrozen(saved)).toBe(true);
    expect(Object.isFrozen(saved.listener)).toBe(true);
    expect(saved.lastError).toBe(old.lastError); // shared, frozen part
    expect(isViewCopy(saved)).toBe(true);
    expect(s.get().drafts.map((d) => d.title)).toEqual(['Draft d0', 'one', 'Draft d2']);
    expect(s.get().drafts[0]).toBe(before.drafts[0]);
    expect(s.get().accounts).toBe(before.accounts);
    expect(before.drafts[1]).toBe(old); // an earlier snapshot does not change
    await s.close();
    const again = await openStore({ dir });
    stores.push(again);
    expect(again.getDraft('d1')).toMatchObject({ title: 'one', revision: 2, listener: { port: 3306 }, lastError: { message: 'kept' } });
  });

  it('is durable with one write and one fsync of drafts.wal: no open, stat or rename on its path', async () => {
    const fs = createFaultyFs();
    const s = await seeded(fs);
    await s.replaceDraft('d0', (cur) => next(cur, 'warm')); // (the log is open from the seed already)
    fs.reset();
    await s.replaceDraft('d2', (cur) => next(cur, 'two'));
    expect(fs.calls.map((c) => `${c.op} ${path.basename(c.path)}`)).toEqual(['write drafts.wal', 'sync drafts.wal']);
  });

  it('an equal draft writes nothing and answers the committed one', async () => {
    const fs = createFaultyFs();
    const s = await seeded(fs);
    const old = s.getDraft('d0')!;
    fs.reset();
    expect(await s.replaceDraft('d0', (cur) => ({ ...cur }))).toBe(old);
    expect(fs.calls).toEqual([]);
  });

  it('refuses an unknown ID (NOT_FOUND), a draft that takes another one\'s ID, and reports a failed write as update() does', async () => {
    const fs = createFaultyFs();
    const s = await seeded(fs);
    await expect(s.replaceDraft('nope', (cur) => ({ ...cur }))).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
    await expect(s.replaceDraft('d0', (cur) => ({ ...cur, id: 'd1' }))).rejects.toThrow(/two drafts have the id d1/);
    expect(s.get().drafts.map((d) => d.id)).toEqual(['d0', 'd1', 'd2']);
    fs.reset((c) => (c.op === 'write' ? sysError('ENOSPC', 'write', c.path) : undefined));
    const failed = await s.replaceDraft('d1', (cur) => next(cur, 'unsaved')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppFailure);
    expect((failed as AppFailure).appError.code).toBe('STORE_WRITE');
    expect(s.status().state).toBe('write-failed');
    expect(s.getDraft('d1')!.title).toBe('unsaved'); // kept in memory, written by the next save
    fs.reset(null);
    await s.retry();
    expect(s.status().state).toBe('ok');
  });
});
