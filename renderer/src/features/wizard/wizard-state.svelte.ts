/**
 * The whole state of one Add TCP Listener wizard: the editing half (WizardDraftState in wizard-draft.svelte.ts:
 * content, inventory, issues, steps, saving) and the Confirm step here — preflight (submit:preflight, or
 * lifecycle:preflight for edit and delete drafts), submit with progress, orphan removal, rollback, and an edit's
 * conflict resolution and "create it anew". Talks to main only through the injected WizardApi.
 */
import type { Draft, DraftContent } from '../../../../shared/model/draft';
import { planEditRequests, type EditDraft } from '../../../../shared/lifecycle/edit';
import type { JournalEntry, LifecyclePreflight, PlannedRequest, Preflight } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { planRequests } from '../../../../shared/mapping/api';
import { contentKey, contentOfDraft } from './draft-saver';
import { WizardDraftState } from './wizard-draft.svelte';

export { AUTOSAVE_DELAY_MS, type ConflictNotice, type WizardApi } from './wizard-draft.svelte';

/** The state of one wizard page. Create one per draft; call `connect()` and `load()`. */
export class WizardState extends WizardDraftState {
  preflight = $state.raw<Preflight | null>(null);
  /** Edit drafts: the live diff, conflicts (base / theirs / mine), fields only others changed, or the listener gone. */
  lifecyclePreflight = $state.raw<LifecyclePreflight | null>(null);
  resolveBusy = $state(false);
  resolveError = $state.raw<AppError | null>(null);
  preflightError = $state.raw<AppError | null>(null);
  preflightBusy = $state(false);
  journal = $state.raw<JournalEntry | null>(null);
  submitError = $state.raw<AppError | null>(null);
  submitBusy = $state(false);
  rollbackBusy = $state(false);
  rollbackError = $state.raw<AppError | null>(null);

  /** The plan to show: main's preflight plan, or (offline) the same mapping computed here from the draft. */
  plan: PlannedRequest[] = $derived(this.preflight?.plan ?? this.localPlan());

  /** Subscribes to main's pushes (submit progress, inventory changes); returns the unsubscribe function. */
  override connect(): () => void {
    const offState = super.connect();
    const offProgress = this.api.on('submit:progress', (p) => {
      if (p.draftId === this.draftId) this.journal = p.entry;
    });
    return () => {
      offProgress();
      offState();
    };
  }

  protected override async loadJournal(): Promise<void> {
    const res = await this.api.call('journal:list', { draftId: this.draftId });
    if (res.ok && res.value.length > 0) {
      this.journal = [...res.value].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1) ?? null;
    }
  }

  private localPlan(): PlannedRequest[] {
    const lbId = this.content.target.loadBalancerId;
    if (!lbId) return [];
    try {
      if (this.kind === 'edit' && this.content.edit) return planEditRequests({ ...(this.content as EditDraft), id: this.draftId });
      if (this.kind === 'delete') return [];
      return planRequests({ ...(this.content as DraftContent), id: this.draftId }, lbId);
    } catch {
      return [];
    }
  }

  /** Saves, then asks main to check the stored draft against the live state and plan the requests. */
  override async runPreflight(): Promise<void> {
    this.preflightBusy = true;
    try {
      await this.saveNow();
      if (this.kind !== 'create') {
        const lc = await this.api.call('lifecycle:preflight', { draftId: this.draftId });
        if (lc.ok) {
          const { issues, plan, live, checkedAt } = lc.value;
          this.lifecyclePreflight = lc.value;
          this.preflight = { issues, plan, live, checkedAt };
          this.preflightError = null;
        } else {
          this.lifecyclePreflight = null;
          this.preflight = null;
          this.preflightError = lc.error;
        }
        return;
      }
      const res = await this.api.call('submit:preflight', { draftId: this.draftId });
      if (res.ok) {
        this.preflight = res.value;
        this.preflightError = null;
      } else {
        this.preflight = null;
        this.preflightError = res.error;
      }
    } finally {
      this.preflightBusy = false;
    }
  }

  /** True when main could not reach the cloud: the checks ran against the cache. */
  get preflightOffline(): boolean {
    return this.preflightError?.code === 'NETWORK' || this.preflight?.live === false;
  }

  /**
   * Submits the stored draft: saves first (refusing to send unsaved edits), then `submit:apply`, following
   * `submit:progress`. Ends with the journal entry (created IDs) or the exact error.
   */
  async submit(): Promise<void> {
    if (this.submitBusy || this.hasErrors) return;
    this.submitError = null;
    this.rollbackError = null;
    const saved = await this.saveNow();
    if (saved.kind === 'failed' || saved.kind === 'conflict') {
      this.submitError = saved.error;
      return;
    }
    this.submitBusy = true;
    try {
      const res = await this.api.call('submit:apply', { draftId: this.draftId });
      if (res.ok) this.journal = res.value;
      else {
        this.submitError = res.error;
        await this.loadJournal();
      }
    } finally {
      this.submitBusy = false;
    }
    await this.refreshDraft();
    // An edit refused because someone changed the listener meanwhile (or deleted it): show base / theirs / mine.
    if (this.kind === 'edit' && (this.submitError?.code === 'CONFLICT' || this.submitError?.code === 'NOT_FOUND')) await this.runPreflight();
  }

  /** The orphan group being removed, and the last removal error. */
  orphanBusy = $state<string | null>(null);
  orphanError = $state.raw<AppError | null>(null);

  /** Removes a group the last submit left without a listener (`submit:removeOrphan`, journaled in main). */
  async removeOrphan(poolId: string): Promise<void> {
    if (this.orphanBusy) return;
    this.orphanBusy = poolId;
    this.orphanError = null;
    try {
      const res = await this.api.call('submit:removeOrphan', { draftId: this.draftId, poolId });
      if (res.ok) this.journal = res.value;
      else {
        this.orphanError = res.error;
        await this.loadJournal();
      }
    } finally {
      this.orphanBusy = null;
    }
  }

  /** Deletes what the last submit created (`submit:rollback`). */
  async rollback(): Promise<void> {
    if (this.rollbackBusy) return;
    this.rollbackBusy = true;
    this.rollbackError = null;
    try {
      const res = await this.api.call('submit:rollback', { draftId: this.draftId });
      if (res.ok) {
        this.journal = res.value;
        this.submitError = null;
      } else this.rollbackError = res.error;
    } finally {
      this.rollbackBusy = false;
    }
    await this.refreshDraft();
  }

  /**
   * Edit drafts: rebase on the live listener with a pick per conflicting field (lifecycle:resolve), then check
   * again. Nothing is sent to the cloud here.
   */
  async resolve(resolutions: Partial<Record<string, 'mine' | 'theirs'>>): Promise<void> {
    if (this.resolveBusy) return;
    this.resolveBusy = true;
    this.resolveError = null;
    try {
      await this.saveNow();
      const res = await this.api.call('lifecycle:resolve', { draftId: this.draftId, resolutions: resolutions as never });
      if (!res.ok) {
        this.resolveError = res.error;
        return;
      }
      this.applyDraft(res.value);
      this.saver?.reset({ revision: res.value.revision, content: contentOfDraft(res.value) });
    } finally {
      this.resolveBusy = false;
    }
    await this.runPreflight();
  }

  /** Edit drafts whose listener was deleted meanwhile: a new-listener draft with the same values (its ID, or the error). */
  async recreate(): Promise<Result<Draft>> {
    await this.saveNow();
    return this.api.call('lifecycle:recreate', { draftId: this.draftId });
  }

  /** Re-reads the stored draft after a submit (status, result, revision) without losing unsaved edits. */
  private async refreshDraft(): Promise<void> {
    const res = await this.api.call('drafts:get', { id: this.draftId });
    if (!res.ok || !this.saver) return;
    const stored = contentOfDraft(res.value);
    if (contentKey(stored) === this.saver.lastSavedKey) {
      // Same content, newer bookkeeping: keep any edits made meanwhile.
      this.draft = res.value;
      this.saver.adoptRevision(res.value.revision);
    } else if (!this.dirty) {
      this.applyDraft(res.value);
      this.saver.reset({ revision: res.value.revision, content: stored });
    }
  }
}
