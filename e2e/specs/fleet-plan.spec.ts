/**
 * Issue 12 §1–§3 against the sandbox with `--load-balancers 10` (fleet-0001… over both regions; see
 * electron/sandbox/fleet-seed.ts), with real clicks: select 4 load balancers of region 1 and 1 of region 2 through
 * the picker, an L7-only one refused with its reason, "Add TCP listener to selected" opens the plan; the template's
 * port 5432 clashes on fleet-0003 (it has a listener there): that row says so and Review is disabled until "Use the
 * next free port on each" moves it; exclude/include a row; the plan is on the Drafts page, its JSON export
 * downloads and imports back as a new plan. Screenshots (light) and axe on the plan page.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/app';
import { sandboxLoadBalancers } from '../fixtures/app-helpers';
import { ipc } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';

test.use({ sandboxOptions: { port: 0, pendingMs: 0, loadBalancers: 10 } });

/** A matrix row by its load balancer's name. */
function matrixRow(app: Page, name: string): Locator {
  return app.getByRole('table', { name: 'Target matrix: one row per load balancer' }).getByRole('row').filter({ has: app.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }) });
}

test('fleet plan: multi-select + picker → plan with a clash fixed by the next free port, exclude, drafts, export and import', async ({ app }, testInfo) => {
  const shell = new AppShell(app);
  await expect(shell.nav).toBeVisible();
  await shell.setTheme('light');
  await shell.selectRegion('sandbox-2');
  await shell.sync();
  await shell.selectRegion('sandbox-1');
  await shell.sync();
  await shell.openLoadBalancers();

  // An L7-only load balancer stays listed, refused with its reason.
  const l7 = app.getByRole('checkbox', { name: 'Select app-frontend' });
  await expect(l7).toBeDisabled();
  await expect(l7).toHaveAccessibleDescription(/only the application \(L7\) type/);
  await expect(shell.row('app-frontend')).toContainText('TCP listeners cannot be added');

  // Four of region 1, with real clicks; the bar never moves the next control.
  const bar = app.getByRole('group', { name: 'Selection' });
  await expect(bar).toContainText('No load balancer selected');
  for (const name of ['fleet-0001', 'fleet-0003', 'fleet-0005', 'fleet-0007']) await app.getByRole('checkbox', { name: `Select ${name}` }).click();
  await expect(bar).toContainText('4 selected');

  // Select all matching a filter, then clear it again: the count only counts what is selectable.
  await app.getByRole('searchbox', { name: 'Filter load balancers' }).fill('fleet-000');
  const all = app.getByRole('checkbox', { name: 'Select all load balancers matching the filter' });
  await expect(all).toHaveJSProperty('indeterminate', true);
  await app.getByRole('searchbox', { name: 'Filter load balancers' }).fill('');
  await expect(bar).toContainText('4 selected');

  // One more from region 2 through the picker; its L7-only and frozen ones are refused there too.
  await app.getByRole('button', { name: 'Add targets from other regions…' }).click();
  const picker = app.getByRole('dialog', { name: 'Add targets from other regions' });
  await expect(picker.getByLabel('Account and region')).toHaveValue(/sandbox-2$/);
  await expect(picker.getByRole('checkbox', { name: 'fleet-0008' })).toBeDisabled();
  await expect(picker.getByRole('checkbox', { name: 'fleet-0008' })).toHaveAccessibleDescription(/Application \(L7\) only/);
  await expect(picker.getByRole('checkbox', { name: 'fleet-0010' })).toHaveAccessibleDescription(/FROZEN/);
  await picker.getByRole('checkbox', { name: 'fleet-0002' }).click();
  await app.screenshot({ path: testInfo.outputPath('fleet-picker.png'), fullPage: true });
  expect(await shell.axeViolations({ inPage: true })).toEqual([]);
  await picker.getByRole('button', { name: 'Add 1 target' }).click();
  await expect(picker).toBeHidden();
  await expect(bar).toContainText('5 selected');
  await expect(bar).toContainText('1 in other regions');
  // Kept for the session: the Listeners page and back finds the same load balancers ticked.
  await shell.openListeners();
  await shell.openLoadBalancers();
  await expect(bar).toContainText('5 selected');
  await expect(bar).toContainText('1 in other regions');
  await expect(app.getByRole('checkbox', { name: 'Select fleet-0003' })).toBeChecked();
  await expect(app.getByRole('checkbox', { name: 'Select fleet-0009' })).not.toBeChecked();
  await app.screenshot({ path: testInfo.outputPath('fleet-lb-selection.png'), fullPage: true });
  for (const theme of ['dark', 'light'] as const) {
    await shell.setTheme(theme);
    expect(await shell.axeViolations({ inPage: true }), theme).toEqual([]);
  }

  await app.getByRole('button', { name: 'Add TCP listener to selected' }).click();
  await expect(app).toHaveURL(/#\/fleet\/[^/]+$/);
  await expect(shell.main.getByRole('heading', { level: 1, name: /^Fleet plan/ })).toBeVisible();
  for (const name of ['fleet-0001', 'fleet-0002', 'fleet-0003', 'fleet-0005', 'fleet-0007']) await expect(matrixRow(app, name)).toHaveCount(1);
  // The selection became the plan's targets: the Load balancers page starts a new one.
  await shell.openLoadBalancers();
  await expect(bar).toContainText('No load balancer selected');
  await app.goBack();
  await expect(matrixRow(app, 'fleet-0007')).toHaveCount(1);

  // The template: TCP 5432 and a new group per target.
  await app.getByLabel('Listening Port', { exact: true }).fill('5432');
  await app.getByRole('radio', { name: 'Create new' }).check();
  const clash = matrixRow(app, 'fleet-0003');
  await expect(clash.getByRole('spinbutton', { name: 'Port on fleet-0003' })).toHaveAttribute('placeholder', '5432');
  await expect(clash).toContainText('Error', { timeout: 15_000 });
  await expect(clash).toContainText('5432');
  const review = app.getByRole('button', { name: 'Review and apply' });
  await expect(review).toBeDisabled();
  await expect(app.getByText(/Cannot start: 1 row has errors/)).toBeVisible();
  await expect(matrixRow(app, 'fleet-0001')).not.toContainText('Error');

  await app.getByRole('button', { name: 'Use the next free port on each' }).click();
  await expect(app.getByTestId('port-moves')).toContainText('fleet-0003: 5432 → 5433');
  await expect(clash.getByRole('spinbutton', { name: 'Port on fleet-0003' })).toHaveValue('5433');
  await expect(review).toBeEnabled({ timeout: 15_000 });

  // Typing in a row's port moves no row: the last check's messages stay while the next one runs.
  const below = matrixRow(app, 'fleet-0007');
  const top = () => below.evaluate((el) => el.getBoundingClientRect().top - el.closest('table')!.getBoundingClientRect().top);
  const y0 = await top();
  await matrixRow(app, 'fleet-0005').getByRole('spinbutton', { name: 'Port on fleet-0005' }).pressSequentially('7000');
  expect(await top()).toBe(y0);
  await expect(app.getByText('Every included row passes the offline checks.')).toBeVisible({ timeout: 15_000 });
  expect(await top()).toBe(y0);

  // Exclude a row and include it again.
  const summary = app.getByRole('region', { name: 'Summary' });
  await matrixRow(app, 'fleet-0001').getByRole('checkbox', { name: 'Exclude fleet-0001' }).click();
  await expect(summary).toContainText('Excluded: 1', { timeout: 15_000 });
  await expect(matrixRow(app, 'fleet-0001')).toContainText('Excluded');
  await matrixRow(app, 'fleet-0001').getByRole('checkbox', { name: 'Exclude fleet-0001' }).click();
  await expect(summary).toContainText('Excluded: 0', { timeout: 15_000 });
  await expect(review).toBeEnabled({ timeout: 15_000 });
  await expect(shell.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // Targets at a time, set on the plan: saved with it; out of range it stays as typed, is said, blocks Review and
  // apply, and the plan keeps its last good value.
  const planId = /#\/fleet\/([^/?#]+)/.exec(app.url())![1]!;
  const stored = async () => (await ipc<{ concurrency: number }>(app, 'fleet:get', { id: planId })).concurrency;
  const concurrency = summary.getByRole('textbox', { name: 'Targets at a time per account and region' });
  await expect(concurrency).toHaveValue('2');
  await concurrency.fill('4x');
  await expect(concurrency).toHaveValue('4x');
  await expect(summary.getByText('Targets at a time: enter a whole number from 1 to 16. The plan keeps 2.')).toBeVisible();
  await concurrency.fill('17');
  await expect(concurrency).toHaveValue('17');
  await expect(summary.getByText('Targets at a time: enter a whole number from 1 to 16. The plan keeps 2.')).toBeVisible();
  await expect(review).toBeDisabled();
  await expect(concurrency).toHaveAccessibleDescription(/The plan keeps 2/);
  await concurrency.fill('4');
  await expect(review).toBeEnabled();
  await expect(summary.getByText(/The plan keeps/)).toHaveCount(0);
  await expect.poll(stored, { timeout: 10_000 }).toBe(4);

  // A target's own servers (its VPC differs from the template's): typed one a line, each line checked, saved into
  // the row only with Save; then back to the template's.
  const storedMembers = async () =>
    (await ipc<{ targets: Array<{ loadBalancerName: string; members: Array<{ address: string; port: number | null }> | null }> }>(app, 'fleet:get', { id: planId })).targets.find(
      (t) => t.loadBalancerName === 'fleet-0005',
    )!.members;
  const row5 = matrixRow(app, 'fleet-0005');
  await expect(row5).toContainText('New group from the template (0 servers)');
  await row5.getByRole('button', { name: 'Backend servers of fleet-0005' }).click();
  const serversDialog = app.getByRole('dialog', { name: 'Backend servers of fleet-0005' });
  await serversDialog.getByRole('radio', { name: 'Servers of this target only' }).click();
  const lines = serversDialog.getByLabel(/^One server a line/);
  await lines.fill('address,port,weight,name\n10.9.0.1,5432,1,db-a\n10.9.0.2,port,1,db-b');
  await expect(serversDialog.locator('[data-csv-line="3"]')).toContainText('Port “port” is not a number.');
  const saveServers = serversDialog.getByRole('button', { name: 'Save' });
  await expect(saveServers).toBeDisabled();
  await expect(serversDialog.getByText('Fix the lines with errors first.')).toBeVisible();
  await expect(serversDialog.getByText('1 of 2 lines are servers; every line must be one.')).toBeVisible();
  await lines.fill('address,port,weight,name\n10.9.0.1,5432,1,db-a\n10.9.0.2,5432,1,db-b');
  await app.screenshot({ path: testInfo.outputPath('fleet-row-servers.png') });
  expect(await shell.axeViolations({ inPage: true })).toEqual([]);
  await saveServers.click();
  await expect(serversDialog).toBeHidden();
  await expect(row5).toContainText('New group with this target’s own 2 servers');
  await expect.poll(async () => (await storedMembers())?.map((m) => `${m.address}:${m.port}`), { timeout: 10_000 }).toEqual(['10.9.0.1:5432', '10.9.0.2:5432']);
  // Opened again it shows them; the template's servers again: the row's own are dropped.
  await row5.getByRole('button', { name: 'Backend servers of fleet-0005' }).click();
  await expect(serversDialog.getByLabel(/^One server a line/)).toHaveValue(/10\.9\.0\.2,5432,1,db-b/);
  await serversDialog.getByRole('radio', { name: "The template's 0 servers" }).click();
  await serversDialog.getByRole('button', { name: 'Save' }).click();
  await expect(row5).toContainText('New group from the template (0 servers)');
  await expect.poll(storedMembers, { timeout: 10_000 }).toBeNull();
  await app.screenshot({ path: testInfo.outputPath('fleet-plan.png'), fullPage: true });
  for (const theme of ['light', 'dark'] as const) {
    await shell.setTheme(theme);
    expect(await shell.axeViolations({ inPage: true }), theme).toEqual([]);
  }
  await shell.setTheme('light');

  // A fleet plan is a draft: listed on the Drafts page with its target count, exported, imported back.
  await shell.openDrafts();
  const plans = app.getByRole('table', { name: 'Fleet plans' });
  const planRow = plans.getByRole('row').filter({ has: app.getByRole('rowheader', { name: 'TCP listener on 5 load balancers' }) });
  await expect(planRow).toContainText('Fleet plan');
  await expect(planRow).toContainText('5 targets');
  await planRow.getByRole('button', { name: 'Export TCP listener on 5 load balancers' }).click();
  const exportDialog = app.getByRole('dialog', { name: 'Export "TCP listener on 5 load balancers"' });
  const [download] = await Promise.all([app.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('tcp-listener-on-5-load-balancers.fleet.json');
  const file = testInfo.outputPath('plan.fleet.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; content: { concurrency: number; targets: { port: number | null; loadBalancerName: string }[] } };
  expect(exported.format).toBe('elb-desk-fleet-plan');
  expect(exported.content.concurrency).toBe(4);
  expect(exported.content.targets.map((t) => t.loadBalancerName).sort()).toEqual(['fleet-0001', 'fleet-0002', 'fleet-0003', 'fleet-0005', 'fleet-0007']);
  expect(exported.content.targets.find((t) => t.loadBalancerName === 'fleet-0003')?.port).toBe(5433);
  // Terraform: one file, each target's resources on the provider of its account + region.
  await exportDialog.getByRole('radio', { name: /^Terraform/ }).check();
  const [tf] = await Promise.all([app.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()]);
  expect(tf.suggestedFilename()).toBe('tcp-listener-on-5-load-balancers.tf');
  const tfFile = testInfo.outputPath('plan.tf');
  await tf.saveAs(tfFile);
  const hcl = readFileSync(tfFile, 'utf8');
  expect(hcl.match(/^resource "huaweicloud_elb_listener"/gm)).toHaveLength(5);
  expect(hcl).toContain('protocol_port');
  await exportDialog.getByRole('button', { name: 'Close' }).click();

  const [chooser] = await Promise.all([app.waitForEvent('filechooser'), shell.main.getByRole('button', { name: 'Import…' }).click()]);
  await chooser.setFiles(file);
  await expect(app.getByText('Imported the fleet plan "TCP listener on 5 load balancers".')).toBeVisible();
  await expect(plans.getByRole('row').filter({ has: app.getByRole('rowheader', { name: 'TCP listener on 5 load balancers' }) })).toHaveCount(2);
  expect(await shell.axeViolations({ inPage: true })).toEqual([]);
  // The imported plan opens on its own page with its rows.
  await plans.getByRole('link', { name: 'Open TCP listener on 5 load balancers' }).last().click();
  await expect(shell.main.getByRole('heading', { level: 1, name: /^Fleet plan/ })).toBeVisible();
  await expect(matrixRow(app, 'fleet-0003').getByRole('spinbutton', { name: 'Port on fleet-0003' })).toHaveValue('5433');

  // An existing group by name: a target where no group has that name is marked in its group cell.
  await app.getByRole('radio', { name: 'Use existing' }).check();
  await app.getByLabel('Backend server group name (on each target)').fill('nope');
  const groupCell = matrixRow(app, 'fleet-0001').getByRole('textbox', { name: 'Backend server group name on fleet-0001' });
  await expect(groupCell).toHaveAttribute('placeholder', 'nope');
  await expect(groupCell).toHaveAttribute('aria-invalid', 'true', { timeout: 15_000 });
  await expect(groupCell).toHaveAccessibleDescription(/no backend server group named "nope"/);

  // Remove a row of the imported plan: it is gone, the focus is on the matrix heading, the other plan keeps it.
  await matrixRow(app, 'fleet-0007').getByRole('button', { name: 'Remove fleet-0007' }).click();
  await expect(matrixRow(app, 'fleet-0007')).toHaveCount(0);
  await expect(app.getByRole('heading', { name: 'Targets', exact: true })).toBeFocused();

  // Every string of the page has its 简体中文 translation.
  await shell.setLanguage('简体中文');
  await expect(shell.main.getByRole('heading', { level: 1, name: /^批量部署计划/ })).toBeVisible();
  await expect(app.getByRole('button', { name: '为每个目标使用下一个空闲端口' })).toBeVisible();
  await expect(app.getByRole('spinbutton', { name: 'fleet-0003 上的端口' })).toHaveValue('5433');
  await app.screenshot({ path: testInfo.outputPath('fleet-plan-zh.png'), fullPage: true });
  await shell.setLanguage('English');
});

test.describe('at scale', () => {
  test.use({ sandboxOptions: { port: 0, pendingMs: 0, loadBalancers: 400 } });

  test('200 targets: the matrix renders with every row checked; a template edit checks them all again', async ({ app, sandbox }, testInfo) => {
    const shell = new AppShell(app);
    await expect(shell.nav).toBeVisible();
    await shell.sync();
    const lbs = sandboxLoadBalancers(sandbox, 'sandbox-1').filter((lb) => lb.name.startsWith('fleet-'));
    expect(lbs).toHaveLength(200);
    const accountId = (await ipc<{ id: string }[]>(app, 'accounts:list', {}))[0]!.id;
    type Plan = { id: string; revision: number; listener: unknown; routing: { mode: string }; groupName: string; ipGroupName: string; concurrency: number };
    const p = await ipc<Plan>(app, 'fleet:create', {});
    const targets = lbs.map((lb) => ({ key: `sandbox-1/${lb.id}`, accountId, region: 'sandbox-1', loadBalancerId: lb.id, loadBalancerName: lb.name, excluded: false, port: null, portRanges: null, groupName: null, members: null, ipGroupName: null }));
    await ipc(app, 'fleet:save', { id: p.id, revision: p.revision, content: { title: '200 targets', listener: { ...(p.listener as object), port: 6000 }, routing: { ...p.routing, mode: 'new' }, groupName: '', ipGroupName: '', targets, concurrency: p.concurrency } });

    const openMs = await app.evaluate(async (id) => {
      const t0 = performance.now();
      location.hash = `#/fleet/${id}`;
      await new Promise<void>((resolve) => {
        const done = () => {
          const rows = document.querySelectorAll('tr[data-row-status]');
          return rows.length === 200 && !document.querySelector('tr[data-row-status="pending"]');
        };
        const tick = () => (done() ? resolve() : requestAnimationFrame(tick));
        tick();
      });
      return performance.now() - t0;
    }, p.id);

    // 40 of them already have a listener on 5432 (fleet-seed: every i % 10 === 2 in region 1).
    const port = app.getByLabel('Listening Port', { exact: true });
    await port.fill('5432');
    const t1 = Date.now();
    await expect(app.locator('tr[data-row-status="error"]')).toHaveCount(40, { timeout: 20_000 });
    const recheckMs = Date.now() - t1;
    await expect(app.getByText(/Cannot start: 40 rows have errors/)).toBeVisible();
    testInfo.annotations.push({ type: 'fleet-matrix-200', description: `open ${Math.round(openMs)} ms, re-check after an edit ${recheckMs} ms` });
    console.log(`fleet matrix, 200 targets: open + check ${Math.round(openMs)} ms; template edit → 40 errors shown ${recheckMs} ms`);
  });
});
