/**
 * Page object of the app shell (header, navigation, banners), and the base of every page object. Role and label
 * locators only; every navigation method returns the page object of where it lands.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { AccountsPage } from './accounts-page';
import { DraftsPage } from './drafts-page';
import { ListenersPage } from './listeners-page';
import { LoadBalancersPage } from './load-balancers-page';
import { rowByName } from './locators';

/** The header, navigation and banners — present on every page. */
export class AppShell {
  constructor(readonly page: Page) {}

  /** The main navigation landmark. */
  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  /** The main landmark (the routed page). */
  get main(): Locator {
    return this.page.getByRole('main');
  }

  /** The page's h1. */
  get heading(): Locator {
    return this.main.getByRole('heading', { level: 1 });
  }

  get accountSelect(): Locator {
    return this.page.getByRole('combobox', { name: 'Account', exact: true });
  }

  get regionSelect(): Locator {
    return this.page.getByRole('combobox', { name: 'Region', exact: true });
  }

  get languageSelect(): Locator {
    return this.page.getByRole('combobox', { name: /^(Language|语言)$/ });
  }

  get themeSelect(): Locator {
    return this.page.getByRole('combobox', { name: /^(Theme|主题)$/ });
  }

  /** The header's Sync button (named "Syncing…" while it runs). */
  get syncButton(): Locator {
    return this.page.getByRole('banner').getByRole('button', { name: /^(Sync|Syncing…)$/ });
  }

  /** The live line next to Sync: progress, or "Last synced …". */
  get syncStatus(): Locator {
    return this.page.getByRole('banner').getByRole('status');
  }

  /** The offline banner. */
  get offlineBanner(): Locator {
    return this.page.getByRole('region', { name: 'Offline' });
  }

  /** The data-store banner (needs recovery / read-only / not saved). */
  get storeBanner(): Locator {
    return this.page.getByRole('region', { name: /^(Your data file could not be read|Read-only|Not saved)$/ });
  }

  /** Opens the app URL (with its token) and waits for the shell. */
  async open(url: string): Promise<LoadBalancersPage> {
    await this.page.goto(url);
    await this.live();
    return new LoadBalancersPage(this.page);
  }

  /**
   * Waits for the app to be live: the printed URL's page may show the host's first paint (inert) before the app has
   * mounted in its place, and a person's click lands only after that.
   */
  async live(): Promise<void> {
    await expect(this.page.locator('#app[data-app-mounted]:not([data-first-paint])')).toBeAttached();
    await expect(this.nav).toBeVisible();
  }

  private async go(link: string | RegExp, heading: string | RegExp): Promise<void> {
    await this.nav.getByRole('link', { name: link }).click();
    await expect(this.main.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  async openLoadBalancers(): Promise<LoadBalancersPage> {
    await this.go('Load balancers', 'Load balancers');
    return new LoadBalancersPage(this.page);
  }

  async openListeners(): Promise<ListenersPage> {
    await this.go(/^Listeners/, 'Listeners');
    return new ListenersPage(this.page);
  }

  /** Backend server groups (no page object of its own: use `main` and `expandRow`). */
  async openServerGroups(): Promise<AppShell> {
    await this.go('Backend server groups', 'Backend server groups');
    return new AppShell(this.page);
  }

  /** IP address groups (no page object of its own: use `main` and `expandRow`). */
  async openIpGroups(): Promise<AppShell> {
    await this.go('IP address groups', 'IP address groups');
    return new AppShell(this.page);
  }

  async openDrafts(): Promise<DraftsPage> {
    await this.go(/^Drafts/, 'Drafts');
    return new DraftsPage(this.page);
  }

  async openAccounts(): Promise<AccountsPage> {
    await this.go('Accounts', 'Accounts');
    return new AccountsPage(this.page);
  }

  /** The table row whose row header is named `name`. */
  row(name: string): Locator {
    return rowByName(this.page, name);
  }

  /** Expands a server group's servers or an IP group's entries (the row's disclosure button). */
  async expandRow(name: string): Promise<this> {
    const button = this.row(name).getByRole('button', { expanded: false });
    await button.click();
    await expect(this.row(name).getByRole('button', { expanded: true })).toBeVisible();
    return this;
  }

  /** Picks the header account (by its display name) and optionally a region (by ID, e.g. `sandbox-2`). */
  async selectAccount(name: string, region?: string): Promise<this> {
    await this.accountSelect.selectOption({ label: name });
    if (region) await this.selectRegion(region);
    return this;
  }

  /** Picks a region by ID. */
  async selectRegion(regionId: string): Promise<this> {
    await this.regionSelect.selectOption(regionId);
    await expect(this.regionSelect).toHaveValue(regionId);
    return this;
  }

  /** Runs Sync and waits until it finished (successfully: "Last synced …" is shown). */
  async sync(timeoutMs = 120_000): Promise<this> {
    await this.syncButton.click();
    await expect(this.page.getByRole('banner').getByRole('button', { name: 'Sync', exact: true })).toBeEnabled({ timeout: timeoutMs });
    await expect(this.syncStatus).toContainText('Last synced', { timeout: timeoutMs });
    return this;
  }

  /**
   * Runs Sync like `sync()` and returns the milliseconds, measured in the page with performance.now(), from the
   * click to the status line saying "Last synced" (English UI).
   */
  async timedSync(timeoutMs = 120_000): Promise<number> {
    type W = { __syncT0: number; __syncT1: number };
    await this.syncButton.evaluate((el) => {
      const w = window as unknown as W;
      w.__syncT0 = 0;
      el.addEventListener('click', () => (w.__syncT0 = performance.now()), { once: true, capture: true });
    });
    await this.syncStatus.evaluate((el) => {
      const w = window as unknown as W;
      w.__syncT1 = 0;
      const observer = new MutationObserver(() => {
        if (w.__syncT0 > 0 && (el.textContent ?? '').includes('Last synced')) {
          w.__syncT1 = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(el, { subtree: true, childList: true, characterData: true });
    });
    await this.sync(timeoutMs);
    await this.page.waitForFunction(() => (window as unknown as W).__syncT1 > 0);
    return this.page.evaluate(() => {
      const w = window as unknown as W;
      return w.__syncT1 - w.__syncT0;
    });
  }

  /** Runs Sync and waits for it to end whatever the outcome (e.g. offline). */
  async syncExpectingFailure(timeoutMs = 120_000): Promise<this> {
    await this.syncButton.click();
    await expect(this.page.getByRole('banner').getByRole('button', { name: 'Sync', exact: true })).toBeEnabled({ timeout: timeoutMs });
    return this;
  }

  /** Switches the UI language ('English' or '简体中文'). */
  async setLanguage(name: 'English' | '简体中文'): Promise<this> {
    await this.languageSelect.selectOption({ label: name });
    return this;
  }

  /** Switches the theme by option value. */
  async setTheme(mode: 'system' | 'light' | 'dark'): Promise<this> {
    await this.themeSelect.selectOption(mode);
    return this;
  }

  async expectOffline(): Promise<this> {
    await expect(this.offlineBanner).toBeVisible();
    return this;
  }

  async expectOnline(): Promise<this> {
    await expect(this.offlineBanner).toHaveCount(0);
    return this;
  }

  /** On "Not saved": presses "Not saved — retry" and waits for the banner to go. */
  async retrySave(): Promise<this> {
    await this.page.getByRole('button', { name: 'Not saved — retry' }).click();
    await expect(this.page.getByRole('region', { name: 'Not saved' })).toHaveCount(0);
    return this;
  }

  /** On "needs recovery": restores the newest backup (confirming the dialog). */
  async restoreNewestBackup(): Promise<this> {
    await this.page.getByRole('button', { name: /^Restore backup from / }).first().click();
    await this.page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore backup' }).click();
    await expect(this.page.getByRole('region', { name: 'Your data file could not be read' })).toHaveCount(0);
    return this;
  }

  /** On "needs recovery": starts with empty data (confirming the dialog). */
  async startEmpty(): Promise<this> {
    await this.page.getByRole('button', { name: 'Start with empty data…' }).click();
    await this.page.getByRole('dialog', { name: 'Start with empty data?' }).getByRole('button', { name: 'Start empty' }).click();
    await expect(this.page.getByRole('region', { name: 'Your data file could not be read' })).toHaveCount(0);
    return this;
  }

  /** The main navigation, whatever the UI language ("Main" / "主导航"). */
  get navAnyLanguage(): Locator {
    return this.page.getByRole('navigation', { name: /^(Main|主导航)$/ });
  }

  /** The visible labels of the main navigation's links, in order (draft counts stripped). */
  async navLabels(): Promise<string[]> {
    // After a reload the navigation is rendered with the app: wait for it rather than read an empty page.
    await expect(this.navAnyLanguage.getByRole('link').first()).toBeVisible();
    const out: string[] = [];
    for (const link of await this.navAnyLanguage.getByRole('link').all()) out.push((await link.innerText()).replace(/\s*\d+\s*$/, '').trim());
    return out;
  }

  /** The expanded detail of a backend server group (its servers table and health check), after `expandRow`. */
  serverGroupDetail(name: string): Locator {
    return this.main.getByRole('row').filter({ has: this.page.getByRole('heading', { name: `Servers of ${name}`, exact: true }) });
  }

  /** One server's row inside an expanded server group. Cells: IP address, port, weight, health. */
  serverRow(group: string, server: string): Locator {
    return this.serverGroupDetail(group)
      .getByRole('table')
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: server, exact: true }) });
  }

  /** The health check of an expanded server group as label → value ("Interval (s)" → "10"). */
  async healthCheckFacts(group: string): Promise<Record<string, string>> {
    const detail = this.serverGroupDetail(group);
    const terms = await detail.getByRole('term').allInnerTexts();
    const values = await detail.getByRole('definition').allInnerTexts();
    return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
  }

  /** The entries table of an expanded IP address group (captioned "Entries of <name>"). */
  ipGroupEntries(name: string): Locator {
    return this.main.getByRole('table', { name: `Entries of ${name}`, exact: true });
  }

  /**
   * Runs an axe scan (WCAG 2.x A/AA) of the current page and returns the violations. `inPage` runs axe in the page
   * itself (AxeBuilder's legacy mode: the same rules and results, without opening a helper page per scan — about
   * twice as fast; fine here, as the app has no iframes).
   */
  async axeViolations(opts: { inPage?: boolean } = {}): Promise<{ id: string; impact: string | null | undefined; help: string; nodes: number }[]> {
    const builder = new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    if (opts.inPage) builder.setLegacyMode(true);
    const result = await builder.analyze();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  }
}
