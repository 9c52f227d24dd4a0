/**
 * Issue 4: keyboard only — the skip link, Sync, the main navigation (focus lands on the new page's heading), a sort
 * button, a row's disclosure button, and a table row action (Add TCP listener; Rename / Discard with their dialogs,
 * Escape, focus coming back) are all reached with Tab and used with Enter / Space / Escape. No mouse click at all.
 */
import { expect, test } from '../fixtures/app';
import { tabTo } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';
import { DraftsPage } from '../pages/drafts-page';
import { WizardPage } from '../pages/wizard-page';

test.describe('keyboard', () => {
  test('navigation, Sync, sorting, disclosure and row actions with the keyboard only', async ({ app, host }) => {
    test.setTimeout(90_000);
    const shell = new AppShell(app);
    await shell.open(host.url);
    const kb = app.keyboard;

    // The first Tab stop is the skip link; it moves focus to the main content.
    await kb.press('Tab');
    const skip = app.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await kb.press('Enter');
    await expect(shell.main).toBeFocused();

    // Sync from the header.
    await tabTo(app, shell.syncButton, { backwards: true });
    await kb.press('Enter');
    await expect(shell.syncStatus).toContainText('Last synced', { timeout: 60_000 });

    // Main navigation: Tab to "Listeners", Enter; focus moves to the new page's heading.
    await tabTo(app, shell.nav.getByRole('link', { name: 'Listeners' }));
    await kb.press('Enter');
    const listenersHeading = shell.main.getByRole('heading', { level: 1, name: 'Listeners' });
    await expect(listenersHeading).toBeVisible();
    await expect(listenersHeading).toBeFocused();
    await expect(shell.nav.getByRole('link', { name: 'Listeners' })).toHaveAttribute('aria-current', 'page');

    // A sort button in the table header.
    const portSort = shell.main.getByRole('columnheader', { name: /^Port/ }).getByRole('button');
    await tabTo(app, portSort);
    await kb.press('Enter');
    await expect(shell.main.getByRole('columnheader', { name: /^Port/ })).toHaveAttribute('aria-sort', 'ascending');
    await kb.press('Space');
    await expect(shell.main.getByRole('columnheader', { name: /^Port/ })).toHaveAttribute('aria-sort', 'descending');

    // Server groups: a row's disclosure button opens its servers.
    await tabTo(app, shell.nav.getByRole('link', { name: 'Backend server groups' }), { backwards: true });
    await kb.press('Enter');
    await expect(shell.main.getByRole('heading', { level: 1, name: 'Backend server groups' })).toBeFocused();
    const disclosure = shell.row('mysql-primary').getByRole('button', { name: /servers/ });
    await tabTo(app, disclosure);
    await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
    await kb.press('Enter');
    await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
    await expect(shell.serverRow('mysql-primary', 'db-primary')).toBeVisible();

    // Load balancers: the row action "Add TCP listener" of tcp-gateway opens the wizard on a new draft.
    await tabTo(app, shell.nav.getByRole('link', { name: 'Load balancers' }), { backwards: true });
    await kb.press('Enter');
    await expect(shell.main.getByRole('heading', { level: 1, name: 'Load balancers' })).toBeFocused();
    const add = shell.row('tcp-gateway').getByRole('button', { name: 'Add TCP listener' });
    await tabTo(app, add);
    await kb.press('Enter');
    await expect(app).toHaveURL(/#\/drafts\/[^/]+$/);
    await new WizardPage(app).expectStep('listener');
    // Type a port: a wizard left without an edit leaves no draft (issue 10 §5); the title follows the port.
    await tabTo(app, app.getByLabel('Listening Port', { exact: true }));
    await kb.type('4712');

    // Drafts: the row actions Rename (dialog, type, Enter) and Discard (Escape cancels, then confirm).
    await tabTo(app, shell.nav.getByRole('link', { name: /^Drafts/ }), { backwards: true });
    await kb.press('Enter');
    const drafts = new DraftsPage(app);
    await expect(drafts.heading).toBeFocused();
    const title = 'TCP 4712 · tcp-gateway';
    const rename = app.getByRole('button', { name: `Rename ${title}`, exact: true });
    await tabTo(app, rename);
    await kb.press('Enter');
    const dialog = app.getByRole('dialog', { name: 'Rename draft' });
    await expect(dialog).toBeVisible();
    const titleBox = dialog.getByRole('textbox', { name: 'Title' });
    await expect(titleBox).toBeFocused();
    await kb.press('ControlOrMeta+a');
    await kb.type('keyboard draft');
    await kb.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(drafts.row('keyboard draft')).toBeVisible();

    const discard = app.getByRole('button', { name: 'Discard keyboard draft', exact: true });
    await tabTo(app, discard);
    await kb.press('Enter');
    const confirm = app.getByRole('dialog', { name: 'Discard draft?' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await kb.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(discard).toBeFocused();
    await expect(drafts.row('keyboard draft')).toBeVisible();
    await kb.press('Enter');
    await expect(confirm).toBeVisible();
    await tabTo(app, confirm.getByRole('button', { name: 'Discard', exact: true }), { maxPresses: 5 });
    await kb.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(drafts.row('keyboard draft')).toHaveCount(0);
  });
});
