/**
 * The main data file `elb-desk.json` (and the backups, which hold the same document with every draft inline):
 * what its bytes hold (`classifyDataFile`, pure: used on open and to check a backup before restoring it), and its
 * writer (lowdb 7 over `DurableJsonFile`: temp file, fsync, rename, fsync of the folder).
 */
import path from 'node:path';
import { Low } from 'lowdb';
import { appMessage } from '../../../shared/mapping/app-messages';
import { mainDocOf } from './committed';
import { parseJsonObjectBytes } from './draft-files';
import { DurableJsonFile, describeError, readFileOrNull, type FsLike } from './durable-file';
import {
  CURRENT_SCHEMA_VERSION,
  MIGRATIONS,
  StoreFileSchema,
  describeIssues,
  documentVersion,
  migrate,
  type JsonObject,
  type MigrationTable,
  defaultAppState,
  type AppState,
  type StoreFile,
} from './schema';

/** The data file name. */
export const STORE_FILE = 'elb-desk.json';

/** What a main data file's (or a backup's) bytes hold. */
export type LoadResult =
  | { kind: 'ok'; data: StoreFile; migratedFrom: number | null }
  | { kind: 'newer'; version: number; data: StoreFile }
  | { kind: 'bad'; reason: string; detail: string };

/**
 * Decide what a main data file's (or a backup's) bytes hold. An `ok` result is at the current schema; its `drafts`
 * are the drafts held inline, if any.
 */
export function classifyDataFile(raw: Uint8Array, migrations: MigrationTable = MIGRATIONS): LoadResult {
  const bytes = parseJsonObjectBytes(raw, { expected: 'the expected object', crashNote: true });
  if (bytes.kind === 'bad') return bytes;
  const obj = bytes.doc as JsonObject;
  const v = documentVersion(obj);
  if (v === 'invalid') {
    return { kind: 'bad', reason: 'schema-invalid', detail: appMessage('fileSchemaVersion') };
  }
  const version = v === 'missing' ? 0 : v;
  if (version > CURRENT_SCHEMA_VERSION) {
    const parsed = StoreFileSchema.safeParse(obj);
    if (!parsed.success) {
      return {
        kind: 'bad',
        reason: 'newer-schema-invalid',
        detail: appMessage('fileNewerInvalid', { version, issues: describeIssues(parsed.error) }),
      };
    }
    return { kind: 'newer', version, data: parsed.data };
  }
  let current: JsonObject = obj;
  if (version < CURRENT_SCHEMA_VERSION) {
    try {
      current = migrate(obj, version, migrations);
    } catch (e) {
      return { kind: 'bad', reason: 'migration-failed', detail: appMessage('fileMigrationFailed', { version, reason: describeError(e) }) };
    }
  }
  const parsed = StoreFileSchema.safeParse(current);
  if (!parsed.success) {
    return { kind: 'bad', reason: 'schema-invalid', detail: appMessage('fileStructureInvalid', { issues: describeIssues(parsed.error) }) };
  }
  return { kind: 'ok', data: { ...parsed.data, schemaVersion: CURRENT_SCHEMA_VERSION }, migratedFrom: version < CURRENT_SCHEMA_VERSION ? version : null };
}

/** The main file of a data folder: its bytes, and durable writes of a state's main parts. */
export class MainFile {
  readonly file: string;
  private readonly fs: FsLike;
  private readonly writer: DurableJsonFile<StoreFile>;
  private readonly db: Low<StoreFile>;
  /** The file may not match memory because its write failed (or was held back). */
  dirty = false;
  /**
   * The file on disk still holds drafts inline (schema 1 being migrated, or a backup being restored) that are not all
   * in their own files yet: it must not be rewritten before they are.
   */
  inlineOnDisk = false;

  constructor(dir: string, opts: { fs: FsLike; renameRetryDelayMs: number }) {
    this.file = path.join(dir, STORE_FILE);
    this.fs = opts.fs;
    this.writer = new DurableJsonFile<StoreFile>(this.file, opts);
    this.db = new Low<StoreFile>(this.writer, mainDocOf(defaultAppState()));
  }

  /** The file's bytes, or null when there is none. */
  read(): Promise<Buffer | null> {
    return readFileOrNull(this.file, this.fs);
  }

  /** Durably replace the file with the main parts of `state` (drafts by ID only). Throws the write's error. */
  async write(state: AppState): Promise<void> {
    this.db.data = mainDocOf(state);
    try {
      await this.db.write();
    } catch (e) {
      this.dirty = true;
      throw e;
    }
    this.dirty = false;
    this.inlineOnDisk = false;
  }

  /** Resolves when no write is in flight. */
  idle(): Promise<void> {
    return this.writer.idle();
  }
}
