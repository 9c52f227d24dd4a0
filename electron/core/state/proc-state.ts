/**
 * The scheduler state of a process from `/proc/<pid>/stat` (Linux). A process in state Z (zombie: exited, not yet
 * reaped by its parent) or X (dead) still answers `kill(pid, 0)` but will never write again, so it holds no lock.
 */
import { readFileSync } from 'node:fs';

/** The third field of a `/proc/<pid>/stat` line (after `pid (comm)`; comm may contain spaces and parentheses). */
export function statState(statLine: string): string | null {
  const close = statLine.lastIndexOf(')');
  if (close < 0) return null;
  const m = /^\s+(\S)/.exec(statLine.slice(close + 1));
  return m ? m[1]! : null;
}

/** True when /proc says the process has exited (Z or X). False when it runs or /proc cannot tell (not Linux). */
export function isExitedProcess(pid: number, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): boolean {
  let line: string;
  try {
    line = read(`/proc/${pid}/stat`);
  } catch {
    return false;
  }
  const state = statState(line);
  return state === 'Z' || state === 'X';
}
