/**
 * Issue 10 §7, the start as a person meets it in browser mode: the printed URL's page shows the cached listing the
 * host rendered (the app's own components, for this window, language, theme and account) before the app's code has
 * run, and the app then takes those rows over where they are — no row moves — and answers the next click at once.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';
import { ListenersPage } from '../pages/listeners-page';
import { START_MARKS } from '../../renderer/src/lib/start-marks';

interface RowBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Each rendered listener row's text and place. */
async function rowBoxes(page: Page): Promise<RowBox[]> {
  const listeners = new ListenersPage(page);
  const out: RowBox[] = [];
  for (const row of await listeners.renderedRows.all()) {
    const box = (await row.boundingBox())!;
    out.push({ text: (await row.innerText()).replace(/\s+/g, ' ').trim(), x: box.x, y: box.y, width: box.width, height: box.height });
  }
  return out;
}

/** Opens the printed URL on `hash` with none of the app's scripts: only the host's first paint can show anything. */
async function openWithoutAppCode(page: Page, url: string, hash: string): Promise<void> {
  await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
  await page.goto(`${url}${hash}`);
}

test.describe('first paint (browser mode)', () => {
  test('shows the cached listing before the app runs; the app takes the same rows over and answers the next click', async ({ app, host, browser }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();

    // Without any of the app's code: the rows are there, inert, with a busy pointer.
    const bare = await browser.newPage({ viewport: app.viewportSize()! });
    await openWithoutAppCode(bare, host.url, '#/listeners');
    const bareRows = new ListenersPage(bare).renderedRows;
    await expect(bareRows.first()).toBeVisible();
    await expect(bare.locator('#app')).toHaveAttribute('data-first-paint', '');
    expect(await bare.locator('#app').evaluate((el) => [(el as HTMLElement).inert, getComputedStyle(el).cursor])).toEqual([true, 'progress']);
    await expect(bare.getByRole('heading', { level: 1, name: 'Listeners' })).toBeVisible();
    const painted = await rowBoxes(bare);
    expect(painted.length).toBeGreaterThan(5);
    await bare.close();

    // With the app: the same rows in the same places once it is live, no hydration complaint, marks in order.
    const messages: string[] = [];
    app.on('console', (m) => void ((m.type() === 'warning' || m.type() === 'error') && messages.push(m.text())));
    await app.goto(`${host.url}#/listeners`);
    await shell.live();
    const listeners = new ListenersPage(app);
    await expect(listeners.renderedRows.first()).toBeVisible();
    expect(await rowBoxes(app)).toEqual(painted);
    const marks = await app.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('elb-desk:')));
    expect(marks).toContain(START_MARKS.firstPaint);
    expect(marks.indexOf(START_MARKS.firstPaint)).toBeLessThan(marks.indexOf(START_MARKS.mounted));
    expect(await app.locator('#app').evaluate((el) => [(el as HTMLElement).inert, el.hasAttribute('data-first-paint')])).toEqual([false, false]);

    // The next click, a real one, takes at once: sort by port (descending after ascending).
    const header = listeners.table.getByRole('button', { name: /^Port/ });
    await header.click();
    await expect.poll(() => listeners.sortState('Port')).toBe('ascending');
    await header.click();
    await expect.poll(() => listeners.sortState('Port')).toBe('descending');
    const ports = await listeners.visiblePorts();
    expect(ports.filter((p) => !Number.isNaN(p))).toEqual([...ports.filter((p) => !Number.isNaN(p))].sort((a, b) => b - a));
    expect(messages.filter((m) => /hydrat|Content Security Policy/i.test(m))).toEqual([]);
  });

  test('a paint made for another root font size (the page\'s is not the one app.css sets) is removed before it is seen', async ({ app, host, browser }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    const page = await browser.newPage({ viewport: app.viewportSize()! });
    // As a browser's minimum font size above app.css's would: the root is 18 px, the paint was made for 15 px.
    await page.route(/\/assets\/boot-[^/]+\.css$/, async (route) => {
      const res = await route.fetch();
      const css = await res.text();
      expect(css).toContain('font-size:15px');
      await route.fulfill({ response: res, body: css.replace('font-size:15px', 'font-size:18px') });
    });
    await openWithoutAppCode(page, host.url, '#/listeners');
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('elb-desk:first-paint').length)).toBe(1);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.locator('#app').evaluate((el) => [el.childElementCount, (el as HTMLElement).inert, el.hasAttribute('data-first-paint')])).toEqual([0, false, false]);
    await page.close();
  });

  test('a first paint that comes after the app has mounted is not shown; the app is live as usual', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    // The host's answer held until the app is live (its mark set), then let through.
    await app.route('**/first-paint?*', async (route) => {
      await app.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, START_MARKS.mounted, { timeout: 20_000 }).catch(() => undefined);
      await route.continue();
    });
    let answered = false;
    app.on('requestfinished', (r) => void (new URL(r.url()).pathname === '/first-paint' && (answered = true)));
    await app.goto(`${host.url}#/listeners`);
    await shell.live();
    await expect.poll(() => answered).toBe(true);
    const listeners = new ListenersPage(app);
    await expect(listeners.renderedRows.first()).toBeVisible();
    const marks = await app.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).not.toContain(START_MARKS.firstPaint);
    expect(await app.locator('#app').evaluate((el) => [(el as HTMLElement).inert, el.hasAttribute('data-first-paint')])).toEqual([false, false]);
    // One table, the app's: the late HTML was not added beside it.
    await expect(app.getByRole('main')).toHaveCount(1);
    await listeners.table.getByRole('button', { name: /^Port/ }).click();
    await expect.poll(() => listeners.sortState('Port')).toBe('ascending');
  });

  test('comes in the language and theme chosen; not for a page that is no listing, nor without the token', async ({ app, host, browser }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    const origin = new URL(host.url).origin;

    const context = await browser.newContext({ viewport: app.viewportSize()! });
    const chosen = await context.newPage();
    await chosen.goto(`${origin}/bench-nothing`).catch(() => undefined);
    await chosen.evaluate(() => {
      localStorage.setItem('elb-desk-language', 'zh-CN');
      localStorage.setItem('elb-desk-theme', 'dark');
    });
    await openWithoutAppCode(chosen, host.url, '#/listeners');
    await expect(chosen.getByRole('heading', { level: 1, name: '监听器' })).toBeVisible();
    await expect(chosen.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(chosen.locator('html')).toHaveAttribute('lang', 'zh-CN');
    // With the app's code (another tab of the same browser profile): it hydrates the Chinese paint without a
    // complaint and is live, still dark.
    const live = await context.newPage();
    const complaints: string[] = [];
    live.on('console', (m) => void ((m.type() === 'warning' || m.type() === 'error') && /hydrat/i.test(m.text()) && complaints.push(m.text())));
    await live.goto(`${host.url}#/listeners`);
    await expect(live.locator('#app[data-app-mounted]:not([data-first-paint])')).toBeAttached();
    expect(await live.evaluate(() => performance.getEntriesByType('mark').some((m) => m.name === 'elb-desk:first-paint'))).toBe(true);
    await expect(live.getByRole('heading', { level: 1, name: '监听器' })).toBeVisible();
    await expect(live.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(complaints).toEqual([]);
    await context.close();

    // Drafts: nothing is asked of the host for it, and the page is the app's own.
    const asked: string[] = [];
    app.on('request', (r) => void (new URL(r.url()).pathname === '/first-paint' && asked.push(r.url())));
    await app.goto(`${host.url}#/drafts`);
    await shell.live();
    await expect(app.getByRole('heading', { level: 1, name: 'Drafts' })).toBeVisible();
    expect(asked).toEqual([]);

    // A page without the token (a reload of the same tab keeps its token, a new tab has none): no first paint.
    const plain = await browser.newPage();
    const res = await plain.request.get(`${origin}/`);
    expect(await res.text()).not.toContain('data-ticket');
    await plain.close();
  });
});
