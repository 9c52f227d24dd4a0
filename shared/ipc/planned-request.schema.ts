/** One API request of a plan, as the contract carries it (the create, edit and delete plans, and each fleet target's). */
import { z } from 'zod';
import { STEP_LABEL_CODES } from '../mapping/step-label';

/** A request's (or a journal step's) label: its code and values (shared/mapping/step-label.ts). */
export const StepLabelSchema = z.object({ code: z.enum(STEP_LABEL_CODES), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const PlannedRequestSchema = z.object({
  key: z.string(),
  /** What the request does, in English (files, logs, the journal). */
  title: z.string(),
  /** The same as a code and its values, for the UI to say in its language (shared/mapping/step-label.ts). */
  label: StepLabelSchema.optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string(),
  body: z.unknown().nullable(),
});
export type PlannedRequest = z.infer<typeof PlannedRequestSchema>;
