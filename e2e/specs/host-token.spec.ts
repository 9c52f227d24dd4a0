/**
 * Issue 10 §6, browser-mode token rules as the user meets them: the token leaves the address bar at once, no cookie is
 * set, a reload works (the tab keeps the token in its sessionStorage), and a tab without it says how to get back.
 */
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';

test.describe('browser-mode token', () => {
  test('leaves the address bar, sets no cookie, survives a reload; a tab without it says what to do', async ({ app, host, browser }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    expect(app.url()).not.toContain('token=');
    expect(await app.evaluate(() => location.href)).not.toContain('token=');
    expect(await app.context().cookies()).toEqual([]);

    // Sync still runs with the header token (and its progress events over the ticketed stream).
    await shell.sync();
    await expect(shell.syncStatus).toContainText(/Last synced/);

    await app.reload();
    await expect(shell.nav).toBeVisible();
    await shell.openDrafts();

    const origin = new URL(host.url).origin;
    const other = await browser.newContext();
    try {
      const page = await other.newPage();
      await page.goto(`${origin}/`);
      await expect(page.getByText(/open the URL printed by `npm run start:web` again/).first()).toBeVisible();
    } finally {
      await other.close();
    }
  });
});
