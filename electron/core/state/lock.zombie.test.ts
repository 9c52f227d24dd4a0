import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPidAlive } from './durable-file';
import { acquireDirLock, LOCK_FILE } from './lock';
import { isExitedProcess, statState } from './proc-state';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/**
 * A real zombie: `sh` starts a short-lived child, then execs `sleep 30`, which never reaps it. The child outlives the
 * exec (0.3 s), so `sh` cannot have reaped it first.
 */
async function makeZombie(): Promise<{ pid: number; kill: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const kill = () => parent.kill('SIGKILL');
  cleanup.push(kill);
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(Number(String(b).trim()))));
  for (let i = 0; i < 500 && statState(readFileSync(`/proc/${pid}/stat`, 'utf8')) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
  return { pid, kill };
}

describe.runIf(process.platform === 'linux')('a zombie holds no lock', () => {
  it('statState reads the third field even when the command name has spaces and parentheses', () => {
    expect(statState('1234 (node) S 1 1234 1234 0 -1')).toBe('S');
    expect(statState('1234 (a b) c)) Z 1 2 3')).toBe('Z');
    expect(statState('garbage')).toBeNull();
    expect(isExitedProcess(1, () => '1 (init) X 0 0')).toBe(true);
    expect(isExitedProcess(1, () => '1 (init) R 0 0')).toBe(false);
    expect(isExitedProcess(1, () => {
      throw new Error('no /proc');
    })).toBe(false);
  });

  it('an unreaped child in state Z answers kill(pid, 0) but is not alive, and its lock is taken over', async () => {
    const z = await makeZombie();
    expect(statState(readFileSync(`/proc/${z.pid}/stat`, 'utf8'))).toBe('Z');
    expect(() => process.kill(z.pid, 0)).not.toThrow();
    expect(isPidAlive(z.pid)).toBe(false);
    expect(isPidAlive(process.pid)).toBe(true);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-zombie-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: z.pid, hostname: os.hostname(), startedAt: 'x', token: 't' }));
    const lock = await acquireDirLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
