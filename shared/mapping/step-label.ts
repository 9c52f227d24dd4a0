/**
 * What a planned request does, as a code and its parameters, beside its English `title`: the UI says it in its own
 * language (renderer/src/features/wizard/request-title.ts), while the title stays the English text of files, logs and
 * the journal. The English rendering of every label is exactly its request's title (a renderer test builds plans and
 * compares). No zod and no Node here: the renderer imports it.
 */

/** Every kind of planned request that has a label. */
export const STEP_LABEL_CODES = [
  'createPool',
  'addMembers',
  'createHealthCheck',
  'createListenerPort',
  'createListenerRanges',
  'createListenerNoPort',
  'updateListener',
  'deleteTags',
  'addTags',
  'unbindPool',
  'deleteListener',
  'deleteHealthCheck',
  'removeMember',
  'deletePool',
] as const;
export type StepLabelCode = (typeof STEP_LABEL_CODES)[number];

/**
 * A label: its code and the values its text needs — names and numbers as in the title, API values (an algorithm, a
 * health check type) as the API writes them, a list of edited fields as their keys joined by commas, a flag as 1 or 0.
 */
export interface StepLabel {
  code: StepLabelCode;
  params: Record<string, string | number>;
}

export function stepLabel(code: StepLabelCode, params: Record<string, string | number> = {}): StepLabel {
  return { code, params };
}

/** The steps of a create submit, in the order they run. */
export type CreateStepKey = 'pool' | 'members' | 'healthmonitor' | 'listener';

/**
 * The journal's title of each create step (main writes these; the UI says them in its language when a step's title is
 * exactly one of them).
 */
export const CREATE_STEP_TITLES: Record<CreateStepKey, string> = {
  pool: 'Create backend server group',
  members: 'Add backend servers',
  healthmonitor: 'Create health check',
  listener: 'Create TCP listener',
};
