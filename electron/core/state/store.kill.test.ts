/**
 * S2.1: kill -9 a writer in the middle of rapid saves, many times; after each kill the main file and every draft
 * file parse, validate and hold every save the writer acknowledged (accounts in the main file; draft creates,
 * edits and deletes in drafts.wal and drafts/). Every other round the writer folds the log into drafts/ every few ms,
 * so kills also land during checkpoints. Each round also exercises the stale-lock takeover and the stale-temp cleanup
 * (the parent reopens the folder the killed child still "locks").
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftSchema } from '../../../shared/model/draft';
import { parseLog } from './draft-log';
import { DRAFT_LOG_FILE, DRAFTS_DIR, openStore, STORE_FILE } from './store';
import { StoreFileSchema } from './schema';
import { bundleEntry } from './test-support/bundle';

/** Kill rounds (≥ 20 per the reliability targets; keep the file under ~60 s). */
export const KILL_ROUNDS = 25;
/** Random delay range between the child's "ready" and SIGKILL. */
const MIN_DELAY_MS = 20;
const MAX_DELAY_MS = 400;

let child: string;
let root: string;
beforeAll(async () => {
  child = await bundleEntry('writer-child');
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-kill-'));
});
afterAll(() => {
  rmSync(path.dirname(child), { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

interface Round {
  acked: string[];
  /** Acknowledged draft saves: id → highest acknowledged revision. */
  drafts: Map<string, number>;
  deleted: Set<string>;
  /** Drafts whose delete was started (acknowledged or not). */
  deleting: Set<string>;
  stdoutComplete: boolean;
}

function runAndKill(dir: string, delayMs: number, checkpointDelayMs: number | null): Promise<Round> {
  return new Promise((resolve, reject) => {
    const args = [child, 'kill', dir, '4', ...(checkpointDelayMs === null ? [] : [String(checkpointDelayMs)])];
    const p = spawn(process.execPath, args, { env: { ...process.env, ELB_WRITER_CHILD: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      out += d;
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended by itself (code ${code}): ${err}`));
      const lines = out.split('\n');
      const complete = out.endsWith('\n');
      const whole = lines.filter((_, i) => complete || i < lines.length - 1);
      const acked = whole.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
      const drafts = new Map<string, number>();
      const deleted = new Set<string>();
      const deleting = new Set<string>();
      for (const l of whole) {
        const [kind, id, rev] = l.split(' ');
        if (kind === 'draft' && id) drafts.set(id, Math.max(drafts.get(id) ?? 0, Number(rev)));
        if (kind === 'deleted' && id) deleted.add(id);
        if (kind === 'deleting' && id) deleting.add(id);
      }
      resolve({ acked, drafts, deleted, deleting, stdoutComplete: complete });
    });
  });
}

describe('kill -9 during rapid saves', () => {
  it(`every acknowledged save survives, over ${KILL_ROUNDS} rounds`, async () => {
    const dir = path.join(root, 'data');
    let totalAcks = 0;
    let draftAcks = 0;
    let deletes = 0;
    let staleTemps = 0;
    let logRecords = 0;
    const draftsDir = path.join(dir, DRAFTS_DIR);
    const temps = () => [...readdirSync(dir), ...(existsSync(draftsDir) ? readdirSync(draftsDir) : [])].filter((n) => n.endsWith('.tmp'));
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const delay = MIN_DELAY_MS + Math.floor(Math.random() * (MAX_DELAY_MS - MIN_DELAY_MS));
      const { acked, drafts, deleted, deleting } = await runAndKill(dir, delay, round % 2 ? 3 : null);
      totalAcks += acked.length;
      draftAcks += drafts.size;
      deletes += deleted.size;
      staleTemps += temps().length;

      // The raw files parse and validate by themselves...
      const doc: unknown = JSON.parse(readFileSync(path.join(dir, STORE_FILE), 'utf8'));
      expect(StoreFileSchema.safeParse(doc).success).toBe(true);
      for (const f of existsSync(draftsDir) ? readdirSync(draftsDir).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : []) {
        const parsed = DraftSchema.safeParse(JSON.parse(readFileSync(path.join(draftsDir, f), 'utf8')));
        expect(parsed.success, `round ${round}: ${f} is not a valid draft`).toBe(true);
      }
      const logFile = path.join(dir, DRAFT_LOG_FILE);
      if (existsSync(logFile)) {
        const log = parseLog(readFileSync(logFile));
        expect(log.badLines, `round ${round}: ${DRAFT_LOG_FILE} has damaged records before its last line`).toBe(0);
        logRecords += log.entries.length;
      }
      // ...and the store reopens them (taking over the dead child's lock) with every acked save.
      const s = await openStore({ dir });
      expect(s.status().state).toBe('ok');
      expect(s.status().quarantined).toEqual([]);
      const have = new Set(s.get().accounts.map((a) => a.id));
      const lost = acked.filter((id) => !have.has(id));
      expect(lost, `round ${round} (kill after ${delay} ms): lost acknowledged saves`).toEqual([]);
      const revs = new Map(s.get().drafts.map((d) => [d.id, d.revision]));
      const lostDrafts = [...drafts].filter(([id, rev]) => !deleting.has(id) && !((revs.get(id) ?? 0) >= rev)).map(([id, rev]) => `${id}@${rev} (have ${revs.get(id)})`);
      expect(lostDrafts, `round ${round} (kill after ${delay} ms): lost acknowledged draft saves`).toEqual([]);
      const resurrected = [...deleted].filter((id) => revs.has(id));
      expect(resurrected, `round ${round}: acknowledged deletes undone`).toEqual([]);
      for (const d of s.get().drafts) expect(d.title === `Draft ${d.id}` || d.title === `${d.id} r${d.revision}`).toBe(true);
      expect(temps()).toEqual([]);
      await s.close();
    }
    console.log(
      `[store.kill] ${KILL_ROUNDS} rounds, ${totalAcks} acknowledged account saves, ${draftAcks} drafts with acknowledged saves, ` +
        `${deletes} acknowledged draft deletes, ${staleTemps} stale temp files cleaned, ${logRecords} draft-log records replayed`,
    );
    expect(totalAcks).toBeGreaterThan(KILL_ROUNDS * 5);
    expect(draftAcks).toBeGreaterThan(KILL_ROUNDS * 5);
  });
});
