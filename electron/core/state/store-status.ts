/**
 * The store's status: its state (ok, read-only, needs-recovery, write-failed), why it is read-only, the message the
 * app shows, and the listener told of every change. Backups and quarantined copies are listed by recovery.ts.
 */
import type { StoreStatus } from '../../../shared/ipc/contract';
import { AppFailure } from '../../../shared/ipc/result';
import { appMessage } from '../../../shared/mapping/app-messages';
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
  /**
   * The message's sentences, each one of main's messages (shared/mapping/app-messages.ts) or a text as it came: the
   * window says each in its language (`messageParts`), files and logs keep the English `message`.
   */
  #parts: string[] = [];
  /** The bytes on disk that could not be used were copied to quarantine (so a recovery may replace them). */
  badFilePreserved = true;

  constructor(private readonly o: StatusBookOptions) {}

  /** The message the app shows, in English: its sentences joined (null when there is none). */
  get message(): string | null {
    return this.#parts.length ? this.#parts.join(' ') : null;
  }

  /** Replaces the message with these sentences (none: no message). */
  say(...parts: string[]): void {
    this.#parts = parts.filter((p) => p !== '');
  }

  /** The status as the app sees it (copies). */
  get(): StoreStatus {
    const { backups, quarantined } = this.o.lists();
    return {
      state: this.state,
      message: this.message,
      messageParts: [...this.#parts],
      quarantined: [...quarantined],
      backups: backups.map((b) => ({ ...b })),
      unsavedChanges: this.state === 'write-failed',
    };
  }

  /** Read-only from now on, saying why (one sentence, or several). */
  setReadOnly(cause: ReadOnlyCause, message: string | readonly string[], level: 'warn' | 'error'): void {
    this.state = 'read-only';
    this.readOnlyCause = cause;
    this.say(...(typeof message === 'string' ? [message] : message));
    this.log(level, this.message ?? '');
  }

  /** Add what was wrong with some files to the message (and tell the listener). */
  note(problems: string[]): void {
    if (!problems.length) return;
    this.#parts.push(...problems);
    this.log('warn', problems.join(' '));
    this.emit();
  }

  /** Throws READ_ONLY unless updates may be written now. */
  assertWritable(): void {
    if (this.state === 'needs-recovery') {
      throw new AppFailure('READ_ONLY', appMessage('storeNeedsRecovery'));
    }
    if (this.state === 'read-only') throw new AppFailure('READ_ONLY', this.message ?? appMessage('storeReadOnly'));
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
