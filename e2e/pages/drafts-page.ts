/**
 * Page object of Drafts (`#/drafts`). Role and label locators only. Drafts are found by title; when several share
 * a title (an import of an export, a duplicate renamed back), the newest — the top row — is used.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { AppShell } from './app-shell';
import { rowByName } from './locators';
import { WizardPage } from './wizard-page';

/** Choices of the New draft dialog; anything left out keeps the dialog's default (the header's account/region). */
export interface NewDraftInput {
  title?: string;
  account?: string;
  /** Region ID, e.g. `sandbox-2`. */
  region?: string;
  /** Load balancer name; omitted = "Choose later in the wizard". */
  loadBalancer?: string;
}

/** Export formats by their radio label. */
export const EXPORT_FORMATS = {
  json: /^ELB Desk draft \(JSON\)/,
  terraform: /^Terraform/,
  api: /^ELB v3 API requests/,
} as const;

export class DraftsPage {
  constructor(readonly page: Page) {}

  get shell(): AppShell {
    return new AppShell(this.page);
  }

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1, name: 'Drafts' });
  }

  get table(): Locator {
    return this.page.getByRole('main').getByRole('table');
  }

  /** The row of one draft (by title). */
  row(title: string): Locator {
    return rowByName(this.page, title);
  }

  /** The status badge text of one draft (e.g. "Draft", "Submitted", "Failed"). */
  async status(title: string): Promise<string> {
    return (await this.row(title).first().getByRole('cell').nth(3).innerText()).split('\n')[0]!.trim();
  }

  /** The issues cell of one draft (e.g. "2 errors 1 warning" or "No issues"). */
  issues(title: string): Locator {
    return this.row(title).first().getByRole('cell').nth(4);
  }

  async expectLoaded(): Promise<this> {
    await expect(this.heading).toBeVisible();
    // The drafts list is read after the first paint: the page says "Loading…" until it has it.
    await expect(this.page.getByRole('main').getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
    return this;
  }

  /** Titles of the listed drafts, in order (newest first). */
  async titles(): Promise<string[]> {
    await this.expectLoaded();
    const out: string[] = [];
    for (const h of await this.table.getByRole('rowheader').all()) out.push(await h.getByRole('link').innerText());
    return out;
  }

  /** "New draft": fills the dialog, creates the draft and lands in the wizard. */
  async newDraft(input: NewDraftInput = {}): Promise<WizardPage> {
    await this.page.getByRole('button', { name: 'New draft' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'New listener draft' });
    await expect(dialog).toBeVisible();
    if (input.title !== undefined) await dialog.getByRole('textbox', { name: /^Title/ }).fill(input.title);
    if (input.account) await dialog.getByRole('combobox', { name: 'Account' }).selectOption({ label: input.account });
    if (input.region) await dialog.getByRole('combobox', { name: 'Region' }).selectOption(input.region);
    if (input.loadBalancer) {
      const lb = dialog.getByRole('combobox', { name: 'Load balancer' });
      await expect(lb).toBeEnabled();
      await lb.selectOption({ label: input.loadBalancer });
    }
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await expect(this.page).toHaveURL(/#\/drafts\/[^/]+$/);
    return new WizardPage(this.page);
  }

  /** Opens (resumes) a draft in the wizard. */
  async open(title: string): Promise<WizardPage> {
    await this.row(title).first().getByRole('link', { name: title, exact: true }).click();
    await expect(this.page).toHaveURL(/#\/drafts\/[^/]+$/);
    return new WizardPage(this.page);
  }

  async rename(title: string, newTitle: string): Promise<this> {
    await this.page.getByRole('button', { name: `Rename ${title}`, exact: true }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'Rename draft' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(newTitle);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(newTitle)).toBeVisible();
    return this;
  }

  /** Duplicates a draft; the copy appears as "<title> (copy)" (named by main). */
  async duplicate(title: string): Promise<this> {
    const before = await this.table.getByRole('rowheader').count();
    await this.page.getByRole('button', { name: `Duplicate ${title}`, exact: true }).first().click();
    await expect(this.table.getByRole('rowheader')).toHaveCount(before + 1);
    return this;
  }

  /** Discards a draft after confirming the dialog that names it. */
  async discard(title: string): Promise<this> {
    const before = await this.row(title).count();
    await this.page.getByRole('button', { name: `Discard ${title}`, exact: true }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'Discard draft?' });
    await expect(dialog).toContainText(`“${title}”`);
    await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(title)).toHaveCount(before - 1);
    return this;
  }

  /** "Validate all"; returns the summary line ("Validated N drafts: E errors, W warnings."). */
  async validateAll(): Promise<string> {
    await this.page.getByRole('button', { name: 'Validate all' }).click();
    const line = this.page.getByRole('main').getByRole('status').filter({ hasText: /^\s*Validated / });
    await expect(line).toBeVisible({ timeout: 60_000 });
    return (await line.innerText()).trim();
  }

  async select(title: string): Promise<this> {
    await this.page.getByRole('checkbox', { name: `Select ${title}`, exact: true }).first().check();
    return this;
  }

  async selectAll(): Promise<this> {
    await this.page.getByRole('checkbox', { name: 'Select all drafts' }).check();
    return this;
  }

  /** The "Submit results" section after a submit run. */
  get results(): Locator {
    return this.page.getByRole('region', { name: 'Submit results' });
  }

  /** Submits the selected drafts one after another and waits for the results. */
  async submitSelected(timeoutMs = 120_000): Promise<this> {
    await this.page.getByRole('button', { name: /^Submit selected/ }).click();
    await expect(this.results).toBeVisible({ timeout: timeoutMs });
    return this;
  }

  /** Submits one draft from its row and waits for the results. */
  async submit(title: string, timeoutMs = 120_000): Promise<this> {
    await this.page.getByRole('button', { name: `Submit ${title}`, exact: true }).first().click();
    await expect(this.results).toBeVisible({ timeout: timeoutMs });
    return this;
  }

  /** Retries a failed draft and waits for the results. */
  async retry(title: string, timeoutMs = 120_000): Promise<this> {
    await this.page.getByRole('button', { name: `Retry submitting ${title}`, exact: true }).first().click();
    await expect(this.results).toBeVisible({ timeout: timeoutMs });
    return this;
  }

  /** Exports a draft and returns the downloaded file's name and text. */
  async export(title: string, format: keyof typeof EXPORT_FORMATS): Promise<{ filename: string; text: string }> {
    await this.page.getByRole('button', { name: `Export ${title}`, exact: true }).first().click();
    const dialog = this.page.getByRole('dialog', { name: /^Export / });
    await dialog.getByRole('radio', { name: EXPORT_FORMATS[format] }).check();
    const download = this.page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download' }).click();
    const file = await download;
    const path = await file.path();
    const text = await readFile(path, 'utf8');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    return { filename: file.suggestedFilename(), text };
  }

  /** Imports a draft file; resolves when the import succeeded or failed (check `importError`). */
  async import(filePath: string): Promise<this> {
    // As a person does it: Import… opens the file chooser (the file input itself is hidden from assistive tech).
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.page.getByRole('main').getByRole('button', { name: 'Import…' }).click()]);
    await chooser.setFiles(filePath);
    await expect(this.page.getByRole('main').getByRole('status').filter({ hasText: /^\s*Imported / }).or(this.importError)).toBeVisible();
    return this;
  }

  /** The per-field problems of a failed import, one list item each ("path: message"). */
  get importProblems(): Locator {
    return this.importError.getByRole('listitem');
  }

  /** The "Imported “title”." notice. */
  get importNotice(): Locator {
    return this.page.getByRole('main').getByRole('status').filter({ hasText: /^\s*Imported / });
  }

  /** The import failure (with one list item per field problem: "path: message"). */
  get importError(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Import failed' });
  }
}
