/**
 * The planning aids against the sandbox: the port map of a load balancer (keyboard-only, hover, the list), in the
 * wizard (a clash explained, free ports chosen by keyboard fill the port), the health-check timeline (numbers
 * updated when the interval changes, and in the server-group view), servers from CSV (a bad line and a duplicate,
 * by line number), and axe with 0 violations in light and dark on each. Saves the README screenshots.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { startWizard, syncNow } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');

async function axeBothSchemes(page: Page, name: string): Promise<void> {
  const shell = new AppShell(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const all = await shell.axeViolations({ inPage: true });
    expect(all, `axe ${scheme} ${name}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('port map of a load balancer: keyboard-only, hover, text list, axe light + dark', async ({ app }) => {
  test.setTimeout(120_000);
  const shell = await syncNow(app);
  const lbs = await shell.openLoadBalancers();
  await lbs.expectLoaded();
  const row = shell.row('tcp-gateway');
  await row.getByRole('button', { name: 'Port map' }).click();
  const map = app.locator('[data-portmap]');
  await expect(map).toBeVisible();
  const tcp = map.getByRole('slider', { name: 'Port map, TCP / HTTP / HTTPS ports' });
  const udp = map.getByRole('slider', { name: 'Port map, UDP / QUIC ports' });

  // Keyboard only: Home, zoom in to single ports, step to a listener's port.
  await tcp.focus();
  await app.keyboard.press('End');
  await app.keyboard.press('Home');
  for (let i = 0; i < 5; i++) await app.keyboard.press('+');
  await expect(map.getByText(/^Ports 1–64 \(64 ports, one per mark\), zoom 6 of 6$/)).toBeVisible();
  await expect(tcp).toHaveAttribute('aria-valuetext', /^Port 1: free/);
  for (let i = 1; i < 22; i++) await app.keyboard.press('ArrowRight');
  await expect(tcp).toHaveAttribute('aria-valuenow', '22');
  await expect(tcp).toHaveAttribute('aria-valuetext', 'Port 22: listener ssh-bastion (TCP)');
  await app.keyboard.press('PageDown');
  await expect(tcp).toHaveAttribute('aria-valuetext', /^Port 23: free/);
  await app.keyboard.press('-');
  await expect(map.getByText(/zoom 5 of 6$/)).toBeVisible();
  // UDP is its own space: DNS on 53.
  await udp.focus();
  await app.keyboard.press('Home');
  for (let i = 1; i < 53; i++) await app.keyboard.press('ArrowRight');
  await expect(udp).toHaveAttribute('aria-valuetext', /^Ports? 5[0-9]/);
  await expect(udp).toHaveAttribute('aria-valuetext', /listener dns \(UDP\)/);

  // Hover shows the holder in a tooltip.
  await map.getByRole('button', { name: 'Whole range' }).click();
  const box = (await tcp.boundingBox())!;
  await app.mouse.move(box.x + 0.5, box.y + box.height / 2);
  await expect(map.locator('[data-tip]')).toContainText(/^Ports 1–128: listener ssh-bastion \(TCP\)/);

  // The text equivalent lists used spans and free gaps.
  await map.getByText('Ports 1–65535 as a list').click();
  const list = map.locator('[data-family-list="tcp"]');
  await expect(list.getByText('22: listener ssh-bastion (TCP)')).toBeVisible();
  await expect(list.getByText('3306: listener mysql (TCP)')).toBeVisible();
  await expect(list.getByText('1–21: free (21 ports)', { exact: true })).toBeVisible();
  await app.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  await map.screenshot({ path: path.join(SHOTS, 'port-map.png') });
  await axeBothSchemes(app, 'load balancer port map');
});

test('wizard: a clash explained on the map; free ports chosen by keyboard fill the port', async ({ app }) => {
  test.setTimeout(120_000);
  const wizard = await startWizard(app, 'tcp-gateway');
  await wizard.fillListener({ port: 3306 });
  const summary = app.locator('[data-portmap-disclosure] > summary');
  await expect(summary).toContainText('Port clashes: 1');
  // Keyboard only from here.
  await summary.focus();
  await app.keyboard.press('Enter');
  const map = app.locator('[data-portmap]');
  await expect(map.locator('[data-clash]')).toHaveText('Port 3306 of this draft is also held by listener mysql (TCP) (its ports: 3306).');
  const tcp = map.getByRole('slider', { name: 'Port map, TCP / HTTP / HTTPS ports' });
  await tcp.focus();
  for (let i = 0; i < 3; i++) await app.keyboard.press('+');
  await expect(tcp).toHaveAttribute('aria-valuetext', 'Port 3306: listener mysql (TCP) and 1 more');
  await map.screenshot({ path: path.join(SHOTS, 'port-map-wizard-clash.png') });
  await app.keyboard.press('ArrowRight');
  await expect(tcp).toHaveAttribute('aria-valuetext', /^Port 3307: free/);
  await app.keyboard.press('Enter');
  await expect(app.locator('[data-path="listener.port"]')).toHaveValue('3307');
  await expect(app.locator('[data-path="listener.port"]')).toBeFocused();
  await expect(summary).not.toContainText('Port clashes');
  await expect(map.locator('[data-clash]')).toHaveCount(0);
  await axeBothSchemes(app, 'wizard port map');

  // Port ranges: the list's "Use ports …" (keyboard) fills the range with the whole free gap.
  await app.getByRole('radio', { name: 'Port ranges' }).check();
  const listSummary = map.locator('summary', { hasText: 'as a list' });
  await listSummary.focus();
  await app.keyboard.press('Enter');
  const use = map.getByRole('button', { name: 'Use ports 3307–9999' });
  await use.focus();
  await app.keyboard.press('Enter');
  await expect(app.locator('[data-path="listener.portRanges.0.start"]')).toHaveValue('3307');
  await expect(app.locator('[data-path="listener.portRanges.0.end"]')).toHaveValue('9999');
  await expect(map.getByText('3307–9999: this draft', { exact: true })).toBeVisible();
});

test('health-check timeline: numbers beside the picture, updated with the interval; in the server-group view', async ({ app }) => {
  test.setTimeout(120_000);
  const wizard = await startWizard(app, 'tcp-gateway');
  await wizard.fillListener({ port: 4901 });
  await wizard.next();
  await wizard.expectStep('routing');
  await wizard.createNewGroup({ name: 'e2e-timeline' });
  await wizard.addServer({ address: '192.168.2.99', port: 3306, weight: 0 });
  const tl = app.locator('[data-health-timeline]');
  await expect(tl.locator('[data-timeline-down]')).toHaveText('marked unhealthy at 19 s');
  await expect(tl.locator('[data-timeline-up]')).toHaveText('marked healthy at 19 s');
  await expect(tl.locator('[data-timeline-weights]')).toHaveText('Every server has weight 0: no server receives new connections, healthy or not.');
  await wizard.fillHealthCheck({ interval: 10, unhealthyThreshold: 2 });
  await expect(tl.locator('[data-timeline-down]')).toHaveText('marked unhealthy at 16 s');
  await expect(tl.locator('[data-timeline-up]')).toHaveText('marked healthy at 29 s');
  await expect(tl.locator('[data-timeline-text]')).toContainText('Interval 10 s, timeout 3 s.');
  await tl.screenshot({ path: path.join(SHOTS, 'health-timeline.png') });
  await axeBothSchemes(app, 'wizard timeline');

  const shell = new AppShell(app);
  await shell.openServerGroups();
  await shell.expandRow('mysql-primary');
  const group = app.locator('[data-health-timeline]');
  await expect(group).toBeVisible();
  await expect(group.locator('[data-timeline-weights]')).toHaveText('1 of 3 servers has weight 0: it is checked but receives no new connections.');
  await axeBothSchemes(app, 'server group timeline');
});

test('servers from CSV: errors per line, a duplicate flagged, only good lines added', async ({ app }) => {
  test.setTimeout(120_000);
  const wizard = await startWizard(app, 'tcp-gateway');
  await wizard.fillListener({ port: 4902 });
  await wizard.next();
  await wizard.expectStep('routing');
  await wizard.createNewGroup({ name: 'e2e-csv' });
  await app.getByRole('button', { name: 'Import from CSV…' }).click();
  const panel = app.locator('[data-csv-import]');
  await panel.getByLabel('Or paste CSV').fill(
    ['address,port,weight,name,subnet', '192.168.2.41,3306,5,db-a,subnet-db', '192.168.2.42,port,1', '192.168.2.41,3306,1,db-a-again,subnet-db', '"192.168.2.43",3306,1,"db, c",subnet-db'].join('\n'),
  );
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-csv-summary]')).toHaveText('2 of 4 lines can be added; lines with errors are left out.');
  await expect(panel.locator('[data-csv-line="3"]')).toContainText('Port “port” is not a number.');
  await expect(panel.locator('[data-csv-line="4"]')).toContainText('duplicate of line 2');
  await expect(panel.locator('[data-csv-line="4"]')).toContainText('is already server 1');
  await panel.screenshot({ path: path.join(SHOTS, 'servers-csv.png') });
  await axeBothSchemes(app, 'CSV import');
  await panel.getByRole('button', { name: 'Add 2 servers' }).click();
  await expect(app.locator('[data-path="routing.members.0.address"]')).toHaveValue('192.168.2.41');
  await expect(app.locator('[data-path="routing.members.1.address"]')).toHaveValue('192.168.2.43');
  await expect(app.locator('[data-path="routing.members.2.address"]')).toHaveCount(0);
});
