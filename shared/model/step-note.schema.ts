/** A journal step's (or a history request's) note, as stored and as the contract carries it (shared/mapping/step-note.ts). */
import { z } from 'zod';
import { STEP_NOTE_CODES } from '../mapping/step-note';

export const StepNoteSchema = z.object({ code: z.enum(STEP_NOTE_CODES), reason: z.string().optional() });
