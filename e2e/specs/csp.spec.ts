/**
 * Issue 10 §6: the policy has no `style-src 'unsafe-inline'`, so nothing the app renders may need it. Every page (and
 * the wizard, the account form, a dialog, the fleet plan and apply pages, History, the workbench) is opened with a listener for `securitypolicyviolation`; the count must be 0.
 */
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test.describe('content security policy', () => {
  test('no CSP violation on any page', async ({ app, host }) => {
    test.setTimeout(120_000);
    await app.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const consoleViolations: string[] = [];
    app.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) consoleViolations.push(m.text());
    });
    const shell = new AppShell(app);
    const lbs = await shell.open(host.url);
    const csp = await app.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    await shell.sync();
    await lbs.addTcpListener('tcp-gateway');
    await expect(app.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
    await shell.openListeners();
    await shell.openServerGroups();
    await shell.openIpGroups();
    const drafts = await shell.openDrafts();
    await drafts.newDraft({ title: 'csp draft' });
    await shell.openDrafts();
    const accounts = await shell.openAccounts();
    await expect(await accounts.testConnection('Local sandbox')).toContainText('Reachable');
    await app.getByRole('main').getByRole('button', { name: 'Add account' }).first().click();
    await expect(accounts.form).toBeVisible();
    await shell.openLoadBalancers();
    // The fleet pages (plan, apply), History and the IP address group workbench.
    await app.getByRole('checkbox', { name: 'Select tcp-gateway' }).click();
    await app.getByRole('button', { name: 'Add TCP listener to selected' }).click();
    await expect(app).toHaveURL(/#\/fleet\/[^/]+$/);
    await expect(app.getByRole('main').getByRole('heading', { level: 1, name: /^Fleet plan/ })).toBeVisible();
    await app.evaluate(() => {
      location.hash = `${location.hash}/apply`;
    });
    await expect(app.getByRole('main').getByText(/Checked against the live state at/)).toBeVisible({ timeout: 30_000 });
    for (const [hash, heading] of [['#/history', /History/], ['#/ip-workbench', /workbench/i]] as const) {
      await app.evaluate((h) => {
        location.hash = h;
      }, hash);
      await expect(app.getByRole('main').getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }

    const violations = await app.evaluate(() => window.__cspViolations ?? []);
    expect(violations).toEqual([]);
    expect(consoleViolations).toEqual([]);

    // The listener really sees violations: an inline style attribute is refused and reported (once per policy: the
    // header and the meta tag).
    await app.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div id="csp-probe" style="color: red"></div>'));
    await expect.poll(() => app.evaluate(() => window.__cspViolations ?? [])).toContainEqual(expect.stringMatching(/^style-src-attr /));
    expect(await app.evaluate(() => document.getElementById('csp-probe')!.style.color)).toBe('');
  });
});
