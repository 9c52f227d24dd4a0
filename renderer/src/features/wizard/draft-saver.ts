/**
 * Saves a draft's content to main one request at a time, with the revision last seen. Saves requested while one
 * is in flight collapse into the newest content, which is sent as soon as the running one ends, so the last edit
 * always reaches the store and no two saves race on the same revision. Plain TypeScript (no runes), so it is
 * unit-tested without a DOM; the wizard mirrors its status into `$state` through `onStatus`.
 */
import type { Draft, DraftContent } from '../../../../shared/model/draft';
import type { AppError, Result } from '../../../../shared/ipc/result';

/** What the saver reports; the UI shows "Saved" / "Saving…" / "Not saved: <reason>". */
export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; revision: number; at: string }
  | { kind: 'failed'; error: AppError }
  | { kind: 'conflict'; error: AppError };

/** The result of one `save()` call. */
export type SaveOutcome =
  | { kind: 'unchanged' }
  | { kind: 'saved'; draft: Draft }
  | { kind: 'failed'; error: AppError }
  | { kind: 'conflict'; error: AppError };

/** The saver's way to main (`drafts:save`). */
export type SaveFn = (req: { id: string; revision: number; content: DraftContent }) => Promise<Result<Draft>>;

/** A stable text key of a content, used to skip saving what is already saved. */
export function contentKey(content: DraftContent): string {
  return JSON.stringify(content);
}

/** The editable part of a stored draft, as a fresh plain object (fields in DraftContent order). */
export function contentOfDraft(d: Draft): DraftContent {
  const { title, target, step, listener, routing } = structuredClone({ title: d.title, target: d.target, step: d.step, listener: d.listener, routing: d.routing });
  // Day-two drafts keep what they are (edit / delete, the listener and base an edit started from, a clone's origin).
  const extra = structuredClone({
    ...(d.kind !== undefined ? { kind: d.kind } : {}),
    ...(d.edit !== undefined ? { edit: d.edit } : {}),
    ...(d.deletion !== undefined ? { deletion: d.deletion } : {}),
    ...(d.origin !== undefined ? { origin: d.origin } : {}),
  });
  return { title, ...(d.titleAuto !== undefined ? { titleAuto: d.titleAuto } : {}), target, step, listener, routing, ...extra };
}

/** Serialises saves of one draft. */
export class DraftSaver {
  private revision: number;
  private savedKey: string;
  private queued: { content: DraftContent; key: string } | null = null;
  private running: Promise<SaveOutcome> | null = null;
  private status: SaveStatus = { kind: 'idle' };

  /**
   * @param draftId the draft being edited
   * @param loaded the draft as loaded: its revision and content are the saved baseline
   * @param saveFn calls `drafts:save`
   * @param onStatus receives every status change, and the saved draft when a save succeeds
   */
  constructor(
    private readonly draftId: string,
    loaded: Pick<Draft, 'revision'> & { content: DraftContent },
    private readonly saveFn: SaveFn,
    private readonly onStatus: (status: SaveStatus, saved?: { draft: Draft; key: string }) => void = () => {},
  ) {
    this.revision = loaded.revision;
    this.savedKey = contentKey(loaded.content);
  }

  /** The revision the next save will name. */
  get currentRevision(): number {
    return this.revision;
  }

  /** The key of the content last saved (or loaded). */
  get lastSavedKey(): string {
    return this.savedKey;
  }

  /** The last reported status. */
  get currentStatus(): SaveStatus {
    return this.status;
  }

  /** True while a save is on its way. */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Saves `content` (a plain snapshot, not a live proxy) unless it equals what is saved. Resolves when this
   * content, or a newer one queued meanwhile, has been saved or refused. Never throws.
   */
  save(content: DraftContent): Promise<SaveOutcome> {
    this.queued = { content, key: contentKey(content) };
    if (this.running) return this.running;
    const run = this.loop().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Starts again from a draft reloaded after a conflict: its revision and content become the baseline. */
  reset(loaded: Pick<Draft, 'revision'> & { content: DraftContent }): void {
    this.revision = loaded.revision;
    this.savedKey = contentKey(loaded.content);
    this.queued = null;
    this.setStatus({ kind: 'saved', revision: loaded.revision, at: new Date().toISOString() });
  }

  /**
   * Takes a newer revision of the same stored content (main bumped it without changing the content, e.g. a
   * submit changed the status), so the next save does not conflict.
   */
  adoptRevision(revision: number): void {
    if (revision > this.revision) this.revision = revision;
  }

  private setStatus(s: SaveStatus, saved?: { draft: Draft; key: string }): void {
    this.status = s;
    this.onStatus(s, saved);
  }

  private async loop(): Promise<SaveOutcome> {
    let outcome: SaveOutcome = { kind: 'unchanged' };
    while (this.queued) {
      const { content, key } = this.queued;
      this.queued = null;
      if (key === this.savedKey && this.status.kind !== 'failed') {
        outcome = { kind: 'unchanged' };
        continue;
      }
      this.setStatus({ kind: 'saving' });
      let res: Result<Draft>;
      try {
        res = await this.saveFn({ id: this.draftId, revision: this.revision, content });
      } catch (e) {
        res = { ok: false, error: { code: 'INTERNAL', message: (e as Error)?.message ?? String(e) } };
      }
      if (res.ok) {
        this.revision = res.value.revision;
        this.savedKey = key;
        outcome = { kind: 'saved', draft: res.value };
        // A newer edit may be queued already: report "saving" again on the next turn rather than flicker "saved".
        this.setStatus({ kind: 'saved', revision: res.value.revision, at: res.value.updatedAt }, { draft: res.value, key });
      } else if (res.error.code === 'CONFLICT') {
        this.queued = null;
        this.setStatus({ kind: 'conflict', error: res.error });
        return { kind: 'conflict', error: res.error };
      } else {
        outcome = { kind: 'failed', error: res.error };
        this.setStatus({ kind: 'failed', error: res.error });
      }
    }
    return outcome;
  }
}
