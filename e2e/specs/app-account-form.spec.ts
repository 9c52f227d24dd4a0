/**
 * The account form's text fields (TextField: one input or one textarea sharing the same attributes): an invalid
 * field says so (aria-invalid) and is described by its hint and its error; a valid one is described by its hint only.
 */
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';

test('account form: input and textarea fields carry the same error wiring', async ({ app, host }) => {
  const shell = new AppShell(app);
  await shell.open(host.url);
  const accounts = await shell.openAccounts();
  await app.getByRole('main').getByRole('button', { name: 'Add account' }).first().click();
  const form = accounts.form;
  const caCert = form.getByRole('textbox', { name: /^CA certificate \(PEM\)/ });
  const proxy = form.getByRole('textbox', { name: /^Proxy URL/ });
  const name = form.getByRole('textbox', { name: 'Display name' });
  await caCert.fill('not a certificate');
  await accounts.save();
  await expect(accounts.errorSummary).toBeVisible();

  // An input (Display name, left empty) and the textarea (CA certificate, not PEM): invalid, error in the description.
  await accounts.expectFieldError('Display name', /Display name is required\./);
  await expect(caCert).toHaveAttribute('aria-invalid', 'true');
  await expect(caCert).toHaveAccessibleDescription(/^An extra trusted CA for a TLS-inspecting proxy or a private endpoint\. This is not a PEM certificate/);
  expect(await caCert.evaluate((el) => [el.tagName, el.getAttribute('rows'), el.getAttribute('spellcheck')])).toEqual(['TEXTAREA', '5', 'false']);
  expect(await name.evaluate((el) => [el.tagName, el.getAttribute('type'), el.getAttribute('spellcheck')])).toEqual(['INPUT', 'text', 'false']);

  // A valid field: not marked invalid, described by its hint only.
  await expect(proxy).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(proxy).toHaveAttribute('type', 'url');
  await expect(proxy).toHaveAccessibleDescription(/^Leave empty to use HTTPS_PROXY \/ NO_PROXY from the environment\./);

  // Fixing the textarea clears its error: the description is the hint again.
  await caCert.fill('');
  await accounts.save();
  await expect(caCert).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(caCert).toHaveAccessibleDescription('An extra trusted CA for a TLS-inspecting proxy or a private endpoint.');
});
