/** Page object of Listeners (`#/listeners`, virtualized table). Role and label locators only. */
import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';
import { parseCount, rowByName } from './locators';

/** Sortable column headers, by their visible label. */
export type ListenerColumn = 'Name / ID' | 'Protocol' | 'Port' | 'Load balancer' | 'Access control' | 'Idle timeout' | 'Limits per AZ' | 'Default server group';

export class ListenersPage {
  constructor(readonly page: Page) {}

  get shell(): AppShell {
    return new AppShell(this.page);
  }

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1, name: /^Listeners/ });
  }

  get table(): Locator {
    return this.page.getByRole('main').getByRole('table');
  }

  get searchBox(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search' });
  }

  get protocolFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'Protocol', exact: true });
  }

  get loadBalancerFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'Load balancer', exact: true });
  }

  get accessFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'Access control', exact: true });
  }

  /** The live "N of M listeners" line. */
  get countLine(): Locator {
    return this.page.getByRole('main').getByRole('status').filter({ hasText: / of [\d,]+ listeners?$/ });
  }

  /** The row of one listener (by name); only rows scrolled into view exist (virtualized). */
  row(name: string): Locator {
    return rowByName(this.page, name);
  }

  async expectLoaded(): Promise<this> {
    await expect(this.heading).toBeVisible();
    await expect(this.countLine).toBeVisible();
    return this;
  }

  /** Shown and total counts from "N of M listeners". */
  async counts(): Promise<{ shown: number; total: number }> {
    return parseCount(await this.countLine.innerText());
  }

  async search(text: string): Promise<this> {
    await this.searchBox.fill(text);
    return this;
  }

  /** Protocol filter by value ('' = any), e.g. 'TCP'. */
  async filterProtocol(protocol: string): Promise<this> {
    await this.protocolFilter.selectOption(protocol);
    return this;
  }

  /** Load balancer filter by LB name, or 'Any'. */
  async filterLoadBalancer(name: string): Promise<this> {
    await this.loadBalancerFilter.selectOption({ label: name });
    return this;
  }

  async filterAccess(label: 'Any' | 'All IP addresses' | 'Whitelist' | 'Blacklist'): Promise<this> {
    await this.accessFilter.selectOption({ label });
    return this;
  }

  async clearFilters(): Promise<this> {
    await this.page.getByRole('main').getByRole('button', { name: 'Clear filters' }).first().click();
    return this;
  }

  /** Clicks a column header's sort button (again to reverse). */
  async sortBy(column: ListenerColumn): Promise<this> {
    await this.table.getByRole('columnheader', { name: new RegExp(`^${column.replace(/[/]/g, '\\/')}`) }).getByRole('button').click();
    return this;
  }

  /** The aria-sort of a column header ('ascending' | 'descending' | null). */
  async sortState(column: ListenerColumn): Promise<string | null> {
    return this.table.getByRole('columnheader', { name: new RegExp(`^${column.replace(/[/]/g, '\\/')}`) }).getAttribute('aria-sort');
  }

  /** Names of the rendered rows, top to bottom (only those the virtualizer has mounted). */
  async visibleNames(): Promise<string[]> {
    const out: string[] = [];
    for (const h of await this.table.getByRole('rowheader').all()) out.push(((await h.innerText()).split('\n')[0] ?? '').trim());
    return out;
  }
}
