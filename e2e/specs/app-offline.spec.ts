/**
 * Issue 4: the cloud goes away (the sandbox is stopped) — Sync fails, the Offline banner says what still works,
 * the cached listings stay on screen, and drafts can still be created from the cached load balancers.
 */
import { expect, test } from '../fixtures/app';
import { sandboxListeners, sandboxLoadBalancers } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';

test.describe('offline', () => {
  test('stop the sandbox: Sync fails, the banner says what still works, cached data stays', async ({ app, host, sandbox }) => {
    const shell = new AppShell(app);
    const lbs = await shell.open(host.url);
    await shell.sync();
    await shell.expectOnline();
    const lbNames = sandboxLoadBalancers(sandbox).map((lb) => lb.name);
    const listenerCount = sandboxListeners(sandbox).length;
    const lastSynced = (await shell.syncStatus.innerText()).trim();

    await sandbox.close();
    await shell.syncExpectingFailure();

    await shell.expectOffline();
    const banner = shell.offlineBanner;
    await expect(banner.getByRole('heading', { name: 'Offline' })).toBeVisible();
    await expect(banner).toContainText('cached data shown');
    await expect(banner).toContainText('drafts can be created, edited, validated and saved');
    await expect(banner).toContainText('submitting waits until the network is back');
    await expect(banner.getByRole('button', { name: 'Try again' })).toBeEnabled();
    // The last successful sync is still the one shown.
    await expect(shell.syncStatus).toHaveText(lastSynced);

    // Cached listings are still shown.
    expect((await lbs.names()).sort()).toEqual([...lbNames].sort());
    const listeners = await shell.openListeners();
    expect(await listeners.counts()).toEqual({ shown: listenerCount, total: listenerCount });
    await expect(listeners.row('mysql')).toBeVisible();
    const groups = await shell.openServerGroups();
    await groups.expandRow('mysql-primary');
    await expect(groups.serverRow('mysql-primary', 'db-primary')).toBeVisible();
    await shell.expectOffline();

    // What the banner promises: a draft can still be created from the cached load balancers.
    const drafts = await shell.openDrafts();
    await expect(shell.main.getByText(/Offline: drafts can be created, edited, validated and saved/)).toBeVisible();
    const wizard = await drafts.newDraft({ title: 'offline draft', loadBalancer: 'tcp-gateway' });
    await wizard.expectStep('listener');
    await wizard.fillListener({ port: 7001 });
    await wizard.saveDraft();
    const again = await shell.openDrafts();
    await expect(again.row('offline draft')).toContainText('7001');

    // "Try again" while still offline fails again and keeps the banner.
    await banner.getByRole('button', { name: 'Try again' }).click();
    await expect(banner.getByRole('button', { name: 'Try again' })).toBeEnabled({ timeout: 60_000 });
    await shell.expectOffline();
  });
});
