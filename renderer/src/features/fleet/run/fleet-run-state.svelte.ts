/**
 * The fleet run page's state (runes): the plan, the live preflight, the run shown (the plan's latest), and the
 * actions Apply, Cancel, Retry failed and Export. Talks to main only through the typed client.
 *
 * Keeping the run current: `fleet:progress` events update it; besides, while it is going it is read again every
 * `pollMs` and whenever the event stream (re)opens (browser mode announces that with `state:changed`), so a run a
 * restarted host resumed before the page's stream was open is still shown moving.
 */
import type { AppError } from '../../../../../shared/ipc/result';
import type { FleetPlan, FleetRun } from '../../../../../shared/model/fleet';
import { call, on } from '../../../lib/api/client';
import { parseConcurrency } from '../../../../../shared/model/fleet-values';
import { applyProgress, buttonStates, latestRun, runIsGoing, type FleetPreflight } from './run-view';

export class FleetRunState {
  plan = $state.raw<FleetPlan | null>(null);
  loadError = $state.raw<AppError | null>(null);
  preflight = $state.raw<FleetPreflight | null>(null);
  preflightBusy = $state(false);
  preflightError = $state.raw<AppError | null>(null);
  run = $state.raw<FleetRun | null>(null);
  applyBusy = $state(false);
  applyError = $state.raw<AppError | null>(null);
  cancelBusy = $state(false);
  cancelRequested = $state(false);
  cancelError = $state.raw<AppError | null>(null);
  retryBusy = $state(false);
  retryError = $state.raw<AppError | null>(null);
  /** The concurrency field's text (exactly as typed). */
  concurrency = $state('');
  exportNote = $state<string | null>(null);
  exportError = $state.raw<AppError | null>(null);

  readonly buttons = $derived(
    buttonStates({
      preflight: this.preflight,
      preflightBusy: this.preflightBusy,
      run: this.run,
      applyBusy: this.applyBusy,
      cancelBusy: this.cancelBusy,
      retryBusy: this.retryBusy,
      concurrency: this.concurrency,
    }),
  );
  readonly concurrencyValid = $derived(parseConcurrency(this.concurrency) !== null);

  #stops: Array<() => void> = [];
  #timer: ReturnType<typeof setInterval> | null = null;
  #disposed = false;

  constructor(
    readonly planId: string,
    private readonly pollMs = 1500,
  ) {}

  /** Loads the plan and its latest run; runs the preflight unless a run is going. Returns the stop function. */
  start(): () => void {
    this.#stops.push(
      on('fleet:progress', (e) => {
        const next = applyProgress(this.run, e);
        if (next === this.run) return;
        this.#setRun(next);
        // A run-level change (no target: started, ended, cancelled) may have changed many targets at once (the
        // pending ones become `cancelled`): read the whole run.
        if (e.target === null) void this.refreshRun();
      }),
      // Browser mode says so when the event stream (re)opens: events sent meanwhile were lost.
      on('state:changed', () => {
        if (runIsGoing(this.run)) void this.refreshRun();
      }),
    );
    void this.#load();
    return () => this.dispose();
  }

  dispose(): void {
    this.#disposed = true;
    for (const s of this.#stops) s();
    this.#stops = [];
    this.#poll(false);
  }

  async #load(): Promise<void> {
    const [plan, runs] = await Promise.all([call('fleet:get', { id: this.planId }), call('fleet:runs', { planId: this.planId })]);
    if (this.#disposed) return;
    if (!plan.ok) {
      this.loadError = plan.error;
      return;
    }
    this.#takePlan(plan.value);
    if (runs.ok) this.#setRun(latestRun(runs.value));
    if (!runIsGoing(this.run)) await this.runPreflight();
  }

  /** Reads every account + region again and checks each target (`fleet:preflight`). */
  async runPreflight(): Promise<void> {
    if (this.preflightBusy) return;
    this.preflightBusy = true;
    this.preflightError = null;
    // The plan is read again too: it may have been edited (rows moved, excluded) since the page opened.
    const [r, plan] = await Promise.all([call('fleet:preflight', { id: this.planId }), call('fleet:get', { id: this.planId })]);
    if (this.#disposed) return;
    this.preflightBusy = false;
    if (plan.ok) this.#takePlan(plan.value);
    if (r.ok) this.preflight = r.value;
    else this.preflightError = r.error;
  }

  /** Starts a run (`fleet:apply`) with the concurrency typed. */
  async apply(): Promise<void> {
    const concurrency = parseConcurrency(this.concurrency);
    if (!this.buttons.apply.enabled || concurrency === null) return;
    this.applyBusy = true;
    this.applyError = null;
    this.cancelRequested = false;
    const r = await call('fleet:apply', { id: this.planId, concurrency });
    this.applyBusy = false;
    if (r.ok) this.#adopt(r.value);
    else this.applyError = r.error;
  }

  /** No new target starts; targets in flight finish (`fleet:cancel`). */
  async cancel(): Promise<void> {
    const run = this.run;
    if (!run || !this.buttons.cancel.enabled) return;
    this.cancelBusy = true;
    this.cancelError = null;
    const r = await call('fleet:cancel', { runId: run.id });
    this.cancelBusy = false;
    if (r.ok) {
      this.cancelRequested = true;
      this.#adopt(r.value);
    } else this.cancelError = r.error;
  }

  /** Runs only the failed and cancelled targets again (`fleet:retryFailed`). */
  async retryFailed(): Promise<void> {
    const run = this.run;
    if (!run || !this.buttons.retry.enabled) return;
    this.retryBusy = true;
    this.retryError = null;
    this.cancelRequested = false;
    const r = await call('fleet:retryFailed', { runId: run.id });
    this.retryBusy = false;
    if (r.ok) this.#adopt(r.value);
    else this.retryError = r.error;
  }

  /** Reads the shown run again (after a reconnect, and while it is going). */
  async refreshRun(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const r = await call('fleet:run', { runId: run.id });
    if (this.#disposed || !r.ok || this.run?.id !== run.id) return;
    // A newer state may have arrived meanwhile: keep the later of the two.
    if (this.run && this.run.updatedAt > r.value.updatedAt) return;
    this.#setRun(r.value);
  }

  /** The results table as CSV or JSON (`fleet:results`), downloaded as a file. */
  async exportResults(format: 'csv' | 'json', download: (filename: string, mime: string, content: string) => string): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.exportNote = null;
    this.exportError = null;
    const r = await call('fleet:results', { runId: run.id, format });
    if (r.ok) this.exportNote = download(r.value.filename, r.value.mime, r.value.content);
    else this.exportError = r.error;
  }

  /** Takes a (re-read) plan; the concurrency field follows the plan's until the user types another. */
  #takePlan(plan: FleetPlan): void {
    if (this.concurrency === '' || this.concurrency === String(this.plan?.concurrency)) this.concurrency = String(plan.concurrency);
    this.plan = plan;
  }

  /** A run answered by apply / cancel / retry: taken unless events already moved it further. */
  #adopt(run: FleetRun): void {
    if (this.run?.id === run.id && this.run.updatedAt > run.updatedAt) {
      this.#poll(runIsGoing(this.run));
      return;
    }
    this.#setRun(run);
  }

  #setRun(run: FleetRun | null): void {
    this.run = run;
    this.#poll(runIsGoing(run));
  }

  #poll(on: boolean): void {
    if (on && !this.#timer && !this.#disposed) this.#timer = setInterval(() => void this.refreshRun(), this.pollMs);
    if (!on && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }
}
