/**
 * The store's status: its state (ok, read-only, needs-recovery, write-failed), why it is read-only, the message the
 * app shows, and the listener told of every change. Backups and quarantined copies are listed by recovery.ts.
 */
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import type { Logger } from '../ports';
import { describeError } from './durable-file';

export type ReadOnlyCause = 'newer' | 'unreadable' | 'folder';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StatusBookOptions {
  logger?: Logger | undefined;
  /** Called after every status change. */
  onStatus?: ((s: StoreStatus) => void) | undefined;
  /** The lists the status shows. */
  lists: () => Pick<StoreStatus, 'backups' | 'quarantined'>;
}

export class StatusBook {
  state: StoreStatus['state'] = 'ok';
  readOnlyCause: ReadOnlyCause | null = null;
  message: string | null = null;
  /** The bytes on disk that could not be used were copied to quarantine (so a recovery may replace them). */
  badFilePreserved = true;

  constructor(private readonly o: StatusBookOptions) {}

  /** The status as the app sees it (copies). */
  get(): StoreStatus {
    const { backups, quarantined } = this.o.lists();
    return { state: this.state, message: this.message, quarantined: [...quarantined], backups: backups.map((b) => ({ ...b })), unsavedChanges: this.state === 'write-failed' };
  }

  setReadOnly(cause: ReadOnlyCause, message: string, level: 'warn' | 'error'): void {
    this.state = 'read-only';
    this.readOnlyCause = cause;
    this.message = message;
    this.log(level, message);
  }

  /** Add what was wrong with some files to the message (and tell the listener). */
  note(problems: string[]): void {
    if (!problems.length) return;
    const text = problems.join(' ');
    this.message = this.message ? `${this.message} ${text}` : text;
    this.log('warn', text);
    this.emit();
  }

  /** Throws READ_ONLY unless updates may be written now. */
  assertWritable(): void {
    if (this.state === 'needs-recovery') {
      throw new AppFailure('READ_ONLY', 'The data file needs recovery first: restore a backup or start with empty data.');
    }
    if (this.state === 'read-only') throw new AppFailure('READ_ONLY', this.message ?? 'The data file is open read-only.');
  }

  emit(): void {
    if (!this.o.onStatus) return;
    try {
      this.o.onStatus(this.get());
    } catch (e) {
      this.log('warn', `status listener failed: ${describeError(e)}`);
    }
  }

  log(level: LogLevel, message: string): void {
    try {
      this.o.logger?.log(level, '[store]', message);
    } catch {
      // a logger must never break the store
    }
  }
}
