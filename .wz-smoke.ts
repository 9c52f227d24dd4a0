// Scratch smoke run (deleted after use): drives the wizard in Chromium through the page object.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { WizardPage } from './e2e/pages/wizard-page';

const url = /open (http:\/\/\S+)/.exec(readFileSync('/tmp/wz-host.log', 'utf8'))![1]!;
const draftId = process.argv[2]!;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
const base = url.replace('/?', `/?`);
await page.goto(base);
await page.waitForTimeout(800);
await page.evaluate((id) => { location.hash = `#/drafts/${id}`; }, draftId);
const w = new WizardPage(page);
const step = async (label: string, fn: () => Promise<unknown>) => {
  try { await fn(); console.log('ok  ', label); } catch (e) { console.log('FAIL', label, (e as Error).message.split('\n').slice(0, 6).join(' | ')); await page.screenshot({ path: `/tmp/wz-e2e/fail-${label.replace(/\W+/g, '_')}.png`, fullPage: true }); }
};
await step('loads step 1', () => w.expectStep('listener'));
await page.screenshot({ path: '/tmp/wz-e2e/step1-initial.png', fullPage: true });
await step('blocked next shows summary', async () => {
  await w.next();
  await w.errorSummary.waitFor({ timeout: 5000 });
  console.log('   focused:', await page.evaluate(() => document.activeElement?.id));
  console.log('   summary:', (await w.errorSummary.innerText()).replace(/\n/g, ' / '));
});
await page.screenshot({ path: '/tmp/wz-e2e/step1-blocked.png', fullPage: true });
await step('choose LB', () => w.chooseLoadBalancer('tcp-gateway'));
await step('port clash', async () => {
  await w.fillListener({ port: 3306 });
  await w.expectFieldError('Listening Port', /already used/);
});
await page.screenshot({ path: '/tmp/wz-e2e/step1-clash.png', fullPage: true });
await step('use free port', async () => { await w.useFreePort(3307); console.log('   port now', await page.getByLabel('Listening Port', { exact: true }).inputValue()); });
await step('fill more', () => w.fillListener({ name: 'tcp-3307', accessControl: { mode: 'Whitelist', group: 'office-nets' }, idleTimeout: 9, tags: [{ key: 'env', value: 'prod' }, { key: 'env', value: 'x' }], description: 'hello', maxNewConnections: 5000 }));
await step('idle timeout error', () => w.expectFieldError('Idle Timeout (s)', /10/));
await step('dup tag error', () => w.expectFieldError('Tag key 2', /unique|already/i));
await page.screenshot({ path: '/tmp/wz-e2e/step1-more.png', fullPage: true });
await step('fix & next', async () => { await w.fillListener({ idleTimeout: 300, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'db' }] }); await w.next(); await w.expectStep('routing'); });
await step('focus on h2', async () => console.log('   focused:', await page.evaluate(() => document.activeElement?.tagName + '#' + document.activeElement?.id)));
await step('new group', () => w.createNewGroup({ name: 'pool-3307', algorithm: 'Weighted least connections', stickySession: true, stickinessMinutes: 20 }));
await step('add servers', async () => { await w.addServer({ address: '192.168.0.101', port: 3307, weight: 0 }); await w.addServer({ address: '192.168.0.101', port: 3307, weight: 0 }); });
await step('dup flagged', () => w.expectFieldError('Backend Server IP Address, row 2', /already|once/));
await step('bulk weight', async () => { await w.setWeightForAll(5); await w.removeServer(2); });
await step('known server', async () => { const opts = await page.getByLabel('Server seen in the cached data').locator('option').allInnerTexts(); console.log('   known:', opts.slice(0, 4).join(' | ')); await page.getByLabel('Server seen in the cached data').selectOption({ index: 1 }); await page.getByRole('button', { name: 'Add this server' }).click(); });
await step('health check', async () => { await w.fillHealthCheck({ protocol: 'HTTP', interval: 5, timeout: 5, path: 'nope' }); await w.expectFieldError('Timeout (s)', /shorter|below/); await w.expectFieldError('Path', /start/); console.log('   timing:', await w.healthCheckTiming.innerText()); });
await page.screenshot({ path: '/tmp/wz-e2e/step2.png', fullPage: true });
await step('fix hc & next', async () => { await w.fillHealthCheck({ protocol: 'TCP', timeout: 3 }); await w.next(); await w.expectStep('confirm'); });
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/wz-e2e/step3.png', fullPage: true });
await step('plan', async () => { const reqs = await w.plannedRequests(); console.log('   plan:', reqs.map((r) => r.line).join(' ; ')); });
await step('save status', async () => console.log('   status:', await w.saveStatus.innerText()));
await step('submit', async () => { const r = await w.submit(); console.log('   result:', r); });
await page.screenshot({ path: '/tmp/wz-e2e/step3-submitted.png', fullPage: true });
console.log(errors.join('\n'));
await browser.close();
