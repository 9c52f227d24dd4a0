/**
 * The submission journal of a fleet run's targets while the run goes: `fleet/journal/<runId>.wal` in the data
 * folder, one JSON snapshot of a journal entry a line, appended and fdatasynced — a durable append per save instead of
 * a rewrite of the main state file (which holds every journal entry) per step. Saves that arrive while a write is
 * in flight share the next write + sync (group commit), in order. Reading it back, the last line of an entry ID
 * wins; a line torn by a crash (or that does not parse) is skipped — it was never acknowledged, so no create was
 * sent on its strength. When the run settles, the engine folds the entries into the store's journal (one update)
 * and removes the file.
 */
import { mkdir, open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { JournalEntrySchema, type JournalEntry } from '../../../shared/ipc/contract';

/** Folder (under the data folder) of the fleet runs' journals. */
export const FLEET_JOURNAL_DIR = path.join('fleet', 'journal');

export class FleetJournal {
  private readonly entries = new Map<string, JournalEntry>();
  /** draftId → the ID of its newest entry. */
  private readonly byDraft = new Map<string, string>();
  private fh: FileHandle | null = null;
  private queue: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing: Promise<void> | null = null;
  /** Lines skipped on load (torn or invalid). */
  skipped = 0;

  private constructor(readonly file: string) {}

  /** The journal of a new run (no file yet: it is created by the first save). */
  static fresh(dataDir: string, runId: string): FleetJournal {
    return new FleetJournal(path.join(dataDir, FLEET_JOURNAL_DIR, `${runId}.wal`));
  }

  /** Opens (and reads) the journal of run `runId` in `dataDir`. */
  static async open(dataDir: string, runId: string): Promise<FleetJournal> {
    const j = new FleetJournal(path.join(dataDir, FLEET_JOURNAL_DIR, `${runId}.wal`));
    let text = '';
    try {
      text = await readFile(j.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = JournalEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) j.remember(parsed.data);
        else j.skipped++;
      } catch {
        j.skipped++;
      }
    }
    // A torn last line: the next append starts on a line of its own.
    if (text.length > 0 && !text.endsWith('\n')) j.queue.push('');
    return j;
  }

  private remember(entry: JournalEntry): void {
    this.entries.set(entry.id, entry);
    this.byDraft.set(entry.draftId, entry.id);
  }

  /** The newest entry of this draft in this journal. */
  last(draftId: string): JournalEntry | undefined {
    const id = this.byDraft.get(draftId);
    return id ? structuredClone(this.entries.get(id)) : undefined;
  }

  /** Every entry (newest snapshot of each). */
  all(): JournalEntry[] {
    return [...this.entries.values()].map((e) => structuredClone(e));
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Makes `entry` current at once; resolves when it (and every save before it) is on disk. The journal keeps `entry`
   * itself: the caller hands over a copy it no longer changes.
   */
  save(entry: JournalEntry): Promise<void> {
    this.remember(entry);
    this.queue.push(JSON.stringify(entry));
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  /**
   * Makes `entry` current at once and queues it without a write of its own: it reaches the disk with the next
   * `save` (lines stay in order). For what a crash may lose without harm (a step's result, which reconciliation
   * finds again from the step's durable intent). Like `save`, it keeps `entry` itself.
   */
  stage(entry: JournalEntry): void {
    this.remember(entry);
    this.queue.push(JSON.stringify(entry));
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    const lines = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    this.writing = (async () => {
      try {
        if (!this.fh) {
          await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
          this.fh = await open(this.file, 'a', 0o600);
        }
        await this.fh.write(lines.join('\n') + '\n');
        await this.fh.datasync();
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    })().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  /** Writes what is staged and waits for every queued save. */
  async idle(): Promise<void> {
    if (this.queue.some((l) => l !== '')) await this.flushStaged();
    while (this.writing) await this.writing;
  }

  private flushStaged(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  async close(): Promise<void> {
    await this.idle();
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }

  /** Closes and deletes the file (after its entries are folded into the store's journal). */
  async remove(): Promise<void> {
    await this.close();
    await unlink(this.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
