/**
 * Issue 4: the language picker switches the whole UI to 简体中文 (navigation, headings, buttons, `<html lang>`), the
 * choice survives a reload, and switching back restores English.
 */
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';

const EN_NAV = ['Load balancers', 'Listeners', 'Backend server groups', 'IP address groups', 'IP group workbench', 'Drafts', 'History', 'Accounts'];
const ZH_NAV = ['负载均衡器', '监听器', '后端服务器组', 'IP地址组', '地址组工作台', '草稿', '历史', '账号'];

test.describe('language', () => {
  test('简体中文 changes the UI text and <html lang>, survives a reload, and English comes back', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    const html = app.locator('html');
    await expect(html).toHaveAttribute('lang', 'en');
    expect(await shell.navLabels()).toEqual(EN_NAV);

    await shell.setLanguage('简体中文');
    await expect(html).toHaveAttribute('lang', 'zh-CN');
    await expect(app.getByRole('navigation', { name: '主导航' })).toBeVisible();
    expect(await shell.navLabels()).toEqual(ZH_NAV);
    await expect(shell.languageSelect).toHaveAccessibleName('语言');
    await expect(app.getByRole('banner').getByRole('button', { name: '同步', exact: true })).toBeVisible();
    await expect(shell.main.getByRole('heading', { level: 1 })).toHaveText('负载均衡器');
    // No English navigation label is left behind.
    for (const label of EN_NAV) await expect(shell.navAnyLanguage.getByRole('link', { name: label, exact: true })).toHaveCount(0);

    // A page reached after the switch is in Chinese too.
    await shell.navAnyLanguage.getByRole('link', { name: '账号' }).click();
    await expect(shell.main.getByRole('heading', { level: 1 })).toHaveText('账号');
    await expect(shell.main.getByRole('button', { name: '添加账号' }).first()).toBeVisible();

    // The choice survives a reload.
    await app.reload();
    await expect(html).toHaveAttribute('lang', 'zh-CN');
    expect(await shell.navLabels()).toEqual(ZH_NAV);
    await expect(shell.languageSelect).toHaveValue('zh-CN');

    // Back to English.
    await shell.setLanguage('English');
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(shell.nav).toBeVisible();
    expect(await shell.navLabels()).toEqual(EN_NAV);
    await expect(shell.main.getByRole('heading', { level: 1 })).toHaveText('Accounts');
    await app.reload();
    await expect(html).toHaveAttribute('lang', 'en');
    expect(await shell.navLabels()).toEqual(EN_NAV);
  });
});
