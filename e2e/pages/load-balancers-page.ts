/** Page object of Load balancers (`#/load-balancers`). Role and label locators only. */
import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';
import { ListenersPage } from './listeners-page';
import { rowByName } from './locators';
import { WizardPage } from './wizard-page';

export class LoadBalancersPage {
  constructor(readonly page: Page) {}

  /** Header, navigation and banners. */
  get shell(): AppShell {
    return new AppShell(this.page);
  }

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1, name: 'Load balancers' });
  }

  /** The load balancers table. */
  get table(): Locator {
    return this.page.getByRole('main').getByRole('table');
  }

  /** The row of one load balancer (by name). */
  row(name: string): Locator {
    return rowByName(this.page, name);
  }

  /** The "Add TCP listener" button of one load balancer. */
  addButton(name: string): Locator {
    return this.row(name).getByRole('button', { name: /^(Add TCP listener|Creating draft…)$/ });
  }

  async expectLoaded(): Promise<this> {
    await expect(this.heading).toBeVisible();
    return this;
  }

  /** Names of the listed load balancers, in order. */
  async names(): Promise<string[]> {
    const headers = this.table.getByRole('rowheader');
    const out: string[] = [];
    for (const h of await headers.all()) out.push(((await h.innerText()).split('\n')[0] ?? '').trim());
    return out;
  }

  /** When nothing is cached yet: presses "Sync now" in the empty state and waits for the table. */
  async syncNow(): Promise<this> {
    await this.page.getByRole('main').getByRole('button', { name: 'Sync now' }).click();
    await expect(this.table).toBeVisible({ timeout: 120_000 });
    return this;
  }

  /** "Add TCP listener" on one LB: creates a draft targeting it and opens the wizard. */
  async addTcpListener(name: string): Promise<WizardPage> {
    await this.addButton(name).click();
    await expect(this.page).toHaveURL(/#\/drafts\/[^/]+$/);
    return new WizardPage(this.page);
  }

  /** Checks that an application-only LB offers no TCP listener, and says why. */
  async expectCannotTakeTcp(name: string): Promise<this> {
    const button = this.addButton(name);
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/cannot be added/);
    return this;
  }

  /** Follows the listener-count link of one LB to its listeners. */
  async openListenersOf(name: string): Promise<ListenersPage> {
    await this.row(name).getByRole('link', { name: new RegExp(`^Listeners of `) }).click();
    await expect(this.page).toHaveURL(/#\/listeners\?lb=/);
    return new ListenersPage(this.page);
  }
}
