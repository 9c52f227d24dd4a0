// Scratch (deleted after use): resume at the saved step, roll back, language switch, a11y scan.
import { chromium } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { WizardPage } from './e2e/pages/wizard-page';

const url = /open (http:\/\/\S+)/.exec(readFileSync('/tmp/wz-host.log', 'utf8'))![1]!;
const draftId = process.argv[2]!;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('pageerror: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') console.log(`console.${m.type()}: ${m.text()} ${m.location().url}`); });
await page.goto(url);
await page.waitForTimeout(500);
await page.evaluate((id) => { location.hash = `#/drafts/${id}`; }, draftId);
const w = new WizardPage(page);
await w.expectStep('confirm');
console.log('resumed at confirm; status:', await w.saveStatus.innerText());
console.log('progress rows:', (await page.getByRole('region', { name: 'Progress' }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | '));
const axe = await new AxeBuilder({ page }).analyze();
console.log('axe violations (confirm):', axe.violations.map((v) => `${v.id}(${v.nodes.length}): ${v.nodes[0]?.target}`).join('\n  '));

await page.waitForTimeout(2500);
console.log('after rollback:', (await page.getByRole('region', { name: 'Progress' }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | '));
await page.screenshot({ path: '/tmp/wz-e2e/rollback.png', fullPage: true });
await page.getByRole('button', { name: /^Edit — Listener/ }).click();
await w.expectStep('listener');
const axe1 = await new AxeBuilder({ page }).analyze();
console.log('axe violations (listener):', axe1.violations.map((v) => `${v.id}(${v.nodes.length}): ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary?.split('\n')[1] ?? ''}`).join('\n  '));
await w.next();
await w.expectStep('routing');
const axe2 = await new AxeBuilder({ page }).analyze();
console.log('axe violations (routing):', axe2.violations.map((v) => `${v.id}(${v.nodes.length}): ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary?.split('\n')[1] ?? ''}`).join('\n  '));
await page.locator('#header-language').selectOption('zh-CN');
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/wz-e2e/routing-zh.png', fullPage: false });
await page.locator('#header-language').selectOption('en');
await browser.close();
