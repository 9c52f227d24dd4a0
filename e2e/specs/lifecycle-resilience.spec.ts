/**
 * Issue 11 (day two) when the host dies mid-apply: an edit and a delete whose request is held at the sandbox
 * (latency fault) while the host is killed with SIGKILL, then started again on the same data folder. The journaled
 * apply resumes and reconciles: the edit is committed once, the delete sends no DELETE twice to a resource that
 * still existed (a DELETE answered 404 counts as done), and the draft ends Submitted.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, type AppHost } from '../fixtures/app';
import { region, requestsTo, syncNow } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';
import { WizardPage } from '../pages/wizard-page';

type Sandbox = Parameters<typeof region>[0];

/** Opens a listener's detail view from the Listeners page (a real click on its name). */
async function openDetail(app: Page, name: string): Promise<AppShell> {
  const shell = new AppShell(app);
  const listeners = await shell.openListeners();
  await listeners.search(name);
  await shell.main.getByRole('link', { name, exact: true }).click();
  await expect(shell.main.getByRole('heading', { level: 1, name: new RegExp(`^Listener ${name}`) })).toBeVisible();
  return shell;
}

function listenerNamed(sandbox: Sandbox, name: string) {
  const hit = [...region(sandbox).listeners.values()].filter((l) => l.name === name);
  expect(hit).toHaveLength(1);
  return hit[0]!;
}

/** The Drafts page row of the one draft whose row mentions `text`, after a restart of the host. */
async function draftRowAfterRestart(app: Page, url: string, text: string): Promise<Locator> {
  await app.goto(url);
  await new AppShell(app).openDrafts();
  const rows = app.getByRole('main').getByRole('row').filter({ hasText: text });
  await expect(rows).toHaveCount(1);
  return rows;
}

/** After a restart of the host: the app switched to 简体中文, and the draft whose Drafts row mentions `text` opened. */
async function openDraftInChineseAfterRestart(app: Page, url: string, text: string): Promise<void> {
  const restarted = new AppShell(app);
  await restarted.open(url);
  await restarted.setLanguage('简体中文');
  await app.evaluate(() => (location.hash = '#/drafts'));
  await app.getByRole('main').getByRole('row').filter({ hasText: text }).getByRole('link').first().click();
}

/**
 * Edits the idle timeout of listener `name` through its detail view up to Confirm (live-checked), then submits with
 * its PUT held `holdMs` at the sandbox, and kills the host while the PUT is in flight. Returns the listener as it was.
 */
async function submitHeldEditThenKill(app: Page, host: AppHost, sandbox: Sandbox, name: string, idleTimeout: number, holdMs: number) {
  await syncNow(app);
  const before = listenerNamed(sandbox, name);
  expect(before.keepalive_timeout).not.toBe(idleTimeout);
  const shell = await openDetail(app, name);
  await shell.main.getByRole('button', { name: 'Edit listener' }).click();
  const wizard = new WizardPage(app);
  await wizard.expectStep('listener');
  await wizard.fillListener({ idleTimeout });
  await wizard.next();
  await wizard.next();
  await wizard.expectStep('confirm');
  await expect(wizard.preflight).toContainText('Checked against the live state');

  const putPath = `/listeners/${before.id}`;
  sandbox.faults.add({ method: 'PUT', path: new RegExp(`${putPath}$`), times: 1, fault: { kind: 'latency', ms: holdMs } });
  await app.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect.poll(() => requestsTo(sandbox, 'PUT', putPath).filter((r) => r.fault === 'latency').length, { intervals: [50] }).toBe(1);
  await host.kill();
  return { before, putPath };
}

/**
 * Deletes listener `name` through its detail view's Delete listener dialog (its group too when `withGroup`), with the
 * listener's DELETE held `holdMs` at the sandbox, and kills the host while that DELETE is in flight. Returns the
 * listener as it was and the DELETE's path.
 */
async function submitHeldDeleteThenKill(app: Page, host: AppHost, sandbox: Sandbox, name: string, holdMs: number, withGroup: boolean) {
  await syncNow(app);
  // As it was before the delete (the sandbox's own record changes: the unbind step clears its default pool).
  const listener = { ...listenerNamed(sandbox, name) };
  const shell = await openDetail(app, name);
  await shell.main.getByRole('button', { name: 'Delete listener' }).click();
  const dialog = app.getByRole('dialog', { name: `Delete listener ${name}` });
  if (withGroup) await dialog.getByRole('checkbox', { name: /Also delete the backend server group/ }).check();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  const listenerPath = `/listeners/${listener.id}`;
  sandbox.faults.add({ method: 'DELETE', path: new RegExp(`${listenerPath}$`), times: 1, fault: { kind: 'latency', ms: holdMs } });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect.poll(() => requestsTo(sandbox, 'DELETE', listenerPath).filter((r) => r.fault === 'latency').length, { intervals: [50] }).toBe(1);
  await host.kill();
  return { listener, listenerPath };
}

test.describe('listener lifecycle: host killed mid-apply', () => {
  test('edit idle timeout: the PUT commits after kill -9, the restarted host reconciles, one PUT, draft Submitted', async ({ app, host, sandbox }) => {
    // The PUT is at the sandbox, held 1.5 s: kill -9 the host while it is in flight.
    const { before, putPath } = await submitHeldEditThenKill(app, host, sandbox, 'mysql', 120, 1500);
    expect(listenerNamed(sandbox, 'mysql').keepalive_timeout).toBe(before.keepalive_timeout);
    // The sandbox still commits the held PUT with its client gone.
    await expect.poll(() => listenerNamed(sandbox, 'mysql').keepalive_timeout, { timeout: 10_000 }).toBe(120);

    await host.start();
    const row = await draftRowAfterRestart(app, host.url, 'Edit mysql');
    await expect(row).toContainText('Submitted', { timeout: 30_000 });

    const after = listenerNamed(sandbox, 'mysql');
    expect(after.keepalive_timeout).toBe(120);
    expect(after.id).toBe(before.id);
    // Exactly one PUT to that listener: the held one, committed; the resume read the listener back and sent none.
    expect(requestsTo(sandbox, 'PUT', putPath)).toHaveLength(1);
  });

  test('edit: the restarted host waits for the held PUT\'s deadline with a countdown in the UI\'s language, then finds it applied', async ({ app, host, sandbox }) => {
    // Held 6.5 s: after the restart the PUT is not applied yet, and it commits before its deadline (7 s after it was
    // sent), so the resumed apply may neither send again nor give up: it waits, and the step counts down.
    const { putPath } = await submitHeldEditThenKill(app, host, sandbox, 'mysql', 150, 6500);
    await host.start();

    await openDraftInChineseAfterRestart(app, host.url, 'mysql');
    const waiting = app.locator('ol.progress li.waiting');
    await expect(waiting).toContainText(/正在等待之前的请求结束后再核对 — 还剩 \d+ 秒/, { timeout: 10_000 });
    await expect(waiting).not.toContainText('Waiting');
    await expect(app.locator('ol.progress li.waiting')).toHaveCount(0, { timeout: 15_000 });
    await expect.poll(() => listenerNamed(sandbox, 'mysql').keepalive_timeout, { timeout: 15_000 }).toBe(150);
    // The held PUT was the only one: the wait read the listener back and found it applied.
    await expect(app.locator('ol.progress li.done')).toHaveCount(1, { timeout: 15_000 });
    expect(requestsTo(sandbox, 'PUT', putPath)).toHaveLength(1);
  });

  test('delete: the restarted host waits for the held DELETE\'s deadline, and the delete draft\'s view counts down in the UI\'s language', async ({ app, host, sandbox }) => {
    // Held 6.5 s: after the restart the DELETE has not committed yet, and it does before its deadline.
    const { listener, listenerPath } = await submitHeldDeleteThenKill(app, host, sandbox, 'edge-tcp-443', 6500, false);
    await host.start();

    await openDraftInChineseAfterRestart(app, host.url, 'edge-tcp-443');
    const view = app.getByTestId('delete-draft');
    await expect(view).toContainText(/还剩 \d+ 秒/, { timeout: 10_000 });
    await expect(view).not.toContainText('Waiting');
    // Review and delete waits for the running apply.
    await expect(view.getByRole('button', { name: '检查并删除' })).toBeDisabled();
    await expect.poll(() => region(sandbox).listeners.has(listener.id), { timeout: 15_000 }).toBe(false);
    await expect(view).not.toContainText(/还剩 \d+ 秒/, { timeout: 15_000 });
    // One DELETE to the listener: the held one; the wait read it back and found it gone.
    expect(requestsTo(sandbox, 'DELETE', listenerPath).filter((r) => r.status !== 404)).toHaveLength(1);
  });

  test('delete with its group: kill -9 while the listener DELETE is held, restart: both gone, no DELETE sent twice to an existing resource, draft Submitted', async ({ app, host, sandbox }) => {
    const { listener } = await submitHeldDeleteThenKill(app, host, sandbox, 'edge-tcp-443', 1500, true);
    const poolId = listener.default_pool_id!;
    expect(poolId).toBeTruthy();
    // The held DELETE commits with its client gone; the group is still there (its steps come after).
    await expect.poll(() => region(sandbox).listeners.has(listener.id), { timeout: 10_000 }).toBe(false);
    expect(region(sandbox).pools.has(poolId)).toBe(true);

    await host.start();
    const row = await draftRowAfterRestart(app, host.url, 'edge-tcp-443');
    await expect(row).toContainText('Submitted', { timeout: 30_000 });

    expect(region(sandbox).listeners.has(listener.id)).toBe(false);
    expect(region(sandbox).pools.has(poolId)).toBe(false);
    // Per resource: at most one DELETE answered other than 404 (a 404 means it was already gone: counts as done).
    const deletes = sandbox.requests().filter((r) => r.method === 'DELETE');
    const byPath = new Map<string, number[]>();
    for (const r of deletes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.status]);
    expect(byPath.size).toBeGreaterThanOrEqual(2);
    for (const [path, statuses] of byPath) {
      const toExisting = statuses.filter((s) => s !== 404);
      expect(toExisting.length, `${path}: ${statuses.join(', ')}`).toBe(1);
    }
  });
});
