/**
 * Issue 14 §2: the Listeners table at 1366×768 and at 1280×720 — its last column header can be brought into view
 * (the table scrolls sideways inside its scroller, never the page) and no header is cut, while the first column
 * (name / ID) stays pinned at the same x, opaque and on top of the cells sliding under it; the virtualized rows keep
 * working while scrolled.
 * And the shared listing table: a disclosure button controls its detail row, and a search that matches nothing
 * says so and offers to clear it.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { sandboxListeners } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';
import type { ListenersPage } from '../pages/listeners-page';

/** Enough listeners that only part of them is in the DOM at once. */
const EXTRA = 400;

test.use({ sandboxOptions: { port: 0, pendingMs: 0, listeners: EXTRA } });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The visible rectangle of the table's scroller (the element that scrolls sideways). */
function scrollerRect(listeners: ListenersPage): Promise<Box> {
  return listeners.table.evaluate((table) => {
    const el = table.parentElement!;
    const r = el.getBoundingClientRect();
    return { x: r.x + el.clientLeft, y: r.y + el.clientTop, width: el.clientWidth, height: el.clientHeight };
  });
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  expect(b, `${locator.toString()} has a box`).not.toBeNull();
  return b!;
}

/** True when the element painted at the centre of `locator` is (inside) that element: nothing covers it. */
function onTop(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && el.contains(hit);
  });
}

/**
 * ID of the listener in the mounted row whose centre is nearest the middle of the scroller's visible body (the part
 * below the sticky header), from the rows' boxes alone. (Names repeat across load balancers; the row header's title
 * is the listener's ID.)
 */
async function middleRowId(listeners: ListenersPage): Promise<string> {
  const id = await listeners.table.evaluate((table) => {
    const scroller = table.parentElement!.getBoundingClientRect();
    const top = table.querySelector('thead')!.getBoundingClientRect().bottom;
    const middle = (top + scroller.bottom) / 2;
    let best: { id: string; distance: number } | null = null;
    for (const header of table.querySelectorAll('tbody th[scope="row"]')) {
      const r = header.getBoundingClientRect();
      const distance = Math.abs(r.y + r.height / 2 - middle);
      const id = header.getAttribute('title') ?? '';
      if (best === null || distance < best.distance) best = { id, distance };
    }
    return best?.id ?? '';
  });
  expect(id, 'a mounted row in the middle of the scroller').not.toBe('');
  return id;
}

/** Alpha of an element's computed background colour (1 = opaque). */
function backgroundAlpha(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(el).backgroundColor);
    const parts = (m?.[1] ?? '').split(/[\s,/]+/).filter(Boolean);
    return parts.length === 4 ? Number(parts[3]) : parts.length === 3 ? 1 : 0;
  });
}

test.describe('listing layout', () => {
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1280, height: 720 },
  ]) {
    test(`Listeners at ${viewport.width}×${viewport.height}: the last column is reachable, the first stays pinned`, async ({ app, host, sandbox }) => {
      await app.setViewportSize(viewport);
      const shell = new AppShell(app);
      await shell.open(host.url);
      await shell.sync();
      const listeners = await shell.openListeners();
      await listeners.expectLoaded();
      const total = sandboxListeners(sandbox).length;
      expect(await listeners.counts()).toEqual({ shown: total, total });

      const nameHeader = listeners.table.getByRole('columnheader', { name: /^Name \/ ID/ });
      const lastHeader = listeners.table.getByRole('columnheader', { name: 'Tags', exact: true });
      const firstRowHeader = listeners.table.getByRole('rowheader').first();
      const before = { header: await box(nameHeader), row: await box(firstRowHeader) };
      const scroller = await scrollerRect(listeners);

      // The page itself never scrolls sideways: only the table's scroller does.
      expect(await app.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // No header loses its end (label or sort icon): each one's content fits its cell.
      const clipped = await listeners.table
        .getByRole('columnheader')
        .evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent?.trim()));
      expect(clipped).toEqual([]);

      await lastHeader.scrollIntoViewIfNeeded();
      const last = await box(lastHeader);
      // The last header is wholly inside the scroller and the window…
      expect(last.x).toBeGreaterThanOrEqual(scroller.x - 0.5);
      expect(last.x + last.width).toBeLessThanOrEqual(scroller.x + scroller.width + 0.5);
      expect(last.x + last.width).toBeLessThanOrEqual(viewport.width);
      // …and not under the pinned column.
      const header = await box(nameHeader);
      expect(last.x).toBeGreaterThanOrEqual(header.x + header.width - 0.5);

      // The first column did not move, is painted on top, and is opaque.
      expect(header.x).toBeCloseTo(before.header.x, 0);
      const row = await box(firstRowHeader);
      expect(row.x).toBeCloseTo(before.row.x, 0);
      expect(await onTop(nameHeader)).toBe(true);
      expect(await onTop(firstRowHeader)).toBe(true);
      expect(await backgroundAlpha(nameHeader)).toBe(1);
      expect(await backgroundAlpha(firstRowHeader)).toBe(1);
      await firstRowHeader.hover();
      expect(await backgroundAlpha(firstRowHeader)).toBe(1);

      // Still scrolled sideways, scroll down: other rows are mounted (virtualized), pinned at the same x.
      const namesAtTop = await listeners.visibleNames();
      await listeners.table.evaluate((table) => table.parentElement!.scrollBy(0, 6000));
      await expect.poll(async () => (await listeners.visibleNames())[0]).not.toBe(namesAtTop[0]);
      // The virtualizer adds its buffer above once the scroll has ended, so the set of mounted rows changes once more:
      // wait until it holds still, then take the row in the middle of the scroller's visible body (below the sticky
      // header) by its geometry — a row picked by position in the DOM could sit in the buffer, outside the scroller.
      let settled: string[] = [];
      await expect
        .poll(async () => {
          const now = await listeners.visibleNames();
          const same = now.join('\n') === settled.join('\n');
          settled = now;
          return same;
        }, { intervals: [100] })
        .toBe(true);
      const rendered = settled.length;
      expect(rendered).toBeGreaterThan(0);
      expect(rendered).toBeLessThan(total);
      const middleId = await middleRowId(listeners);
      const mounted = listeners.renderedRows.filter({ has: app.locator(`th[scope="row"][title="${middleId}"]`) });
      const pinned = mounted.getByRole('rowheader');
      await expect(pinned).toBeInViewport();
      expect((await box(pinned)).x).toBeCloseTo(before.row.x, 0);
      expect(await onTop(pinned)).toBe(true);
      // The row's last cell lines up under the last header.
      const lastCell = mounted.getByRole('cell').last();
      expect((await box(lastCell)).x).toBeCloseTo(last.x, 0);
    });
  }

  test('Listeners at 1280×720 opened first: rows fill the scroller, and a wheel scroll shows rows all the way down', async ({ app, host }) => {
    await app.setViewportSize({ width: 1280, height: 720 });
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    // A fresh page on the Listeners route: the table's first rows are mounted before anything is measured.
    await app.goto(new URL('#/listeners', host.url).toString());
    const listeners = await shell.openListeners();
    await listeners.expectLoaded();
    /** Points down the first column of the scroller's visible body (below the sticky header) that no row covers. */
    const gaps = (): Promise<number[]> =>
      listeners.table.evaluate((table) => {
        const scroller = table.parentElement!.getBoundingClientRect();
        const top = table.querySelector('thead')!.getBoundingClientRect().bottom;
        const x = scroller.x + 24;
        const missing: number[] = [];
        for (let y = top + 2; y < scroller.bottom - 2; y += 8) {
          if (!document.elementFromPoint(x, y)?.closest('tbody tr')) missing.push(Math.round(y));
        }
        return missing;
      });
    expect(await gaps(), 'the first screen fills the scroller with rows').toEqual([]);
    const mountedAtStart = await listeners.renderedRows.count();
    /** The ID of the row shown at the top of the scroller's visible body (by geometry: rows above may stay mounted). */
    const topRowId = (): Promise<string | null> =>
      listeners.table.evaluate((table) => {
        const scroller = table.parentElement!.getBoundingClientRect();
        const top = table.querySelector('thead')!.getBoundingClientRect().bottom;
        return document.elementFromPoint(scroller.x + 24, top + 4)?.closest('tr')?.querySelector('th[scope="row"]')?.getAttribute('title') ?? null;
      });
    const firstShown = await topRowId();
    expect(firstShown).not.toBeNull();
    // A real wheel over the rows, a few rows' worth: the rows below come into the scroller, with no blank band.
    const s = await scrollerRect(listeners);
    await app.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await app.mouse.wheel(0, 240);
    await expect.poll(topRowId).not.toBe(firstShown);
    await expect.poll(gaps, { intervals: [50] }).toEqual([]);
    // Once scrolled, virtua keeps its buffer above the rows as well as below: more rows are mounted than at first.
    await expect.poll(() => listeners.renderedRows.count()).toBeGreaterThan(mountedAtStart);
  });

  test('Load balancers at 1280×720: every row\'s actions in view without scrolling, names keep their words', async ({ app, host }) => {
    await app.setViewportSize({ width: 1280, height: 720 });
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    await shell.openLoadBalancers();
    const table = shell.main.getByRole('table');
    // The table fits its frame: nothing to scroll sideways, so no action is cut at the right edge.
    expect(await table.evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth)).toBe(true);
    for (const button of await table.getByRole('button', { name: 'Add TCP listener', exact: true }).all()) {
      const b = await box(button);
      expect(b.x + b.width).toBeLessThanOrEqual(1280);
    }
    // Each load balancer's name on one line (one box for its text), and the port map beside its actions.
    const lines = await table.locator('th[scope="row"] .name').evaluateAll((names) =>
      names.map((n) => {
        const range = document.createRange();
        range.selectNodeContents(n);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return `${n.textContent}: ${tops.size}`;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !l.endsWith(': 1'))).toEqual([]);
    await expect(table.getByRole('row', { name: /tcp-gateway/ }).getByRole('button', { name: /^Port map/ })).toBeVisible();
  });

  test('Listeners at 1280×720: no column header breaks inside a word', async ({ app, host }) => {
    await app.setViewportSize({ width: 1280, height: 720 });
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();
    const listeners = await shell.openListeners();
    await listeners.expectLoaded();
    // Every word of every header label is on one line (a break between words is fine: "Load / balancer").
    const broken = await listeners.table.getByRole('columnheader').evaluateAll((ths) =>
      ths.flatMap((th) => {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        const out: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(m[0]);
          }
        }
        return out;
      }),
    );
    expect(broken).toEqual([]);
  });

  test('the listing table: disclosure rows, and a search that matches nothing', async ({ app, host }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();

    const groups = await shell.openServerGroups();
    const disclosure = groups.row('mysql-primary').getByRole('button', { name: /servers/ });
    await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
    await disclosure.click();
    await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
    // aria-controls names the detail row that now shows the group's servers.
    const controls = await disclosure.getAttribute('aria-controls');
    expect(controls).toBeTruthy();
    const detail = app.locator(`[id="${controls}"]`);
    await expect(detail).toHaveRole('row');
    await expect(detail.getByRole('heading', { name: 'Servers of mysql-primary' })).toBeVisible();
    await disclosure.click();
    await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
    await expect(detail).toHaveCount(0);

    // A search that matches nothing: "0 of N", a message instead of an empty table, and a way back.
    const search = app.getByRole('searchbox', { name: 'Search' });
    await search.fill('no-such-group');
    await expect(shell.main.getByRole('status')).toHaveText(/^0 of \d+ groups$/);
    await expect(shell.main.getByText('Nothing matches this search.')).toBeVisible();
    await expect(shell.main.getByRole('table')).toHaveCount(0);
    await shell.main.getByRole('button', { name: 'Clear search' }).click();
    await expect(search).toHaveValue('');
    await expect(search).toBeFocused();
    await expect(groups.row('mysql-primary')).toBeVisible();

    // IP address groups use the same table: the entries of a group open under it.
    const ipg = await shell.openIpGroups();
    await ipg.expandRow('office-nets');
    const entries = ipg.row('office-nets').getByRole('button', { expanded: true });
    await expect(app.locator(`[id="${await entries.getAttribute('aria-controls')}"]`)).toContainText('2001:db8:abcd::/48');
  });
});
