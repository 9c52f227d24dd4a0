/**
 * Issue 10 §6, browser-mode token rules as the user meets them: the token leaves the address bar at once, no cookie is
 * set, a reload works (the tab keeps the token in its sessionStorage), and a tab without it says how to get back.
 * And the first screen's data comes preloaded with the printed URL's page (one single-use ticket, no call of its own).
 */
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';
import { START_MARKS } from '../../renderer/src/lib/start-marks';

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

  test('the printed URL’s page preloads the first screen: one GET of its ticket, used by the page, no app:boot call; the listing is there', async ({ app, host }) => {
    const requests: string[] = [];
    app.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const warnings: string[] = [];
    app.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    // A fresh page of the printed URL, with a cached inventory: the listing comes from the preloaded answer.
    await app.goto(`${host.url}#/listeners`);
    const listeners = await shell.openListeners();
    await expect(listeners.renderedRows.first()).toBeVisible();
    // The start's milestones, in order, for the bench (renderer/src/lib/start-marks.ts); the host's first paint has
    // its own (first-paint.spec.ts), whenever it came.
    await shell.live();
    const marks = await app.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('elb-desk:')));
    expect(marks.filter((m) => m !== START_MARKS.firstPaint)).toEqual([START_MARKS.entry, START_MARKS.ready, START_MARKS.mounted]);
    const boots = requests.filter((r) => r.endsWith(' /boot'));
    expect(boots).toEqual(['GET /boot', 'GET /boot']);
    expect(requests).not.toContain('POST /ipc/app:boot');
    expect(requests.filter((r) => r.startsWith('POST /ipc/app%3Aboot'))).toEqual([]);
    // The ticket is spent: fetching it again is refused.
    const href = await app.evaluate(async () => {
      const r = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/boot');
      return r ? r.name : null;
    });
    expect(href).not.toBeNull();
    expect((await app.request.get(href!)).status()).toBe(401);
    // The browser used its preload (no "preloaded but not used" warning).
    await app.waitForTimeout(3500);
    expect(warnings.filter((w) => /preload/i.test(w))).toEqual([]);
  });
});
