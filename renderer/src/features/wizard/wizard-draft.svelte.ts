/**
 * The editing half of one Add TCP Listener wizard (WizardState in wizard-state.svelte.ts adds the Confirm step:
 * preflight, submit, rollback, orphans, edit conflicts): the draft content being edited (`$state`), the cached
 * inventory it is checked against, the issues (`$derived` from shared/validation), touched fields, the current step
 * (kept in `content.step` so a resumed draft opens where it was left), saving, generated titles and untouched drafts.
 * Talks to main only through `lib/api/client`; the calls are injected so another transport (or a test double) can be used.
 */
import type { Account } from '../../../../shared/model/account';
import { defaultDraftContent, draftKind, WIZARD_STEPS } from '../../../../shared/model/draft-values';
import { autoDraftTitle } from '../../../../shared/model/draft-title';
import type { Draft, DraftContent, WizardStep } from '../../../../shared/model/draft';
import { validateAnyDraft } from '../../../../shared/lifecycle/validate';
import type { Inventory } from '../../../../shared/model/inventory';
import type { Channel, EventName, EventPayload, Req, Res } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/ipc/result';
import { buildContext, hasErrors, issuesForStep, validateDraft, type Issue } from '../../../../shared/validation';
import { call, on } from '../../lib/api/client';
import { contentKey, contentOfDraft, DraftSaver, type SaveOutcome, type SaveStatus } from './draft-saver';
import { issuesOfStep, visibleByPath } from './field-paths';
import { findLoadBalancer } from './options';

/** The wizard's way to main: `call` and `on` of lib/api/client, or a double. */
export interface WizardApi {
  call<C extends Channel>(channel: C, payload: Req<C>): Promise<Result<Res<C>>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}

const defaultApi: WizardApi = { call, on };

/** How long after the last edit the draft is saved automatically. */
export const AUTOSAVE_DELAY_MS = 800;

/** What the conflict banner says: the draft was reloaded at `revision`, or reloading failed. */
export type ConflictNotice = { kind: 'reloaded'; revision: number } | { kind: 'reload-failed'; error: AppError };

/** The editing state of one wizard page; WizardState (wizard-state.svelte.ts) is the whole page. */
export abstract class WizardDraftState {
  readonly draftId: string;
  protected readonly api: WizardApi;
  protected saver: DraftSaver | null = null;

  /** loading → ready, or failed (with `loadError`). */
  phase = $state<'loading' | 'ready' | 'failed'>('loading');
  loadError = $state.raw<AppError | null>(null);
  /** The draft as last loaded or saved (identity, status, revision, result). */
  draft = $state.raw<Draft | null>(null);
  /** What the user edits. Components bind to its fields directly. */
  content = $state<DraftContent>(defaultDraftContent());
  /** The cached inventory of the draft's account and region (null: none cached or no target). */
  inventory = $state.raw<Inventory | null>(null);
  inventoryError = $state.raw<AppError | null>(null);
  /** Accounts, loaded only when the draft has no account yet. */
  accounts = $state.raw<Account[]>([]);

  /** Fields left at least once (their issues show from then on). */
  touched = $state.raw<ReadonlySet<string>>(new Set());
  /** Steps on which Next was pressed (all their issues show). */
  revealed = $state.raw<ReadonlySet<WizardStep>>(new Set());
  /** The step whose Next was refused: its error summary is shown. */
  blocked = $state<WizardStep | null>(null);

  saveStatus = $state.raw<SaveStatus>({ kind: 'idle' });
  /** The content key last saved (or loaded); `dirty` compares against it. */
  savedKey = $state('');
  conflict = $state.raw<ConflictNotice | null>(null);

  /** The validation context: the cached inventory indexed once per inventory/target change. */
  ctx = $derived(buildContext(this.inventory, this.content.target.loadBalancerId, this.content.target.region));
  /** create, edit or delete (Edit listener opens this wizard on an edit draft). */
  kind = $derived(draftKind(this.content));
  isEdit = $derived(this.kind === 'edit');
  /** Every issue of the draft, recomputed on each edit (an edit is checked without the listener itself: its own port is no clash). */
  issues: Issue[] = $derived(this.kind === 'create' ? validateDraft(this.content, this.ctx) : validateAnyDraft(this.content, this.inventory));
  /** The issues on screen, by path. */
  visible = $derived(visibleByPath(this.issues, { touched: this.touched, revealed: this.revealed }));
  key = $derived(contentKey(this.content));
  dirty = $derived(this.phase === 'ready' && this.key !== this.savedKey);
  step: WizardStep = $derived(this.content.step);
  stepIndex = $derived(WIZARD_STEPS.indexOf(this.content.step));
  loadBalancer = $derived(findLoadBalancer(this.inventory, this.content.target.loadBalancerId));
  capabilities = $derived(this.ctx.capabilities);
  hasErrors = $derived(hasErrors(this.issues));

  constructor(draftId: string, api: WizardApi = defaultApi) {
    this.draftId = draftId;
    this.api = api;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Loading

  /** Subscribes to main's inventory changes; returns the unsubscribe function. */
  connect(): () => void {
    return this.api.on('state:changed', (p) => {
      if (p.what === 'inventory' && this.phase === 'ready') void this.loadInventory();
    });
  }

  /** The Confirm step: saves, then checks the draft against the live state (WizardState). */
  abstract runPreflight(): Promise<void>;

  /** Reads the draft's last submit (WizardState). */
  protected abstract loadJournal(): Promise<void>;

  /** Loads the draft, then the cached inventory (offline: the cache is all there is) and the last submit. */
  async load(): Promise<void> {
    this.phase = 'loading';
    this.loadError = null;
    const res = await this.api.call('drafts:get', { id: this.draftId });
    if (!res.ok) {
      this.loadError = res.error;
      this.phase = 'failed';
      return;
    }
    this.applyDraft(res.value);
    this.saver = new DraftSaver(this.draftId, { revision: res.value.revision, content: contentOfDraft(res.value) }, (req) => this.api.call('drafts:save', req), (s, saved) =>
      this.onSaveStatus(s, saved),
    );
    await Promise.all([this.loadInventory(), this.loadJournal(), this.loadAccounts()]);
    this.phase = 'ready';
    // Resumed on the Confirm step: check it again, as on arrival there.
    if (this.content.step === 'confirm') void this.runPreflight();
  }

  protected applyDraft(d: Draft): void {
    const content = contentOfDraft(d);
    this.draft = d;
    this.savedKey = contentKey(content);
    this.content = content;
  }

  /** Reads the cached inventory of the target account and region (never the network). */
  async loadInventory(): Promise<void> {
    const { accountId, region } = this.content.target;
    if (!accountId || !region) {
      this.inventory = null;
      this.inventoryError = null;
      return;
    }
    const res = await this.api.call('inventory:get', { accountId, region });
    if (res.ok) {
      this.inventory = res.value;
      this.inventoryError = null;
    } else {
      this.inventory = null;
      this.inventoryError = res.error;
    }
  }

  /** The accounts (names for the target, and the picker when the draft has no account). */
  private async loadAccounts(): Promise<void> {
    const acc = await this.api.call('accounts:list', {});
    this.accounts = acc.ok ? acc.value : [];
  }

  /** Sets the account (and its default region) of a draft that has none, then loads that cache. */
  async chooseAccount(accountId: string): Promise<void> {
    const account = this.accounts.find((a) => a.id === accountId);
    if (!account) return;
    this.content.target = { accountId, region: account.region, loadBalancerId: null };
    await this.loadInventory();
  }

  /** Sets the target load balancer. */
  chooseLoadBalancer(id: string | null): void {
    this.content.target.loadBalancerId = id || null;
    this.touch('target.loadBalancerId');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Issues

  /** Marks a field as left once, so its issues show. */
  touch(path: string): void {
    if (this.touched.has(path)) return;
    const next = new Set(this.touched);
    next.add(path);
    this.touched = next;
  }

  /** The visible issues of exactly `path` (errors first). */
  messages(path: string): Issue[] {
    return this.visible.get(path) ?? [];
  }

  /** True when `path` shows an error (for aria-invalid). */
  invalid(path: string): boolean {
    return this.messages(path).some((i) => i.severity === 'error');
  }

  /** All issues of a step (target issues count on step 1). */
  stepIssues(step: WizardStep): Issue[] {
    return issuesOfStep(this.issues, step, issuesForStep);
  }

  /** The errors that block leaving `step` forward. */
  stepErrors(step: WizardStep): Issue[] {
    return this.stepIssues(step).filter((i) => i.severity === 'error');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Navigation

  /**
   * Next: shows every issue of the current step; moves on when it has no errors (warnings never block).
   * Returns false when blocked, so the caller can focus the first error.
   */
  next(): boolean {
    const step = this.content.step;
    const revealed = new Set(this.revealed);
    revealed.add(step);
    this.revealed = revealed;
    if (this.stepErrors(step).length > 0) {
      this.blocked = step;
      return false;
    }
    const i = WIZARD_STEPS.indexOf(step);
    const to = WIZARD_STEPS[Math.min(i + 1, WIZARD_STEPS.length - 1)] ?? step;
    this.goTo(to);
    return true;
  }

  /** Previous step (never blocked). */
  back(): void {
    const i = WIZARD_STEPS.indexOf(this.content.step);
    this.goTo(WIZARD_STEPS[Math.max(i - 1, 0)] ?? 'listener');
  }

  /** Goes to a step and saves at once (the step is part of the draft, so a resume opens here). */
  goTo(step: WizardStep): void {
    this.blocked = null;
    if (this.content.step !== step) this.content.step = step;
    if (step === 'confirm') void this.runPreflight();
    else void this.saveNow();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Saving

  /** Saves the current content now (Save as draft, step change, autosave). Skips when nothing changed. */
  saveNow(): Promise<SaveOutcome> {
    if (this.phase !== 'ready' || !this.saver) return Promise.resolve({ kind: 'unchanged' });
    return this.saver.save($state.snapshot(this.content) as DraftContent);
  }

  private onSaveStatus(status: SaveStatus, saved?: { draft: Draft; key: string }): void {
    this.saveStatus = status;
    if (saved) {
      this.draft = saved.draft;
      this.savedKey = saved.key;
    }
    if (status.kind === 'conflict') void this.reloadAfterConflict();
  }

  /** After a CONFLICT: reload the stored draft (another window or a submit changed it) and say so. */
  private async reloadAfterConflict(): Promise<void> {
    const res = await this.api.call('drafts:get', { id: this.draftId });
    if (!res.ok) {
      this.conflict = { kind: 'reload-failed', error: res.error };
      return;
    }
    this.applyDraft(res.value);
    this.saver?.reset({ revision: res.value.revision, content: contentOfDraft(res.value) });
    this.conflict = { kind: 'reloaded', revision: res.value.revision };
    await this.loadInventory();
  }

  /** Hides the conflict banner. */
  dismissConflict(): void {
    this.conflict = null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Untouched drafts and generated titles (issue 10 §5)

  /**
   * A generated title (`titleAuto`) follows the content: call after each edit. `fallback` is the localised
   * "New TCP listener" for a draft with no port, name or load balancer yet. A title the user typed is never touched.
   */
  followTitle(fallback: string): void {
    if (this.phase !== 'ready' || !this.content.titleAuto) return;
    const lbName = this.loadBalancer ? this.loadBalancer.name || this.loadBalancer.id : this.content.target.loadBalancerId;
    const title = autoDraftTitle(this.content, lbName, fallback);
    if (title !== this.content.title) this.content.title = title;
  }

  /** True while the draft is one nobody edited ("Add TCP listener" and nothing typed since). */
  get untouched(): boolean {
    return this.phase === 'ready' && this.draft?.untouched === true && !this.dirty;
  }

  /**
   * Leaving the wizard: a draft nobody edited is deleted (main deletes it only if it is still untouched), so
   * "Add TCP listener" clicks do not pile up empty drafts. Returns whether it was deleted.
   */
  async discardIfUntouched(): Promise<boolean> {
    if (!this.untouched) return false;
    const res = await this.api.call('drafts:delete', { id: this.draftId, onlyIfUntouched: true });
    return res.ok && res.value.deleted;
  }
}
