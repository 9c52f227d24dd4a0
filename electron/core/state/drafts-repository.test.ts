import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../shared/model/draft';
import { DRAFTS_DIR, draftFileName } from './draft-files';
import { DRAFT_LOG_FILE, parseLog } from './draft-log';
import { DraftsRepository, type DraftsAccess } from './drafts-repository';
import { createFaultyFs, sysError, type FaultyFs } from './test-support/faulty-fs';
import { testDraft } from './test-support/fixtures';

let dir: string;
let access: DraftsAccess;
let quarantined: string[];
const repos: DraftsRepository[] = [];

function make(fs: FaultyFs = createFaultyFs()): DraftsRepository {
  const r = new DraftsRepository({
    dir,
    fs,
    clock: { now: () => new Date() },
    renameRetryDelayMs: 1,
    checkpointDelayMs: 60_000, // only flush() checkpoints in these tests
    checkpointBytes: 1 << 20,
    access: () => access,
    quarantineDraft: async (name) => {
      quarantined.push(name);
      return `quarantine/${name}`;
    },
    track: (p) => void p.catch(() => undefined),
    log: () => undefined,
  });
  repos.push(r);
  return r;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'elb-drafts-repo-'));
  access = { locked: true, readOnly: false, needsRecovery: false };
  quarantined = [];
});
afterEach(async () => {
  for (const r of repos.splice(0)) await r.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const logRecords = () => parseLog(readFileSync(path.join(dir, DRAFT_LOG_FILE))).entries;
const fileOf = (id: string) => path.join(dir, DRAFTS_DIR, draftFileName(id));

describe('drafts repository', () => {
  it('a save is a log record; flush folds it into the draft files and empties the log; load reads them back', async () => {
    const r = make();
    await r.adopt(await r.load());
    const d1 = testDraft('d1');
    await r.save(['d1'], () => d1);
    expect(logRecords()).toHaveLength(1);
    expect(existsSync(fileOf('d1'))).toBe(false);
    await r.flush();
    expect(readFileSync(path.join(dir, DRAFT_LOG_FILE))).toHaveLength(0);
    expect(JSON.parse(readFileSync(fileOf('d1'), 'utf8'))).toEqual(d1);
    await r.save(['d1'], () => null); // removed
    const folder = await make().load();
    expect([...folder.removed]).toEqual(['d1']);
    expect(folder.drafts.size).toBe(0);
  });

  it('a failed save keeps its drafts unsaved; the next save writes them too', async () => {
    const fs = createFaultyFs();
    const r = make(fs);
    await r.adopt(await r.load());
    const drafts = new Map<string, Draft>([['a', testDraft('a')], ['b', testDraft('b')]]);
    await r.save([], () => null); // nothing to write: no record
    expect(existsSync(path.join(dir, DRAFT_LOG_FILE)) ? logRecords() : []).toEqual([]);
    fs.reset(() => sysError('ENOSPC', 'write', DRAFT_LOG_FILE));
    await expect(r.save(['a'], (id) => drafts.get(id) ?? null)).rejects.toThrow(/ENOSPC/);
    expect([...r.unsaved]).toEqual(['a']);
    fs.reset(null);
    await r.save(['b'], (id) => drafts.get(id) ?? null);
    expect([...r.unsaved]).toEqual([]);
    expect(logRecords().map((e) => e.id).sort()).toEqual(['a', 'b']);
  });

  it('a bad draft file is set aside when the store may write, and left in place when it is read-only', async () => {
    mkdirSync(path.join(dir, DRAFTS_DIR), { recursive: true });
    writeFileSync(fileOf('ok'), JSON.stringify(testDraft('ok')));
    writeFileSync(fileOf('bad'), '{"id":');
    access = { locked: true, readOnly: true, needsRecovery: false };
    const ro = await make().load();
    expect([...ro.drafts.keys()]).toEqual(['ok']);
    expect(ro.problems.join(' ')).toMatch(/left in place/);
    expect(quarantined).toEqual([]);
    expect(existsSync(fileOf('bad'))).toBe(true);
    access = { locked: true, readOnly: false, needsRecovery: false };
    const rw = await make().load();
    expect(rw.problems.join(' ')).toMatch(/set aside as quarantine\//);
    expect(quarantined).toEqual([draftFileName('bad')]);
    expect(readdirSync(path.join(dir, DRAFTS_DIR))).toEqual([draftFileName('ok')]);
  });

  it('no checkpoint while the main file waits for recovery: the edits stay in the log', async () => {
    const r = make();
    await r.adopt(await r.load());
    await r.save(['d1'], () => testDraft('d1'));
    access = { ...access, needsRecovery: true };
    await r.flush();
    expect(logRecords()).toHaveLength(1);
    expect(existsSync(fileOf('d1'))).toBe(false);
    access = { ...access, needsRecovery: false };
    await r.flush();
    expect(existsSync(fileOf('d1'))).toBe(true);
  });
});
