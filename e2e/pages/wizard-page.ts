/**
 * Page object of the Add TCP Listener wizard (`#/drafts/<id>`). Role and label locators only: the labels are the
 * console's (seed Table 1, routing Tables 3/4), so a spec reads like the console procedure.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** Values for step 1; anything left out is not touched. */
export interface ListenerInput {
  /** Load balancer to pick (by name) when the draft has none yet. */
  loadBalancer?: string;
  port?: number | null;
  /** Switches to "Port ranges" and fills these rows (adding rows as needed). */
  ranges?: { start: number | null; end: number | null }[];
  name?: string;
  nat64?: boolean;
  transparentClientIp?: boolean;
  proxyProtocol?: boolean;
  accessControl?: { mode: 'All IP addresses' | 'Whitelist' | 'Blacklist'; group?: string };
  idleTimeout?: number | null;
  maxNewConnections?: number | 'unlimited';
  maxConcurrentConnections?: number | 'unlimited';
  tags?: { key: string; value: string }[];
  description?: string;
}

/** Values for a new backend server group. */
export interface NewGroupInput {
  name?: string;
  algorithm?: 'Weighted round robin' | 'Weighted least connections' | 'Source IP hash';
  stickySession?: boolean;
  stickinessMinutes?: number;
  deregistrationDelay?: boolean;
  deregistrationSeconds?: number;
  description?: string;
}

/** One backend server row. */
export interface ServerInput {
  address: string;
  port?: number | null;
  weight?: number | null;
}

/** Health check values; `protocol` HTTP/HTTPS shows the HTTP-only fields. */
export interface HealthCheckInput {
  enabled?: boolean;
  protocol?: 'TCP' | 'HTTP' | 'HTTPS';
  port?: number | null;
  interval?: number | null;
  timeout?: number | null;
  healthyThreshold?: number | null;
  unhealthyThreshold?: number | null;
  domainName?: string;
  path?: string;
  statusCode?: string;
  httpMethod?: 'GET' | 'HEAD' | 'POST';
}

/** The wizard steps by their h2. */
export const STEP_TITLES = {
  listener: 'Configure listener',
  routing: 'Configure request routing policy',
  confirm: 'Confirm',
} as const;

function num(v: number | null): string {
  return v === null ? '' : String(v);
}

/** The Add TCP Listener wizard. */
export class WizardPage {
  constructor(readonly page: Page) {}

  /** The page's h1. */
  get title(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /Add TCP listener/ });
  }

  /** The current step's h2. */
  stepHeading(step: keyof typeof STEP_TITLES): Locator {
    return this.page.getByRole('heading', { level: 2, name: STEP_TITLES[step], exact: true });
  }

  /** The steps list. */
  get stepper(): Locator {
    return this.page.getByRole('navigation', { name: 'Wizard steps' });
  }

  /** The "Saved" / "Saving…" / "Not saved: …" line. */
  get saveStatus(): Locator {
    return this.page.getByRole('status').filter({ hasText: /\b(Saved|Saving…|Not saved: )/ }).first();
  }

  /** The error summary shown on a blocked Next. */
  get errorSummary(): Locator {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('heading', { name: 'Fix these problems to continue' }) });
  }

  /** Waits until the wizard has loaded and shows `step`. */
  async expectStep(step: keyof typeof STEP_TITLES): Promise<this> {
    await expect(this.stepHeading(step)).toBeVisible();
    await expect(this.stepper.getByRole('listitem').filter({ hasText: STEP_TITLES[step] })).toHaveAttribute('aria-current', 'step');
    return this;
  }

  /** Picks the target load balancer by name (the draft has none yet, or "Change load balancer" was pressed). */
  async chooseLoadBalancer(name: string): Promise<this> {
    const change = this.page.getByRole('button', { name: 'Change load balancer' });
    if (await change.isVisible()) await change.click();
    const select = this.page.getByLabel('Load balancer', { exact: true });
    const option = select.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)} — `) });
    const value = await option.getAttribute('value');
    await select.selectOption(value ?? '');
    return this;
  }

  /** Opens "More (Optional)" when it is closed. */
  async openMore(): Promise<void> {
    if (!(await this.page.getByLabel('Idle Timeout (s)').isVisible())) {
      await this.page.getByText('More (Optional)', { exact: true }).click();
    }
  }

  /** Fills step 1. Fields are left (blurred) after filling, as a user would. */
  async fillListener(input: ListenerInput): Promise<this> {
    const p = this.page;
    if (input.loadBalancer !== undefined) await this.chooseLoadBalancer(input.loadBalancer);
    if (input.port !== undefined) {
      await p.getByRole('radio', { name: 'Single port' }).check();
      await p.getByLabel('Listening Port', { exact: true }).fill(num(input.port));
    }
    if (input.ranges) {
      await p.getByRole('radio', { name: 'Port ranges' }).check();
      for (let i = 0; i < input.ranges.length; i++) {
        const start = p.getByLabel(`Start port (Range ${i + 1})`);
        if (!(await start.isVisible())) await p.getByRole('button', { name: 'Add range' }).click();
        const r = input.ranges[i]!;
        await start.fill(num(r.start));
        await p.getByLabel(`End port (Range ${i + 1})`).fill(num(r.end));
      }
    }
    if (input.name !== undefined) await p.getByLabel('Name (Optional)', { exact: true }).fill(input.name);
    if (input.nat64 !== undefined) await p.getByRole('checkbox', { name: 'IPv4/IPv6 Translation' }).setChecked(input.nat64);
    if (input.transparentClientIp !== undefined) await p.getByRole('checkbox', { name: 'Transfer Client IP Address' }).setChecked(input.transparentClientIp);
    if (input.proxyProtocol !== undefined) await p.getByRole('checkbox', { name: 'ProxyProtocol' }).setChecked(input.proxyProtocol);
    if (input.accessControl) {
      await p.getByRole('radio', { name: input.accessControl.mode, exact: true }).check();
      if (input.accessControl.group !== undefined) {
        const select = p.getByLabel('IP address group', { exact: true });
        const option = select.getByRole('option', { name: new RegExp(`^${escapeRegExp(input.accessControl.group)} \\(`) });
        await select.selectOption((await option.getAttribute('value')) ?? '');
      }
    }
    const more = input.idleTimeout !== undefined || input.maxNewConnections !== undefined || input.maxConcurrentConnections !== undefined || input.tags || input.description !== undefined;
    if (more) await this.openMore();
    if (input.idleTimeout !== undefined) await p.getByLabel('Idle Timeout (s)').fill(num(input.idleTimeout));
    if (input.maxNewConnections !== undefined) await this.setLimit('Maximum New Connections per AZ', input.maxNewConnections);
    if (input.maxConcurrentConnections !== undefined) await this.setLimit('Maximum Concurrent Connections per AZ', input.maxConcurrentConnections);
    if (input.tags) {
      for (let i = 0; i < input.tags.length; i++) {
        const key = p.getByLabel(`Tag key ${i + 1}`, { exact: true });
        if (!(await key.isVisible())) await p.getByRole('button', { name: 'Add tag' }).click();
        await key.fill(input.tags[i]!.key);
        await p.getByLabel(`Tag value ${i + 1}`, { exact: true }).fill(input.tags[i]!.value);
      }
    }
    if (input.description !== undefined) await p.getByLabel('Description', { exact: true }).fill(input.description);
    await this.blur();
    return this;
  }

  private async setLimit(legend: string, value: number | 'unlimited'): Promise<void> {
    const group = this.page.getByRole('group', { name: legend });
    if (value === 'unlimited') {
      await group.getByRole('radio', { name: 'Unlimited' }).check();
      return;
    }
    await group.getByRole('radio', { name: 'Limit request' }).check();
    await group.getByLabel(/^Limit/).fill(String(value));
  }

  /** Presses "Use N" beside a port that is already in use. */
  async useFreePort(port: number): Promise<this> {
    await this.page.getByRole('button', { name: `Use ${port}` }).click();
    return this;
  }

  /** Next (either "Next: Configure Request Routing Policy" or "Next: Confirm"). */
  async next(): Promise<this> {
    await this.page.getByRole('button', { name: /^Next: / }).click();
    return this;
  }

  /** Previous step. */
  async previous(): Promise<this> {
    await this.page.getByRole('button', { name: 'Previous', exact: true }).click();
    return this;
  }

  /** Save as draft, then waits for "Saved". */
  async saveDraft(): Promise<this> {
    await this.page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(this.saveStatus).toHaveText('Saved');
    return this;
  }

  /** Back to the drafts list (saves first). */
  async backToDrafts(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to drafts' }).first().click();
  }

  /** Step 2: "Use existing" and the group whose label ("name (ID)") starts with `name`. */
  async chooseExistingGroup(name: string): Promise<this> {
    await this.page.getByRole('radio', { name: 'Use existing' }).check();
    const select = this.page.getByLabel('Existing backend server group', { exact: true });
    const option = select.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}( \\(|$)`) });
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await this.blur();
    return this;
  }

  /** Step 2: "Create new" and the group's fields. */
  async createNewGroup(input: NewGroupInput = {}): Promise<this> {
    const p = this.page;
    await p.getByRole('radio', { name: 'Create new' }).check();
    if (input.name !== undefined) await p.getByLabel('Backend Server Group Name').fill(input.name);
    if (input.algorithm) await p.getByLabel('Load Balancing Algorithm').selectOption({ label: input.algorithm });
    if (input.stickySession !== undefined) await p.getByRole('checkbox', { name: 'Sticky Session' }).setChecked(input.stickySession);
    if (input.stickinessMinutes !== undefined) await p.getByLabel('Stickiness Duration (min)').fill(String(input.stickinessMinutes));
    if (input.deregistrationDelay !== undefined) await p.getByRole('checkbox', { name: 'Deregistration Delay', exact: true }).setChecked(input.deregistrationDelay);
    if (input.deregistrationSeconds !== undefined) await p.getByLabel('Deregistration Delay Timeout (s)').fill(String(input.deregistrationSeconds));
    if (input.description !== undefined) await p.getByRole('group', { name: 'Create new' }).getByLabel('Description', { exact: true }).fill(input.description);
    await this.blur();
    return this;
  }

  /** Adds a backend server row ("Add server") and fills it. Returns its 1-based row number. */
  async addServer(input: ServerInput): Promise<number> {
    const p = this.page;
    await p.getByRole('button', { name: 'Add server', exact: true }).click();
    const n = await p.getByRole('textbox', { name: /^Backend Server IP Address, row \d+$/ }).count();
    await p.getByLabel(`Backend Server IP Address, row ${n}`, { exact: true }).fill(input.address);
    if (input.port !== undefined) await p.getByLabel(`Backend Port, row ${n}`, { exact: true }).fill(num(input.port));
    if (input.weight !== undefined) await p.getByLabel(`Weight, row ${n}`, { exact: true }).fill(num(input.weight));
    await this.blur();
    return n;
  }

  /** Adds a server seen in the cached data, by its label in the picker ("name (address)" or the address). */
  async addKnownServer(label: string): Promise<this> {
    await this.page.getByLabel('Server seen in the cached data').selectOption({ label });
    await this.page.getByRole('button', { name: 'Add this server' }).click();
    return this;
  }

  /** Removes server row `n` (1-based). */
  async removeServer(n: number): Promise<this> {
    await this.page.getByRole('button', { name: `Remove server ${n}`, exact: true }).click();
    return this;
  }

  /** "Set port for all". */
  async setPortForAll(port: number): Promise<this> {
    await this.page.getByLabel('Set port for all').fill(String(port));
    await this.page.getByRole('button', { name: 'Apply (Set port for all)' }).click();
    return this;
  }

  /** "Set weight for all". */
  async setWeightForAll(weight: number): Promise<this> {
    await this.page.getByLabel('Set weight for all').fill(String(weight));
    await this.page.getByRole('button', { name: 'Apply (Set weight for all)' }).click();
    return this;
  }

  /** Fills the health check of a new group. */
  async fillHealthCheck(input: HealthCheckInput): Promise<this> {
    const p = this.page;
    const group = p.getByRole('group', { name: 'Health Check' });
    if (input.enabled !== undefined) await group.getByRole('checkbox', { name: 'Health Check' }).setChecked(input.enabled);
    if (input.protocol) await group.getByLabel('Health Check Protocol').selectOption(input.protocol);
    if (input.port !== undefined) await group.getByLabel('Health Check Port').fill(num(input.port));
    if (input.interval !== undefined) await group.getByLabel('Interval (s)').fill(num(input.interval));
    if (input.timeout !== undefined) await group.getByLabel('Timeout (s)').fill(num(input.timeout));
    if (input.healthyThreshold !== undefined) await group.getByLabel('Healthy threshold').fill(num(input.healthyThreshold));
    if (input.unhealthyThreshold !== undefined) await group.getByLabel('Unhealthy threshold').fill(num(input.unhealthyThreshold));
    if (input.domainName !== undefined) await group.getByLabel('Domain Name').fill(input.domainName);
    if (input.path !== undefined) await group.getByLabel('Path', { exact: true }).fill(input.path);
    if (input.statusCode !== undefined) await group.getByLabel('Status Code').fill(input.statusCode);
    if (input.httpMethod) await group.getByLabel('HTTP method').selectOption(input.httpMethod);
    await this.blur();
    return this;
  }

  /** The "A server is marked unhealthy after about N s…" line. */
  get healthCheckTiming(): Locator {
    return this.page.getByText(/^A server is marked unhealthy after about \d+ s and healthy again after about \d+ s\.$/);
  }

  /** The JSON bodies of the planned API requests on the Confirm step (parsed). */
  async plannedRequests(): Promise<{ line: string; body: unknown }[]> {
    const region = this.page.getByRole('region', { name: 'API requests that will be sent' });
    const items = region.getByRole('listitem');
    const out: { line: string; body: unknown }[] = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      const line = (await item.getByText(/^(GET|POST|PUT|DELETE) \//).first().textContent()) ?? '';
      const pre = item.getByText(/^\{[\s\S]*\}$/);
      const body = (await pre.count()) > 0 ? (JSON.parse((await pre.first().textContent()) ?? 'null') as unknown) : null;
      out.push({ line: line.trim(), body });
    }
    return out;
  }

  /** The preflight section (live result, or "offline — checked against cached data"). */
  get preflight(): Locator {
    return this.page.getByRole('region', { name: 'Preflight check' });
  }

  /** Presses Submit and waits until it ends: "created" or "failed". */
  async submit(): Promise<'created' | 'failed'> {
    await this.page.getByRole('button', { name: 'Submit', exact: true }).click();
    const created = this.page.getByText('The TCP listener was created.');
    const failed = this.page.getByRole('alert').filter({ hasText: 'The submit failed.' });
    await expect(created.or(failed)).toBeVisible({ timeout: 30_000 });
    return (await created.isVisible()) ? 'created' : 'failed';
  }

  /** The submit progress row of a step ("Backend server group", "Backend servers", "Health check", "Listener"). */
  progressRow(kind: 'Backend server group' | 'Backend servers' | 'Health check' | 'Listener'): Locator {
    return this.page.getByRole('region', { name: 'Progress' }).getByRole('listitem').filter({ hasText: kind });
  }

  /** Retry / Edit the draft / Roll back after a failed submit. */
  async afterFailure(action: 'Retry' | 'Edit the draft' | 'Roll back'): Promise<this> {
    await this.page.getByRole('button', { name: action, exact: true }).click();
    return this;
  }

  /**
   * Asserts the field labelled `label` shows `text` as one of its messages: it is described by it, and (for an
   * error) marked invalid.
   */
  async expectFieldError(label: string | RegExp, text: string | RegExp, severity: 'error' | 'warning' = 'error'): Promise<void> {
    const field = this.page.getByLabel(label, { exact: typeof label === 'string' }).first();
    await expect(field).toHaveAccessibleDescription(typeof text === 'string' ? new RegExp(escapeRegExp(text)) : text);
    if (severity === 'error') await expect(field).toHaveAttribute('aria-invalid', 'true');
  }

  /** Asserts the field shows no message at all. */
  async expectNoFieldError(label: string | RegExp): Promise<void> {
    const field = this.page.getByLabel(label, { exact: typeof label === 'string' }).first();
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  }

  /** Clicks the error summary's link for `text`; the field it names gets focus. */
  async jumpToError(text: string | RegExp): Promise<void> {
    await this.errorSummary.getByRole('link', { name: text }).click();
  }

  /** Saves a full-page screenshot of the current step as `<name>.png` in the test's output folder and attaches it. */
  async screenshotStep(testInfo: TestInfo, name: string): Promise<void> {
    const path = testInfo.outputPath(`${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }

  /** Leaves the focused field with Tab, as a user would (messages show on change, not on this blur). */
  private async blur(): Promise<void> {
    await this.page.keyboard.press('Tab');
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
