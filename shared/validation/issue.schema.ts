/** The zod schema of an Issue (for the IPC contract), checked against the plain type in ./issue.ts. */
import { z } from 'zod';
import type { Issue } from './issue';

export const IssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compile-time proof that the schema and the plain type describe the same thing. */
export const ISSUE_SCHEMA_MATCHES_TYPE: Equal<z.infer<typeof IssueSchema>, Issue> = true;
