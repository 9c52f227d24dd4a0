/**
 * The fleet fault test (issue 12): 200 targets over two sandbox regions, ambiguous replies (the create is committed,
 * then the connection is dropped) injected all through the run, and the host killed with SIGKILL several times
 * mid-run and started again on the same data folder. Afterwards: no load balancer has two listeners on the port or
 * two groups of the plan, and every target is done or failed with its error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { fleetKind, fleetName } from '../../sandbox/fleet-seed';
import { FLEET_JOURNAL_DIR } from '../state/fleet-journal';
import { startTestCore, tempDir } from '../test-support';
import { countOnSandbox, planContent, syncBoth, targetFor } from './fleet-test-kit';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const TARGETS = 200;
const KILLS = 3;
const PORT = 6543;

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, loadBalancers: 250 });
});
afterAll(() => sandbox.close());

function child(dataDir: string, planId?: string): { proc: ChildProcess; out: () => string; line: (re: RegExp, ms: number) => Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fleet-child.ts'), dataDir, sandbox.url, ...(planId ? [planId] : [])], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const line = (re: RegExp, ms: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(check);
        reject(new Error(`no ${re} within ${ms} ms: ${out.slice(-2000)}`));
      }, ms);
      const check = setInterval(() => {
        const m = re.exec(out);
        if (m) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(m[0]);
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          clearInterval(check);
          clearTimeout(timer);
          reject(new Error(`the child ended (${proc.exitCode ?? proc.signalCode}) without ${re}: ${out.slice(-2000)}`));
        }
      }, 10);
    });
  return { proc, out: () => out, line };
}

describe('fleet at scale with faults', () => {
  it(`${TARGETS} targets, ambiguous replies and ${KILLS} kills: 0 duplicate listeners, 0 duplicate groups, every target done or failed with its error`, async () => {
    const dataDir = tempDir();
    const prep = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
    const { accountId, inv } = await syncBoth(prep);
    const names: string[] = [];
    for (let i = 0; names.length < TARGETS; i++) if (fleetKind(i) === 'l4' || fleetKind(i) === 'l4l7') names.push(fleetName(i));
    const targets = names.map((n) => targetFor(accountId, inv, n));
    const plan = await prep.must('fleet:create', { content: planContent('Fleet faults', PORT, targets) });
    const v = await prep.must('fleet:validate', { id: plan.id });
    expect(v.canStart).toBe(true);
    await prep.core.dispose();

    // Ambiguous replies all through the run: every 40 ms one more create (pool, members, monitor or listener) is
    // committed and its connection dropped.
    const paths = [/\/pools$/, /\/listeners$/, /\/healthmonitors$/];
    let injected = 0;
    const injector = setInterval(() => {
      sandbox.faults.add({ method: 'POST', path: paths[injected % paths.length]!, times: 1, fault: { kind: 'drop-after-commit' } });
      injected++;
    }, 40);

    let c = child(dataDir, plan.id);
    const runLine = await c.line(/RUN \S+/, 60_000);
    const runId = runLine.slice(4);
    const kills: number[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        // Kill at set points of the run's progress (listeners made so far, read from the sandbox), give or take a
        // few targets, so every kill lands mid-run however fast the machine is.
        const at = Math.floor(((k + 1) * TARGETS) / (KILLS + 1)) + Math.floor(Math.random() * 10) - 5;
        const deadline = Date.now() + 300_000;
        while ([...countOnSandbox(sandbox, PORT, `fleet-group-${PORT}`).listeners.values()].length < at) {
          if (Date.now() > deadline) throw new Error(`the run did not reach ${at} listeners: ${c.out().slice(-2000)}`);
          await new Promise((r) => setTimeout(r, 5));
        }
        const exited = c.proc.exitCode !== null || c.proc.signalCode !== null ? Promise.resolve() : new Promise((r) => c.proc.once('exit', r));
        if (c.proc.exitCode === null) {
          c.proc.kill('SIGKILL');
          kills.push(Date.now());
        }
        await exited;
        c = child(dataDir);
        await c.line(/RUN \S+/, 60_000);
      }
      await c.line(/SETTLED \w+/, 420_000);
    } finally {
      clearInterval(injector);
      sandbox.faults.clear();
      // The last child disposes its core and exits after SETTLED; give it that time (the data folder's lock is
      // released on exit), else kill it — and wait until it is gone either way before opening the folder again.
      if (c.proc.exitCode === null && c.proc.signalCode === null) {
        const gone = new Promise((r) => c.proc.once('exit', r));
        const timer = setTimeout(() => c.proc.kill('SIGKILL'), 30_000);
        await gone;
        clearTimeout(timer);
      }
    }

    const after = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
    await after.core.resumed;
    const run = await after.must('fleet:run', { runId });
    const journal = await after.must('journal:list', {});
    const draftStatus = new Map(run.targets.map((x) => [x.draftId, after.core.store.getDraft(x.draftId)?.status]));
    const readBackOk = run.targets.filter((x) => after.core.store.getDraft(x.draftId)?.result?.readBack?.error === null).length;
    await after.core.dispose();
    const counts = countOnSandbox(sandbox, PORT, `fleet-group-${PORT}`);
    const dupListeners = [...counts.listeners.values()].filter((n) => n > 1).length;
    const dupGroups = [...counts.groups.values()].filter((n) => n > 1).length;
    const done = run.targets.filter((t) => t.state === 'done');
    const failed = run.targets.filter((t) => t.state === 'failed');
    const dropped = sandbox.requests().filter((r) => r.fault === 'drop-after-commit').length;
    console.log(
      `[fleet faults] ${TARGETS} targets, ${kills.length} kills, ${dropped} ambiguous replies (drop after commit) → ${done.length} done, ` +
        `${failed.length} failed, ${dupListeners} duplicate listeners, ${dupGroups} duplicate groups; run ${run.state}` +
        (failed.length ? `; errors: ${[...new Set(failed.map((f) => f.error))].join(' | ')}` : ''),
    );
    expect(kills.length).toBe(KILLS);
    expect(dropped).toBeGreaterThan(20);
    expect(dupListeners).toBe(0);
    expect(dupGroups).toBe(0);
    expect(run.targets).toHaveLength(TARGETS);
    for (const t of run.targets) {
      expect(['done', 'failed']).toContain(t.state);
      if (t.state === 'failed') expect(t.error).toBeTruthy();
      if (t.state === 'done') {
        expect(counts.listeners.get(t.loadBalancerId)).toBe(1);
        expect(t.listenerId).toBeTruthy();
        // the run's journal was folded into the store's after the kills: the target's entry is there, done
        expect(journal.filter((j) => j.draftId === t.draftId).at(-1)?.state).toBe('done');
        expect(draftStatus.get(t.draftId)).toBe('submitted');
      }
    }
    expect(existsSync(path.join(dataDir, FLEET_JOURNAL_DIR, `${runId}.wal`))).toBe(false);
    // every done target was read back (batched), whichever process finished it
    expect(readBackOk).toBe(done.length);
  }, 900_000);
});
