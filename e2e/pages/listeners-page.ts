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

  /** The listener rows the virtualizer has put in the DOM right now (the header row excluded). */
  get renderedRows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader') });
  }

  /** Port cells of the rendered rows, top to bottom, as numbers (a range counts by its start; none = NaN). */
  async visiblePorts(): Promise<number[]> {
    const out: number[] = [];
    for (const row of await this.renderedRows.all()) out.push(Number.parseInt((await row.getByRole('cell').nth(1).innerText()).trim(), 10));
    return out;
  }

  /**
   * Fills the search box with `text` and returns the milliseconds, measured in the page with performance.now(),
   * from the input event to the "N of M" line changing.
   */
  async timedSearch(text: string): Promise<number> {
    type W = { __searchT0: number; __searchT1: number };
    await this.searchBox.evaluate((el) => {
      const w = window as unknown as W;
      w.__searchT0 = 0;
      el.addEventListener('input', () => (w.__searchT0 = performance.now()), { once: true, capture: true });
    });
    await this.countLine.evaluate((el) => {
      const w = window as unknown as W;
      w.__searchT1 = 0;
      const before = el.textContent;
      const observer = new MutationObserver(() => {
        if (el.textContent !== before) {
          w.__searchT1 = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(el, { subtree: true, childList: true, characterData: true });
    });
    await this.searchBox.fill(text);
    await this.page.waitForFunction(() => (window as unknown as W).__searchT1 > 0, undefined, { timeout: 10_000 });
    return this.page.evaluate(() => {
      const w = window as unknown as W;
      return w.__searchT1 - w.__searchT0;
    });
  }

  /** Names of the rendered rows, top to bottom (only those the virtualizer has mounted). */
  async visibleNames(): Promise<string[]> {
    const out: string[] = [];
    for (const h of await this.table.getByRole('rowheader').all()) out.push(((await h.innerText()).split('\n')[0] ?? '').trim());
    return out;
  }
}
