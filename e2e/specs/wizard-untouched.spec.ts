/**
 * Issue 10 §5: drafts that nobody touched do not pile up, and the default title follows the content. "Add TCP
 * listener" then leaving the wizard without an edit (back button, nav link, a reload then leaving, the Drafts page's
 * "New draft" with no title) leaves no draft; one edit keeps exactly one, titled from its content until renamed.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { syncNow } from '../fixtures/wizard';
import type { AppShell } from '../pages/app-shell';
import type { WizardPage } from '../pages/wizard-page';

const LB = 'tcp-gateway';

/** The draft ID in the wizard's URL. */
function draftIdOf(page: Page): string {
  const m = /#\/drafts\/([^/?]+)$/.exec(page.url());
  if (!m?.[1]) throw new Error(`not on a wizard URL: ${page.url()}`);
  return decodeURIComponent(m[1]);
}

/** Whether main still has a draft with this ID (an untouched draft is unlisted, so the list cannot tell). */
async function draftExists(page: Page, id: string): Promise<boolean> {
  return page.evaluate(async (id) => {
    const token = sessionStorage.getItem('elb-desk-token') ?? new URL(location.href).searchParams.get('token') ?? '';
    const r = await fetch('./ipc/drafts:get', { method: 'POST', headers: { 'content-type': 'application/json', 'x-elb-desk-token': token }, body: JSON.stringify({ id }) });
    return ((await r.json()) as { ok: boolean }).ok;
  }, id);
}

async function addListener(shell: AppShell): Promise<{ wizard: WizardPage; id: string }> {
  const lbs = await shell.openLoadBalancers();
  const wizard = await lbs.addTcpListener(LB);
  await wizard.expectStep('listener');
  return { wizard, id: draftIdOf(wizard.page) };
}

test('a wizard left without an edit leaves no draft; one edit keeps one, titled from its content until renamed', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const shell = await syncNow(app);

  // Back button, no edit.
  let { wizard, id } = await addListener(shell);
  await expect(wizard.title).toContainText(`TCP · ${LB}`);
  await wizard.backToDrafts();
  let drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([]);
  await expect.poll(() => draftExists(app, id)).toBe(false);

  // Nav link, no edit (focus moved through a field and out again: still no edit).
  ({ wizard, id } = await addListener(shell));
  await app.getByLabel('Listening Port', { exact: true }).click();
  await app.getByLabel('Name (Optional)', { exact: true }).click();
  await shell.openListeners();
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([]);
  await expect.poll(() => draftExists(app, id)).toBe(false);

  // A reload reopens the same draft (not lost, not listed); leaving it then removes it.
  ({ wizard, id } = await addListener(shell));
  await app.reload();
  await wizard.expectStep('listener');
  expect(draftIdOf(app)).toBe(id);
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([]);
  await expect.poll(() => draftExists(app, id)).toBe(false);

  // "New draft" on the Drafts page with no title typed: the same.
  wizard = await drafts.newDraft({ loadBalancer: LB });
  await wizard.expectStep('listener');
  id = draftIdOf(app);
  await wizard.backToDrafts();
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([]);
  await expect.poll(() => draftExists(app, id)).toBe(false);

  // One edit: exactly one draft, its title generated from the content and following it.
  ({ wizard, id } = await addListener(shell));
  await wizard.fillListener({ port: 4711 });
  await expect(wizard.title).toContainText(`TCP 4711 · ${LB}`);
  await wizard.fillListener({ name: 'orders' });
  await expect(wizard.title).toContainText(`TCP 4711 · orders · ${LB}`);
  await app.screenshot({ path: testInfo.outputPath('untouched-title.png') });
  await shell.openListeners();
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([`TCP 4711 · orders · ${LB}`]);

  // Port ranges follow too.
  wizard = await drafts.open(`TCP 4711 · orders · ${LB}`);
  await wizard.expectStep('listener');
  await wizard.fillListener({ ranges: [{ start: 10000, end: 10100 }] });
  await expect(wizard.title).toContainText(`TCP 10000–10100 · orders · ${LB}`);
  await wizard.saveDraft();
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual([`TCP 10000–10100 · orders · ${LB}`]);

  // Renamed: the user's title is kept through later edits.
  await drafts.rename(`TCP 10000–10100 · orders · ${LB}`, 'orders backend');
  wizard = await drafts.open('orders backend');
  await wizard.expectStep('listener');
  await wizard.fillListener({ name: 'orders-v2' });
  await wizard.saveDraft();
  await expect(wizard.title).toContainText('orders backend');
  drafts = await shell.openDrafts();
  expect(await drafts.titles()).toEqual(['orders backend']);
  expect(await draftExists(app, id)).toBe(true);
});
