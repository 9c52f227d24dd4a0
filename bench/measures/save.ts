/**
 * save: a durable draft save (`drafts:save` through the core's dispatcher, in process: request parsing, validation,
 * `store.update` = copy of the edited draft, serialize it, append it to drafts.wal and fsync) with 5,000 drafts stored
 * (one file each, schema 2). The checkpoints that bring the draft files up to date (a second after the last save)
 * run in the background during the runs, as they do in the app.
 * Baseline, alternated with it: writing the same bytes (the draft as the previous save left it) to a temp file,
 * fsync, close and rename over another file of the same folder. The ratio is the median of the per-pair ratios (a
 * save ÷ the baseline run of its pair), and passes only with the margin (see `ratioRow`).
 */
import { randomUUID } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { createCore, type Core } from '../../electron/core/create-core';
import { systemClock, type Ports } from '../../electron/core/ports';
import { createFileKeyCipher } from '../../electron/core/vault/cipher';
import type { Draft, DraftContent } from '../../shared/model/draft';
import { measurePair, RATIO_MARGIN, ratioRow, type ResultRow } from '../stats';
import { benchDraft } from './validate';

const ORIGIN = 'bench://elb-desk';

/** A core on `dataDir` (no events, no logs kept; the sandbox URL is never contacted by draft operations). */
export async function openBenchCore(dataDir: string): Promise<Core> {
  const ports: Ports = {
    paths: { dataDir, logDir: path.join(dataDir, 'logs') },
    cipher: await createFileKeyCipher(dataDir),
    events: { emit: () => undefined },
    clock: systemClock,
    logger: { log: () => undefined },
    mode: 'browser',
    trustedOrigins: [ORIGIN],
    version: '0.0.0-bench',
  };
  return createCore(ports, { sandboxUrl: 'http://127.0.0.1:9' });
}

/** Calls a channel and returns its value (throws on an error result). */
export async function must<T>(core: Core, channel: string, payload: unknown): Promise<T> {
  const r = await core.dispatch(channel, payload, { origin: ORIGIN, isMainFrame: true });
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** `n` stored drafts (complete ones, targeting the Local sandbox account), written in one update. */
export async function seedDrafts(core: Core, n: number): Promise<Draft[]> {
  const account = core.store.get().accounts[0];
  const now = new Date().toISOString();
  const drafts: Draft[] = Array.from({ length: n }, (_, i) => {
    const c: DraftContent = benchDraft(i % 1000);
    c.title = `Listener ${i}`;
    c.target = { accountId: account?.id ?? null, region: 'sandbox-1', loadBalancerId: 'lb-1' };
    return { ...c, id: randomUUID(), status: 'draft', createdAt: now, updatedAt: now, revision: 1, result: null, lastError: null };
  });
  await core.store.update((s) => {
    s.drafts.push(...drafts);
  });
  return drafts;
}

/** Writes `bytes` to a temp file, fsyncs it, closes it and renames it over `target`. */
export async function rawDurableWrite(target: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${target}.tmp`;
  const h = await open(tmp, 'w', 0o600);
  try {
    await h.writeFile(bytes);
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, target);
}

/** Measures `save` in a fresh data folder. */
export async function measureSave(dataDir: string, o: { drafts?: number; runs?: number } = {}): Promise<ResultRow> {
  const n = o.drafts ?? 5000;
  const core = await openBenchCore(dataDir);
  try {
    const drafts = await seedDrafts(core, n);
    let lastSaved: Draft = drafts[0]!;
    const rawTarget = path.join(dataDir, 'bench-raw-copy.json');
    let size = 0;
    let k = 0;
    const revisions = new Map(drafts.map((d) => [d.id, d.revision]));
    const save = async (): Promise<number> => {
      const d = drafts[(k * 997) % drafts.length]!;
      k++;
      const content: DraftContent = {
        title: `${d.title} (edited ${k})`,
        target: d.target,
        step: 'routing',
        listener: { ...d.listener, idleTimeout: 300 + (k % 600) },
        routing: d.routing,
      };
      const t0 = performance.now();
      const saved = await must<Draft>(core, 'drafts:save', { id: d.id, revision: revisions.get(d.id), content });
      const ms = performance.now() - t0;
      revisions.set(d.id, saved.revision);
      lastSaved = saved;
      return ms;
    };
    const raw = async (): Promise<number> => {
      const bytes = Buffer.from(JSON.stringify(lastSaved)); // the draft file the last save leads to (not timed)
      size = bytes.length;
      const t0 = performance.now();
      await rawDurableWrite(rawTarget, bytes);
      return performance.now() - t0;
    };
    const { subject, baseline, ratios } = await measurePair(save, raw, o.runs ?? 9, 2);
    const count = core.store.get().drafts.length;
    if (count !== n) throw new Error(`expected ${n} drafts, the store has ${count}`);
    return ratioRow(
      'save',
      'ms',
      subject,
      baseline,
      1.5,
      `drafts:save via the core dispatcher (in process) with ${n.toLocaleString('en')} drafts stored (one file each); a save appends the ` +
        `${(size / 1e3).toFixed(1)} KB draft to drafts.wal and fsyncs it, checkpoints fold the log into drafts/ in the background; ` +
        'baseline = write + fsync + close + rename of the same bytes (no folder fsync); runs alternated; ' +
        `ratio = median of ${ratios.length} per-pair ratios (IQR in the table), pass = median + ${RATIO_MARGIN} ≤ target`,
      { ratios },
    );
  } finally {
    await core.dispose();
  }
}
