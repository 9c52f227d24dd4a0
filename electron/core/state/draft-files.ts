/**
 * The per-draft files of schema 2: `drafts/<file>.json`, one compact JSON `Draft` each.
 *
 * A draft's file name comes from its ID: the ID itself when it is plainly safe on every file system (lower-case
 * letters, digits, `-`, `_`; a UUID is), otherwise `h.<hash>` (a `.` never occurs in a verbatim name, so the
 * two kinds cannot collide, and case-insensitive file systems cannot merge two IDs).
 */
import { createHash } from 'node:crypto';
import { appMessage } from '../../../shared/mapping/app-messages';
import { DraftSchema, type Draft } from '../../../shared/model/draft';
import { describeError } from './durable-file';
import { describeIssues } from './schema';

/** Folder (in the data folder) of the draft files. */
export const DRAFTS_DIR = 'drafts';

/** The file name (in `drafts/`) of the draft with this ID. */
export function draftFileName(id: string): string {
  if (/^[a-z0-9_-]{1,100}$/.test(id)) return `${id}.json`;
  return `h.${createHash('sha256').update(id).digest('hex').slice(0, 40)}.json`;
}

/** Whether a name in `drafts/` is a draft file (not a temp file or something else). */
export function isDraftFileName(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith('.');
}

/** What a draft file holds. */
export type DraftFileResult = { kind: 'ok'; draft: Draft } | { kind: 'bad'; reason: string; detail: string };

/** The JSON object a file's bytes hold, or why they hold none (empty, NUL bytes, not JSON, not an object). Pure. */
export type JsonObjectBytes = { kind: 'ok'; doc: Record<string, unknown> } | { kind: 'bad'; reason: string; detail: string };

/**
 * The first checks of every data file the store reads (main file, backups, draft files): `crashNote` says in the
 * NUL-bytes detail that they are typical of a crash during a write, `expected` names what the object should have been
 * ("a draft"). Details are main's messages (shared/mapping/app-messages.ts), but for "not an object".
 */
export function parseJsonObjectBytes(raw: Uint8Array, o: { expected: string; crashNote?: boolean }): JsonObjectBytes {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // The bytes are decoded once, and scanned natively: a main file with a long journal is megabytes, read at every
  // start (a per-byte callback and a second decode cost ~35 ms at 5.7 MB).
  const text = buf.toString('utf8');
  // (\S is the complement of what trim() removes)
  if (!/\S/.test(text)) return { kind: 'bad', reason: 'empty', detail: appMessage('fileEmpty') };
  const firstNul = buf.indexOf(0);
  if (firstNul >= 0) {
    let nuls = 0;
    for (let i = firstNul; i >= 0; i = buf.indexOf(0, i + 1)) nuls++;
    const code = nuls === 1 ? (o.crashNote ? 'fileNulOneCrash' : 'fileNulOne') : o.crashNote ? 'fileNulManyCrash' : 'fileNulMany';
    return { kind: 'bad', reason: 'nul-bytes', detail: appMessage(code, { count: nuls, total: buf.length }) };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { kind: 'bad', reason: 'invalid-json', detail: appMessage('fileNotJson', { reason: describeError(e) }) };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const kind = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : `a ${typeof doc}`;
    return { kind: 'bad', reason: 'not-an-object', detail: `it holds ${kind} instead of ${o.expected}` };
  }
  return { kind: 'ok', doc: doc as Record<string, unknown> };
}

/** Decide what the bytes of `drafts/<name>` hold. Pure. */
export function classifyDraftFile(name: string, raw: Uint8Array): DraftFileResult {
  const bytes = parseJsonObjectBytes(raw, { expected: 'a draft' });
  if (bytes.kind === 'bad') return bytes;
  const parsed = DraftSchema.safeParse(bytes.doc);
  if (!parsed.success) {
    return { kind: 'bad', reason: 'schema-invalid', detail: appMessage('draftInvalid', { issues: describeIssues(parsed.error) }) };
  }
  if (draftFileName(parsed.data.id) !== name) {
    return { kind: 'bad', reason: 'wrong-name', detail: appMessage('draftWrongName', { id: parsed.data.id, file: draftFileName(parsed.data.id) }) };
  }
  return { kind: 'ok', draft: parsed.data };
}
