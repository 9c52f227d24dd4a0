/**
 * Issue 12 §3, the fleet confirm / apply / results page (`#/fleet/ID/apply`) in real Chromium against the
 * browser-mode host and the sandbox with its fleet load balancers (`loadBalancers`): the live preflight per target
 * with totals and collapsed requests, apply with real clicks, the results table and its CSV; the host killed with
 * SIGKILL mid-run (resumed, each target exactly once); a throttled run (no target failed); cancel, then "retry failed".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures/app';
import { countOnSandbox, createPlan, FleetApplyPage, fleetTarget, planContent, sandboxAccountId } from '../fixtures/fleet';
import { ipc } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';
import type { FleetPlan } from '../../shared/model/fleet';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

test.use({ sandboxOptions: { port: 0, pendingMs: 0, loadBalancers: 20 } });

test.describe('fleet apply page', () => {
  test('5 targets in 2 regions: the clash and the L7-only one block Apply; fixed (next free port, excluded), applied, 4 done, CSV exported', async ({ app, sandbox }, testInfo) => {
    const accountId = await sandboxAccountId(app);
    // fleet-0003 (index 2, sandbox-1) already has a TCP listener on 5432; fleet-0008 (index 7, sandbox-2) is L7-only.
    const targets = [0, 1, 2, 3, 7].map((i) => fleetTarget(sandbox, accountId, i));
    expect(new Set(targets.map((t) => t.region))).toEqual(new Set(['sandbox-1', 'sandbox-2']));
    const plan = await createPlan(app, planContent('Open 5432', 5432, targets));
    const page = await new FleetApplyPage(app, plan.id).open();
    await page.preflightDone();

    // Per account + region: read live.
    for (const region of ['sandbox-1', 'sandbox-2']) await expect(page.main.getByRole('listitem').filter({ hasText: `(${region})` }).filter({ hasText: 'read live' }).first()).toBeVisible();
    await expect(page.targets).toHaveCount(5);
    await expect(page.target('fleet-0003')).toContainText('Error');
    await expect(page.target('fleet-0003')).toContainText(/Port.*5432/);
    await expect(page.target('fleet-0008')).toContainText('Error');
    await expect(page.target('fleet-0008')).toContainText(/Target/);
    await expect(page.target('fleet-0001')).toContainText('Ready');
    // A warning says its severity, then the rule's message, which names its field (not the field twice).
    await expect(page.target('fleet-0001').getByRole('listitem').first()).toHaveText(/^\s*Warning: Backend Servers: none added/);
    await expect(page.applyButton).toBeDisabled();
    await expect(page.main.getByText('Some targets have errors: fix or exclude them in the plan.')).toBeVisible();

    // The plan editor's "Use the next free port on each" and "exclude", through IPC; then Check again.
    const moved = await ipc<{ plan: FleetPlan; changed: Array<{ key: string; from: number; to: number }> }>(app, 'fleet:nextFreePort', { id: plan.id, revision: plan.revision });
    expect(moved.changed).toEqual([{ key: targets[2]!.key, from: 5432, to: 5433 }]);
    const { id: _i, createdAt: _c, updatedAt: _u, revision, ...content } = moved.plan;
    await ipc(app, 'fleet:save', { id: plan.id, revision, content: { ...content, targets: content.targets.map((t, i) => (i === 4 ? { ...t, excluded: true } : t)) } });
    await page.recheck.click();
    await page.preflightDone();

    await expect(page.target('fleet-0003')).toContainText('Port: 5433');
    await expect(page.target('fleet-0008')).toContainText('Excluded');
    await expect(page.main.getByText('Excluded targets are neither checked as blocking nor applied.')).toBeVisible();
    await expect(page.main.locator('dl.totals')).toHaveText(/Targets applied\s*4\s*Listeners\s*4\s*Backend server groups\s*4\s*Backend servers\s*0\s*Health checks\s*4/);
    // The exact requests of a target, collapsed until opened.
    const first = page.target('fleet-0001');
    const summary = first.locator('summary');
    await expect(summary).toHaveText(/^API requests for fleet-0001 \(\d+\)$/);
    const post = first.getByText(/^POST \/v3\/[^/]+\/elb\/listeners$/);
    await expect(post).toBeHidden();
    await summary.click();
    await expect(post).toBeVisible();
    await expect(first.locator('pre').filter({ hasText: '"protocol_port": 5432' })).toBeVisible();
    await summary.click();
    await expect(page.applyButton).toHaveText('Apply to 4 targets');
    await expect(page.applyButton).toBeEnabled();
    await page.main.screenshot({ path: path.join(SHOTS, 'fleet-confirm.png') });
    expect(await new AppShell(app).axeViolations()).toEqual([]);

    await page.applyButton.click();
    await page.expectFinished(4, 4);
    await expect(page.counts).toContainText('0 failed');
    await expect(page.results.getByRole('row')).toHaveCount(5);
    for (const name of ['fleet-0001', 'fleet-0002', 'fleet-0003', 'fleet-0004']) {
      const row = page.resultRow(name);
      await expect(row).toContainText('Done');
      await expect(row.getByRole('link', { name: /^Open listener / })).toBeVisible();
    }
    await expect(page.main.getByText(/its requests and outcome are in History/)).toBeVisible();
    await page.main.screenshot({ path: path.join(SHOTS, 'fleet-results.png') });
    expect(await new AppShell(app).axeViolations()).toEqual([]);

    const [download] = await Promise.all([app.waitForEvent('download'), page.main.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/results\.csv$/);
    const file = testInfo.outputPath('results.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((l) => l.includes(',done,'))).toBe(true);
    const [jsonDownload] = await Promise.all([app.waitForEvent('download'), page.main.getByRole('button', { name: 'Export JSON' }).click()]);
    const jsonFile = testInfo.outputPath('results.json');
    await jsonDownload.saveAs(jsonFile);
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { targets: Array<{ target: string; status: string; listenerId: string | null }> };
    expect(json.targets.map((t) => `${t.target}:${t.status}:${t.listenerId ? 'id' : '-'}`)).toEqual(['fleet-0001:done:id', 'fleet-0002:done:id', 'fleet-0003:done:id', 'fleet-0004:done:id']);
    await expect(page.main.getByText('Saved as open-5432-results.json.')).toBeVisible();

    const c5432 = countOnSandbox(sandbox, 5432, 'fleet-group-5432');
    for (const i of [0, 1, 3]) expect(c5432.listeners.get(targets[i]!.loadBalancerId)).toBe(1);
    expect(c5432.listeners.get(targets[2]!.loadBalancerId)).toBe(1); // the one it already had
    expect(countOnSandbox(sandbox, 5433, '').listeners.get(targets[2]!.loadBalancerId)).toBe(1);
    expect(c5432.listeners.get(targets[4]!.loadBalancerId)).toBeUndefined();
    expect([...c5432.groups.values()]).toEqual([1, 1, 1, 1]);

    // A done target links to its listener's detail page (in its own account + region).
    await page.resultRow('fleet-0002').getByRole('link', { name: /^Open listener / }).click();
    const shell = new AppShell(app);
    await expect(shell.regionSelect).toHaveValue('sandbox-2');
    await shell.sync(); // the cache of sandbox-2 as read by the preflight, before the run
    await expect(page.main.getByRole('heading', { level: 1 })).toHaveText(/^Listener fleet-5432/, { timeout: 15_000 });
  });

  test('kill -9 mid-run (slow creates), restart on the same data folder, reopen: the run goes on and completes, one listener per target', async ({ app, host, sandbox }) => {
    const accountId = await sandboxAccountId(app);
    // 6 targets, 3 per region; 1 at a time per region: 2 lanes.
    const targets = [0, 1, 3, 4, 5, 6].map((i) => fleetTarget(sandbox, accountId, i));
    const plan = await createPlan(app, planContent('Kill mid-run', 6200, targets, 1));
    const page = await new FleetApplyPage(app, plan.id).open();
    await page.preflightDone();
    await expect(page.applyButton).toHaveText('Apply to 6 targets');
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: Infinity, fault: { kind: 'latency', ms: 2500 } });
    await page.applyButton.click();
    await expect(page.counts).toContainText(/: 2 done/, { timeout: 30_000 });
    await host.kill();
    const before = countOnSandbox(sandbox, 6200, 'fleet-group-6200');
    expect([...before.listeners.values()].reduce((a, b) => a + b, 0)).toBeLessThan(6);

    await host.start();
    await page.openAt(host.url);
    // The restarted host resumes the run by itself; the page shows the latest run going on, then done.
    await expect(page.main.getByRole('heading', { name: 'Progress' })).toBeVisible();
    await expect(page.main.locator('.run-head')).toContainText('Running');
    await expect(page.main.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
    await expect(page.counts).not.toContainText('6 of 6');
    await page.expectFinished(6, 6);
    await expect(page.counts).toContainText('0 failed');
    const after = countOnSandbox(sandbox, 6200, 'fleet-group-6200');
    for (const t of targets) {
      expect(after.listeners.get(t.loadBalancerId), t.loadBalancerName).toBe(1);
      expect(after.groups.get(t.loadBalancerId), t.loadBalancerName).toBe(1);
    }
    const runs = await ipc<Array<{ state: string }>>(app, 'fleet:runs', { planId: plan.id });
    expect(runs.map((r) => r.state)).toEqual(['done']);
  });

  test('a throttled run (429 + Retry-After per account) finishes with no target failed', async ({ app, sandbox }) => {
    const accountId = await sandboxAccountId(app);
    const targets = [0, 1, 3, 4].map((i) => fleetTarget(sandbox, accountId, i));
    const plan = await createPlan(app, planContent('Throttled', 6300, targets, 2));
    const page = await new FleetApplyPage(app, plan.id).open();
    await page.preflightDone();
    sandbox.throttle({ ratePerSecond: 10, burst: 5 });
    await page.applyButton.click();
    await page.expectFinished(4, 4, 90_000);
    const refused = sandbox.throttleRefused();
    sandbox.throttle(null);
    await expect(page.counts).toContainText('0 failed');
    expect(refused).toBeGreaterThan(0);
    expect(sandbox.requests().filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const c = countOnSandbox(sandbox, 6300, 'fleet-group-6300');
    expect(targets.map((t) => c.listeners.get(t.loadBalancerId))).toEqual([1, 1, 1, 1]);
    console.log(`[fleet-e2e] throttled run: ${refused} requests refused with 429, 0 targets failed`);
  });

  test('cancel after the first target starts: no new target starts, the rest cancelled; "retry failed" runs only those and the run ends done', async ({ app, sandbox }) => {
    const accountId = await sandboxAccountId(app);
    // 4 targets in sandbox-1, one at a time.
    const targets = [0, 2, 4, 6].map((i) => fleetTarget(sandbox, accountId, i));
    expect(new Set(targets.map((t) => t.region))).toEqual(new Set(['sandbox-1']));
    const plan = await createPlan(app, planContent('Cancel and retry', 6400, targets, 1));
    const page = await new FleetApplyPage(app, plan.id).open();
    await page.preflightDone();
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'latency', ms: 2500 } });
    await page.applyButton.click();
    await expect(page.resultRow('fleet-0001')).toContainText('Running');
    await expect(page.main.getByText('Cancel starts no new target; targets already running finish.')).toBeVisible();
    await page.main.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.expectFinished(4, 1);
    await expect(page.counts).toContainText('3 cancelled');
    await expect(page.resultRow('fleet-0001')).toContainText('Done');
    for (const name of ['fleet-0003', 'fleet-0005', 'fleet-0007']) await expect(page.resultRow(name)).toContainText('Cancelled');
    const creates = () => sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/listeners') && r.status === 201).length;
    expect(creates()).toBe(1);

    const retry = page.main.getByRole('button', { name: 'Retry 3 failed targets' });
    await expect(retry).toBeEnabled();
    await retry.click();
    await page.expectFinished(4, 4);
    await expect(page.main.locator('.run-head')).toContainText('Done');
    await expect(retry).toBeHidden();
    expect(creates()).toBe(4);
    const c = countOnSandbox(sandbox, 6400, 'fleet-group-6400');
    expect(targets.map((t) => c.listeners.get(t.loadBalancerId))).toEqual([1, 1, 1, 1]);
  });
});
