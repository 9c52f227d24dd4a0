/**
 * Issue 4: the language picker switches the whole UI to 简体中文 (navigation, headings, buttons, `<html lang>`), the
 * choice survives a reload, and switching back restores English. The wizard's API requests are titled in the UI's
 * language, while the requests themselves stay as sent.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures/app';
import { region, startWizard } from '../fixtures/wizard';
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

  test('the Confirm step titles each API request in 简体中文; the requests are the same', async ({ app }) => {
    const wizard = await startWizard(app, 'tcp-gateway');
    await wizard.fillListener({ ranges: [{ start: 40000, end: 40010 }], name: 'e2e-zh' });
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.createNewGroup({ name: 'e2e-zh-pool' });
    await wizard.addKnownServer('web-01 (192.168.1.11)');
    await wizard.fillHealthCheck({ port: 40000 });
    await wizard.next();
    await wizard.expectStep('confirm');
    const titles = (name: string) => app.getByRole('region', { name }).locator('ol > li > p.title');
    await expect(titles('API requests that will be sent')).toHaveText([
      'Create backend server group "e2e-zh-pool" (TCP, ROUND_ROBIN, all-port forwarding)',
      'Add 1 backend server',
      'Create TCP health check',
      'Create TCP listener on ports 40000–40010',
    ]);
    const lines = (await wizard.plannedRequests()).map((r) => r.line);

    await new AppShell(app).setLanguage('简体中文');
    await expect(titles('将发送的 API 请求')).toHaveText([
      '创建后端服务器组“e2e-zh-pool”（TCP，ROUND_ROBIN，全端口转发）',
      '添加 1 台后端服务器',
      '创建 TCP 健康检查',
      '在端口段 40000–40010 上创建 TCP 监听器',
    ]);
    const region = app.getByRole('region', { name: '将发送的 API 请求' });
    await expect(region.getByText(/^(GET|POST|PUT|DELETE) \//)).toHaveText(lines);
  });

  test('a refused sync: main\'s message and what to do in 简体中文, the cloud\'s own words as it sent them', async ({ app, host, sandbox }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.setLanguage('简体中文');
    sandbox.faults.add({ method: 'GET', path: /\/loadbalancers$/, times: 10, fault: { kind: 'status', status: 403, errorCode: 'ELB.1101', errorMsg: 'refused by the e2e test' } });
    await app.getByRole('banner').getByRole('button', { name: '同步', exact: true }).click();
    const alert = app.getByRole('alert').filter({ hasText: 'ELB.1101' });
    await expect(alert).toContainText('此 IAM 用户无权执行该操作：请检查其 ELB 权限和项目。');
    await expect(alert).toContainText('refused by the e2e test');
    await expect(alert).not.toContainText('The IAM user is not allowed');
  });

  test('Test connection says what it found in 简体中文, and a failure\'s cause and what to do too', async ({ app, host, sandbox }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.setLanguage('简体中文');
    await shell.navAnyLanguage.getByRole('link', { name: '账号' }).click();
    const test = app.getByRole('button', { name: '测试 Local sandbox 的连接', exact: true });
    await test.click();
    const count = region(sandbox).loadbalancers.size;
    await expect(app.getByRole('main')).toContainText(`已连接到 sandbox-1：可见 ${count} 个负载均衡器。`);

    sandbox.faults.add({ method: 'GET', path: /\/loadbalancers$/, times: 10, fault: { kind: 'status', status: 403, errorCode: 'ELB.1101', errorMsg: 'refused by the e2e test' } });
    await test.click();
    await expect(app.getByRole('main')).toContainText('此 IAM 用户无权执行该操作：请检查其 ELB 权限和项目。');
    await expect(app.getByRole('main')).toContainText('refused by the e2e test');
    await expect(app.getByRole('main')).not.toContainText('The IAM user is not allowed');
  });

  test('a data file that cannot be used: the recovery banner says main\'s sentences in 简体中文, the JSON parser\'s own words as they came', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync(); // the data file exists, and a backup of it is written at the next open
    await host.stop();
    await host.start();
    await host.stop();
    writeFileSync(path.join(host.dataDir, 'elb-desk.json'), '{"schemaVersion": 2, "accounts": "not a list"');
    // A new host (a new port: the language is chosen again on this origin).
    await shell.open(await host.start());
    await shell.setLanguage('简体中文');
    const banner = app.locator('section[aria-labelledby="store-recovery-title"]');
    await expect(banner.getByRole('heading', { name: '无法读取您的数据文件' })).toBeVisible();
    const message = banner.locator('p').first();
    await expect(message).toContainText('数据文件 elb-desk.json 无法使用：');
    await expect(message).toContainText('它未被更改，其字节的副本保存为 quarantine/elb-desk.');
    await expect(message).toContainText('。请恢复一个备份（elb-desk.');
    await expect(message).not.toContainText('could not be used');
    await expect(message).not.toContainText('Restore a backup');
    // Why, in Chinese, quoting the JSON parser as it came.
    await expect(message).toContainText(/无法使用：它不是有效的 JSON，可能被截断（.*JSON.*）。/);
    await expect(message).not.toContainText('it is not valid JSON');
  });
});
