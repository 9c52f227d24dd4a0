/**
 * Issue 14: the update check at start is off by default; the user can turn it on (and off) on the Accounts page, in
 * English and 简体中文, and the choice is saved in the data folder. (The check itself runs only in the installed
 * desktop app: electron/app/updates.test.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';

test.describe('update check setting', () => {
  test('off by default; turning it on is saved and survives a reload; browser mode says it never checks', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.openAccounts();
    const updates = shell.main.getByRole('region', { name: 'Updates' });
    const box = updates.getByRole('checkbox', { name: 'Check for updates when ELB Desk starts' });
    await expect(box).not.toBeChecked();
    await expect(box).toHaveAccessibleDescription(/Off by default.*Help → Check for Updates….*Browser mode never checks for updates/);

    await box.check();
    await expect(updates.getByRole('status')).toHaveText('Saved.');
    await expect(box).toBeChecked();
    const settings = () => (JSON.parse(readFileSync(path.join(host.dataDir, 'elb-desk.json'), 'utf8')) as { settings: { autoUpdateCheck?: boolean } }).settings;
    expect(settings().autoUpdateCheck).toBe(true);

    await app.reload();
    await shell.openAccounts();
    await expect(box).toBeChecked();

    await shell.setLanguage('简体中文');
    const zhBox = shell.main.getByRole('region', { name: '更新' }).getByRole('checkbox', { name: 'ELB Desk 启动时检查更新' });
    await expect(zhBox).toBeChecked();
    await zhBox.uncheck();
    await expect(zhBox).not.toBeChecked();
    await expect.poll(() => settings().autoUpdateCheck).toBe(false);
  });
});
