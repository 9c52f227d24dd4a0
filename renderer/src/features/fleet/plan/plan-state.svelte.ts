/**
 * The state of one fleet plan page (issue 12 §2): the plan as loaded, what the user edits (title, the template in a
 * `FleetTemplateState`, the plan's group and IP group names, the rows), autosave with the revision (a CONFLICT
 * reloads the stored plan and says so), the offline check of every row (`fleet:validate`, after each save), and
 * "Use the next free port on each". Talks to main through the injected `call` (the app's client, or a double).
 */
import type { FleetValidationReply } from '../../../../../shared/ipc/contract-fleet';
import type { AppError } from '../../../../../shared/ipc/result';
import type { Draft, DraftContent } from '../../../../../shared/model/draft';
import type { FleetPlan, FleetPlanContent, FleetTarget } from '../../../../../shared/model/fleet';
import { call as appCall, on as appOn } from '../../../lib/api/client';
import { DraftSaver, type SaveOutcome, type SaveStatus, type SaveFn } from '../../wizard/draft-saver';
import type { FleetCall } from './create';
import { describePortMoves, type PortChange } from './matrix-view';
import { FleetTemplateState } from './template-state.svelte';

/** How long after the last edit the plan is saved (and checked again). */
export const FLEET_AUTOSAVE_MS = 500;

/** The editable part of a stored plan, as a fresh plain object. */
export function contentOfPlan(p: FleetPlan): FleetPlanContent {
  const { title, listener, routing, groupName, ipGroupName, targets, concurrency } = structuredClone(p);
  return { title, listener, routing, groupName, ipGroupName, targets, concurrency };
}

/** What "Use the next free port on each" did. */
export interface PortMoves {
  moves: PortChange[];
  full: string[];
}

export class FleetPlanState {
  readonly planId: string;
  readonly template: FleetTemplateState;
  private readonly call: FleetCall;
  private saver: DraftSaver | null = null;
  private checkSeq = 0;

  phase = $state<'loading' | 'ready' | 'failed'>('loading');
  loadError = $state.raw<AppError | null>(null);
  plan = $state.raw<FleetPlan | null>(null);
  title = $state('');
  groupName = $state('');
  ipGroupName = $state('');
  targets = $state<FleetTarget[]>([]);
  concurrency = $state(2);

  saveStatus = $state.raw<SaveStatus>({ kind: 'idle' });
  savedKey = $state('');
  /** The plan was saved elsewhere: reloaded at this revision (or the reload failed). */
  conflict = $state.raw<{ kind: 'reloaded'; revision: number } | { kind: 'reload-failed'; error: AppError } | null>(null);

  validation = $state.raw<FleetValidationReply | null>(null);
  /** The content key the shown validation was made for. */
  validatedKey = $state('');
  validateError = $state.raw<AppError | null>(null);

  portBusy = $state(false);
  portMoves = $state.raw<PortMoves | null>(null);
  portError = $state.raw<AppError | null>(null);

  /** Everything the user edits, as the plan's content. */
  content: FleetPlanContent = $derived.by(() => this.assemble());
  key = $derived(JSON.stringify(this.content));
  dirty = $derived(this.phase === 'ready' && this.key !== this.savedKey);
  /** The shown check is for what is on screen. */
  fresh = $derived(this.validation !== null && this.validatedKey === this.key);
  errorRows = $derived(this.validation ? this.validation.rows.filter((r) => r.status === 'error').length : 0);
  /** Review and apply is allowed: the check is current, no included row has an error, something is included. */
  canStart = $derived(this.fresh && (this.validation?.canStart ?? false));

  constructor(planId: string, call: FleetCall = appCall) {
    this.planId = planId;
    this.call = call;
    this.template = new FleetTemplateState(planId);
  }

  /** Follows inventory changes (a sync changes what the rows are checked against). */
  connect(on: typeof appOn = appOn): () => void {
    return on('state:changed', (p) => {
      if (p.what === 'inventory' && this.phase === 'ready') void this.check();
    });
  }

  async load(): Promise<void> {
    this.phase = 'loading';
    const r = await this.call('fleet:get', { id: this.planId });
    if (!r.ok) {
      this.loadError = r.error;
      this.phase = 'failed';
      return;
    }
    this.apply(r.value);
    const saveFn: SaveFn = async (req) => {
      const res = await this.call('fleet:save', { id: req.id, revision: req.revision, content: req.content as unknown as FleetPlanContent });
      // The draft saver is generic in all but its types: it reads `revision` and `updatedAt` of what comes back.
      return res as unknown as Awaited<ReturnType<SaveFn>>;
    };
    this.saver = new DraftSaver(this.planId, { revision: r.value.revision, content: this.snapshot() as unknown as DraftContent }, saveFn, (s, saved) => this.onSaveStatus(s, saved));
    this.phase = 'ready';
    await this.check();
  }

  private apply(p: FleetPlan): void {
    const c = contentOfPlan(p);
    this.plan = p;
    this.title = c.title;
    this.groupName = c.groupName;
    this.ipGroupName = c.ipGroupName;
    this.targets = c.targets;
    this.concurrency = c.concurrency;
    this.template.adopt(c.title, c.listener, c.routing);
    this.savedKey = JSON.stringify(this.snapshot());
  }

  private assemble(): FleetPlanContent {
    const { listener, routing } = this.template.content;
    return { title: this.title, listener, routing, groupName: this.groupName, ipGroupName: this.ipGroupName, targets: this.targets, concurrency: this.concurrency };
  }

  /** A plain copy of the content (no proxies), as saved. */
  snapshot(): FleetPlanContent {
    return $state.snapshot(this.content) as FleetPlanContent;
  }

  /** Saves now (skipped when nothing changed). */
  saveNow(): Promise<SaveOutcome> {
    if (this.phase !== 'ready' || !this.saver) return Promise.resolve({ kind: 'unchanged' });
    return this.saver.save(this.snapshot() as unknown as DraftContent);
  }

  /** Saves, then checks every row against its cached inventory; a newer check wins over an older one. */
  async check(): Promise<void> {
    const saved = await this.saveNow();
    if (saved.kind === 'failed' || saved.kind === 'conflict') return;
    const seq = ++this.checkSeq;
    const key = this.key;
    const r = await this.call('fleet:validate', { id: this.planId });
    if (seq !== this.checkSeq) return;
    if (r.ok) {
      this.validation = r.value;
      this.validatedKey = key;
      this.validateError = null;
    } else this.validateError = r.error;
  }

  private onSaveStatus(status: SaveStatus, saved?: { draft: Draft; key: string }): void {
    this.saveStatus = status;
    if (saved) {
      this.plan = saved.draft as unknown as FleetPlan;
      this.savedKey = saved.key;
    }
    if (status.kind === 'conflict') void this.reloadAfterConflict();
  }

  private async reloadAfterConflict(): Promise<void> {
    const r = await this.call('fleet:get', { id: this.planId });
    if (!r.ok) {
      this.conflict = { kind: 'reload-failed', error: r.error };
      return;
    }
    this.apply(r.value);
    this.saver?.reset({ revision: r.value.revision, content: this.snapshot() as unknown as DraftContent });
    this.conflict = { kind: 'reloaded', revision: r.value.revision };
    await this.check();
  }

  dismissConflict(): void {
    this.conflict = null;
  }

  /** "Use the next free port on each": main moves the clashing rows and saves; the rows take the new ports. */
  async useNextFreePort(): Promise<void> {
    if (this.portBusy || !this.saver) return;
    this.portBusy = true;
    this.portError = null;
    try {
      const saved = await this.saveNow();
      if (saved.kind === 'failed' || saved.kind === 'conflict') return;
      const r = await this.call('fleet:nextFreePort', { id: this.planId, revision: this.saver.currentRevision });
      if (!r.ok) {
        this.portError = r.error;
        return;
      }
      this.portMoves = describePortMoves(this.targets, r.value.changed, r.value.full);
      if (r.value.changed.length > 0) {
        // Only the rows' ports changed; edits made meanwhile elsewhere stay (they are saved next).
        const ports = new Map(r.value.plan.targets.map((t) => [t.key, t.port]));
        for (const t of this.targets) if (ports.has(t.key)) t.port = ports.get(t.key) ?? null;
        this.plan = r.value.plan;
        this.saver.reset({ revision: r.value.plan.revision, content: contentOfPlan(r.value.plan) as unknown as DraftContent });
        this.savedKey = JSON.stringify(contentOfPlan(r.value.plan));
      }
    } finally {
      this.portBusy = false;
    }
    await this.check();
  }

  /** Removes a row. */
  removeRow(key: string): void {
    const i = this.targets.findIndex((t) => t.key === key);
    if (i >= 0) this.targets.splice(i, 1);
  }
}
