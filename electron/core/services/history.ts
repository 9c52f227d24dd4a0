/**
 * History: an append-only local record of every submitted plan (create, clone, edit, delete), in its own durable
 * file `history/history.jsonl` in the data folder (one JSON entry a line, fsynced on append; a torn last line from a
 * crash is skipped on read). Every entry goes through the logs' redactor before it is written, so keys and tokens
 * never reach it. Drift is computed from it: what ELB Desk last applied vs the cached live values.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalEntry, Res } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { computeDrift, lastApplied } from '../../../shared/lifecycle/drift';
import { fieldsFromListener } from '../../../shared/lifecycle/fields';
import { appMessage } from '../../../shared/mapping/app-messages';
import { HistoryEntrySchema, type HistoryChange, type HistoryEntry, type HistoryKind } from '../../../shared/model/history';
import type { Redactor } from '../log/redact';
import type { ServiceContext } from './context';

export const HISTORY_FILE = path.join('history', 'history.jsonl');

export interface HistoryRecordInput {
  kind: HistoryKind;
  entry: JournalEntry;
  listenerIds: string[];
  /** method and path of each journal step, by step key. */
  requests: Record<string, { method: string; path: string }>;
  changes: HistoryChange[];
}

export function historyService(ctx: ServiceContext, redactor: Redactor) {
  const file = path.join(ctx.ports.paths.dataDir, HISTORY_FILE);
  let cache: HistoryEntry[] | null = null;
  /** The file ends without a newline (a crash tore the last append): the next append starts a new line. */
  let torn = false;
  let chain: Promise<unknown> = Promise.resolve();

  async function load(): Promise<HistoryEntry[]> {
    if (cache) return cache;
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    torn = text.length > 0 && !text.endsWith('\n');
    const out: HistoryEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = HistoryEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A line torn by a crash mid-append: skipped (the entries before it are intact).
      }
    }
    cache = out;
    return out;
  }

  async function append(entry: HistoryEntry): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const fh = await open(file, 'a', 0o600);
    try {
      await fh.write(`${torn ? '\n' : ''}${JSON.stringify(entry)}\n`);
      await fh.sync();
      torn = false;
    } finally {
      await fh.close();
    }
  }

  /** Redacts, checks and appends one entry (inside the chain), and tells the windows. */
  async function write(raw: HistoryEntry): Promise<HistoryEntry> {
    const all = await load();
    const entry = HistoryEntrySchema.parse(redactor.redact(raw));
    await append(entry);
    all.push(entry);
    ctx.events.emit('state:changed', { what: 'drafts' });
    return entry;
  }

  return {
    /** Appends one entry for a finished (or stopped) plan; once per journal entry and result. */
    record(input: HistoryRecordInput): Promise<void> {
      const run = chain.then(async () => {
        const all = await load();
        const result = input.entry.state === 'done' ? 'done' : input.entry.state === 'rolled_back' ? 'rolled_back' : input.entry.state === 'failed' ? 'failed' : 'interrupted';
        if (all.some((h) => h.journalId === input.entry.id && h.result === result)) return;
        const raw: HistoryEntry = {
          id: randomUUID(),
          at: ctx.clock.now().toISOString(),
          kind: input.kind,
          draftId: input.entry.draftId,
          journalId: input.entry.id,
          accountId: input.entry.accountId,
          region: input.entry.region,
          loadBalancerId: input.entry.loadBalancerId,
          result,
          listenerIds: input.listenerIds,
          requests: input.entry.steps.map((s) => ({
            key: s.key,
            title: s.title,
            method: input.requests[s.key]?.method ?? '',
            path: input.requests[s.key]?.path ?? '',
            requestId: s.requestId,
            result: s.state,
            resourceId: s.resourceId,
            error: s.error,
          })),
          changes: input.changes,
        };
        await write(raw);
      });
      chain = run.catch(() => undefined);
      return run.catch((e: unknown) => {
        ctx.logger.log('error', '[history]', `could not record the history of ${input.entry.id}: ${e instanceof Error ? e.message : String(e)}`);
      });
    },

    async list(req: { listenerId?: string | undefined; accountId?: string | undefined; region?: string | undefined }): Promise<Res<'history:list'>> {
      await chain;
      const all = await load();
      return structuredClone(
        all.filter(
          (h) =>
            (!req.listenerId || h.listenerIds.includes(req.listenerId)) &&
            (!req.accountId || h.accountId === req.accountId) &&
            (!req.region || h.region === req.region),
        ),
      );
    },

    async exportJson(req: { listenerId?: string | undefined }): Promise<Res<'history:export'>> {
      const entries = await this.list(req);
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      return {
        filename: req.listenerId ? `elb-desk-history-${req.listenerId.slice(0, 40)}-${stamp}.json` : `elb-desk-history-${stamp}.json`,
        mime: 'application/json',
        content: `${JSON.stringify({ format: 'elb-desk-history', version: 1, entries }, null, 2)}\n`,
      };
    },

    /**
     * "Take live values": the listener's cached live values (what the drift view shows) become the applied baseline,
     * as a history entry of kind `accepted` (no requests; nothing is sent). Refused when the listener has not drifted.
     */
    async acceptDrift(req: { accountId: string; region: string; listenerId: string }): Promise<Res<'drift:accept'>> {
      const run = chain.then(async () => {
        const inv = await ctx.store.getInventory(req.accountId, req.region);
        const listener = inv?.listeners.find((l) => l.id === req.listenerId);
        if (!inv || !listener) throw new AppFailure('NOT_FOUND', appMessage('listenerNotCached', { id: req.listenerId }));
        const all = (await load()).filter((h) => h.accountId === req.accountId && h.region === req.region);
        const item = computeDrift([listener], all)[0];
        const applied = lastApplied(all, listener.id);
        if (!item || !applied) throw new AppFailure('VALIDATION', `Listener ${listener.name || listener.id} has not drifted: its live values are what ELB Desk last applied.`);
        const id = randomUUID();
        return write({
          id,
          at: ctx.clock.now().toISOString(),
          kind: 'accepted',
          draftId: '',
          journalId: `accepted-${id}`,
          accountId: req.accountId,
          region: req.region,
          loadBalancerId: listener.loadBalancerId,
          result: 'done',
          listenerIds: [listener.id],
          requests: [],
          changes: [{ listenerId: listener.id, before: applied, after: fieldsFromListener(listener) }],
        });
      });
      chain = run.catch(() => undefined);
      return structuredClone(await run);
    },

    async drift(req: { accountId: string; region: string }): Promise<Res<'drift:get'>> {
      await chain;
      const inv = await ctx.store.getInventory(req.accountId, req.region);
      if (!inv) return [];
      const all = (await load()).filter((h) => h.accountId === req.accountId && h.region === req.region);
      return computeDrift(inv.listeners, all);
    },
  };
}

export type HistoryService = ReturnType<typeof historyService>;
