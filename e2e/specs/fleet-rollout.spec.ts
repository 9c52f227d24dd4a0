/**
 * Issue 12 end to end through the window only, with real clicks: on the Load balancers page 3 load balancers of
 * region 1 (fleet-0003 already has a TCP listener on 5432) and, through the picker, 2 of region 2; an L7-only one
 * refused; "Add TCP listener to selected" → the plan page: template TCP 5432 with a new group, the clash shown on
 * its row and fixed by "Use the next free port on each"; "Review and apply" → the apply page's live preflight →
 * "Apply to 5 targets" → every target done, and the sandbox holds exactly one new listener per target.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { FleetApplyPage } from '../fixtures/fleet';
import { AppShell } from '../pages/app-shell';

test.use({ sandboxOptions: { port: 0, pendingMs: 0, loadBalancers: 10 } });

function matrixRow(app: Page, name: string): Locator {
  return app.getByRole('table', { name: 'Target matrix: one row per load balancer' }).getByRole('row').filter({ has: app.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }) });
}

test('fleet rollout from the Load balancers page to the results: 5 targets in 2 regions, a clash fixed by the next free port, an L7-only one refused', async ({ app, sandbox }) => {
  const shell = new AppShell(app);
  await expect(shell.nav).toBeVisible();
  await shell.selectRegion('sandbox-2');
  await shell.sync();
  await shell.selectRegion('sandbox-1');
  await shell.sync();
  await shell.openLoadBalancers();

  const listenersOn = (port: number) => {
    const byLb = new Map<string, number>();
    for (const r of ['sandbox-1', 'sandbox-2'] as const) {
      for (const l of sandbox.state().region(r).listeners.values()) if (l.protocol === 'TCP' && l.protocol_port === port) byLb.set(l.loadbalancer_id, (byLb.get(l.loadbalancer_id) ?? 0) + 1);
    }
    return byLb;
  };
  const lbId = (name: string) => {
    for (const r of ['sandbox-1', 'sandbox-2'] as const) for (const lb of sandbox.state().region(r).loadbalancers.values()) if (lb.name === name) return lb.id;
    throw new Error(`no ${name}`);
  };
  const before5432 = listenersOn(5432);
  const before5433 = listenersOn(5433);

  await expect(app.getByRole('checkbox', { name: 'Select app-frontend' })).toBeDisabled();
  for (const name of ['fleet-0001', 'fleet-0003', 'fleet-0005']) await app.getByRole('checkbox', { name: `Select ${name}` }).click();
  await app.getByRole('button', { name: 'Add targets from other regions…' }).click();
  const picker = app.getByRole('dialog', { name: 'Add targets from other regions' });
  await expect(picker.getByRole('checkbox', { name: 'fleet-0008' })).toBeDisabled();
  await picker.getByRole('checkbox', { name: 'fleet-0002' }).click();
  await picker.getByRole('checkbox', { name: 'fleet-0004' }).click();
  await picker.getByRole('button', { name: 'Add 2 targets' }).click();
  const bar = app.getByRole('group', { name: 'Selection' });
  await expect(bar).toContainText('5 selected');
  await app.getByRole('button', { name: 'Add TCP listener to selected' }).click();

  await expect(app).toHaveURL(/#\/fleet\/[^/]+$/);
  await app.getByLabel('Listening Port', { exact: true }).fill('5432');
  await app.getByRole('radio', { name: 'Create new' }).click();
  const clash = matrixRow(app, 'fleet-0003');
  await expect(clash).toContainText('Error', { timeout: 15_000 });
  const review = app.getByRole('button', { name: 'Review and apply' });
  await expect(review).toBeDisabled();
  await app.getByRole('button', { name: 'Use the next free port on each' }).click();
  await expect(app.getByTestId('port-moves')).toContainText('fleet-0003: 5432 → 5433');
  await expect(review).toBeEnabled({ timeout: 15_000 });
  await review.click();

  await expect(app).toHaveURL(/#\/fleet\/[^/]+\/apply$/);
  const planId = decodeURIComponent(/#\/fleet\/([^/]+)\/apply$/.exec(app.url())![1]!);
  const page = new FleetApplyPage(app, planId);
  await page.preflightDone();
  await expect(page.targets).toHaveCount(5);
  await expect(page.target('fleet-0003')).toContainText('Port: 5433');
  await expect(page.applyButton).toHaveText('Apply to 5 targets');
  await page.applyButton.click();
  await page.expectFinished(5, 5);
  await expect(page.counts).toContainText('0 failed');

  const after5432 = listenersOn(5432);
  const after5433 = listenersOn(5433);
  for (const name of ['fleet-0001', 'fleet-0005', 'fleet-0002', 'fleet-0004']) {
    expect(after5432.get(lbId(name)) ?? 0, name).toBe((before5432.get(lbId(name)) ?? 0) + 1);
  }
  expect(after5432.get(lbId('fleet-0003'))).toBe(before5432.get(lbId('fleet-0003')));
  expect(after5433.get(lbId('fleet-0003')) ?? 0).toBe((before5433.get(lbId('fleet-0003')) ?? 0) + 1);
});
