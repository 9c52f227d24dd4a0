/**
 * Recovery material of a data folder: backups of the last good state (`backups/`) and copies of files that could
 * not be used (`quarantine/`). Neither is ever overwritten: a new copy gets a name not used yet (hard link of a
 * fsynced temp file, see `writeFileExclusive`). Backups are single files holding everything (main parts + every
 * draft inline), restorable by the store's `recover()`; at most `maxBackups` are kept, newest first.
 */
import path from 'node:path';
import type { StoreStatus } from '../../../shared/ipc/contract';
import type { Clock } from '../ports';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
import { STORE_FILE, classifyDataFile, type LoadResult } from './data-file';
import { DIR_MODE, describeError, readFileOrNull, writeFileAtomic, writeFileExclusive, type FsLike } from './durable-file';
import type { MigrationTable } from './schema';

/** Folder (in the data folder) of the backups of the last good state. */
export const BACKUP_DIR = 'backups';
/** Folder of the copies of files that could not be used. */
export const QUARANTINE_DIR = 'quarantine';

/** Names of main-file copies: backups and what `recover()` accepts. */
const BACKUP_FILE_RE = /^elb-desk\..+\.json$/;
/** `elb-desk.<stamp>[-<n>][.v<k>].json`: stamp, collision counter. */
const BACKUP_NAME_RE = /^elb-desk\.(\d{4}-\d{2}-\d{2}T[\d.-]+Z)(?:-(\d+))?(?:\.v\d+)?\.json$/;

/** ISO time usable in a file name on every OS (no colons). */
export function stamp(d: Date): string {
  return d.toISOString().replace(/:/g, '-');
}

function stampToIso(s: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2}(?:\.\d+)?Z)/.exec(s);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}` : null;
}

export interface RecoveryOptions {
  /** The data folder. */
  dir: string;
  fs: FsLike;
  clock: Clock;
  /** Backups kept (newest first). */
  maxBackups: number;
  renameRetryDelayMs: number;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Called when the list of backups changed. */
  onChange: () => void;
}

/** Backups and quarantine of one data folder, with the lists the store's status shows. */
export class Recovery {
  /** Backups, newest first. */
  backups: StoreStatus['backups'] = [];
  /** Quarantined copies (paths relative to the data folder), newest first. */
  quarantined: string[] = [];
  /** When the last backup was written (ms since the epoch). */
  lastBackupAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: RecoveryOptions) {}

  /** The folders whose stale temp files are removed at open. */
  get dirs(): string[] {
    return [this.sub(BACKUP_DIR), this.sub(QUARANTINE_DIR)];
  }

  /** Read both lists from disk. */
  async load(): Promise<void> {
    this.backups = await this.listBackups();
    this.quarantined = await this.listQuarantine();
  }

  /**
   * The document of the backup `file` at the current schema, checked as on open. Throws VALIDATION (not a backup's
   * name, unusable or newer content) or NOT_FOUND.
   */
  async readBackup(file: string, migrations: MigrationTable): Promise<Extract<LoadResult, { kind: 'ok' }>> {
    if (path.basename(file) !== file || !BACKUP_FILE_RE.test(file)) {
      throw new AppFailure('VALIDATION', `"${file}" is not the name of a backup.`);
    }
    const raw = await readFileOrNull(this.sub(BACKUP_DIR, file), this.o.fs);
    if (raw === null) throw new AppFailure('NOT_FOUND', appMessage('noBackup', { file }));
    const res = classifyDataFile(raw, migrations);
    if (res.kind === 'bad') throw new AppFailure('VALIDATION', `The backup ${file} cannot be used: ${res.detail}.`);
    if (res.kind === 'newer') throw new AppFailure('VALIDATION', `The backup ${file} was written by a newer ELB Desk (schema ${res.version}).`);
    return res;
  }

  /** Copy bytes to `quarantine/elb-desk.<time>.<reason>.json` (never overwriting); returns the relative path. */
  quarantine(raw: Uint8Array, reason: string): Promise<string> {
    return this.keep('elb-desk', raw, reason);
  }

  /** Copy a draft file's bytes to `quarantine/draft.<name>.<time>.<reason>.json` (never overwriting). */
  quarantineDraft(name: string, raw: Uint8Array, reason: string): Promise<string> {
    return this.keep(`draft.${name.replace(/\.json$/, '')}`, raw, reason);
  }

  /** Copy bytes to `quarantine/<prefix>.<time>[-<n>].<reason>.json` (never overwriting); returns the relative path. */
  async keep(prefix: string, raw: Uint8Array, reason: string): Promise<string> {
    await this.ensureDir(this.sub(QUARANTINE_DIR));
    const t = stamp(this.o.clock.now());
    const where = await writeFileExclusive((i) => this.sub(QUARANTINE_DIR, `${prefix}.${t}${i ? `-${i}` : ''}.${reason}.json`), raw, this.writeOpts());
    const rel = path.relative(this.o.dir, where);
    this.quarantined = [rel, ...this.quarantined.filter((q) => q !== rel)];
    return rel;
  }

  /**
   * Keep the bytes of a main file that could not be used (`detail` says why), and say so with what the user can do.
   * `preserved` is false when no copy could be made (the file itself is left untouched then).
   */
  async setAsideMain(raw: Uint8Array, reason: string, detail: string): Promise<{ preserved: boolean; message: string[] }> {
    let where: string;
    let preserved = true;
    try {
      where = await this.quarantine(raw, reason);
    } catch (e) {
      preserved = false;
      where = appMessage('storeCopyNotMade', { reason: describeError(e) });
    }
    const message = [
      appMessage('storeFileUnusable', { file: STORE_FILE, detail, where }),
      this.backups.length ? appMessage('storeRestoreOrEmpty', { files: this.backups.map((b) => b.file).join(', ') }) : appMessage('storeNoBackupToRestore'),
    ];
    return { preserved, message };
  }

  /**
   * The backup of the state found at open, unless the newest backup already holds exactly these bytes: restarting
   * without a change then keeps the older, different backups, instead of rotating them out for copies of one state.
   * Never throws (logs); a newest backup that cannot be read is no reason to skip. Uses the list `load()` read at open.
   */
  async backupAtOpen(data: string): Promise<void> {
    const newest = this.backups[0];
    const raw = newest ? await readFileOrNull(this.sub(BACKUP_DIR, newest.file), this.o.fs).catch(() => null) : null;
    if (raw !== null && raw.equals(Buffer.from(data, 'utf8'))) {
      // The state is backed up already: the interval for the next one starts now, as after a write.
      this.lastBackupAt = this.o.clock.now().getTime();
      return;
    }
    await this.makeBackup(data, '');
  }

  /** Write a backup `elb-desk.<time>[tag].json` and drop the oldest past `maxBackups`. Never throws (logs). */
  async makeBackup(data: string | Uint8Array, tag: string): Promise<void> {
    try {
      await this.ensureDir(this.sub(BACKUP_DIR));
      const t = stamp(this.o.clock.now());
      await writeFileExclusive((i) => this.sub(BACKUP_DIR, `elb-desk.${t}${i ? `-${i}` : ''}${tag}.json`), data, this.writeOpts());
      this.lastBackupAt = this.o.clock.now().getTime();
      const all = await this.listBackups();
      for (const old of all.slice(this.o.maxBackups)) {
        await this.o.fs.unlink(this.sub(BACKUP_DIR, old.file)).catch(() => undefined);
      }
      this.backups = all.slice(0, this.o.maxBackups);
      this.o.onChange();
    } catch (e) {
      this.o.log('warn', `could not write a backup: ${describeError(e)}`);
    }
  }

  /**
   * Rewrites every backup whose parsed document `scrub` changes (it mutates the document and returns true), each by an
   * atomic replace of that one file. This is the one exception to "never overwritten", for a secret that must not stay
   * on disk in plain text once it has a safe home (proxy credentials moved into the vault). Backups that do not parse
   * are left as they are. Returns how many were rewritten. Never throws (logs).
   */
  async rewriteBackups(scrub: (doc: Record<string, unknown>) => boolean): Promise<number> {
    let rewritten = 0;
    for (const b of await this.listBackups()) {
      const file = this.sub(BACKUP_DIR, b.file);
      try {
        const raw = await readFileOrNull(file, this.o.fs);
        if (raw === null) continue;
        let doc: unknown;
        try {
          doc = JSON.parse(Buffer.from(raw).toString('utf8'));
        } catch {
          continue;
        }
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !scrub(doc as Record<string, unknown>)) continue;
        await writeFileAtomic(file, JSON.stringify(doc), this.writeOpts());
        rewritten++;
      } catch (e) {
        this.o.log('warn', `could not rewrite the backup ${b.file}: ${describeError(e)}`);
      }
    }
    return rewritten;
  }

  /** Backups, newest first (by the time in their names, then by the collision counter). */
  private async listBackups(): Promise<StoreStatus['backups']> {
    let names: string[];
    try {
      names = await this.o.fs.readdir(this.sub(BACKUP_DIR));
    } catch {
      return [];
    }
    const out: (StoreStatus['backups'][number] & { n: number })[] = [];
    for (const file of names.filter((n) => BACKUP_FILE_RE.test(n))) {
      const m = BACKUP_NAME_RE.exec(file);
      let savedAt = m?.[1] ? stampToIso(m[1]) : null;
      if (!savedAt) {
        const st = await this.o.fs.stat(this.sub(BACKUP_DIR, file)).catch(() => null);
        savedAt = st ? new Date(st.mtimeMs).toISOString() : '';
      }
      out.push({ file, savedAt, n: Number(m?.[2] ?? 0) });
    }
    out.sort((a, b) => (a.savedAt === b.savedAt ? b.n - a.n : b.savedAt.localeCompare(a.savedAt)));
    return out.map(({ file, savedAt }) => ({ file, savedAt }));
  }

  private async listQuarantine(): Promise<string[]> {
    try {
      const names = (await this.o.fs.readdir(this.sub(QUARANTINE_DIR))).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
      return names.sort().reverse().map((n) => path.join(QUARANTINE_DIR, n));
    } catch {
      return [];
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    await this.o.fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    await this.o.fs.chmod(dir, DIR_MODE);
  }

  private writeOpts() {
    return { fs: this.o.fs, renameRetryDelayMs: this.o.renameRetryDelayMs };
  }

  private sub(...parts: string[]): string {
    return path.join(this.o.dir, ...parts);
  }
}
