/**
 * All-port forwarding (issue 10 §1): a port-range listener routes each connection to the same port on the backend
 * server. A new group is created with `any_port_enable` (servers without a port, a required health check port);
 * existing groups without it are offered disabled with the reason; the server groups listing shows it.
 */
import { expect, test } from '../fixtures/app';
import { membersOf, monitorOf, poolNamed, startWizard, syncNow } from '../fixtures/wizard';

const LB = 'tcp-gateway';

test.describe('wizard: port ranges and all-port forwarding', () => {
  test('new group: no port input, health check port required, the pool forwards all ports after submit', async ({ app, sandbox }, testInfo) => {
    const poolName = 'e2e-all-ports';
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ ranges: [{ start: 45000, end: 45100 }], name: 'e2e-all-ports' });
    await wizard.next();
    await wizard.expectStep('routing');

    await wizard.createNewGroup({ name: poolName });
    await expect(app.getByText('All-port forwarding: on.')).toBeVisible();
    await wizard.addKnownServer('db-primary (192.168.2.10)');
    await wizard.addKnownServer('web-01 (192.168.1.11)');

    // The servers take no port: no input in the port column, the reason instead, and no "Set port for all".
    await expect(app.getByLabel('Backend Port, row 1', { exact: true })).toHaveCount(0);
    await expect(app.getByLabel('Backend Port, row 2', { exact: true })).toHaveCount(0);
    await expect(app.getByRole('row', { name: /192\.168\.1\.11/ })).toContainText('All ports');
    await expect(app.getByText('Backend Port is not needed: the group forwards all ports')).toBeVisible();
    await expect(app.getByLabel('Set port for all')).toHaveCount(0);

    // The health check port is required, and its hint says why.
    const hcPort = app.getByRole('group', { name: 'Health Check' }).getByLabel('Health Check Port');
    await expect(hcPort).toHaveAccessibleDescription(/Required, 1–65535: the group forwards all ports/);
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.expectFieldError('Health Check Port', 'Health Check Port is required: the group forwards all ports');
    // Every message keeps its icon beside the first line of its text, in the narrow health check column too.
    const iconsAlone = await app.locator('form.step ul.messages > li').evaluateAll((items) =>
      items
        .filter((li) => {
          const icon = li.firstElementChild!.getBoundingClientRect();
          const text = li.querySelector(':scope > span')!.getBoundingClientRect();
          return Math.abs(icon.top - text.top) >= icon.height;
        })
        .map((li) => li.textContent?.trim()),
    );
    expect(iconsAlone).toEqual([]);
    await wizard.screenshotStep(testInfo, 'all-port-new-group');
    await wizard.fillHealthCheck({ port: 45000 });
    await wizard.expectNoFieldError('Health Check Port');
    await wizard.next();
    await wizard.expectStep('confirm');

    // Confirm says so, and the requests carry it.
    await expect(app.getByText('On — connections keep the client’s destination port; servers need no port')).toBeVisible();
    await expect(app.getByText('192.168.1.11 (all ports), weight 1')).toBeVisible();
    await expect(wizard.preflight).toContainText('No problems found.');
    const plan = await wizard.plannedRequests();
    expect(plan[0]!.body).toMatchObject({ pool: { protocol: 'TCP', any_port_enable: true } });
    for (const m of (plan[1]!.body as { members: object[] }).members) expect(m).not.toHaveProperty('protocol_port');
    expect(plan[2]!.body).toMatchObject({ healthmonitor: { monitor_port: 45000 } });

    expect(await wizard.submit()).toBe('created');
    const pool = poolNamed(sandbox, poolName);
    expect(pool.any_port_enable).toBe(true);
    expect(membersOf(sandbox, pool.id).map((m) => [m.address, m.protocol_port]).sort()).toEqual([
      ['192.168.1.11', null],
      ['192.168.2.10', null],
    ]);
    expect(monitorOf(sandbox, pool.id)?.monitor_port).toBe(45000);
  });

  test('existing group: groups without all-port forwarding are disabled with the reason; the listing shows it', async ({ app }) => {
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ ranges: [{ start: 46000, end: 46010 }], name: 'e2e-existing-ranges' });
    await wizard.next();
    await wizard.expectStep('routing');
    await app.getByRole('radio', { name: 'Use existing' }).check();
    const select = app.getByLabel('Existing backend server group', { exact: true });
    await expect(select.getByRole('option', { name: /^bastion \(.*\) — no all-port forwarding$/ })).toBeDisabled();
    await expect(select.getByRole('option', { name: /^game-any-port \([^)]*\)$/ })).toBeEnabled();
    await expect(select).toHaveAccessibleDescription(/only groups with all-port forwarding can be used/);
    await wizard.chooseExistingGroup('game-any-port');
    await wizard.next();
    await wizard.expectStep('confirm');
    await expect(wizard.preflight).toContainText('No problems found.');

    // Back on a single port, every TCP group can be chosen again.
    await wizard.previous();
    await wizard.previous();
    await wizard.fillListener({ port: 4600 });
    await wizard.next();
    await expect(select.getByRole('option', { name: /^bastion \([^)]*\)$/ })).toBeEnabled();

    const shell = await syncNow(app);
    await shell.openServerGroups();
    const header = shell.main.getByRole('columnheader', { name: 'All-port forwarding' });
    await expect(header).toBeVisible();
    await expect(shell.main.getByRole('row', { name: /^game-any-port/ })).toContainText('On');
    await expect(shell.main.getByRole('row', { name: /^bastion/ })).toContainText('Off');
  });
});
