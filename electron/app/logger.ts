/**
 * A console logger for the shell that never prints payloads: only level, tag and message. Used when the core's
 * file logger (electron/core/log) is not available. Messages are single-line and capped.
 */
import type { Logger, LogLevel } from '../core/ports';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where lines go (console by default; tests pass a spy). */
export type LineWriter = (level: LogLevel, line: string) => void;

const consoleWriter: LineWriter = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** Creates a logger that prints `LEVEL [tag] message` and drops the `data` argument entirely. */
export function createConsoleLogger(minLevel: LogLevel = 'info', write: LineWriter = consoleWriter): Logger {
  return {
    log(level, tag, message) {
      if (ORDER[level] < ORDER[minLevel]) return;
      const text = String(message).replace(/[\r\n]+/g, ' ').slice(0, 500);
      write(level, `${new Date().toISOString()} ${level.toUpperCase()} [${tag}] ${text}`);
    },
  };
}
