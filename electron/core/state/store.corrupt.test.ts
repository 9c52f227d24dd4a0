/** S2.4 / S2.5: bad, odd and newer files are never silently replaced; the original bytes are kept; recovery works. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAppMessage } from '../../../shared/mapping/app-messages';
import { emptyInventory } from '../../../shared/model/inventory';
import { openStore, STORE_FILE, classifyDataFile, type Store } from './store';
import { CURRENT_SCHEMA_VERSION, StoreFileSchema } from './schema';
import { testAccount } from './test-support/fixtures';

let root: string;
let dir: string;
let t = Date.parse('2025-03-01T10:00:00.000Z');
const clock = { now: () => new Date(t) };
const stores: Store[] = [];
const file = () => path.join(dir, STORE_FILE);

async function open(): Promise<Store> {
  const s = await openStore({ dir, clock });
  stores.push(s);
  return s;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-corrupt-'));
  dir = path.join(root, 'data');
  t = Date.parse('2025-03-01T10:00:00.000Z');
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

/** A good file with two accounts, a backup of it (made at open), then closed. */
async function seedGood(): Promise<void> {
  const s = await open();
  await s.update((st) => {
    st.accounts.push(testAccount('keep-1'), testAccount('keep-2'));
  });
  await s.close();
  t += 60_000;
  const s2 = await open(); // this open makes the backup of the 2-account file
  await s2.close();
  t += 60_000;
}

const good = JSON.stringify({ schemaVersion: 1, accounts: [testAccount('x')], drafts: [], journal: [], settings: {} });

const VARIANTS: { name: string; bytes: Buffer; reason: string; says: RegExp }[] = [
  { name: 'truncated', bytes: Buffer.from(good.slice(0, good.length - 25)), reason: 'invalid-json', says: /not valid JSON/ },
  { name: 'NUL-filled', bytes: Buffer.alloc(4096, 0), reason: 'nul-bytes', says: /NUL byte/ },
  { name: 'partly NUL', bytes: Buffer.concat([Buffer.from(good.slice(0, 40)), Buffer.alloc(100, 0)]), reason: 'nul-bytes', says: /NUL byte/ },
  { name: 'empty', bytes: Buffer.alloc(0), reason: 'empty', says: /empty/ },
  { name: 'whitespace', bytes: Buffer.from('  \n'), reason: 'empty', says: /empty/ },
  { name: 'null', bytes: Buffer.from('null'), reason: 'not-an-object', says: /holds null/ },
  { name: '0', bytes: Buffer.from('0'), reason: 'not-an-object', says: /holds a number/ },
  { name: '[]', bytes: Buffer.from('[]'), reason: 'not-an-object', says: /holds an array/ },
  { name: 'string', bytes: Buffer.from('"hello"'), reason: 'not-an-object', says: /holds a string/ },
  {
    name: 'schema-invalid',
    bytes: Buffer.from(JSON.stringify({ schemaVersion: 1, accounts: [{ id: 7 }], drafts: [], journal: [], settings: {} })),
    reason: 'schema-invalid',
    says: /accounts\.0/,
  },
  { name: 'bad schemaVersion', bytes: Buffer.from(JSON.stringify({ schemaVersion: 'one', accounts: [], drafts: [] })), reason: 'schema-invalid', says: /schemaVersion/ },
  { name: 'v0 without arrays', bytes: Buffer.from(JSON.stringify({ hello: 'world' })), reason: 'migration-failed', says: /accounts and drafts arrays/ },
  {
    name: 'newer with broken known fields',
    bytes: Buffer.from(JSON.stringify({ schemaVersion: 99, accounts: 'nope', drafts: [] })),
    reason: 'newer-schema-invalid',
    says: /newer ELB Desk \(schema 99\)/,
  },
];

describe.each(VARIANTS)('corrupt start: $name', ({ bytes, reason, says }) => {
  it('quarantines the original bytes, needs recovery, changes nothing, then recover(backup) and recover(defaults) work', async () => {
    await seedGood();
    writeFileSync(file(), bytes);
    const s = await open();
    const st = s.status();
    expect(st.state).toBe('needs-recovery');
    expect(st.message).toMatch(says);
    expect(st.unsavedChanges).toBe(false);
    // the quarantined copy has exactly the original bytes, in a reason-named file
    expect(st.quarantined).toHaveLength(1);
    expect(st.quarantined[0]).toMatch(new RegExp(`^quarantine/elb-desk\\..+\\.${reason}\\.json$`));
    expect(readFileSync(path.join(dir, st.quarantined[0]!))).toEqual(bytes);
    // the bad file itself is untouched, nothing silently became defaults on disk
    expect(readFileSync(file())).toEqual(bytes);
    expect(s.get().accounts).toEqual([]);
    await expect(s.update((x) => void x.accounts.push(testAccount('nope')))).rejects.toMatchObject({ appError: { code: 'READ_ONLY' } });
    expect(readFileSync(file())).toEqual(bytes);
    // the message offers the backup
    expect(st.backups.length).toBeGreaterThan(0);
    expect(st.message).toContain(st.backups[0]!.file);
    // in sentences the window can say in its language: each one of main's messages, together the message
    expect(st.messageParts!.map((m) => readAppMessage(m)?.code)).toEqual(['storeFileUnusable', 'storeRestoreOrEmpty']);
    expect(st.messageParts!.join(' ')).toBe(st.message);

    // recover from the backup
    const after = await s.recover(st.backups[0]!.file);
    expect(after.state).toBe('ok');
    expect(s.get().accounts.map((a) => a.id)).toEqual(['keep-1', 'keep-2']);
    expect(StoreFileSchema.safeParse(JSON.parse(readFileSync(file(), 'utf8'))).success).toBe(true);
    await s.update((x) => void x.accounts.push(testAccount('after')));
    expect(readFileSync(path.join(dir, st.quarantined[0]!))).toEqual(bytes); // still there

    // corrupt again (same clock time) and recover with defaults: a second, distinct quarantine file
    await s.close();
    writeFileSync(file(), bytes);
    const s2 = await open();
    expect(s2.status().state).toBe('needs-recovery');
    const q = readdirSync(path.join(dir, 'quarantine')).filter((n) => n.endsWith('.json'));
    expect(q).toHaveLength(2);
    for (const n of q) expect(readFileSync(path.join(dir, 'quarantine', n))).toEqual(bytes);
    const fresh = await s2.recover('defaults');
    expect(fresh.state).toBe('ok');
    expect(fresh.messageParts!.map((m) => readAppMessage(m)?.code)).toEqual(['storeStartedEmpty']);
    expect(s2.get().accounts).toEqual([]);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, accounts: [] });
  });
});

describe('corrupt start without backups', () => {
  it('says no backup is available and recover("defaults") still works', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(), 'null');
    const s = await open();
    expect(s.status()).toMatchObject({ state: 'needs-recovery', backups: [] });
    expect(s.status().message).toMatch(/No backup is available/);
    expect(s.status().messageParts!.map((m) => readAppMessage(m)?.code)).toEqual(['storeFileUnusable', 'storeNoBackupToRestore']);
    await s.recover('defaults');
    expect(s.status().state).toBe('ok');
  });
});

describe('recover() input checks', () => {
  it('rejects names that are not backups, paths and missing files; refuses unusable backups', async () => {
    await seedGood();
    writeFileSync(file(), '[]');
    const s = await open();
    await expect(s.recover('../elb-desk.json')).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(s.recover('/etc/passwd')).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    await expect(s.recover('elb-desk.2020-01-01T00-00-00.000Z.json')).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
    writeFileSync(path.join(dir, 'backups', 'elb-desk.2020-01-01T00-00-00.000Z.json'), '{"schemaVersion":1');
    await expect(s.recover('elb-desk.2020-01-01T00-00-00.000Z.json')).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
    expect(s.status().state).toBe('needs-recovery');
    expect(readFileSync(file(), 'utf8')).toBe('[]');
  });
});

describe('a file from a newer ELB Desk', () => {
  const newer = JSON.stringify({
    schemaVersion: 7,
    accounts: [testAccount('n1')],
    drafts: [],
    journal: [],
    settings: {},
    somethingNew: { a: 1 },
  });

  it('opens read-only with its data; update and putInventory reject READ_ONLY; the file is untouched', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(), newer);
    const s = await open();
    const st = s.status();
    expect(st.state).toBe('read-only');
    expect(st.message).toContain('written by a newer ELB Desk (schema 7); opened read-only');
    expect(s.get().accounts.map((a) => a.id)).toEqual(['n1']);
    await expect(s.update((x) => void x.accounts.push(testAccount('no')))).rejects.toMatchObject({ appError: { code: 'READ_ONLY' } });
    await expect(s.putInventory(emptyInventory('n1', 'r1'))).rejects.toMatchObject({ appError: { code: 'READ_ONLY' } });
    await s.close();
    expect(readFileSync(file(), 'utf8')).toBe(newer);
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('recover("defaults") keeps a copy of the newer file before replacing it', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(), newer);
    const s = await open();
    await s.recover('defaults');
    expect(s.status().state).toBe('ok');
    const q = s.status().quarantined;
    expect(q).toHaveLength(1);
    expect(q[0]).toMatch(/replaced-newer/);
    expect(readFileSync(path.join(dir, q[0]!), 'utf8')).toBe(newer);
  });
});

describe('classifyDataFile', () => {
  it('accepts a good file and reports newer versions', () => {
    expect(classifyDataFile(Buffer.from(good)).kind).toBe('ok');
    const v = CURRENT_SCHEMA_VERSION + 1;
    expect(classifyDataFile(Buffer.from(JSON.stringify({ ...JSON.parse(good), schemaVersion: v })))).toMatchObject({ kind: 'newer', version: v });
  });
});
