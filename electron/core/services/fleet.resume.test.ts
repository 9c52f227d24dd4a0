import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRun } from '../../../shared/model/fleet';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { fleetName } from '../../sandbox/fleet-seed';
import { startTestCore, tempDir } from '../test-support';
import { runResultsCsv } from './fleet';
import { countOnSandbox, planContent, syncBoth, targetFor } from './fleet-test-kit';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, loadBalancers: 20 });
});
afterAll(() => sandbox.close());

describe('fleet runs across a restart', () => {
  it('a core disposed mid-run finishes its in-flight targets and leaves the rest; the next core resumes them, each target once', async () => {
    const dataDir = tempDir();
    const t1 = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 } } });
    const { accountId, inv } = await syncBoth(t1);
    // 8 targets in sandbox-1 (even indexes), one at a time, each create slowed down
    const targets = [0, 2, 4, 6, 8, 10, 12, 14].map((i) => targetFor(accountId, inv, fleetName(i)));
    const plan = await t1.must('fleet:create', { content: planContent('Resume', 8800, targets) });
    sandbox.faults.add({ method: 'POST', times: Infinity, fault: { kind: 'latency', ms: 60 } });
    const run = await t1.must('fleet:apply', { id: plan.id, concurrency: 1 });
    for (let i = 0; i < 200; i++) {
      if ((await t1.must('fleet:run', { runId: run.id })).targets.some((x) => x.state === 'done')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await t1.core.dispose();
    const file = JSON.parse(readFileSync(path.join(dataDir, 'fleet', 'runs', `${run.id}.json`), 'utf8')) as FleetRun;
    expect(file.state).toBe('running');
    const doneBefore = file.targets.filter((x) => x.state === 'done').length;
    expect(doneBefore).toBeGreaterThanOrEqual(1);
    expect(file.targets.filter((x) => x.state === 'pending').length).toBeGreaterThanOrEqual(1);
    expect(file.targets.some((x) => x.state === 'running')).toBe(false); // in-flight ones were let finish
    sandbox.faults.clear();

    const t2 = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 } } });
    await t2.core.resumed;
    const end = await t2.core.fleet.settled(run.id);
    await t2.core.dispose();
    expect(end.state).toBe('done');
    expect(end.targets.every((x) => x.state === 'done')).toBe(true);
    const c = countOnSandbox(sandbox, 8800, 'fleet-group-8800');
    expect(targets.map((x) => c.listeners.get(x.loadBalancerId))).toEqual(targets.map(() => 1));
    expect(targets.map((x) => c.groups.get(x.loadBalancerId))).toEqual(targets.map(() => 1));
    console.log(`[fleet resume] ${doneBefore} of 8 done before the core was disposed; all 8 done once after the restart`);
  }, 60_000);

  it('a damaged plan file is skipped and reported, the others load', async () => {
    const dataDir = tempDir();
    const t1 = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
    const a = await t1.must('fleet:create', { content: planContent('Kept', 1, []) });
    const b = await t1.must('fleet:create', { content: planContent('Damaged', 2, []) });
    await t1.core.dispose();
    const dir = path.join(dataDir, 'fleet', 'plans');
    expect(readdirSync(dir).sort()).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
    writeFileSync(path.join(dir, `${b.id}.json`), '{"id":');
    const t2 = await startTestCore({ dataDir, sandboxUrl: sandbox.url });
    const list = await t2.must('fleet:list', {});
    await t2.core.dispose();
    expect(list.map((p) => p.id)).toEqual([a.id]);
    expect(t2.logs.some((l) => l.tag === '[fleet]' && l.message.includes(`${b.id}.json`) && l.message.includes('not valid JSON'))).toBe(true);
    expect(readFileSync(path.join(dir, `${b.id}.json`), 'utf8')).toBe('{"id":'); // left as it was
  });
});

describe('runResultsCsv', () => {
  it('quotes commas, quotes and line breaks, and neutralises spreadsheet formulas', () => {
    const run: FleetRun = {
      id: 'r',
      planId: 'p',
      planTitle: 't',
      state: 'failed',
      concurrency: 2,
      createdAt: '',
      updatedAt: '',
      targets: [
        {
          key: 'k',
          accountId: 'a',
          region: 'sandbox-1',
          loadBalancerId: 'lb',
          loadBalancerName: '=HYPERLINK("x")',
          draftId: 'd',
          state: 'failed',
          listenerId: null,
          poolId: 'p1',
          healthMonitorId: null,
          requestIds: ['r1', 'r2'],
          error: 'Port in use, "5432"\nTry another.',
          startedAt: null,
          finishedAt: null,
        },
      ],
    };
    expect(runResultsCsv(run).split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",lb,a,sandbox-1,failed,,p1,,r1 r2,"Port in use, ""5432""\nTry another."`);
  });
});
