/**
 * Add TCP Listener wizard, the paths that end with a listener in the sandbox: a single port with an existing group,
 * port ranges with a new group (servers + HTTP health check; the group forwards all ports, see also
 * wizard-all-port.spec.ts), and a whitelist with an IP address group.
 */
import { expect, test } from '../fixtures/app';
import { ipGroupNamed, lbNamed, listenersOf, membersOf, monitorOf, poolNamed, poolsNamed, region, startWizard } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';

const LB = 'tcp-gateway';

test.describe('wizard: create a TCP listener', () => {
  test('single port with an existing TCP group: Confirm shows the request, Submit creates the listener', async ({ app, sandbox }, testInfo) => {
    const port = 4100;
    const name = 'e2e-single-port';
    const wizard = await startWizard(app, LB);

    await wizard.fillListener({ port, name });
    await wizard.expectNoFieldError('Listening Port');
    await wizard.screenshotStep(testInfo, 'step-1-configure-listener');
    await wizard.next();
    await wizard.expectStep('routing');

    await wizard.chooseExistingGroup('bastion');
    await wizard.screenshotStep(testInfo, 'step-2-routing');
    await wizard.next();
    await wizard.expectStep('confirm');

    await expect(wizard.preflight).toContainText('Checked against the live state');
    await expect(wizard.preflight).toContainText('No problems found.');
    const lb = lbNamed(sandbox, LB);
    const bastion = poolNamed(sandbox, 'bastion');
    const plan = await wizard.plannedRequests();
    expect(plan.map((p) => p.line)).toEqual([`POST /v3/${sandbox.regions[0]!.projectId}/elb/listeners`]);
    expect(plan[0]!.body).toMatchObject({
      listener: { protocol: 'TCP', protocol_port: port, loadbalancer_id: lb.id, default_pool_id: bastion.id, name, keepalive_timeout: 300 },
    });
    await wizard.screenshotStep(testInfo, 'step-3-confirm');

    expect(listenersOf(sandbox, LB).filter((l) => l.protocol_port === port)).toEqual([]);
    expect(await wizard.submit()).toBe('created');

    const created = listenersOf(sandbox, LB).filter((l) => l.protocol_port === port);
    expect(created).toHaveLength(1);
    const listener = created[0]!;
    expect(listener).toMatchObject({ protocol: 'TCP', name, default_pool_id: bastion.id, keepalive_timeout: 300, ipgroup: null });
    const done = app.getByRole('status').filter({ hasText: 'The TCP listener was created.' });
    await expect(done.getByRole('definition')).toHaveText(listener.id);
    await expect(wizard.progressRow('Listener')).toContainText(listener.id);
    await wizard.screenshotStep(testInfo, 'step-3-submitted');

    // The app's own listing shows it after a sync.
    const shell = new AppShell(app);
    await shell.sync();
    const listeners = await shell.openListeners();
    await listeners.search(name);
    await expect(listeners.row(name)).toBeVisible();
    await expect(listeners.row(name)).toContainText(String(port));
  });

  test('port ranges with a new group, two servers and an HTTP health check', async ({ app, sandbox }, testInfo) => {
    const poolName = 'e2e-range-pool';
    const wizard = await startWizard(app, LB);

    await wizard.fillListener({ ranges: [{ start: 40000, end: 40010 }, { start: 40100, end: 40150 }], name: 'e2e-ranges' });
    await wizard.expectNoFieldError('Start port (Range 1)');
    await wizard.expectNoFieldError('Start port (Range 2)');
    await wizard.screenshotStep(testInfo, 'step-1-port-ranges');
    await wizard.next();
    await wizard.expectStep('routing');

    await wizard.createNewGroup({ name: poolName, algorithm: 'Weighted least connections', description: 'made by e2e' });
    await wizard.addKnownServer('db-primary (192.168.2.10)');
    await wizard.addKnownServer('web-01 (192.168.1.11)');
    // Port ranges: the new group forwards all ports, so the servers take no port and the check needs one.
    await expect(app.getByLabel('Set port for all')).toHaveCount(0);
    await app.getByLabel('Weight, row 2', { exact: true }).fill('5');
    await wizard.fillHealthCheck({ enabled: true, protocol: 'HTTP', port: 40000, interval: 10, timeout: 5, path: '/healthz', statusCode: '200-204', httpMethod: 'HEAD' });
    await expect(wizard.healthCheckTiming).toBeVisible();
    await wizard.screenshotStep(testInfo, 'step-2-new-group');
    await wizard.next();
    await wizard.expectStep('confirm');

    await expect(wizard.preflight).toContainText('Checked against the live state');
    const project = sandbox.regions[0]!.projectId;
    const plan = await wizard.plannedRequests();
    expect(plan.map((p) => p.line)).toEqual([
      `POST /v3/${project}/elb/pools`,
      `POST /v3/${project}/elb/pools/{pool.id}/members/batch-add`,
      `POST /v3/${project}/elb/healthmonitors`,
      `POST /v3/${project}/elb/listeners`,
    ]);
    expect(plan[3]!.body).toMatchObject({
      listener: { port_ranges: [{ start_port: 40000, end_port: 40010 }, { start_port: 40100, end_port: 40150 }], default_pool_id: '{pool.id}' },
    });
    await wizard.screenshotStep(testInfo, 'step-3-confirm');

    expect(await wizard.submit()).toBe('created');
    for (const kind of ['Backend server group', 'Backend servers', 'Health check', 'Listener'] as const) {
      await expect(wizard.progressRow(kind)).toContainText('Done');
    }

    const lb = lbNamed(sandbox, LB);
    const pool = poolNamed(sandbox, poolName);
    expect(pool).toMatchObject({ protocol: 'TCP', lb_algorithm: 'LEAST_CONNECTIONS', loadbalancer_id: lb.id, any_port_enable: true });
    expect(pool.description).toContain('made by e2e');
    const subnets = region(sandbox).subnets;
    const members = membersOf(sandbox, pool.id).sort((a, b) => a.address.localeCompare(b.address));
    expect(members.map((m) => ({ address: m.address, port: m.protocol_port, weight: m.weight }))).toEqual([
      { address: '192.168.1.11', port: null, weight: 5 },
      { address: '192.168.2.10', port: null, weight: 1 },
    ]);
    expect(members.map((m) => subnets.find((s) => s.neutron_subnet_id === m.subnet_cidr_id)?.name)).toEqual(['subnet-app', 'subnet-db']);
    const monitor = monitorOf(sandbox, pool.id);
    expect(monitor).toMatchObject({ type: 'HTTP', monitor_port: 40000, url_path: '/healthz', expected_codes: '200-204', http_method: 'HEAD', delay: 10, timeout: 5 });
    expect(pool.healthmonitor_id).toBe(monitor!.id);

    const listeners = listenersOf(sandbox, LB).filter((l) => l.name === 'e2e-ranges');
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      protocol: 'TCP',
      protocol_port: 0,
      port_ranges: [
        { start_port: 40000, end_port: 40010 },
        { start_port: 40100, end_port: 40150 },
      ],
      default_pool_id: pool.id,
    });
    const done = app.getByRole('status').filter({ hasText: 'The TCP listener was created.' });
    await expect(done).toContainText(pool.id);
    await expect(done).toContainText(listeners[0]!.id);
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);
  });

  test('whitelist with the populated IP address group', async ({ app, sandbox }, testInfo) => {
    const port = 4300;
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port, name: 'e2e-whitelist', accessControl: { mode: 'Whitelist' } });

    // The picker lists every cached group with its entry count.
    const picker = app.getByLabel('IP address group', { exact: true });
    for (const label of ['office-nets (6 entries)', 'blocked-scanners (3 entries)', 'empty-group (0 entries)']) {
      await expect(picker.getByRole('option', { name: label, exact: true })).toHaveCount(1);
    }
    // The empty one would block everybody: a warning says so.
    await wizard.fillListener({ accessControl: { mode: 'Whitelist', group: 'empty-group' } });
    await wizard.expectFieldError('IP address group', 'is empty, so a whitelist with it blocks every client.', 'warning');
    await wizard.fillListener({ accessControl: { mode: 'Whitelist', group: 'office-nets' } });
    await wizard.expectNoFieldError('IP address group');
    await expect(app.getByText('is empty, so a whitelist')).toHaveCount(0);
    await wizard.screenshotStep(testInfo, 'step-1-whitelist');
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.chooseExistingGroup('mysql-primary');
    await wizard.next();
    await wizard.expectStep('confirm');

    await expect(app.getByRole('region', { name: /^Listener/ }).getByRole('definition').filter({ hasText: /^Whitelist:/ })).toHaveText(
      'Whitelist: office-nets (6 entries)',
    );
    const office = ipGroupNamed(sandbox, 'office-nets');
    const plan = await wizard.plannedRequests();
    expect(plan.at(-1)!.body).toMatchObject({ listener: { ipgroup: { ipgroup_id: office.id, enable_ipgroup: true, type: 'white' } } });
    await wizard.screenshotStep(testInfo, 'step-3-confirm');
    expect(await wizard.submit()).toBe('created');

    const created = listenersOf(sandbox, LB).filter((l) => l.protocol_port === port);
    expect(created).toHaveLength(1);
    expect(created[0]!.ipgroup).toEqual({ ipgroup_id: office.id, enable_ipgroup: true, type: 'white' });
  });
});
