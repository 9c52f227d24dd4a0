/**
 * Add TCP Listener wizard, step 1 rules as the user sees them: every Table 1 rule's message under its field, Next
 * blocked by errors but not by warnings, the application-only load balancer refused, and a port clash with its
 * "Use <next free port>" fix — all against the sandbox's seeded inventory (after a sync). Step 2: a typed server (no
 * subnet) on a load balancer without IP as a Backend.
 */
import { expect, test } from '../fixtures/app';
import { ipc, lbNamed, listenersOf, startWizard, syncNow } from '../fixtures/wizard';
import { WizardPage } from '../pages/wizard-page';

const LB = 'tcp-gateway';

test.describe('wizard: step 1 rules', () => {
  test('every Table 1 rule shows its message; Next is blocked by errors, not by warnings', async ({ app }) => {
    // Some 200 UI actions: more than the default minute on a loaded machine.
    test.setTimeout(120_000);
    const wizard = await startWizard(app, LB);
    const portGroup = app.getByRole('group', { name: 'Listening Port' });

    await test.step('Next is blocked by an error and the summary jumps to the field', async () => {
      // Leaving the empty field shows nothing (messages appear on change, never on blur: issue 10 §4)...
      await wizard.fillListener({ port: null });
      await wizard.expectNoFieldError('Listening Port');
      await expect(app.getByLabel('Listening Port', { exact: true })).not.toHaveAccessibleDescription(/is required/);
      // ...Next reveals it.
      await wizard.next();
      await wizard.expectFieldError('Listening Port', 'Listening Port is required.');
      await expect(wizard.errorSummary).toBeVisible();
      await expect(wizard.errorSummary).toContainText('Next is blocked by 1 error. Warnings do not block.');
      await wizard.expectStep('listener');
      await wizard.jumpToError('Listening Port is required.');
      await expect(app.getByLabel('Listening Port', { exact: true })).toBeFocused();
    });

    await test.step('a warning (empty name) does not block Next', async () => {
      await wizard.fillListener({ port: 4400, name: '' });
      await wizard.expectFieldError('Name (Optional)', 'Name is empty: the console cannot open listeners without a name.', 'warning');
      await wizard.expectNoFieldError('Name (Optional)');
      await wizard.next();
      await wizard.expectStep('routing');
      await wizard.previous();
      await wizard.expectStep('listener');
    });

    await test.step('Listening Port: 0 and 65536 are out of range, empty is required', async () => {
      for (const port of [0, 65536]) {
        await wizard.fillListener({ port });
        await wizard.expectFieldError('Listening Port', 'Listening Port must be a whole number from 1 to 65535.');
      }
      await wizard.fillListener({ port: null });
      await wizard.expectFieldError('Listening Port', 'Listening Port is required.');
      await wizard.fillListener({ port: 65535 });
      await wizard.expectNoFieldError('Listening Port');
    });

    await test.step('port ranges: start above end, overlap, clash with a listener, more than 10 ranges', async () => {
      await wizard.fillListener({
        ranges: [
          { start: 30010, end: 30000 },
          { start: 20000, end: 20010 },
          { start: 20005, end: 20020 },
          { start: 10050, end: 10060 },
        ],
      });
      await wizard.expectFieldError('End port (Range 1)', 'Port Ranges: range 1 ends (30000) before it starts (30010).');
      await wizard.expectNoFieldError('Start port (Range 2)');
      await wizard.expectFieldError('Start port (Range 3)', 'Port Ranges: range 3 (20005–20020) overlaps range 2 (20000–20010).');
      await wizard.expectFieldError('Start port (Range 4)', /Port Ranges: range 4 \(10050–10060\) overlaps ports 10000–10100 of the TCP listener "game-range"/);

      // Fix the four rows, then add seven more (Add range focuses the new row's start port).
      await wizard.fillListener({ ranges: Array.from({ length: 4 }, (_, i) => ({ start: 50000 + i * 10, end: 50005 + i * 10 })) });
      for (let i = 4; i < 11; i++) {
        await app.getByRole('button', { name: 'Add range' }).click();
        await expect(app.getByLabel(`Start port (Range ${i + 1})`)).toBeFocused();
        await app.keyboard.insertText(String(50000 + i * 10));
        await app.keyboard.press('Tab');
        await app.keyboard.insertText(String(50005 + i * 10));
      }
      await app.keyboard.press('Tab');
      await expect(portGroup.getByText('Port Ranges: add from 1 to 10 ranges (now 11).')).toBeVisible();
      await wizard.next();
      await wizard.expectStep('listener');
      await expect(wizard.errorSummary).toContainText('Port Ranges: add from 1 to 10 ranges (now 11).');
      await app.getByRole('button', { name: 'Remove range 11', exact: true }).click();
      await expect(portGroup.getByText(/add from 1 to 10 ranges/)).toHaveCount(0);
      await wizard.expectNoFieldError('Start port (Range 10)');
      await wizard.fillListener({ port: 4400 });
    });

    await test.step('Name: 256 characters', async () => {
      await wizard.fillListener({ name: 'n'.repeat(256) });
      await wizard.expectFieldError('Name (Optional)', 'Name can have at most 255 characters (now 256).');
      await wizard.fillListener({ name: 'n'.repeat(255) });
      await wizard.expectNoFieldError('Name (Optional)');
    });

    await test.step('Description: 256 characters, with a live counter', async () => {
      await wizard.fillListener({ description: 'd'.repeat(255) });
      const description = app.getByLabel('Description', { exact: true });
      await expect(app.getByText('255/255', { exact: true })).toBeVisible();
      await wizard.expectNoFieldError('Description');
      await description.press('End');
      await description.pressSequentially('x');
      // The counter follows each keystroke, before the field is left.
      await expect(app.getByText('256/255', { exact: true })).toBeVisible();
      await expect(description).toHaveAccessibleDescription(/256 of 255 characters used/);
      await wizard.expectFieldError('Description', 'Description can have at most 255 characters (now 256).');
      await description.press('Backspace');
      await expect(app.getByText('255/255', { exact: true })).toBeVisible();
      await wizard.expectNoFieldError('Description');
    });

    await test.step('Idle Timeout: 9 and 4001', async () => {
      for (const idleTimeout of [9, 4001]) {
        await wizard.fillListener({ idleTimeout });
        await wizard.expectFieldError('Idle Timeout (s)', 'Idle Timeout (s) must be a whole number from 10 to 4,000.');
      }
      await wizard.fillListener({ idleTimeout: 4000 });
      await wizard.expectNoFieldError('Idle Timeout (s)');
    });

    await test.step('Maximum New / Concurrent Connections per AZ: 0 and 1,000,001 with Limit request', async () => {
      for (const [field, label] of [
        ['maxNewConnections', 'Maximum New Connections per AZ'],
        ['maxConcurrentConnections', 'Maximum Concurrent Connections per AZ'],
      ] as const) {
        for (const value of [0, 1_000_001]) {
          await wizard.fillListener({ [field]: value });
          await wizard.expectFieldError(`Limit (${label})`, `${label} must be a whole number from 1 to 1,000,000.`);
        }
        await wizard.fillListener({ [field]: 1000 });
        await wizard.expectNoFieldError(`Limit (${label})`);
      }
    });

    await test.step('Tags: key of 37 characters, forbidden character, duplicate key, 21 tags', async () => {
      await wizard.fillListener({
        tags: [
          { key: 'k'.repeat(37), value: 'v' },
          { key: 'a=b', value: 'v' },
          { key: 'env', value: 'prod' },
          { key: 'env', value: 'test' },
        ],
      });
      await wizard.expectFieldError('Tag key 1', 'Tag key can have at most 36 characters (now 37).');
      await wizard.expectFieldError('Tag key 2', 'Tag key cannot contain = * < > \\ , | or /.');
      await wizard.expectNoFieldError('Tag key 3');
      await wizard.expectFieldError('Tag key 4', 'Tag key "env" is already used by tag 3; tag keys must be unique.');

      const tagGroup = app.getByRole('group', { name: 'Tag', exact: true });
      // Make the four keys valid, then add seventeen more (Add tag focuses the new row's key).
      await wizard.fillListener({ tags: Array.from({ length: 4 }, (_, i) => ({ key: `key-${i + 1}`, value: `value-${i + 1}` })) });
      for (let i = 4; i < 21; i++) {
        await app.getByRole('button', { name: 'Add tag' }).click();
        await expect(app.getByLabel(`Tag key ${i + 1}`, { exact: true })).toBeFocused();
        await app.keyboard.insertText(`key-${i + 1}`);
      }
      await app.keyboard.press('Tab');
      for (const n of [1, 2, 4]) await wizard.expectNoFieldError(`Tag key ${n}`);
      await expect(tagGroup.getByText('Tag: a listener can have at most 20 tags (now 21).')).toBeVisible();
      await app.getByRole('button', { name: 'Remove tag 21', exact: true }).click();
      await expect(tagGroup.getByText(/at most 20 tags/)).toHaveCount(0);
    });

    await test.step('Whitelist without an IP address group', async () => {
      await wizard.fillListener({ accessControl: { mode: 'Whitelist' } });
      await wizard.next();
      await wizard.expectStep('listener');
      await expect(wizard.errorSummary).toContainText('Access Control: choose an IP address group for the whitelist.');
      await wizard.expectFieldError('IP address group', 'Access Control: choose an IP address group for the whitelist.');
      await wizard.fillListener({ accessControl: { mode: 'All IP addresses' } });
    });

    await test.step('IPv4/IPv6 Translation together with Transfer Client IP Address', async () => {
      await expect(app.getByRole('checkbox', { name: 'Transfer Client IP Address' })).toBeChecked();
      await wizard.fillListener({ nat64: true });
      await wizard.expectFieldError('IPv4/IPv6 Translation', 'IPv4/IPv6 Translation and Transfer Client IP Address cannot both be enabled. Turn one of them off.');
      await wizard.fillListener({ transparentClientIp: false });
      await wizard.expectNoFieldError('IPv4/IPv6 Translation');
    });

    await test.step('with every error fixed, Next moves on', async () => {
      await wizard.next();
      await wizard.expectStep('routing');
    });
  });

  test('the application-only load balancer cannot take a TCP listener', async ({ app, sandbox }) => {
    const shell = await syncNow(app);
    const lbs = await shell.openLoadBalancers();
    await lbs.expectCannotTakeTcp('app-frontend');
    await expect(lbs.addButton('tcp-gateway')).toBeEnabled();

    // A draft without a load balancer: the wizard's picker offers app-frontend disabled, with the reason.
    const drafts = await shell.openDrafts();
    let wizard = await drafts.newDraft({ title: 'no LB yet' });
    await wizard.expectStep('listener');
    const picker = app.getByLabel('Load balancer', { exact: true });
    await expect(picker.getByRole('option', { name: 'app-frontend — cannot add TCP listeners' })).toBeDisabled();
    await expect(picker.getByRole('option', { name: /^tcp-gateway — / })).toBeEnabled();
    await expect(picker).toHaveAccessibleDescription(/Load balancers with only the application load balancing type cannot take TCP listeners\./);

    // A draft that targets it anyway (as an old export would) is refused by the rule, naming the load balancer.
    const appFrontend = lbNamed(sandbox, 'app-frontend');
    const accounts = await ipc<Array<{ id: string; name: string }>>(app, 'accounts:list', {});
    const account = accounts.find((a) => a.name === 'Local sandbox')!;
    await ipc(app, 'drafts:create', { title: 'targets app-frontend', target: { accountId: account.id, region: 'sandbox-1', loadBalancerId: appFrontend.id } });
    await wizard.backToDrafts();
    await drafts.expectLoaded();
    wizard = await drafts.open('targets app-frontend');
    await wizard.expectStep('listener');
    await wizard.fillListener({ port: 4500 });
    await wizard.next();
    await wizard.expectStep('listener');
    const message = `Load Balancer "app-frontend" (${appFrontend.id}): you cannot add TCP listeners to a load balancer with only the application load balancing type.`;
    await expect(wizard.errorSummary).toContainText(message);
    await expect(app.getByRole('group', { name: 'Target' }).getByText(message)).toBeVisible();
    await expect(app.getByRole('button', { name: 'Change load balancer' })).toHaveAccessibleDescription(`Error: ${message}`);
    expect(listenersOf(sandbox, 'app-frontend').map((l) => l.protocol)).toEqual(['HTTP']);
  });

  test('a port already used on the load balancer is flagged and "Use <next free port>" fixes it', async ({ app, sandbox }) => {
    const wizard: WizardPage = await startWizard(app, LB);
    const used = listenersOf(sandbox, LB).map((l) => l.protocol_port);
    expect(used).toContain(3306);
    expect(used).not.toContain(3307);

    // UDP 53 is on this LB too, but TCP and UDP may share a port.
    await wizard.fillListener({ port: 53 });
    await wizard.expectNoFieldError('Listening Port');

    await wizard.fillListener({ port: 3306 });
    await wizard.expectFieldError('Listening Port', /Listening Port 3306 is already used by the TCP listener "mysql" \([0-9a-f-]+\) on this load balancer/);
    await wizard.expectFieldError('Listening Port', 'Port 3307 is free.');
    await wizard.useFreePort(3307);
    const port = app.getByLabel('Listening Port', { exact: true });
    await expect(port).toHaveValue('3307');
    await expect(port).toBeFocused();
    await wizard.expectNoFieldError('Listening Port');
    await expect(app.getByRole('button', { name: /^Use \d+$/ })).toHaveCount(0);
    await wizard.next();
    await wizard.expectStep('routing');
  });
});

test.describe('wizard: step 2 rules', () => {
  test('a typed server has no subnet: on a load balancer without IP as a Backend it stops Next; picked from the cached servers it passes', async ({ app, sandbox }) => {
    expect(lbNamed(sandbox, LB).ip_target_enable).toBe(false);
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port: 4321 });
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.createNewGroup({ name: 'e2e-no-subnet' });
    await wizard.addServer({ address: '192.168.1.11', port: 8080 });
    const address = 'Backend Server IP Address, row 1';
    await wizard.expectFieldError(address, /has no subnet, so it is an IP as backend server; load balancer .* does not have IP as a Backend enabled, so the API will refuse it/);
    await wizard.expectFieldError(address, 'Pick the server under "Server seen in the cached data"');
    // Next stays on the step: the API would refuse the server after the group was created.
    await wizard.next();
    await wizard.expectStep('routing');
    await expect(wizard.errorSummary).toContainText('has no subnet');

    await wizard.removeServer(1);
    await wizard.addKnownServer('web-01 (192.168.1.11)');
    await wizard.expectNoFieldError(address);
    await wizard.next();
    await wizard.expectStep('confirm');
    const members = (await wizard.plannedRequests()).find((r) => r.line.endsWith('/members/batch-add'))!.body as { members: Array<{ subnet_cidr_id?: string }> };
    expect(members.members[0]!.subnet_cidr_id).toBeTruthy();
  });
});
