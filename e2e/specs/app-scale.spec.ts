/**
 * Issue 4: 10,000 listeners. Sync them through the UI, then the virtualized Listeners page shows "N of M" with
 * M ≥ 10,000 while only a screenful of rows is in the DOM; the search narrows to the expected rows quickly (timed in
 * the page); sorting by port orders the rows.
 */
import { expect, test } from '../fixtures/app';
import { sandboxListeners } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';

const EXTRA = 10_000;

test.use({ sandboxOptions: { port: 0, pendingMs: 0, listeners: EXTRA } });

test.describe('10,000 listeners', () => {
  test('sync, virtualized listing, quick search, sort by port', async ({ app, host, sandbox }) => {
    const shell = new AppShell(app);
    await shell.open(host.url);
    const all = sandboxListeners(sandbox);
    expect(all.length).toBeGreaterThanOrEqual(EXTRA);

    const syncMs = await shell.timedSync();
    console.log(`UI sync of ${all.length} listeners: ${syncMs.toFixed(0)} ms (click → "Last synced", measured in the page)`);
    expect(syncMs, 'a UI sync of 10,000 listeners').toBeLessThan(15_000);

    const listeners = await shell.openListeners();
    await listeners.expectLoaded();
    expect(await listeners.counts()).toEqual({ shown: all.length, total: all.length });
    // Virtualized: a screenful of rows, not 10,000.
    const rendered = await listeners.renderedRows.count();
    console.log(`rows in the DOM with ${all.length} listeners: ${rendered}`);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(200);

    // Search: narrows to exactly the listeners whose name contains the text (no ID or LB name contains it).
    const query = 'bulk-udp-2003';
    const expected = all.filter((l) => l.name.toLowerCase().includes(query));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    const searchMs = await listeners.timedSearch(query);
    console.log(`search "${query}" over ${all.length} listeners: ${searchMs.toFixed(1)} ms from input to the count changing`);
    expect(searchMs).toBeLessThan(2000);
    expect(await listeners.counts()).toEqual({ shown: expected.length, total: all.length });
    const narrowed = await listeners.renderedRows.count();
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThanOrEqual(expected.length);
    const names = await listeners.visibleNames();
    expect(names.every((n) => n.includes(query))).toBe(true);

    // A port number also matches the port column.
    const onPort = all.filter((l) => l.protocol_port === 20001 || l.name.includes('20001') || l.id.includes('20001'));
    const portMs = await listeners.timedSearch('20001');
    console.log(`search "20001": ${portMs.toFixed(1)} ms`);
    expect(await listeners.counts()).toEqual({ shown: onPort.length, total: all.length });

    // Sort by port over everything: ascending starts at the lowest port, descending at the highest.
    await listeners.search('');
    await expect(listeners.countLine).toHaveText(new RegExp(`^${all.length.toLocaleString('en')} of `));
    const ports = all.map((l) => (l.protocol_port && l.protocol_port > 0 ? l.protocol_port : (l.port_ranges[0]?.start_port ?? Infinity)));
    const min = Math.min(...ports);
    const max = Math.max(...ports);
    await listeners.sortBy('Port');
    expect(await listeners.sortState('Port')).toBe('ascending');
    let seen = await listeners.visiblePorts();
    expect(seen[0]).toBe(min);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await listeners.sortBy('Port');
    expect(await listeners.sortState('Port')).toBe('descending');
    seen = await listeners.visiblePorts();
    expect(seen[0]).toBe(max);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(await listeners.renderedRows.count()).toBeLessThan(200);
  });
});
