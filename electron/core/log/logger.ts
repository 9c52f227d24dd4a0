/**
 * The file logger: JSON lines in `<dir>/elb-desk.log` (0600, folder 0700), every message and data value passed
 * through the redactor first, size-rotated (`elb-desk.log` → `.1` → `.2`, 3 files of ~5 MB by default).
 *
 * Writes are synchronous appends so the last lines before a crash are on disk; a failing log write is
 * swallowed (logging must never break the app) and counted in `droppedLines`.
 */
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, fchmodSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock, type Logger, type LogLevel } from '../ports';
import type { Redactor } from './redact';

/** The log file name. */
export const LOG_FILE = 'elb-desk.log';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of `createFileLogger`. */
export interface FileLoggerOptions {
  dir: string;
  /** Lowest level written. Default 'info'. */
  level?: LogLevel;
  redactor: Redactor;
  /** Rotate when the file would grow past this. Default 5 MB. */
  maxBytes?: number;
  /** Files kept, the current one included. Default 3. */
  maxFiles?: number;
  clock?: Clock;
}

/** A logger writing to a file; `close()` releases the file. */
export interface FileLogger extends Logger {
  readonly file: string;
  /** Lines that could not be written (disk full, folder removed). */
  readonly droppedLines: number;
  close(): void;
}

/** One line of the log file. */
export interface LogLine {
  time: string;
  level: LogLevel;
  tag: string;
  message: string;
  data?: unknown;
}

/** Creates the file logger (the folder is created 0700 if missing). */
export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const dir = path.resolve(opts.dir);
  const file = path.join(dir, LOG_FILE);
  const min = ORDER[opts.level ?? 'info'];
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const maxFiles = Math.max(1, opts.maxFiles ?? 3);
  const clock = opts.clock ?? systemClock;
  const { redactor } = opts;
  let fd: number | null = null;
  let size = 0;
  let dropped = 0;
  let closed = false;

  function openFile(): number {
    if (fd !== null) return fd;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(dir, 0o700);
    } catch {
      // not our folder: leave its mode alone
    }
    const h = openSync(file, 'a', 0o600);
    fchmodSync(h, 0o600);
    size = fstatSync(h).size;
    fd = h;
    return h;
  }

  function rotate(): void {
    if (fd !== null) {
      closeSync(fd);
      fd = null;
    }
    const name = (i: number) => (i === 0 ? file : `${file}.${i}`);
    rmSync(name(maxFiles - 1), { force: true });
    for (let i = maxFiles - 2; i >= 0; i--) {
      try {
        renameSync(name(i), name(i + 1));
      } catch {
        // missing: fine
      }
    }
    if (maxFiles === 1) rmSync(file, { force: true });
  }

  function write(line: string): void {
    const bytes = Buffer.byteLength(line);
    let h = openFile();
    if (size > 0 && size + bytes > maxBytes) {
      rotate();
      h = openFile();
    }
    writeSync(h, line);
    size += bytes;
  }

  return {
    file,
    get droppedLines() {
      return dropped;
    },
    log(level, tag, message, data) {
      if (closed || ORDER[level] < min) return;
      try {
        const entry: LogLine = {
          time: clock.now().toISOString(),
          level,
          tag: redactor.redactString(String(tag)),
          message: redactor.redactString(String(message)),
        };
        if (data !== undefined) entry.data = redactor.redact(data);
        let line = JSON.stringify(entry);
        // Second pass over the serialized line, kept only if it is still valid JSON (belt and braces).
        const again = redactor.redactString(line);
        if (again !== line && isJson(again)) line = again;
        write(`${line}\n`);
      } catch {
        dropped++;
      }
    },
    close() {
      closed = true;
      if (fd !== null) {
        try {
          closeSync(fd);
        } catch {
          // ignore
        }
        fd = null;
      }
    },
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A logger that keeps redacted entries in memory (tests and diagnostics). */
export function createMemoryLogger(redactor: Redactor, level: LogLevel = 'debug'): Logger & { entries: LogLine[] } {
  const entries: LogLine[] = [];
  return {
    entries,
    log(lv, tag, message, data) {
      if (ORDER[lv] < ORDER[level]) return;
      const e: LogLine = { time: new Date().toISOString(), level: lv, tag: redactor.redactString(tag), message: redactor.redactString(String(message)) };
      if (data !== undefined) e.data = redactor.redact(data);
      entries.push(e);
    },
  };
}

/** A logger that drops everything. */
export const nullLogger: Logger = { log: () => undefined };
