/**
 * Add TCP Listener wizard: an axe scan (WCAG 2.x A/AA) of every step — step 1 filled in, with field messages and
 * the error summary, step 2 with a new group, servers and an HTTP health check, Confirm before and after the submit — with
 * no serious or critical violation.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../fixtures/app';
import { startWizard } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';

test('axe finds no serious or critical violations on any wizard step', async ({ app }, testInfo) => {
  // Four full-page scans of a few seconds each, more on a loaded machine.
  test.setTimeout(120_000);
  const shell = new AppShell(app);
  const scan = async (name: string): Promise<void> => {
    const violations = await shell.axeViolations();
    const path = testInfo.outputPath(`axe-${name}.json`);
    await writeFile(path, JSON.stringify(violations, null, 2));
    await testInfo.attach(`axe-${name}`, { path, contentType: 'application/json' });
    expect.soft(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `axe on ${name}`).toEqual([]);
  };

  const wizard = await startWizard(app, 'tcp-gateway');
  await wizard.fillListener({
    port: 4900,
    name: 'e2e-axe',
    accessControl: { mode: 'Whitelist', group: 'office-nets' },
    maxNewConnections: 1000,
    tags: [{ key: 'env', value: 'e2e' }],
    description: 'checked by axe',
  });
  // Step 1 filled in, with field messages and the error summary of a blocked Next.
  await wizard.fillListener({ port: 3306, idleTimeout: 5 });
  await wizard.next();
  await expect(wizard.errorSummary).toBeVisible();
  await scan('step-1');
  await wizard.useFreePort(3307);
  await wizard.fillListener({ idleTimeout: 300 });

  await wizard.next();
  await wizard.expectStep('routing');
  await wizard.createNewGroup({ name: 'e2e-axe-pool', stickySession: true, stickinessMinutes: 20 });
  await wizard.addKnownServer('db-primary (192.168.2.10)');
  await wizard.addServer({ address: '192.168.2.99', port: 3306, weight: 1 });
  await wizard.fillHealthCheck({ protocol: 'HTTP', path: '/health', statusCode: '200' });
  await scan('step-2');
  await wizard.removeServer(2);

  await wizard.next();
  await wizard.expectStep('confirm');
  await expect(wizard.preflight).toContainText('Checked against the live state');
  await scan('step-3');

  expect(await wizard.submit()).toBe('created');
  await scan('step-3-submitted');
});
