/**
 * What main says about a step while it runs or after it stopped (a busy load balancer, a lost reply being checked, a
 * failed rollback), as a code and the reason it quotes, beside the English text in the step's `error`: the journal,
 * the history and its export keep the English; the UI says the note in its language
 * (renderer/src/lib/i18n/step-note.ts). A note counts only while the step's `error` is exactly its English text
 * (`noteOf`), so a note left behind by an older message is never shown for a newer one. No zod and no Node here: the
 * renderer imports it.
 */

/** Every note main writes on a step. */
export const STEP_NOTE_CODES = ['recheckCreated', 'recheckLive', 'lbBusy', 'notCreated', 'rollbackFailed'] as const;
export type StepNoteCode = (typeof STEP_NOTE_CODES)[number];

/** A note: its code and, for the codes that quote one, the reason (an error's own message, as the cloud or main gave it). */
export interface StepNote {
  code: StepNoteCode;
  reason?: string;
}

/** The English text of each note (`reason` is '' for the codes that quote none). */
const ENGLISH: Record<StepNoteCode, (reason: string) => string> = {
  recheckCreated: (reason) => `${reason} — checking whether it was created before trying again.`,
  recheckLive: (reason) => `${reason} — checking the live state before trying again.`,
  lbBusy: () => 'The load balancer is busy; waiting until it is ACTIVE.',
  notCreated: () => 'Not created (checked by name and creation time).',
  rollbackFailed: (reason) => `Rollback failed: ${reason}`,
};

/** The note's English text: what the step's `error` holds while the note is current. */
export function stepNoteEnglish(note: StepNote): string {
  return ENGLISH[note.code](note.reason ?? '');
}

/** A step as far as its note goes. */
export interface NotedStep {
  error: string | null;
  note?: StepNote | undefined;
}

/** Puts a note on a step: its English text as the step's `error`, and the note for the UI. */
export function setStepNote(step: NotedStep, code: StepNoteCode, reason?: string): void {
  const note: StepNote = reason === undefined ? { code } : { code, reason };
  step.note = note;
  step.error = stepNoteEnglish(note);
}

/** The step's note if it is the current one (the step's `error` is its English text), else null. */
export function noteOf(step: NotedStep): StepNote | null {
  const { note } = step;
  if (!note || step.error === null) return null;
  return stepNoteEnglish(note) === step.error ? note : null;
}

/** `{ note }` with the step's current note, or nothing: for copying a step's message into a record (the history). */
export function currentNoteField(step: NotedStep): { note?: StepNote } {
  const note = noteOf(step);
  return note ? { note } : {};
}
