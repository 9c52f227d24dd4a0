/**
 * Draft ⇄ JSON file. The file is an envelope `{ format: 'elb-desk-draft', version: 1, exportedAt?, content }`
 * holding only the editable content (no ID, status, results or errors: an import makes a new draft). Edit and delete
 * drafts also carry their `kind` and what they act on (`edit`: listener ID and base values; `deletion`).
 */
import type { FieldIssue } from '../ipc/result';
import { DraftContentSchema, type DraftContent } from '../model/draft';

/** The `format` value of an exported draft. */
export const DRAFT_FILE_FORMAT = 'elb-desk-draft';
/** The envelope version this build writes and reads. */
export const DRAFT_FILE_VERSION = 1;

/** The parts of a draft that are exported; a full Draft fits. */
export type ExportableDraft = DraftContent & { updatedAt?: string };

/** Pretty JSON (2-space indent, trailing newline) of the draft's editable content in the file envelope. */
export function exportDraftJson(draft: ExportableDraft): string {
  const content: DraftContent = {
    title: draft.title,
    target: draft.target,
    step: draft.step,
    listener: draft.listener,
    routing: draft.routing,
  };
  // Edit, delete and clone drafts carry what they act on; create drafts stay exactly as before.
  if (draft.kind !== undefined) content.kind = draft.kind;
  if (draft.edit !== undefined) content.edit = draft.edit;
  if (draft.deletion !== undefined) content.deletion = draft.deletion;
  if (draft.origin !== undefined) content.origin = draft.origin;
  return JSON.stringify({ format: DRAFT_FILE_FORMAT, version: DRAFT_FILE_VERSION, content }, null, 2) + '\n';
}

/** The result of reading a draft file. */
export type ParseDraftResult = { ok: true; content: DraftContent } | { ok: false; issues: FieldIssue[] };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** The path of the first forbidden key (`__proto__`, `constructor`, `prototype`) or too-deep nesting, or null. */
function findUnsafe(value: unknown, path: string[], depth: number): { path: string; reason: 'key' | 'depth' } | null {
  if (depth > MAX_DEPTH) return { path: path.join('.'), reason: 'depth' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnsafe(value[i], [...path, String(i)], depth + 1);
      if (hit) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key].join('.'), reason: 'key' };
      const hit = findUnsafe((value as Record<string, unknown>)[key], [...path, key], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

const fail = (path: string, code: string, message: string): ParseDraftResult => ({ ok: false, issues: [{ path, code, message }] });

/**
 * Reads a draft file: refuses non-JSON, a wrong envelope or version, `__proto__`/`constructor`/`prototype` keys,
 * and content that does not match the draft schema (one issue per field, with the field's dotted path).
 */
export function parseDraftJson(text: string): ParseDraftResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('', 'import.json', `The file is not valid JSON (${detail}).`);
  }
  const unsafe = findUnsafe(data, [], 0);
  if (unsafe) {
    return unsafe.reason === 'key'
      ? fail(unsafe.path, 'import.forbiddenKey', `The file contains the forbidden key "${unsafe.path.split('.').pop()}" at ${unsafe.path}.`)
      : fail(unsafe.path, 'import.tooDeep', `The file is nested more than ${MAX_DEPTH} levels deep.`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('', 'import.envelope', 'The file is not an ELB Desk draft: expected a JSON object.');
  }
  const env = data as Record<string, unknown>;
  if (env.format !== DRAFT_FILE_FORMAT) {
    return fail('format', 'import.envelope', `The file is not an ELB Desk draft: "format" must be "${DRAFT_FILE_FORMAT}".`);
  }
  if (env.version !== DRAFT_FILE_VERSION) {
    const newer = typeof env.version === 'number' && env.version > DRAFT_FILE_VERSION;
    return fail(
      'version',
      'import.version',
      newer
        ? `The draft was exported by a newer ELB Desk (file version ${String(env.version)}); this version reads version ${DRAFT_FILE_VERSION}.`
        : `Unsupported draft file version ${JSON.stringify(env.version) ?? 'undefined'}; expected ${DRAFT_FILE_VERSION}.`,
    );
  }
  if (!('content' in env)) return fail('content', 'import.envelope', 'The file has no "content".');
  const parsed = DraftContentSchema.safeParse(env.content);
  if (parsed.success) return { ok: true, content: parsed.data };
  const issues: FieldIssue[] = parsed.error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path, code: 'import.field', message: path ? `${path}: ${i.message}` : i.message };
  });
  return { ok: false, issues };
}
