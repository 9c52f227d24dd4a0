/**
 * The inventory cache through the store's API (getInventory / putInventory): files, memory copy, format, and what a
 * damaged cache file becomes (derived data: discarded and logged, never quarantined or shown as a data problem).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../../shared/ipc/contract';
import { emptyInventory } from '../../../shared/model/inventory';
import type { LogLevel } from '../ports';
import { jsonChunks, nodeFs } from './durable-file';
import { CACHE_FORMAT } from './inventory-format';
import { INVENTORY_MEMORY_SLOTS, inStoredOrder } from './inventory-cache';
import { openStore, STORE_FILE, type Store } from './store';
import { createFaultyFs, sysError, type FaultyFs } from './test-support/faulty-fs';
import { testAccount, testDraft } from './test-support/fixtures';
import { testInventory, testListener } from './test-support/inventory';

let root: string;
let dir: string;
const clock = { now: () => new Date('2025-03-01T10:00:00.000Z') };
const stores: Store[] = [];
let logs: { level: LogLevel; message: string }[] = [];

async function open(opts: { fs?: FaultyFs; onStatus?: (s: StoreStatus) => void } = {}): Promise<Store> {
  const s = await openStore({ dir, clock, renameRetryDelayMs: 2, logger: { log: (level, _tag, message) => void logs.push({ level, message }) }, ...opts });
  stores.push(s);
  return s;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-cache-'));
  dir = path.join(root, 'data');
  logs = [];
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const mode = (f: string) => statSync(f).mode & 0o777;
const cacheFile = (acc = 'acc-1', region = 'r1') => path.join(dir, 'cache', acc, `${region}.json`);

describe('inventory cache files', () => {
  it('round-trips an inventory in its own file; a draft save does not rewrite it', async () => {
    const s = await open();
    const inv = { ...emptyInventory('acc-1', 'ap-southeast-1'), lastError: 'x', stale: true };
    await s.putInventory(inv);
    const f = cacheFile('acc-1', 'ap-southeast-1');
    expect(mode(f)).toBe(0o600);
    expect(mode(path.join(dir, 'cache'))).toBe(0o700);
    expect(mode(path.join(dir, 'cache', 'acc-1'))).toBe(0o700);
    const before = statSync(f).mtimeMs;
    await new Promise((r) => setTimeout(r, 15));
    await s.update((st) => void st.drafts.push(testDraft('d1')));
    expect(statSync(f).mtimeMs).toBe(before);
    expect(readFileSync(path.join(dir, STORE_FILE), 'utf8')).not.toContain('ap-southeast-1');
    expect(await s.getInventory('acc-1', 'ap-southeast-1')).toEqual(inv);
    expect(await s.getInventory('acc-1', 'eu-west-0')).toBeNull();
  });

  it('odd account IDs cannot escape the cache folder', async () => {
    const s = await open();
    const inv = emptyInventory('../../etc', '..');
    await s.putInventory(inv);
    expect(await s.getInventory('../../etc', '..')).toEqual(inv);
    const cacheEntries = readdirSync(path.join(dir, 'cache'));
    expect(cacheEntries).toHaveLength(1);
    expect(cacheEntries[0]).toMatch(/^h-[0-9a-f]{32}$/);
  });

  it('is written in the compact checksummed format, atomically (temp + rename) but without any fsync', async () => {
    const fs = createFaultyFs();
    const s = await open({ fs });
    const inv = testInventory('acc-1', 'r1', 300);
    fs.reset();
    await s.putInventory(inv);
    const f = cacheFile();
    const cacheCalls = fs.calls.filter((c) => c.path.includes(`${path.sep}cache`));
    expect(cacheCalls.filter((c) => c.op === 'sync')).toEqual([]);
    // no folder opened for an fsync either
    expect(cacheCalls.filter((c) => c.op === 'open' && !c.path.endsWith('.tmp'))).toEqual([]);
    expect(cacheCalls.some((c) => c.op === 'rename' && c.path.endsWith(`-> ${f}`))).toBe(true);
    expect(readFileSync(f, 'utf8').startsWith(`elb-desk-inventory-cache ${CACHE_FORMAT}\n`)).toBe(true);
    expect(readdirSync(path.dirname(f))).toEqual(['r1.json']);
    // user data still gets its fsyncs
    fs.reset();
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    expect(fs.calls.filter((c) => c.op === 'sync').length).toBeGreaterThan(0);
    // a new store reads it back
    await s.close();
    const s2 = await open();
    expect(await s2.getInventory('acc-1', 'r1')).toEqual(inv);
  });
});

describe('a cache file that cannot be used is discarded: no cache, sync needed', () => {
  async function damaged(damage: (f: string) => void): Promise<{ s: Store; statuses: StoreStatus[] }> {
    const s0 = await open();
    await s0.putInventory(testInventory('acc-1', 'r1', 120));
    await s0.close();
    damage(cacheFile());
    const statuses: StoreStatus[] = [];
    const s = await open({ onStatus: (st) => statuses.push(st) });
    statuses.length = 0; // opening reports its backup
    logs = [];
    return { s, statuses };
  }

  const cases: [string, (f: string) => void][] = [
    ['torn (cut in the middle)', (f) => truncateSync(f, Math.floor(statSync(f).size / 2))],
    ['truncated by one byte', (f) => truncateSync(f, statSync(f).size - 1)],
    ['empty', (f) => truncateSync(f, 0)],
    [
      'a flipped byte',
      (f) => {
        const b = readFileSync(f);
        const i = Math.floor(b.length / 3);
        b[i] = b[i]! ^ 0x02;
        writeFileSync(f, b);
      },
    ],
    ['zeros after a power loss', (f) => writeFileSync(f, Buffer.alloc(statSync(f).size))],
    ['old-format JSON that does not parse', (f) => writeFileSync(f, '{"accountId":"acc-1","regi')],
    ['old-format JSON that does not validate', (f) => writeFileSync(f, JSON.stringify({ accountId: 'acc-1', region: 'r1', listeners: 'nope' }))],
    ['another account’s inventory', (f) => writeFileSync(f, JSON.stringify(emptyInventory('acc-2', 'r1')))],
  ];
  for (const [name, damage] of cases) {
    it(name, async () => {
      const { s, statuses } = await damaged(damage);
      expect(await s.getInventory('acc-1', 'r1')).toBeNull();
      expect(existsSync(cacheFile())).toBe(false);
      expect(s.status()).toMatchObject({ state: 'ok', message: null, quarantined: [] });
      expect(existsSync(path.join(dir, 'quarantine'))).toBe(false);
      expect(statuses).toEqual([]);
      const warn = logs.filter((l) => l.level === 'warn');
      expect(warn).toHaveLength(1);
      expect(warn[0]!.message).toMatch(/cached inventory of acc-1 \/ r1 .* could not be used .*discarded and will be fetched again/);
      // the next sync writes it again
      const inv = testInventory('acc-1', 'r1', 3);
      await s.putInventory(inv);
      expect(await s.getInventory('acc-1', 'r1')).toEqual(inv);
    });
  }

  it('an old-format (plain JSON) cache still loads; the next put rewrites it in the current format', async () => {
    const inv = testInventory('acc-1', 'r1', 150);
    const s0 = await open();
    await s0.close();
    const f = cacheFile();
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, [...jsonChunks(inv)].join(''));
    const s = await open();
    expect(await s.getInventory('acc-1', 'r1')).toEqual(inv);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    await s.putInventory({ ...inv, stale: true });
    expect(readFileSync(f, 'utf8').startsWith('elb-desk-inventory-cache ')).toBe(true);
  });

  it('a cache from a newer version is ignored (left in place, logged) until a put replaces it', async () => {
    const s = await open();
    const f = cacheFile();
    mkdirSync(path.dirname(f), { recursive: true });
    const newer = `elb-desk-inventory-cache ${CACHE_FORMAT + 1}\n{"something":"else"}`;
    writeFileSync(f, newer);
    expect(await s.getInventory('acc-1', 'r1')).toBeNull();
    expect(readFileSync(f, 'utf8')).toBe(newer);
    expect(s.status()).toMatchObject({ state: 'ok', message: null, quarantined: [] });
    expect(logs.some((l) => l.level === 'info' && /newer ELB Desk \(cache format 3\)/.test(l.message))).toBe(true);
    const inv = emptyInventory('acc-1', 'r1');
    await s.putInventory(inv);
    expect(await s.getInventory('acc-1', 'r1')).toBe(inv);
  });
});

describe('inventory kept in memory', () => {
  it('the second getInventory neither reads nor validates the file again; a put refreshes the memory copy', async () => {
    const fs = createFaultyFs();
    const s = await open({ fs });
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    const inv = { ...emptyInventory('acc-1', 'r1'), lastError: 'first' };
    await s.putInventory(inv);
    const file = cacheFile();
    fs.reset();
    const a = await s.getInventory('acc-1', 'r1');
    const b = await s.getInventory('acc-1', 'r1');
    expect(a).toEqual(inv);
    expect(b).toBe(a);
    expect(fs.calls.filter((c) => c.op === 'readFile' && c.path === file)).toEqual([]);
    expect(Object.isFrozen(a)).toBe(true);
    // cold: a new store reads the file once
    await s.close();
    const s2 = await open({ fs });
    fs.reset();
    const c = await s2.getInventory('acc-1', 'r1');
    const d = await s2.getInventory('acc-1', 'r1');
    expect(c).toEqual(inv);
    expect(d).toBe(c);
    expect(fs.calls.filter((x) => x.op === 'readFile' && x.path === file)).toHaveLength(1);
    // a put replaces it
    const inv2 = { ...emptyInventory('acc-1', 'r1'), lastError: 'second' };
    await s2.putInventory(inv2);
    fs.reset();
    expect(await s2.getInventory('acc-1', 'r1')).toBe(inv2);
    expect(fs.calls.filter((x) => x.op === 'readFile')).toEqual([]);
    // a file changed behind the store's back is read again
    writeFileSync(file, JSON.stringify({ ...inv2, lastError: 'edited outside' }));
    expect((await s2.getInventory('acc-1', 'r1'))?.lastError).toBe('edited outside');
  });

  it('a put is what getInventory returns at once, before its file is written; a failed write falls back to the file', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const fs = createFaultyFs(null, { ...nodeFs, rename: async (a, b) => (b.includes(`${path.sep}cache${path.sep}`) ? gate.then(() => nodeFs.rename(a, b)) : nodeFs.rename(a, b)) });
    const s = await open({ fs });
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    const first = { ...emptyInventory('acc-1', 'r1'), lastError: 'first' };
    release();
    await s.putInventory(first);

    gate = new Promise<void>((r) => (release = r));
    const second = { ...emptyInventory('acc-1', 'r1'), lastError: 'second' };
    let written = false;
    const put = s.putInventory(second).then(() => void (written = true));
    // The file is still the first one, and the write has not finished: the reader gets the new inventory anyway.
    expect(await s.getInventory('acc-1', 'r1')).toBe(second);
    expect(written).toBe(false);
    expect(readFileSync(cacheFile(), 'utf8')).toContain('"first"');
    release();
    await put;
    expect(readFileSync(cacheFile(), 'utf8')).toContain('"second"');
    expect(await s.getInventory('acc-1', 'r1')).toBe(second);

    // A write that fails: the reader got the new one meanwhile, and the older file afterwards.
    fs.reset((c) => (c.op === 'open' && c.path.includes(`${path.sep}cache${path.sep}`) ? sysError('ENOSPC', 'open', c.path) : undefined));
    const third = { ...emptyInventory('acc-1', 'r1'), lastError: 'third' };
    const failed = s.putInventory(third);
    expect(await s.getInventory('acc-1', 'r1')).toBe(third);
    await expect(failed).rejects.toMatchObject({ appError: { code: 'STORE_WRITE' } });
    fs.reset(null);
    expect((await s.getInventory('acc-1', 'r1'))?.lastError).toBe('second');
  });

  it('listeners are stored by name then ID: served as put at once, by name once written, and by name after a restart', async () => {
    const s = await open();
    await s.update((st) => void st.accounts.push(testAccount('acc-1')));
    // The cloud's order: by ID, which is not the order of the names (svc-10 before svc-9, one name twice).
    const named = (id: string, name: string) => ({ ...testListener(0), id, name });
    const listeners = [named('l-1', 'svc-10'), named('l-2', 'svc-9'), named('l-3', ''), named('l-5', 'alpha'), named('l-4', 'alpha')];
    const inv = { ...emptyInventory('acc-1', 'r1'), listeners };
    const put = s.putInventory(inv);
    expect(await s.getInventory('acc-1', 'r1')).toBe(inv);
    await put;
    const byName = ['l-4', 'l-5', 'l-2', 'l-1', 'l-3'];
    expect((await s.getInventory('acc-1', 'r1'))!.listeners.map((l) => l.id)).toEqual(byName);
    expect(inv.listeners.map((l) => l.id)).toEqual(['l-1', 'l-2', 'l-3', 'l-5', 'l-4']);
    await s.close();
    const again = await open();
    expect((await again.getInventory('acc-1', 'r1'))!.listeners.map((l) => l.id)).toEqual(byName);
  });

  it('an inventory already in the stored order is kept as it is (no copy)', () => {
    const inv = { ...emptyInventory('acc-1', 'r1'), listeners: [testListener(1), testListener(2)] };
    expect(inStoredOrder(inv)).toBe(inv);
    const reversed = { ...inv, listeners: [...inv.listeners].reverse() };
    expect(inStoredOrder(reversed).listeners).toEqual(inv.listeners);
  });

  it(`keeps exactly ${INVENTORY_MEMORY_SLOTS} inventories parsed; the least recently used is read again`, async () => {
    const fs = createFaultyFs();
    const s = await open({ fs });
    const regions = Array.from({ length: INVENTORY_MEMORY_SLOTS + 1 }, (_, i) => `r${i}`);
    for (const r of regions.slice(0, INVENTORY_MEMORY_SLOTS)) await s.putInventory(emptyInventory('acc-1', r));
    fs.reset();
    for (const r of regions.slice(0, INVENTORY_MEMORY_SLOTS)) await s.getInventory('acc-1', r);
    expect(fs.calls.filter((c) => c.op === 'readFile')).toEqual([]);
    await s.putInventory(emptyInventory('acc-1', regions[INVENTORY_MEMORY_SLOTS]!)); // pushes out r0
    fs.reset();
    await s.getInventory('acc-1', 'r1');
    expect(fs.calls.filter((c) => c.op === 'readFile')).toEqual([]);
    await s.getInventory('acc-1', 'r0');
    expect(fs.calls.filter((c) => c.op === 'readFile').map((c) => path.basename(c.path))).toEqual(['r0.json']);
  });
});

describe('cache folders', () => {
  it('are created (0700) once, and again when removed behind the store’s back', async () => {
    const fs = createFaultyFs();
    const s = await open({ fs });
    await s.putInventory(emptyInventory('acc-1', 'r1'));
    fs.reset();
    await s.putInventory(emptyInventory('acc-1', 'r1'));
    expect(fs.calls.filter((c) => c.op === 'mkdir')).toEqual([]);
    rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
    const inv = { ...emptyInventory('acc-1', 'r1'), stale: true };
    await s.putInventory(inv);
    expect(mode(path.join(dir, 'cache', 'acc-1'))).toBe(0o700);
    expect(await s.getInventory('acc-1', 'r1')).toBe(inv);
  });
});
