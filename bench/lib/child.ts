/**
 * Child processes of the bench: a TypeScript entry run by Node with the tsx loader (or a plain .mjs bundle), which
 * reports on stdout as JSON lines. The parent waits for the first line that has a given key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running child that speaks JSON lines. */
export interface JsonChild {
  proc: ChildProcess;
  /** Resolves with the first message that has `key` (rejects if the child exits first or on timeout). */
  waitFor<T extends Record<string, unknown>>(key: string, timeoutMs?: number): Promise<T>;
  /** Resolves with the n-th message (1-based) that has `key`. */
  waitForNth<T extends Record<string, unknown>>(key: string, n: number, timeoutMs?: number): Promise<T>;
  /** Writes one line to the child's stdin (only with `stdin: true`). */
  send(line: string): void;
  /** Asks the child to stop (SIGTERM), then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of `spawnJsonChild`. */
export interface SpawnOptions {
  /** Extra Node flags (e.g. --expose-gc). */
  nodeFlags?: string[];
  /** Run the file with the tsx loader (default true for .ts files). */
  tsx?: boolean;
  env?: Record<string, string | undefined>;
  /** Give the child a stdin pipe for `send()` (default: no stdin). */
  stdin?: boolean;
}

/** Starts `node [--import tsx] file ...args` and parses every stdout line that is a JSON object. */
export function spawnJsonChild(file: string, args: string[] = [], o: SpawnOptions = {}): JsonChild {
  const useTsx = o.tsx ?? file.endsWith('.ts');
  const proc = spawn(process.execPath, [...(useTsx ? ['--import', 'tsx'] : []), ...(o.nodeFlags ?? []), file, ...args], {
    cwd: REPO_ROOT,
    stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(o.env ?? {}) },
  });
  // Writing to a child that already exited must not crash the bench.
  proc.stdin?.on('error', () => undefined);
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let exited: string | null = null;
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      messages.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const w of [...waiters]) w();
  });
  const exitPromise = new Promise<void>((resolve) => {
    proc.on('exit', (code, signal) => {
      exited = `exited (code ${code}, signal ${signal})`;
      for (const w of [...waiters]) w();
      resolve();
    });
  });
  function waitForNth<T extends Record<string, unknown>>(key: string, n: number, timeoutMs = 120_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`child ${file}: no message #${n} with "${key}" within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      const check = (): void => {
        const m = messages.filter((x) => key in x)[n - 1];
        if (m) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m as T);
        } else if (exited) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`child ${file} ${exited} before message #${n} with "${key}"; stderr: ${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  }
  return {
    proc,
    waitFor<T extends Record<string, unknown>>(key: string, timeoutMs = 120_000): Promise<T> {
      return waitForNth<T>(key, 1, timeoutMs);
    },
    waitForNth,
    send(line: string): void {
      if (!proc.stdin) throw new Error(`child ${file} has no stdin pipe`);
      proc.stdin.write(`${line}\n`);
    },
    async stop(graceMs = 5000): Promise<void> {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
