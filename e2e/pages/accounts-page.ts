/** Page object of Accounts (`#/accounts`). Role and label locators only. */
import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';
import { rowByName } from './locators';

/** Values of the account form; anything left out is not touched. */
export interface AccountInput {
  name?: string;
  /** Region ID from the list (e.g. `ap-southeast-1`), or any ID typed as "Other region…". */
  region?: string;
  endpoint?: string;
  projectId?: string;
  ak?: string;
  sk?: string;
  securityToken?: string;
  proxy?: string;
  caCert?: string;
}

export class AccountsPage {
  constructor(readonly page: Page) {}

  get shell(): AppShell {
    return new AppShell(this.page);
  }

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1, name: 'Accounts' });
  }

  /** The open add/edit form. */
  get form(): Locator {
    return this.page.getByRole('region', { name: /^(Add account|Edit account “.*”)$/ });
  }

  /** The form's error summary. */
  get errorSummary(): Locator {
    return this.form.getByRole('alert');
  }

  row(name: string): Locator {
    return rowByName(this.page, name);
  }

  async expectLoaded(): Promise<this> {
    await expect(this.heading).toBeVisible();
    return this;
  }

  /** The masked access key shown for an account (e.g. "AKIA…4567"). */
  async maskedKey(name: string): Promise<string> {
    const cell = this.row(name).getByRole('cell').nth(2);
    await expect(cell).not.toHaveText('Loading…');
    return (await cell.innerText()).trim();
  }

  /** The region cell of an account (region name and ID). */
  async regionText(name: string): Promise<string> {
    return (await this.row(name).getByRole('cell').nth(0).innerText()).trim();
  }

  /** The project ID cell of an account ("Discovered on Test connection" when none is set). */
  async projectIdText(name: string): Promise<string> {
    return (await this.row(name).getByRole('cell').nth(1).innerText()).trim();
  }

  /** The key-storage label of an account (e.g. "File key — weaker than OS keychain"). */
  async keyStorage(name: string): Promise<string> {
    const cell = this.row(name).getByRole('cell').nth(3);
    await expect(cell).not.toHaveText('Loading…');
    return (await cell.innerText()).trim();
  }

  private async fill(input: AccountInput): Promise<void> {
    const f = this.form;
    if (input.name !== undefined) await f.getByRole('textbox', { name: 'Display name' }).fill(input.name);
    if (input.region !== undefined) {
      const select = f.getByRole('combobox', { name: 'Region' });
      const known = await select.locator('option').evaluateAll((opts, id) => opts.some((o) => (o as HTMLOptionElement).value === id), input.region);
      if (known) await select.selectOption(input.region);
      else {
        await select.selectOption({ label: 'Other region…' });
        await f.getByRole('textbox', { name: 'Region ID' }).fill(input.region);
      }
    }
    if (input.endpoint !== undefined) await f.getByRole('textbox', { name: /^Custom endpoint/ }).fill(input.endpoint);
    if (input.projectId !== undefined) await f.getByRole('textbox', { name: /^Project ID/ }).fill(input.projectId);
    if (input.ak !== undefined) await f.getByLabel('Access key ID (AK)').fill(input.ak);
    if (input.sk !== undefined) await f.getByLabel('Secret access key (SK)').fill(input.sk);
    if (input.securityToken !== undefined) await f.getByLabel(/^Security token/).fill(input.securityToken);
    if (input.proxy !== undefined) await f.getByRole('textbox', { name: /^Proxy URL/ }).fill(input.proxy);
    if (input.caCert !== undefined) await f.getByRole('textbox', { name: /^CA certificate \(PEM\)/ }).fill(input.caCert);
  }

  /** Opens "Add account", fills it and saves; resolves when saved, or when the form shows errors. */
  async addAccount(input: AccountInput): Promise<this> {
    await this.page.getByRole('main').getByRole('button', { name: 'Add account' }).first().click();
    await expect(this.form).toBeVisible();
    await this.fill(input);
    await this.save();
    return this;
  }

  /** Presses Save account; resolves when the form closed (saved) or shows its error summary. */
  async save(): Promise<this> {
    await this.form.getByRole('button', { name: 'Save account' }).click();
    const saved = this.page.getByRole('main').getByRole('status').filter({ hasText: /^\s*Account “.*” (added|saved)/ });
    await expect(saved.or(this.form.getByRole('alert'))).toBeVisible();
    return this;
  }

  /** Opens the edit form of an account, changes the given fields and saves. */
  async editAccount(name: string, changes: AccountInput): Promise<this> {
    await this.page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
    await expect(this.form).toBeVisible();
    if (changes.ak !== undefined || changes.sk !== undefined || changes.securityToken !== undefined) {
      const replace = this.form.getByRole('button', { name: 'Replace keys' });
      if (await replace.isVisible()) await replace.click();
    }
    await this.fill(changes);
    await this.save();
    return this;
  }

  /** Closes the form without saving. */
  async cancel(): Promise<this> {
    await this.form.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.form).toHaveCount(0);
    return this;
  }

  /** An inline error of a form field (checks aria-invalid and the text in its description). */
  async expectFieldError(label: string | RegExp, text: string | RegExp): Promise<void> {
    const field = this.form.getByLabel(label).first();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(text);
  }

  /** Runs Test connection for an account and returns its result block. */
  async testConnection(name: string, timeoutMs = 60_000): Promise<Locator> {
    await this.page.getByRole('button', { name: `Test connection of ${name}`, exact: true }).click();
    await expect(this.page.getByRole('button', { name: `Test connection of ${name}`, exact: true })).toHaveText('Test connection', { timeout: timeoutMs });
    return this.testResult(name);
  }

  /** The result block of the last Test connection of an account ("Reachable" / "Not reachable" / error). */
  testResult(name: string): Locator {
    return this.page.getByRole('region', { name: 'Connection tests' }).getByRole('region', { name, exact: true });
  }

  /** Removes an account after confirming the dialog that names it. */
  async remove(name: string): Promise<this> {
    await this.page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Remove account?' });
    await expect(dialog).toContainText(`“${name}”`);
    await dialog.getByRole('button', { name: `Remove “${name}”` }).click();
    await expect(this.row(name)).toHaveCount(0);
    return this;
  }
}
