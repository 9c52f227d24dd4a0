/**
 * Issue 2: on first run the "Local sandbox" account exists without any user action; one Sync fills every listing
 * with the sandbox seed — load balancers (the L7-only one refused for TCP), listeners, server groups (servers with
 * weights, including 0, and health checks) and IP address groups (entries, bound listeners).
 */
import { expect, test } from '../fixtures/app';
import { sandboxListeners, sandboxLoadBalancers } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';

test.describe('first run', () => {
  test('the Local sandbox account is there, and Sync fills every listing', async ({ app, host, sandbox }) => {
    const shell = new AppShell(app);
    const lbs = await shell.open(host.url);

    // No user action: the account exists and is selected, nothing is cached yet.
    await expect(shell.accountSelect).toHaveValue(/.+/);
    await expect(shell.accountSelect.getByRole('option', { selected: true })).toHaveText('Local sandbox');
    await expect(shell.regionSelect).toHaveValue('sandbox-1');
    await expect(shell.main.getByText('Nothing cached for sandbox-1 yet', { exact: true })).toBeVisible();
    await expect(shell.syncStatus).toHaveText('Never synced');
    await expect(lbs.table).toHaveCount(0);

    await shell.sync();

    // Load balancers: exactly the seed's names; the L7-only LB cannot take TCP listeners and says why.
    const seedLbs = sandboxLoadBalancers(sandbox).map((lb) => lb.name);
    expect(seedLbs.length).toBeGreaterThan(3);
    expect((await lbs.names()).sort()).toEqual([...seedLbs].sort());
    await lbs.expectCannotTakeTcp('app-frontend');
    await expect(lbs.row('app-frontend')).toContainText('Cannot take TCP listeners');
    await expect(lbs.addButton('tcp-gateway')).toBeEnabled();
    const tcpGatewayListeners = sandboxListeners(sandbox).filter((l) => l.loadbalancer_id === sandboxLoadBalancers(sandbox).find((lb) => lb.name === 'tcp-gateway')!.id);
    await expect(lbs.row('tcp-gateway').getByRole('link', { name: /^Listeners of tcp-gateway/ })).toHaveText(String(tcpGatewayListeners.length));

    // Listeners: all of them, with protocol, port (a range too) and access control.
    const listeners = await shell.openListeners();
    await listeners.expectLoaded();
    const total = sandboxListeners(sandbox).length;
    expect(await listeners.counts()).toEqual({ shown: total, total });
    await expect(listeners.row('game-range')).toContainText('10000-10100');
    await expect(listeners.row('ssh-bastion')).toContainText('Whitelist: office-nets');
    await expect(listeners.row('web-tcp-8080')).toContainText('Blacklist: blocked-scanners');
    await expect(listeners.row('mysql')).toContainText('mysql-primary');
    await listeners.search('mysql');
    expect(await listeners.visibleNames()).toEqual(['mysql']);
    await listeners.search('');

    // Server groups: servers with their weights (0 included) and the health check.
    const groups = await shell.openServerGroups();
    await groups.expandRow('web-tcp-8080-pool');
    const weight = (server: string) => groups.serverRow('web-tcp-8080-pool', server).getByRole('cell').nth(2);
    await expect(weight('api-01')).toHaveText('10');
    await expect(weight('api-02')).toHaveText('5');
    await expect(weight('api-03-drained')).toHaveText('0');
    await expect(groups.serverRow('web-tcp-8080-pool', 'api-01').getByRole('cell').nth(0)).toHaveText('192.168.1.21');
    expect(await groups.healthCheckFacts('web-tcp-8080-pool')).toMatchObject({
      Protocol: 'HTTP',
      'Interval (s)': '10',
      'Timeout (s)': '5',
      'Healthy threshold': '2',
      Path: '/health',
      'Status codes': '200-204',
    });
    await groups.expandRow('mysql-primary');
    await expect(groups.serverRow('mysql-primary', 'db-replica-2-maintenance').getByRole('cell').nth(2)).toHaveText('0');
    await expect(groups.serverRow('mysql-primary', 'db-replica-1').getByRole('cell').nth(3)).toHaveText(/Unhealthy/);
    expect(await groups.healthCheckFacts('mysql-primary')).toMatchObject({ Protocol: 'TCP', 'Interval (s)': '5', 'Unhealthy threshold': '2' });
    await expect(groups.row('mysql-primary')).toContainText('SOURCE_IP, 20 min');

    // IP address groups: entries and the listeners they are bound to.
    const ipg = await shell.openIpGroups();
    await expect(ipg.row('office-nets')).toContainText('ssh-bastion');
    await expect(ipg.row('blocked-scanners')).toContainText('web-tcp-8080');
    await expect(ipg.row('empty-group')).toContainText('Not bound');
    await ipg.expandRow('office-nets');
    const entries = ipg.ipGroupEntries('office-nets');
    await expect(entries.getByRole('row')).toHaveCount(1 + 6);
    await expect(entries).toContainText('198.51.100.200-198.51.100.220');
    await expect(entries).toContainText('2001:db8:abcd::/48');
    await expect(entries.getByRole('row').filter({ hasText: '192.0.2.10' })).toContainText('VPN gateway');
  });
});
