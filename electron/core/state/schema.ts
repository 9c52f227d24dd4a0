/**
 * The versioned shape of `elb-desk.json`, its defaults and its migrations.
 *
 * Version history:
 * - v0: files written before versioning — `{ accounts, drafts }` (drafts possibly without `revision`,
 *   `status`, `result`, `lastError`), optionally `journal`/`settings`, no `schemaVersion`.
 * - v1: `{ schemaVersion: 1, accounts, drafts, journal, settings }`.
 * - v2: drafts live in `drafts/<file>.json`, one compact JSON Draft per file; `elb-desk.json` is
 *   `{ schemaVersion: 2, accounts, journal, settings, draftOrder }` (`draftOrder`: the drafts' IDs in list order).
 *   A v2 document may still carry `drafts` inline: backups do (one file = everything), and so does a v1 file
 *   being migrated. The store writes inline drafts to their own files first and only then rewrites the main
 *   file without them; where a draft is both inline and in its own file, the file wins.
 */
import { z } from 'zod';
import { AccountSchema, type Account } from '../../../shared/model/account';
import { DraftSchema, type Draft } from '../../../shared/model/draft';
import { JournalEntrySchema, type JournalEntry } from '../../../shared/ipc/contract';

/** The schema version this build writes. */
export const CURRENT_SCHEMA_VERSION = 2;

/** App-wide settings kept in the data file. */
export interface Settings {
  windowBounds?: { x: number; y: number; width: number; height: number } | null;
  /** The user accepted storing keys with the weaker file key / basic_text backend. */
  weakKeyStorageAccepted?: boolean;
  language?: 'en' | 'zh-CN' | null;
  /** The "Local sandbox" account was created once (not re-created after the user removes it). */
  sandboxProvisioned?: boolean;
  /** The user turned on the update check at start (off when absent: air-gapped users are never contacted). */
  autoUpdateCheck?: boolean;
}

/** Settings; unknown keys are kept (a setting added later must survive a round trip through this build). */
export const SettingsSchema = z.looseObject({
  windowBounds: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .nullable()
    .optional(),
  weakKeyStorageAccepted: z.boolean().optional(),
  language: z.enum(['en', 'zh-CN']).nullable().optional(),
  sandboxProvisioned: z.boolean().optional(),
  autoUpdateCheck: z.boolean().optional(),
});

/** Everything in `elb-desk.json`. */
export interface AppState {
  schemaVersion: number;
  accounts: Account[];
  drafts: Draft[];
  journal: JournalEntry[];
  settings: Settings;
}

/** Validates a current-version file (unknown keys are dropped, as for a newer file's known fields). */
export const AppStateSchema = z.object({
  schemaVersion: z.number().int().nonnegative(),
  accounts: z.array(AccountSchema),
  drafts: z.array(DraftSchema),
  journal: z.array(JournalEntrySchema),
  settings: SettingsSchema,
});

/**
 * `elb-desk.json` (and a backup) as read: the known fields; `drafts` inline only in backups and in files being
 * migrated, `draftOrder` only in v2 main files.
 */
export const StoreFileSchema = z.object({
  schemaVersion: z.number().int().nonnegative(),
  accounts: z.array(AccountSchema),
  journal: z.array(JournalEntrySchema),
  settings: SettingsSchema,
  draftOrder: z.array(z.string()).optional(),
  drafts: z.array(DraftSchema).optional(),
});

/** A validated `elb-desk.json` or backup document. */
export type StoreFile = Omit<z.infer<typeof StoreFileSchema>, 'settings'> & { settings: Settings };

/** A fresh, empty state. */
export function defaultAppState(): AppState {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, accounts: [], drafts: [], journal: [], settings: {} };
}

/** A plain JSON object as read from disk. */
export type JsonObject = Record<string, unknown>;

/** `MIGRATIONS[n]` turns a version-n document into a version-(n+1) document. It receives a private copy. */
export type MigrationTable = Readonly<Record<number, (doc: JsonObject) => JsonObject>>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The migrations of this build. */
export const MIGRATIONS: MigrationTable = {
  0: (doc) => {
    if (!Array.isArray(doc.accounts) || !Array.isArray(doc.drafts)) {
      throw new Error('a file without schemaVersion must hold accounts and drafts arrays');
    }
    const drafts = doc.drafts.map((d: unknown) => {
      if (!isObject(d)) return d;
      return {
        status: 'draft',
        revision: 0,
        result: null,
        lastError: null,
        ...d,
      };
    });
    return {
      ...doc,
      schemaVersion: 1,
      drafts,
      journal: Array.isArray(doc.journal) ? doc.journal : [],
      settings: isObject(doc.settings) ? doc.settings : {},
    };
  },
  // v1 → v2 is a change of layout, not of content: the drafts stay inline in the document here, and the store
  // moves them to their own files (files first, then the main file without them).
  1: (doc) => {
    if (!Array.isArray(doc.drafts)) throw new Error('a schema 1 file must hold a drafts array');
    return { ...doc, schemaVersion: 2 };
  },
};

/** What a file holds, as far as versioning is concerned. */
export function documentVersion(doc: JsonObject): number | 'missing' | 'invalid' {
  if (!('schemaVersion' in doc)) return 'missing';
  const v = doc.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 'invalid';
}

/**
 * Bring a parsed document to `CURRENT_SCHEMA_VERSION` with `migrations`. The input is never modified
 * (each step gets a deep copy). Throws when a step is missing or throws.
 */
export function migrate(doc: JsonObject, from: number, migrations: MigrationTable = MIGRATIONS): JsonObject {
  let cur: JsonObject = structuredClone(doc);
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`no migration from schema ${v}`);
    const next = step(structuredClone(cur));
    if (!isObject(next)) throw new Error(`migration from schema ${v} returned no object`);
    cur = { ...next, schemaVersion: v + 1 };
  }
  return cur;
}

/** A short, human list of what failed validation (first few issues). */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ');
}
