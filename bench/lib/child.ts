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
}

/** Starts `node [--import tsx] file ...args` and parses every stdout line that is a JSON object. */
export function spawnJsonChild(file: string, args: string[] = [], o: SpawnOptions = {}): JsonChild {
  const useTsx = o.tsx ?? file.endsWith('.ts');
  const proc = spawn(process.execPath, [...(useTsx ? ['--import', 'tsx'] : []), ...(o.nodeFlags ?? []), file, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(o.env ?? {}) },
  });
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
  return {
    proc,
    waitFor<T extends Record<string, unknown>>(key: string, timeoutMs = 120_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`child ${file}: no "${key}" message within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        const check = (): void => {
          const m = messages.find((x) => key in x);
          if (m) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(m as T);
          } else if (exited) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`child ${file} ${exited} before "${key}"; stderr: ${stderr}`));
          }
        };
        waiters.add(check);
        check();
      });
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
