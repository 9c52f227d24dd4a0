/**
 * Issue 11 (day two) against the real sandbox, with real clicks: edit a listener's idle timeout and whitelist (the
 * sandbox holds the new values, nothing else changed); a change made by someone else between the draft and the
 * submit is shown as base / theirs / mine and resolved; clone to another load balancer with a copied group; delete
 * with its group; drift shown after an outside change and a sync. Screenshots of each new screen; axe on them.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { ipc, ipGroupNamed, listenersOf, membersOf, monitorOf, poolNamed, poolsNamed, region, syncNow } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';
import { WizardPage } from '../pages/wizard-page';

/** Opens a listener's detail view from the Listeners page (a real click on its name). */
async function openDetail(app: Page, name: string): Promise<AppShell> {
  const shell = new AppShell(app);
  const listeners = await shell.openListeners();
  await listeners.search(name);
  await shell.main.getByRole('link', { name, exact: true }).click();
  await expect(shell.main.getByRole('heading', { level: 1, name: new RegExp(`^Listener ${name}`) })).toBeVisible();
  return shell;
}

function listenerNamed(sandbox: Parameters<typeof region>[0], name: string) {
  const hit = [...region(sandbox).listeners.values()].filter((l) => l.name === name);
  expect(hit).toHaveLength(1);
  return hit[0]!;
}

async function submitEdit(app: Page): Promise<void> {
  await app.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(app.getByText('The listener was changed.')).toBeVisible({ timeout: 30_000 });
}

async function expectNoAxe(shell: AppShell): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await shell.setTheme(theme);
    expect(await shell.axeViolations({ inPage: true })).toEqual([]);
  }
  await shell.setTheme('system');
}

test.describe('listener lifecycle', () => {
  test('edit idle timeout + whitelist: the diff shows two fields, the sandbox holds the new values and nothing else changed; drift after an outside change, taken as live values in core', async ({ app, sandbox, host }, testInfo) => {
    await syncNow(app);
    const before = structuredClone(listenerNamed(sandbox, 'mysql'));
    const office = ipGroupNamed(sandbox, 'office-nets');
    const shell = await openDetail(app, 'mysql');
    await expect(shell.main.getByRole('heading', { name: 'Backend server group' })).toBeVisible();
    await expect(shell.main.getByText('mysql-primary', { exact: false }).first()).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath('listener-detail.png'), fullPage: true });
    await expectNoAxe(shell);

    await shell.main.getByRole('button', { name: 'Edit listener' }).click();
    const wizard = new WizardPage(app);
    await wizard.expectStep('listener');
    // Immutable fields: read-only with the reason and the way out.
    await expect(app.getByTestId('edit-immutable')).toContainText('Clone to a new listener');
    await expect(app.getByLabel('Listening Port', { exact: true })).toBeDisabled();
    await app.screenshot({ path: testInfo.outputPath('edit-step-1.png'), fullPage: true });
    await wizard.fillListener({ idleTimeout: 120, accessControl: { mode: 'Whitelist', group: 'office-nets' } });
    await wizard.next();
    await wizard.next();
    await wizard.expectStep('confirm');
    const diff = app.getByTestId('edit-diff');
    await expect(diff.getByRole('row')).toHaveCount(3);
    await expect(diff.getByRole('row', { name: /Idle timeout/ })).toContainText('900 s');
    await expect(diff.getByRole('row', { name: /Idle timeout/ })).toContainText('120 s');
    await expect(diff.getByRole('row', { name: /Access control/ })).toContainText('Whitelist: office-nets');
    await expect(wizard.preflight).toContainText('Checked against the live state');
    const plan = await wizard.plannedRequests();
    expect(plan).toHaveLength(1);
    expect(plan[0]!.line).toBe(`PUT /v3/${sandbox.regions[0]!.projectId}/elb/listeners/${before.id}`);
    expect(plan[0]!.body).toEqual({ listener: { keepalive_timeout: 120, ipgroup: { ipgroup_id: office.id, enable_ipgroup: true, type: 'white' } } });
    await app.screenshot({ path: testInfo.outputPath('edit-confirm.png'), fullPage: true });
    await submitEdit(app);

    const after = listenerNamed(sandbox, 'mysql');
    expect(after.keepalive_timeout).toBe(120);
    expect(after.ipgroup).toMatchObject({ ipgroup_id: office.id, enable_ipgroup: true, type: 'white' });
    const strip = (l: typeof before) => ({ ...l, keepalive_timeout: 0, ipgroup: null, updated_at: '', provisioning_status: '' });
    expect(strip(after)).toEqual(strip(before));

    // Someone else changes the idle timeout; after a sync the detail view shows the drift.
    sandbox.outside.updateListener(after.id, { keepalive_timeout: 60 });
    await shell.sync();
    const list = await shell.openListeners();
    await list.search('mysql');
    await expect(list.row('mysql')).toContainText('Drifted');
    await openDetail(app, 'mysql');
    await expect(app.getByTestId('drift-badge')).toHaveText(/Drifted/);
    const drift = app.getByTestId('drift');
    await expect(drift.getByRole('row', { name: /Idle timeout/ })).toContainText('120 s');
    await expect(drift.getByRole('row', { name: /Idle timeout/ })).toContainText('60 s');
    await expect(shell.main.getByTestId('history-list').getByRole('listitem').first()).toContainText('Edit');
    await app.screenshot({ path: testInfo.outputPath('listener-drift.png'), fullPage: true });
    await expectNoAxe(shell);
    // A second window on the same host shows the drift too, until it is taken in the first.
    const other = await app.context().newPage();
    await other.goto(host.url);
    const otherShell = await openDetail(other, 'mysql');
    await expect(other.getByTestId('drift-badge')).toHaveText(/Drifted/);
    await drift.getByRole('button', { name: 'Take live values' }).click();
    await expect(app.getByTestId('drift-badge')).toHaveCount(0);
    await expect(app.getByRole('status').filter({ hasText: 'The live values are kept' })).toBeVisible();
    // Recorded in core as a history entry of its own (nothing sent): this listener's history shows it first.
    await expect(shell.main.getByTestId('history-list').getByRole('listitem').first()).toContainText('Live values taken');
    expect(region(sandbox).listeners.get(after.id)?.keepalive_timeout).toBe(60);
    // The other window's detail view drops the badge (history changed), and so does this window's Listeners page.
    await expect(other.getByTestId('drift-badge')).toHaveCount(0);
    await expect(otherShell.main.getByTestId('history-list').getByRole('listitem').first()).toContainText('Live values taken');
    await other.close();
    const again = await shell.openListeners();
    await again.search('mysql');
    await expect(again.row('mysql')).toBeVisible();
    await expect(again.row('mysql')).not.toContainText('Drifted');
    // After a restart of the host (same data folder): still not drifted.
    await host.stop();
    await host.start();
    await app.goto(host.url);
    await openDetail(app, 'mysql');
    await expect(app.getByTestId('drift')).toHaveCount(0);
    await expect(app.getByTestId('drift-badge')).toHaveCount(0);
  });

  test('a change made by someone else between the draft and the submit is shown as base / theirs / mine and resolved', async ({ app, sandbox }, testInfo) => {
    await syncNow(app);
    const shell = await openDetail(app, 'ssh-bastion');
    const id = listenerNamed(sandbox, 'ssh-bastion').id;
    await shell.main.getByRole('button', { name: 'Edit listener' }).click();
    const wizard = new WizardPage(app);
    await wizard.expectStep('listener');
    await wizard.fillListener({ idleTimeout: 100, description: 'changed by me' });
    await wizard.next();
    await wizard.next();
    await wizard.expectStep('confirm');
    await expect(wizard.preflight).toContainText('Checked against the live state');

    sandbox.outside.updateListener(id, { keepalive_timeout: 200 });
    await app.getByRole('button', { name: 'Check again' }).click();
    const conflicts = app.getByTestId('edit-conflicts');
    await expect(conflicts).toBeVisible();
    const row = conflicts.getByRole('row', { name: /Idle timeout/ });
    await expect(row).toContainText('1800 s');
    await expect(row).toContainText('200 s');
    await expect(row).toContainText('100 s');
    await expect(app.getByRole('button', { name: 'Submit', exact: true })).toBeDisabled();
    await app.screenshot({ path: testInfo.outputPath('edit-conflict.png'), fullPage: true });
    expect(await new AppShell(app).axeViolations({ inPage: true })).toEqual([]);

    await row.getByRole('radio', { name: /Mine/ }).check();
    await conflicts.getByRole('button', { name: 'Use these values' }).click();
    await expect(conflicts).toHaveCount(0);
    await submitEdit(app);
    const live = listenerNamed(sandbox, 'ssh-bastion');
    expect(live.keepalive_timeout).toBe(100);
    expect(live.description).toBe('changed by me');
  });

  test('clone to another load balancer with a copied group', async ({ app, sandbox }, testInfo) => {
    await syncNow(app);
    const source = listenerNamed(sandbox, 'mysql');
    const sourcePool = poolNamed(sandbox, 'mysql-primary');
    const shell = await openDetail(app, 'mysql');
    await shell.main.getByRole('button', { name: 'Clone listener' }).click();
    const dialog = app.getByRole('dialog', { name: /Clone listener mysql/ });
    const lbSelect = dialog.getByLabel('Load balancer');
    await lbSelect.selectOption((await lbSelect.getByRole('option', { name: /^dualstack-edge / }).getAttribute('value')) ?? '');
    await expect(dialog.getByRole('radio', { name: 'Use the same group' })).toBeDisabled();
    await expect(dialog.getByRole('radio', { name: /Copy the group/ })).toBeChecked();
    await app.screenshot({ path: testInfo.outputPath('clone-dialog.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Make the draft' }).click();
    // The source group (mysql-primary) has removal protection: the copy is made without it, and the dialog says so.
    expect(sourcePool.member_deletion_protection_enable).toBe(true);
    await expect(dialog.getByTestId('clone-notes')).toContainText('The source group has removal protection: the copy is created without it.');
    await app.screenshot({ path: testInfo.outputPath('clone-notes.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Open the draft' }).click();
    const wizard = new WizardPage(app);
    await wizard.expectStep('listener');
    await wizard.next();
    await wizard.next();
    await wizard.expectStep('confirm');
    expect(await wizard.submit()).toBe('created');

    const copies = poolsNamed(sandbox, 'mysql-primary-copy');
    expect(copies).toHaveLength(1);
    const made = listenersOf(sandbox, 'dualstack-edge').filter((l) => l.default_pool_id === copies[0]!.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.name).toContain(source.name);
    expect(made[0]!.keepalive_timeout).toBe(source.keepalive_timeout);
    const newPool = region(sandbox).pools.get(made[0]!.default_pool_id!)!;
    expect(newPool.id).not.toBe(sourcePool.id);
    expect(newPool.member_deletion_protection_enable).toBe(false);
    expect(membersOf(sandbox, newPool.id).map((m) => m.address).sort()).toEqual(membersOf(sandbox, sourcePool.id).map((m) => m.address).sort());
    expect(!!monitorOf(sandbox, newPool.id)).toBe(!!monitorOf(sandbox, sourcePool.id));
  });

  test('delete a listener with its group: typed confirmation, unbind first, the sandbox has neither', async ({ app, sandbox }, testInfo) => {
    await syncNow(app);
    const listener = listenerNamed(sandbox, 'edge-tcp-443');
    const pool = poolNamed(sandbox, 'edge-dualstack');
    const shell = await openDetail(app, 'edge-tcp-443');
    await shell.main.getByRole('button', { name: 'Delete listener' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete listener edge-tcp-443' });
    await expect(dialog).toContainText('IP address groups are never deleted.');
    await expect(dialog).toContainText('unbinds the group first');
    await dialog.getByRole('checkbox', { name: /Also delete the backend server group/ }).check();
    await expect(dialog.getByTestId('delete-groups')).toContainText('Group edge-dualstack goes, with 2 servers and its health check.');
    const confirm = dialog.getByLabel('Type edge-tcp-443 to confirm');
    const del = dialog.getByRole('button', { name: 'Delete', exact: true });
    await confirm.fill('edge');
    await expect(del).toBeDisabled();
    await confirm.fill('edge-tcp-443');
    await expect(del).toBeEnabled();
    await app.screenshot({ path: testInfo.outputPath('delete-dialog.png'), fullPage: true });
    expect(await shell.axeViolations({ inPage: true })).toEqual([]);
    await del.click();
    await expect(dialog.getByText('Deleted.', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(region(sandbox).listeners.has(listener.id)).toBe(false);
    expect(region(sandbox).pools.has(pool.id)).toBe(false);
    expect(poolsNamed(sandbox, 'edge-dualstack')).toHaveLength(0);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await shell.nav.getByRole('link', { name: 'History' }).click();
    await expect(shell.main.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
    await expect(shell.main.getByTestId('history-list').getByRole('listitem').first()).toContainText('Delete');
    // Which listener the plan was about, by name (the entry keeps it after the listener is gone).
    await expect(shell.main.getByTestId('history-list').getByRole('listitem').first().getByTestId('history-listeners')).toHaveText('listener edge-tcp-443');
    await app.screenshot({ path: testInfo.outputPath('history.png'), fullPage: true });
    const [download] = await Promise.all([app.waitForEvent('download'), shell.main.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^elb-desk-history-.*\.json$/);
    await expect(shell.main.getByRole('status').filter({ hasText: /^Saved elb-desk-history-/ })).toBeVisible();
    await expectNoAxe(shell);
  });

  test('a group with removal protection stays: the dialog says why and how, and the delete removes the listener only', async ({ app, sandbox }, testInfo) => {
    const listener = listenerNamed(sandbox, 'edge-tcp-443');
    const pool = poolNamed(sandbox, 'edge-dualstack');
    // Turned on in the console: the sync brings it to the detail view.
    pool.member_deletion_protection_enable = true;
    await syncNow(app);
    const shell = await openDetail(app, 'edge-tcp-443');
    const facts = shell.main.getByRole('region', { name: 'Backend server group' });
    await expect(facts.getByRole('definition').filter({ hasText: /^On$/ })).toHaveCount(1);
    await expect(shell.main.getByText('Removal protection', { exact: true })).toBeVisible();
    await shell.main.getByRole('button', { name: 'Delete listener' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete listener edge-tcp-443' });
    await dialog.getByRole('checkbox', { name: /Also delete the backend server group/ }).check();
    await expect(dialog.getByTestId('delete-groups')).toContainText(
      'Group edge-dualstack stays: its removal protection is on, so its 2 servers cannot be removed. To delete the group, turn removal protection off on its Summary tab in the console, then delete it.',
    );
    await dialog.getByLabel('Type edge-tcp-443 to confirm').fill('edge-tcp-443');
    await app.screenshot({ path: testInfo.outputPath('delete-protected.png'), fullPage: true });
    expect(await shell.axeViolations({ inPage: true })).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog.getByText('Deleted.', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(region(sandbox).listeners.has(listener.id)).toBe(false);
    expect(region(sandbox).pools.has(pool.id)).toBe(true);
    expect(membersOf(sandbox, pool.id)).toHaveLength(2);
  });

  test('multi-select delete on the Listeners page goes through the same plan (keyboard)', async ({ app, sandbox }) => {
    await syncNow(app);
    const ids = ['mysql', 'ssh-bastion'].map((n) => listenerNamed(sandbox, n).id);
    const shell = new AppShell(app);
    const listeners = await shell.openListeners();
    await listeners.search('s');
    for (const name of ['mysql', 'ssh-bastion']) {
      const box = shell.main.getByRole('checkbox', { name: `Select ${name}`, exact: true });
      await box.focus();
      await app.keyboard.press('Space');
      await expect(box).toBeChecked();
    }
    await shell.main.getByRole('button', { name: 'Delete selected (2)' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete 2 listeners' });
    await expect(dialog.getByRole('listitem').filter({ hasText: 'Listener mysql (port 3306)' })).toBeVisible();
    await expect(dialog.getByText(/Requests, in order/)).toBeVisible();
    await dialog.getByLabel('Type 2 to confirm').fill('2');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).press('Enter');
    await expect(dialog.getByText('Deleted.', { exact: true })).toBeVisible({ timeout: 30_000 });
    for (const id of ids) expect(region(sandbox).listeners.has(id)).toBe(false);
    // The groups stay (not asked for).
    expect(poolsNamed(sandbox, 'mysql-primary')).toHaveLength(1);
    expect(poolsNamed(sandbox, 'bastion')).toHaveLength(1);
  });

  test('multi-select delete across two load balancers: one plan per load balancer, shown together, one typed confirmation, each journaled', async ({ app, sandbox }, testInfo) => {
    await syncNow(app);
    const names = ['game-range', 'ssh-bastion', 'edge-tcp-443'];
    const ids = names.map((n) => listenerNamed(sandbox, n).id);
    const shell = new AppShell(app);
    const listeners = await shell.openListeners();
    for (const name of names) {
      await listeners.search(name);
      await shell.main.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
    }
    await shell.main.getByRole('button', { name: 'Delete selected (3)' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete 3 listeners' });
    await expect(dialog).toContainText('These listeners are on 2 load balancers');
    await expect(dialog.getByRole('heading', { name: 'Load balancer tcp-gateway (2 listeners)' })).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Load balancer dualstack-edge (1 listener)' })).toBeVisible();
    await dialog.getByRole('checkbox', { name: /Also delete the backend server group/ }).check();
    // The parts follow the listing's order; the one of dualstack-edge is found by its heading.
    const edgePart = dialog.getByTestId('delete-part').filter({ has: app.getByRole('heading', { name: 'Load balancer dualstack-edge (1 listener)' }) });
    await expect(edgePart.getByTestId('delete-groups')).toContainText('Group edge-dualstack goes, with 2 servers and its health check.');
    const del = dialog.getByRole('button', { name: 'Delete', exact: true });
    // The listener's name does not confirm several: their count (over both load balancers) does.
    await expect(dialog).toContainText('Type exactly 3 (the number of listeners, over all load balancers) to enable Delete.');
    await dialog.getByLabel('Type 3 to confirm').fill('ssh-bastion');
    await expect(del).toBeDisabled();
    await dialog.getByLabel('Type 3 to confirm').fill('2');
    await expect(del).toBeDisabled();
    await dialog.getByLabel('Type 3 to confirm').fill('3');
    await app.screenshot({ path: testInfo.outputPath('delete-two-lbs.png'), fullPage: true });
    expect(await shell.axeViolations({ inPage: true })).toEqual([]);
    await del.click();
    await expect(dialog.getByText('Deleted.', { exact: true })).toBeVisible({ timeout: 30_000 });
    for (const id of ids) expect(region(sandbox).listeners.has(id)).toBe(false);
    for (const g of ['game-any-port', 'bastion', 'edge-dualstack']) expect(poolsNamed(sandbox, g)).toHaveLength(0);
    const journal = await ipc<Array<{ loadBalancerId: string; state: string; steps: Array<{ key: string }> }>>(app, 'journal:list', {});
    const deletes = journal.filter((j) => j.steps.some((s) => s.key.startsWith('listener:')));
    expect(deletes.map((j) => j.state)).toEqual(['done', 'done']);
    expect(new Set(deletes.map((j) => j.loadBalancerId)).size).toBe(2);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(shell.main.getByRole('button', { name: 'Delete selected (0)' })).toBeDisabled();
  });

  test('a listener deleted between the draft and the submit is a clear error with Create it anew', async ({ app, sandbox }) => {
    await syncNow(app);
    const gone = listenerNamed(sandbox, 'edge-nat64');
    const shell = await openDetail(app, 'edge-nat64');
    await shell.main.getByRole('button', { name: 'Edit listener' }).click();
    const wizard = new WizardPage(app);
    await wizard.expectStep('listener');
    await wizard.fillListener({ description: 'still wanted' });
    await wizard.next();
    await wizard.next();
    await wizard.expectStep('confirm');
    sandbox.outside.deleteListener(gone.id);
    await app.getByRole('button', { name: 'Check again' }).click();
    const alert = app.getByTestId('edit-gone');
    await expect(alert).toContainText('This listener was deleted after the draft was made');
    await expect(app.getByRole('button', { name: 'Submit', exact: true })).toBeDisabled();
    await alert.getByRole('button', { name: 'Create it anew' }).click();
    await expect(app.getByRole('heading', { level: 1, name: /^Add TCP listener/ })).toBeVisible();
    // A new-listener draft with the same values, on the Confirm step: no edit diff, created on Submit.
    await wizard.expectStep('confirm');
    await expect(app.getByTestId('edit-diff')).toHaveCount(0);
    // It had no group; a new listener needs one (the creation rules apply).
    await wizard.previous();
    await wizard.chooseExistingGroup('edge-dualstack');
    await wizard.next();
    expect(await wizard.submit()).toBe('created');
    const again = [...region(sandbox).listeners.values()].filter((l) => l.loadbalancer_id === gone.loadbalancer_id && l.protocol_port === 8443);
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(gone.id);
    expect(again[0]!.description).toBe('still wanted');
    expect(again[0]!.nat64_enable).toBe(true);
  });

  test('the detail view names API values as the listings do: the algorithm, all-port servers, a check on each server\'s port', async ({ app }) => {
    await syncNow(app);
    // game-range: an all-port group (SOURCE_IP), its servers without a port, its check on port 10000.
    let shell = await openDetail(app, 'game-range');
    const facts = (label: string) => shell.main.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    await expect(facts('Load balancing algorithm')).toHaveText('Source IP hash');
    const servers = shell.main.getByRole('table', { name: /servers/i });
    await expect(servers.getByRole('row', { name: /game-1/ }).getByRole('cell').nth(1)).toHaveText('All ports (the group forwards every port)');
    await expect(facts('Port')).toHaveText('10000');
    // app-http: an HTTP check with no port of its own checks each server's port.
    shell = await openDetail(app, 'app-http');
    await expect(facts('Load balancing algorithm')).toHaveText('Weighted least connections');
    await expect(facts('Port')).toHaveText("Each server's port");
  });

  test('the detail view in 简体中文: translated actions and headings, axe clean', async ({ app }, testInfo) => {
    const shell = await syncNow(app);
    await openDetail(app, 'mysql');
    await shell.setLanguage('简体中文');
    await expect(shell.main.getByRole('heading', { level: 1, name: /^监听器 mysql/ })).toBeVisible();
    for (const name of ['编辑监听器', '克隆监听器', '删除监听器']) await expect(shell.main.getByRole('button', { name })).toBeVisible();
    await expect(shell.main.getByRole('heading', { name: '后端服务器组' })).toBeVisible();
    await expect(shell.main.getByText('移除保护', { exact: true })).toBeVisible();
    await expect(shell.navAnyLanguage.getByRole('link', { name: '历史' })).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath('detail-zh-CN.png'), fullPage: true });
    expect(await shell.axeViolations({ inPage: true })).toEqual([]);
    await shell.setLanguage('English');
  });

  test('a delete draft on the Drafts page shows its kind and is reviewed and run in the same dialog', async ({ app, sandbox }) => {
    const shell = await syncNow(app);
    const target = listenerNamed(sandbox, 'web-tcp-8080');
    const account = (await ipc<{ id: string; kind: string }[]>(app, 'accounts:list', {})).find((a) => a.kind === 'sandbox')!;
    await ipc(app, 'lifecycle:deleteDraft', { accountId: account.id, region: 'sandbox-1', listenerIds: [target.id], deletePool: false, title: 'Delete web-tcp-8080 later' });
    const drafts = await shell.openDrafts();
    await expect(drafts.row('Delete web-tcp-8080 later').getByTestId('draft-kind')).toHaveText('Delete');
    await drafts.row('Delete web-tcp-8080 later').getByRole('link', { name: 'Delete web-tcp-8080 later', exact: true }).click();
    await expect(app.getByRole('heading', { level: 1, name: /^Delete listener/ })).toBeVisible();
    const view = app.getByTestId('delete-draft');
    await expect(view).toContainText('Listener web-tcp-8080 (port 8080)');
    await view.getByRole('button', { name: 'Review and delete' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete listener web-tcp-8080' });
    await dialog.getByLabel('Type web-tcp-8080 to confirm').fill('8080');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog.getByText('Deleted.', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(region(sandbox).listeners.has(target.id)).toBe(false);
  });
});
