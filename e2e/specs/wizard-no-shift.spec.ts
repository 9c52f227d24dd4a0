/**
 * Issue 10 §4: the wizard never moves a control under the pointer. Right after each toggle or edit, a real mouse
 * press on the next control must land: nothing on the step may move between mousedown (focus leaves the edited
 * control) and mouseup, and the pressed control must take the click. Messages appear on change, not on blur.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { startWizard } from '../fixtures/wizard';

/** Where every control of the step (fields, radios, checkboxes, buttons) is, in document order. */
async function controlBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('form.step :is(input, select, textarea, button, summary)'))
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const name = el.id || el.getAttribute('name') || el.textContent?.trim() || el.tagName;
        return `${name}@${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)}x${Math.round(r.height)}`;
      }),
  );
}

/**
 * Presses the mouse on `target` as a user does (move, down, up — real input events, not `check()`), and checks that
 * no control of the step moved between the moment before the press and the moment focus left the previous control
 * (after mousedown, before mouseup).
 */
async function pressNext(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const before = await controlBoxes(page);
  const box = await target.boundingBox();
  if (!box) throw new Error('the control to press is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const pressed = await controlBoxes(page);
  await page.mouse.up();
  expect(pressed, 'no control moved when focus left the edited one').toEqual(before);
}

test('a click right after each toggle or edit lands on the next control, and nothing moves on blur', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const wizard = await startWizard(app, 'tcp-gateway');
  const step = app.locator('form.step');

  // ProxyProtocol → Whitelist (the reported case): the warning is in force on the tick, the Whitelist click takes.
  // The seed's WARNING beside the box is that warning: it is marked in force, not said a second time under the box.
  const ppWarning = step.locator('#wz-pp-warning');
  await expect(ppWarning).not.toHaveAttribute('data-active');
  await app.getByRole('checkbox', { name: 'ProxyProtocol' }).click();
  await expect(ppWarning).toHaveAttribute('data-active', 'true');
  await expect(step.getByText('ensure the backend servers support ProxyProtocol')).toHaveCount(1);
  await expect(app.getByRole('checkbox', { name: 'ProxyProtocol' })).toHaveAccessibleDescription(/Ensure the backend servers support ProxyProtocol/);
  const whitelist = app.getByRole('radio', { name: 'Whitelist', exact: true });
  await pressNext(app, whitelist);
  await expect(whitelist).toBeChecked();

  // IPv4/IPv6 Translation → Transfer Client IP Address (ticked by default: the pair is an error, shown on the tick).
  await app.getByRole('checkbox', { name: 'IPv4/IPv6 Translation' }).click();
  await expect(step.locator('#wf-listener-nat64-msg')).toContainText('cannot both be enabled');
  await expect(step.locator('#wz-nat64-warning')).toHaveAttribute('data-active', 'true');
  await expect(step.locator('#wf-listener-nat64-msg')).not.toContainText('persistent connections');
  const tcip = app.getByRole('checkbox', { name: 'Transfer Client IP Address' });
  await expect(tcip).toBeChecked();
  await pressNext(app, tcip);
  await expect(tcip).not.toBeChecked();

  // A port typed out of range → the Name field.
  await app.getByLabel('Listening Port', { exact: true }).click();
  await app.keyboard.type('70000');
  await expect(step.locator('#wf-listener-port-msg')).toContainText('from 1 to 65535');
  const name = app.getByLabel('Name (Optional)', { exact: true });
  await pressNext(app, name);
  await expect(name).toBeFocused();

  // Focus in Name, nothing typed → IPv4/IPv6 Translation (no "Name is empty" may appear on blur).
  const nat64 = app.getByRole('checkbox', { name: 'IPv4/IPv6 Translation' });
  await pressNext(app, nat64);
  await expect(nat64).not.toBeChecked();

  // Port ranges: an end before its start → the next row's "Add range" button.
  await app.getByRole('radio', { name: 'Port ranges' }).click();
  await app.getByLabel('Start port (Range 1)').click();
  await app.keyboard.type('30010');
  const end = app.getByLabel('End port (Range 1)');
  await pressNext(app, end);
  await expect(end).toBeFocused();
  await app.keyboard.type('30000');
  await expect(step.getByText('ends (30000) before it starts (30010)').first()).toBeVisible();
  const addRange = app.getByRole('button', { name: 'Add range' });
  await pressNext(app, addRange);
  await expect(app.getByLabel('Start port (Range 2)')).toBeFocused();
  await app.getByRole('button', { name: 'Remove range 2', exact: true }).click();

  // More (Optional): an idle timeout too small → "Limit request" of the new-connection limit.
  await app.getByText('More (Optional)', { exact: true }).click();
  const idle = app.getByLabel('Idle Timeout (s)');
  await idle.click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.type('5');
  const limit = app.getByRole('group', { name: 'Maximum New Connections per AZ' }).getByRole('radio', { name: 'Limit request' });
  await pressNext(app, limit);
  await expect(limit).toBeChecked();
  await app.screenshot({ path: testInfo.outputPath('no-shift-step-1.png'), fullPage: true });

  // Fix step 1 and go on.
  await wizard.fillListener({ port: 4711, accessControl: { mode: 'All IP addresses' }, idleTimeout: 300, maxNewConnections: 'unlimited', proxyProtocol: false });
  await wizard.next();
  await wizard.expectStep('routing');

  // Step 2: a group name, a server address and a health-check interval, each followed by a click on the next control.
  await app.getByRole('radio', { name: 'Create new' }).click();
  await app.getByLabel('Backend Server Group Name').click();
  await app.keyboard.type('x'.repeat(256));
  await expect(step.locator('#wf-routing-newPool-name-msg')).toContainText('at most 255 characters (now 256)');
  const sticky = app.getByRole('checkbox', { name: 'Sticky Session' });
  await pressNext(app, sticky);
  await expect(sticky).toBeChecked();

  await app.getByRole('button', { name: 'Add server', exact: true }).click();
  await app.getByLabel('Backend Server IP Address, row 1', { exact: true }).click();
  await app.keyboard.type('999.1.1.1');
  await expect(step.locator('#wf-routing-members-0-address-msg')).toContainText('is not a valid IPv4 or IPv6 address');
  const memberPort = app.getByLabel('Backend Port, row 1', { exact: true });
  await pressNext(app, memberPort);
  await expect(memberPort).toBeFocused();

  const health = app.getByRole('group', { name: 'Health Check' });
  const interval = health.getByLabel('Interval (s)');
  await interval.click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.type('0');
  const timeout = health.getByLabel('Timeout (s)');
  await pressNext(app, timeout);
  await expect(timeout).toBeFocused();
  await app.screenshot({ path: testInfo.outputPath('no-shift-step-2.png'), fullPage: true });
});
