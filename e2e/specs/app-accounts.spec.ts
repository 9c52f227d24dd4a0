/**
 * Issue 2: add an account (keys write-only, masked, storage named honestly), create / rename / discard drafts, and a
 * reload shows the same state. The typed AK/SK never reach the page's DOM or the data folder in plaintext.
 */
import { expect, test } from '../fixtures/app';
import { filesContaining } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';

const ACCOUNT = {
  name: 'HK production',
  region: 'ap-southeast-1',
  projectId: '0123456789abcdef0123456789abcdef',
  ak: 'E2EAKQWERTY7ZX91PLMN',
  sk: 'e2eSecretKeyDoNotShow9f8e7d6c5b4a3210XYZ',
};

test.describe('accounts and drafts survive a reload', () => {
  test('add an account, create/rename/discard drafts, reload: same state; AK/SK never in the DOM', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);

    // --- the account: listed with only the masked AK, key storage named honestly
    const accounts = await shell.openAccounts();
    await accounts.addAccount(ACCOUNT);
    await expect(accounts.form).toHaveCount(0);
    await expect(accounts.row(ACCOUNT.name)).toBeVisible();
    const masked = await accounts.maskedKey(ACCOUNT.name);
    expect(masked).not.toBe(ACCOUNT.ak);
    expect(masked).toMatch(/…/);
    expect(masked.length).toBeLessThan(ACCOUNT.ak.length);
    expect(ACCOUNT.ak.startsWith(masked.split('…')[0]!)).toBe(true);
    expect(await accounts.keyStorage(ACCOUNT.name)).toMatch(/File key — weaker than (the )?OS keychain/);
    await expect(shell.main.getByText(/Keys are kept in: File key — weaker than (the )?OS keychain\./)).toBeVisible();
    expect(await accounts.regionText(ACCOUNT.name)).toContain(ACCOUNT.region);
    expect(await accounts.projectIdText(ACCOUNT.name)).toBe(ACCOUNT.projectId);
    const afterSave = await app.content();
    expect(afterSave).not.toContain(ACCOUNT.ak);
    expect(afterSave).not.toContain(ACCOUNT.sk);
    // Opening the edit form shows the masked key only, not the stored secret.
    await app.getByRole('button', { name: `Edit ${ACCOUNT.name}`, exact: true }).click();
    await expect(accounts.form).toContainText(masked);
    const inForm = await app.content();
    expect(inForm).not.toContain(ACCOUNT.ak);
    expect(inForm).not.toContain(ACCOUNT.sk);
    await accounts.cancel();

    // --- drafts: one for a chosen load balancer (renamed, then discarded), one kept
    await shell.selectAccount('Local sandbox');
    await shell.sync();
    let drafts = await shell.openDrafts();
    await drafts.newDraft({ title: 'temp draft', loadBalancer: 'tcp-gateway' });
    drafts = await shell.openDrafts();
    await expect(drafts.row('temp draft')).toContainText('tcp-gateway');
    await drafts.rename('temp draft', 'renamed draft');
    await expect(drafts.row('temp draft')).toHaveCount(0);
    await drafts.newDraft({ title: 'kept draft', loadBalancer: 'dualstack-edge' });
    drafts = await shell.openDrafts();
    await expect(drafts.row('kept draft')).toContainText('dualstack-edge');
    await drafts.discard('renamed draft');
    expect(await drafts.titles()).toEqual(['kept draft']);

    // --- reload: the same state
    await app.reload();
    await expect(shell.nav).toBeVisible();
    await drafts.expectLoaded();
    expect(await drafts.titles()).toEqual(['kept draft']);
    await expect(drafts.row('kept draft')).toContainText('dualstack-edge');
    await expect(shell.accountSelect.getByRole('option', { name: ACCOUNT.name })).toHaveCount(1);
    const again = await shell.openAccounts();
    expect(await again.maskedKey(ACCOUNT.name)).toBe(masked);
    expect(await again.keyStorage(ACCOUNT.name)).toMatch(/File key — weaker than (the )?OS keychain/);
    const afterReload = await app.content();
    expect(afterReload).not.toContain(ACCOUNT.ak);
    expect(afterReload).not.toContain(ACCOUNT.sk);

    // And neither secret is written in plaintext anywhere in the data folder (data file, backups, logs).
    expect(filesContaining(host.dataDir, [ACCOUNT.ak, ACCOUNT.sk])).toEqual([]);
  });
});
