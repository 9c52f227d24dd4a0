/**
 * The Drafts page's Import…: a chosen file becomes a draft (`drafts:import`) or, when it is a fleet plan file, a fleet
 * plan (`fleet:import`); what happened is kept here for the page's messages (`ImportMessages.svelte`).
 */
import type { AppError } from '../../../../shared/ipc/result';
import { call } from '../../lib/api/client';
import { t } from '../../lib/i18n';
import type { AppState } from '../../lib/state/app-state.svelte';
import { isFleetPlanFile } from '../fleet/plan/fleet-file';
import { ft } from '../fleet/plan/i18n';

export class DraftImport {
  importing = $state(false);
  error = $state.raw<AppError | null>(null);
  notice = $state<string | null>(null);

  constructor(
    private readonly app: AppState,
    /** Called after a fleet plan was imported (the fleet plans list reads again). */
    private readonly onFleetPlan: () => void,
  ) {}

  /** Imports the file chosen in `input`, then clears the input so the same file can be chosen again. */
  async fromInput(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.importing = true;
    this.error = null;
    this.notice = null;
    const text = await file.text();
    // A fleet plan file (issue 12 §3) becomes a fleet plan; anything else is read as a draft.
    if (isFleetPlanFile(text)) {
      const f = this.app.track(await call('fleet:import', { text }));
      this.importing = false;
      input.value = '';
      if (f.ok) {
        this.notice = ft('drafts.imported', { title: f.value.title || ft('drafts.untitled') });
        this.onFleetPlan();
      } else this.error = f.error;
      return;
    }
    const r = this.app.track(await call('drafts:import', { text }));
    this.importing = false;
    input.value = '';
    if (r.ok) {
      this.notice = t('drafts.import.done', { title: r.value.title || t('drafts.untitled') });
      void this.app.loadDrafts();
    } else {
      this.error = r.error;
    }
  }
}
