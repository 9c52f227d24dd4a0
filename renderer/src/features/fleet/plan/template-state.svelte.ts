/**
 * The fleet plan's template as the wizard's steps see it (issue 12 §2): a `WizardState` with no single target, so
 * StepListener and StepRouting edit the plan's listener and routing as they edit a draft's. Checked with the same
 * rules as a draft but without an inventory (each target's row is checked against its own cache in the matrix):
 * what needs one load balancer (the target, the existing group and IP address group by ID, which a fleet names
 * instead) is left to the rows. Every region option is offered; the rows say where one is not available.
 */
import type { Issue } from '../../../../../shared/validation/issue';
import type { DraftContent, ListenerConfig, Routing } from '../../../../../shared/model/draft';
import { defaultDraftContent } from '../../../../../shared/model/draft-values';
import { validateDraft } from '../../../../../shared/validation';
import { WizardState, type WizardApi } from '../../wizard/wizard-state.svelte';

/** Paths a fleet template does not set: the rows resolve them per target. */
const PER_TARGET = ['target', 'routing.existingPoolId', 'listener.accessControl.ipGroupId'];

/** The template's issues: a draft's rules, minus what belongs to each target. */
export function templateIssues(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => !PER_TARGET.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
}

/** The content a template edits: the plan's listener and routing, no target. */
export function templateContent(title: string, listener: ListenerConfig, routing: Routing): DraftContent {
  return { ...defaultDraftContent({}, title), listener, routing };
}

export class FleetTemplateState extends WizardState {
  override issues: Issue[] = $derived(templateIssues(validateDraft(this.content, this.ctx)));
  override capabilities = $derived({ ...this.ctx.capabilities, verified: true });

  constructor(planId: string, api?: WizardApi) {
    super(`fleet:${planId}`, api);
    // Every message of the template shows at once: there is no Next to reveal them.
    this.revealed = new Set(['listener', 'routing']);
  }

  /** Takes the plan's listener and routing (on load, and after a reload). */
  adopt(title: string, listener: ListenerConfig, routing: Routing): void {
    this.content = templateContent(title, structuredClone(listener), structuredClone(routing));
    this.phase = 'ready';
  }
}
