import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/ipc/result';
import { defaultDraftContent, type Draft } from '../../../shared/model/draft';
import { DRAFT_LOG_FILE, DRAFTS_DIR, draftFileName, openStore, STORE_FILE, type Store } from './store';
import { CURRENT_SCHEMA_VERSION, StoreFileSchema } from './schema';
import { LOCK_FILE } from './lock';
import { bundleEntry } from './test-support/bundle';
import { testAccount } from './test-support/fixtures';

let dir: string;
let t = Date.parse('2025-03-01T10:00:00.000Z');
const clock = { now: () => new Date(t) };
const open: Store[] = [];

async function openTracked(opts: Partial<Parameters<typeof openStore>[0]> = {}): Promise<Store> {
  const s = await openStore({ dir, clock, ...opts });
  open.push(s);
  return s;
}

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'elb-store-')), 'data');
  t = Date.parse('2025-03-01T10:00:00.000Z');
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

function draft(id: string): Draft {
  return {
    ...defaultDraftContent({}, `Draft ${id}`),
    id,
    status: 'draft',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    revision: 0,
    result: null,
    lastError: null,
  };
}

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
const mode = (f: string) => statSync(f).mode & 0o777;

describe('open and update', () => {
  it('creates the folder (0700) and a valid file (0600) on first open', async () => {
    const s = await openTracked();
    expect(s.status()).toMatchObject({ state: 'ok', unsavedChanges: false, quarantined: [] });
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, STORE_FILE))).toBe(0o600);
    const doc = readJson(path.join(dir, STORE_FILE));
    expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(StoreFileSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({ accounts: [], journal: [], settings: {}, draftOrder: [] });
    expect(doc.drafts).toBeUndefined();
    expect(s.get().accounts).toEqual([]);
  });

  it('persists updates: a reopened store sees them; update returns fn’s result', async () => {
    const s = await openTracked();
    const r = await s.update((st) => {
      st.accounts.push(testAccount('a1'));
      st.drafts.push(draft('d1'));
      st.settings.language = 'zh-CN';
      return st.accounts.length;
    });
    expect(r).toBe(1);
    await s.close();
    const s2 = await openTracked();
    expect(s2.get().accounts.map((a) => a.id)).toEqual(['a1']);
    expect(s2.get().drafts[0]?.title).toBe('Draft d1');
    expect(s2.get().settings.language).toBe('zh-CN');
  });

  it('a throwing fn changes nothing; get() snapshots are not mutated by later updates', async () => {
    const s = await openTracked();
    await s.update((st) => void st.accounts.push(testAccount('a1')));
    const before = s.get();
    await expect(
      s.update((st) => {
        st.accounts.push(testAccount('a2'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(s.get().accounts.map((a) => a.id)).toEqual(['a1']);
    await s.update((st) => void st.accounts.push(testAccount('a3')));
    expect(before.accounts.map((a) => a.id)).toEqual(['a1']);
    expect(readFileSync(path.join(dir, STORE_FILE), 'utf8')).not.toContain('a2');
  });

  it('refuses an async fn (edits after an await would never be written) and changes nothing', async () => {
    const s = await openTracked();
    await expect(
      s.update(async (st) => {
        st.accounts.push(testAccount('async'));
      }),
    ).rejects.toMatchObject({ appError: { code: 'INTERNAL' } });
    expect(s.get().accounts).toEqual([]);
  });

  it('keeps unknown settings keys (forward compatible) and the sandboxProvisioned flag', async () => {
    const s = await openTracked();
    await s.update((st) => {
      st.settings.sandboxProvisioned = true;
      (st.settings as Record<string, unknown>).futureThing = 7;
    });
    await s.close();
    const s2 = await openTracked();
    expect(s2.get().settings).toMatchObject({ sandboxProvisioned: true, futureThing: 7 });
  });

  it('after 100 writes the files are 0600 and the folders 0700, even if they were 0644/0755 before', async () => {
    mkdirSync(path.join(dir, DRAFTS_DIR), { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, DRAFTS_DIR), 0o755);
    writeFileSync(path.join(dir, STORE_FILE), JSON.stringify({ schemaVersion: 2, accounts: [], journal: [], settings: {}, draftOrder: ['d0'] }), { mode: 0o644 });
    writeFileSync(path.join(dir, DRAFTS_DIR, 'd0.json'), JSON.stringify(draft('d0')), { mode: 0o644 });
    writeFileSync(path.join(dir, DRAFT_LOG_FILE), '', { mode: 0o644 });
    const s = await openTracked();
    await Promise.all(Array.from({ length: 100 }, (_, i) => s.update((st) => void st.drafts.push(draft(`d${i + 1}`)))));
    await Promise.all(Array.from({ length: 100 }, (_, i) => s.update((st) => void (st.drafts.find((d) => d.id === `d${i}`)!.title = `edited ${i}`))));
    await s.flush();
    expect(s.get().drafts).toHaveLength(101);
    expect(readJson(path.join(dir, STORE_FILE)).draftOrder).toHaveLength(101);
    const files = readdirSync(path.join(dir, DRAFTS_DIR));
    expect(files).toHaveLength(101);
    expect(readJson(path.join(dir, DRAFTS_DIR, 'd0.json')).title).toBe('edited 0');
    expect(mode(path.join(dir, STORE_FILE))).toBe(0o600);
    expect(mode(path.join(dir, DRAFT_LOG_FILE))).toBe(0o600);
    for (const f of files) expect(mode(path.join(dir, DRAFTS_DIR, f))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    for (const sub of ['backups', DRAFTS_DIR]) expect(mode(path.join(dir, sub))).toBe(0o700);
    for (const f of readdirSync(path.join(dir, 'backups'))) expect(mode(path.join(dir, 'backups', f))).toBe(0o600);
  });

  it('removes temp files left by dead writers on open (data folder and cache folders)', async () => {
    mkdirSync(path.join(dir, 'cache', 'acc1'), { recursive: true });
    const dead = 2 ** 22 + 999;
    writeFileSync(path.join(dir, `.elb-desk.json.${dead}.0badc0ffee.tmp`), '{"half":');
    writeFileSync(path.join(dir, 'cache', 'acc1', `.r1.json.${dead}.0badc0ffee.tmp`), 'x');
    const s = await openTracked();
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(path.join(dir, 'cache', 'acc1'))).toEqual([]);
    expect(s.status().state).toBe('ok');
  });

  it('update/putInventory after close are refused', async () => {
    const s = await openTracked();
    await s.close();
    await expect(s.update(() => 1)).rejects.toMatchObject({ appError: { code: 'INTERNAL' } });
  });
});

describe('lock: one writer per data folder', () => {
  let childPath: string;
  beforeAll(async () => {
    childPath = await bundleEntry('writer-child');
  });
  afterAll(() => rmSync(path.dirname(childPath), { recursive: true, force: true }));

  it('a second open in the same process is refused with LOCKED', async () => {
    await openTracked();
    const e = await openStore({ dir, clock }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppFailure);
    expect((e as AppFailure).appError.code).toBe('LOCKED');
  });

  it('another live process holding the folder: refused with LOCKED naming its pid; after it exits the lock is free', async () => {
    mkdirSync(dir, { recursive: true });
    const child: ChildProcess = spawn(process.execPath, [childPath, 'hold', dir], { env: { ...process.env, ELB_WRITER_CHILD: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const rl = createInterface({ input: child.stdout! });
        rl.on('line', (l) => l === 'ready' && resolve());
        child.on('exit', (c) => reject(new Error(`child exited ${c}`)));
      });
      const e = (await openStore({ dir, clock }).catch((x: unknown) => x)) as AppFailure;
      expect(e).toBeInstanceOf(AppFailure);
      expect(e.appError.code).toBe('LOCKED');
      expect(e.message).toContain(`ELB Desk is already running with this data folder (pid ${child.pid}`);
      // the refused open changed nothing
      expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(child.pid);
    } finally {
      child.stdin!.end();
      await new Promise((r) => child.on('exit', r));
    }
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false); // released on close
    const s = await openTracked();
    expect(s.status().state).toBe('ok');
  });

  it('two processes racing for the same folder (fresh, or with a stale lock): exactly one wins, every round', async () => {
    const start = () => {
      const child = spawn(process.execPath, [childPath, 'hold', dir], { env: { ...process.env, ELB_WRITER_CHILD: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const outcome = new Promise<'ready' | string>((resolve) => {
        createInterface({ input: child.stdout! }).on('line', (l) => l === 'ready' && resolve('ready'));
        child.on('exit', () => resolve(err.trim()));
      });
      return { child, outcome };
    };
    for (let round = 0; round < 4; round++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (round % 2 === 1) {
        writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + round, hostname: os.hostname(), startedAt: 'x', token: 't' }));
      }
      const a = start();
      const b = start();
      const results = await Promise.all([a.outcome, b.outcome]);
      for (const c of [a, b]) c.child.stdin!.end();
      await Promise.all([a, b].map((c) => (c.child.exitCode === null ? new Promise((r) => c.child.on('exit', r)) : null)));
      expect(results.filter((r) => r === 'ready'), `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      expect(results.find((r) => r !== 'ready')).toMatch(/^LOCKED: ELB Desk is already running with this data folder/);
    }
  });

  it('a stale lock (dead pid) is taken over', async () => {
    mkdirSync(dir, { recursive: true });
    const dead = 2 ** 22 + 4321;
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, hostname: os.hostname(), startedAt: 'x', token: 't' }));
    const s = await openTracked();
    expect(s.status().state).toBe('ok');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await s.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('a lock from another host is respected', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'some-other-host.invalid', startedAt: 'x', token: 't' }));
    await expect(openStore({ dir, clock })).rejects.toMatchObject({ appError: { code: 'LOCKED' }, message: expect.stringContaining('some-other-host.invalid') });
  });

  it('an empty, old lock file (crash while creating it) is stale', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, LOCK_FILE), '');
    const old = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(path.join(dir, LOCK_FILE), old, old);
    const s = await openTracked();
    expect(s.status().state).toBe('ok');
  });
});

describe('backups', () => {
  it('one backup per open of a good file, newest 5 kept, newest first in status', async () => {
    for (let i = 0; i < 8; i++) {
      t += 1000;
      const s = await openTracked();
      await s.update((st) => void st.accounts.push(testAccount(`a${i}`)));
      await s.close();
    }
    const s = await openTracked();
    const b = s.status().backups;
    expect(b).toHaveLength(5);
    expect(b.map((x) => x.savedAt)).toEqual([...b.map((x) => x.savedAt)].sort().reverse());
    expect(readdirSync(path.join(dir, 'backups')).filter((n) => n.endsWith('.json'))).toHaveLength(5);
    // the newest backup is the file as it was at this (last) open: 8 accounts
    const newest = readJson(path.join(dir, 'backups', b[0]!.file));
    expect((newest.accounts as unknown[]).length).toBe(8);
    expect(b[0]!.savedAt).toBe(new Date(t).toISOString());
  });

  it('a restart without a change adds no backup: the older, different backups stay', async () => {
    const accountsIn = (file: string) => (readJson(path.join(dir, 'backups', file)).accounts as unknown[]).length;
    for (let i = 0; i < 3; i++) {
      t += 1000;
      const s = await openTracked();
      await s.update((st) => void st.accounts.push(testAccount(`a${i}`)));
      await s.close();
    }
    // Six restarts with nothing changed: the first backs up the 3-account state, the others find it backed up.
    for (let i = 0; i < 6; i++) {
      t += 1000;
      await (await openTracked()).close();
    }
    const s = await openTracked();
    const b = s.status().backups;
    expect(b.map((x) => accountsIn(x.file))).toEqual([3, 2, 1]);
    expect(readdirSync(path.join(dir, 'backups')).filter((n) => n.endsWith('.json'))).toHaveLength(3);
    // A change, then a restart: backed up again.
    await s.update((st) => void st.accounts.push(testAccount('a3')));
    await s.close();
    t += 1000;
    const again = await openTracked();
    expect(again.status().backups.map((x) => accountsIn(x.file))).toEqual([4, 3, 2, 1]);
  });

  it('at most one backup per 10 minutes of writes', async () => {
    const s = await openTracked();
    await s.update((st) => void st.accounts.push(testAccount('a0')));
    await s.flush();
    const count = () => readdirSync(path.join(dir, 'backups')).length;
    const n0 = existsSync(path.join(dir, 'backups')) ? count() : 0;
    for (let i = 1; i <= 5; i++) {
      t += 60_000; // 1 minute each
      await s.update((st) => void st.accounts.push(testAccount(`a${i}`)));
    }
    await s.flush();
    expect(existsSync(path.join(dir, 'backups')) ? count() : 0).toBe(n0);
    t += 10 * 60_000;
    await s.update((st) => void st.accounts.push(testAccount('late')));
    await s.flush();
    expect(count()).toBe(n0 + 1);
    const b = s.status().backups[0]!;
    expect(readFileSync(path.join(dir, 'backups', b.file), 'utf8')).toContain('late');
  });
});

describe('migrations', () => {
  const v0 = () =>
    readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'elb-desk.v0.json'));

  it('a v0 file (no schemaVersion) migrates to the current schema, validates, is rewritten, and the v0 bytes are kept as a backup', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, STORE_FILE), v0());
    const s = await openTracked();
    expect(s.status().state).toBe('ok');
    expect(s.get().schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(s.get().drafts[0]).toMatchObject({ revision: 0, status: 'draft', result: null, lastError: null });
    expect(s.get().accounts).toHaveLength(1);
    const doc = readJson(path.join(dir, STORE_FILE));
    expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(StoreFileSchema.safeParse(doc).success).toBe(true);
    expect(doc.drafts).toBeUndefined();
    const d0 = s.get().drafts[0]!;
    expect(doc.draftOrder).toEqual([d0.id]);
    await s.flush(); // the draft file is written by the checkpoint after the log
    expect(readJson(path.join(dir, DRAFTS_DIR, draftFileName(d0.id)))).toEqual(d0);
    const b = s.status().backups;
    expect(b).toHaveLength(1);
    expect(b[0]!.file).toMatch(/\.v0\.json$/);
    expect(readFileSync(path.join(dir, 'backups', b[0]!.file))).toEqual(v0());
  });

  it('a migration that throws leaves the file byte-identical and asks for recovery', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, STORE_FILE), v0());
    const s = await openTracked({
      migrations: {
        0: () => {
          throw new Error('step exploded');
        },
      },
    });
    expect(s.status().state).toBe('needs-recovery');
    expect(s.status().message).toContain('step exploded');
    expect(readFileSync(path.join(dir, STORE_FILE))).toEqual(v0());
    await expect(s.update(() => 1)).rejects.toMatchObject({ appError: { code: 'READ_ONLY' } });
    expect(readFileSync(path.join(dir, STORE_FILE))).toEqual(v0());
  });
});
