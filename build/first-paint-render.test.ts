/**
 * The host's renderer of first paints as built (build/vite.first-paint.config.ts, into a temporary folder): the app's
 * own components rendered by Svelte's server output, for the page's route, language, account + region and window —
 * the listing's rows, their texts escaped, and no `style` attribute the page's CSP would refuse.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirstPaintParams } from '../shared/ipc/first-paint';
import { makeInventory, makeListener } from '../shared/validation/fixtures';
import { initialRowCount } from '../renderer/src/features/listing/virtual-rows';
import { STYLE_ATTR } from '../renderer/src/first-paint/inline-styles';
import { ROOT_FONT_PX } from '../renderer/src/first-paint/marks';

const CONFIG = fileURLToPath(new URL('./vite.first-paint.config.ts', import.meta.url));
type Render = (params: FirstPaintParams, answer: unknown) => Promise<string | null>;

const NASTY = '<img src=x onerror=alert(1)> style="color:red" &amp;';
const listeners = Array.from({ length: 60 }, (_, i) =>
  makeListener({ id: `l-${String(i).padStart(3, '0')}`, name: i === 0 ? NASTY : `tcp-${String(i).padStart(3, '0')}`, port: 8000 + i }),
);
const inventory = { ...makeInventory({ listeners }), syncedAt: { listeners: '2026-12-05T10:00:00.000Z' } };
const ACCOUNT = { id: 'acct-1', name: 'Local sandbox', kind: 'sandbox', endpoint: null };
const ANSWER = { accounts: [ACCOUNT], selection: { accountId: 'acct-1', region: 'sandbox-1' }, inventory };
const PARAMS: FirstPaintParams = { hash: '#/listeners', language: 'en', theme: 'system', accountId: 'acct-1', region: 'sandbox-1', height: 720, remPx: 15 };

describe('the first paint as built', () => {
  let out = '';
  let render: Render;

  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'elb-desk-ssr-'));
    await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    render = ((await import(pathToFileURL(path.join(out, 'first-paint.js')).href)) as { renderFirstPaint: Render }).renderFirstPaint;
  }, 120_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('renders the listing with the rows a window of that height shows first, texts escaped', async () => {
    const html = (await render(PARAMS, ANSWER))!;
    expect(html).toContain('<h1>Listeners</h1>');
    expect(html).toContain('60 of 60 listeners');
    const rows = html.match(/<tr\b[^>]*aria-rowindex="\d+"/g)!;
    // The header row, then as many rows as the app mounts first in a 720 px window with a 15 px root font.
    expect(rows.length - 1).toBe(initialRowCount(720, 15));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)> style="color:red" &amp;amp;');
    // Every inline style is moved out of the CSP's way; the rows keep their places.
    expect(html).not.toMatch(/<[^>]*\sstyle="/);
    expect(html).toContain(`${STYLE_ATTR}="contain:layout style;position:absolute;width:100%;left:0px;top:45px;"`);
  });

  it('renders more rows for a taller window, in the language asked for', async () => {
    const html = (await render({ ...PARAMS, height: 1400, language: 'zh-CN' }, ANSWER))!;
    expect(html.match(/<tr\b[^>]*aria-rowindex="\d+"/g)!.length - 1).toBe(initialRowCount(1400, 15));
    expect(html).toContain('<h1>监听器</h1>');
    // One page at a time: the next render is in its own language again.
    expect(await render(PARAMS, ANSWER)).toContain('<h1>Listeners</h1>');
  });

  it('renders the load balancers page for an empty hash (the default page)', async () => {
    expect(await render({ ...PARAMS, hash: '' }, ANSWER)).toContain('<h1>Load balancers</h1>');
  });

  it('paints nothing for a page that is no listing, an unknown language or theme, or no inventory', async () => {
    expect(await render({ ...PARAMS, hash: '#/drafts' }, ANSWER)).toBeNull();
    expect(await render({ ...PARAMS, hash: '#/listeners/l-001' }, ANSWER)).toBeNull();
    expect(await render({ ...PARAMS, language: 'fr' }, ANSWER)).toBeNull();
    expect(await render({ ...PARAMS, theme: 'sepia' }, ANSWER)).toBeNull();
    expect(await render(PARAMS, { ...ANSWER, inventory: null })).toBeNull();
  });
});

describe('ROOT_FONT_PX', () => {
  it("is the root font size app.css sets (the page asks for its first paint with it, before the stylesheets are in)", () => {
    const css = readFileSync(new URL('../renderer/src/app.css', import.meta.url), 'utf8');
    const rule = /(^|\n)html,\s*body\s*\{([^}]*)\}/.exec(css);
    expect(rule, 'the html, body rule').not.toBeNull();
    expect(/font-size:\s*([\d.]+)px;/.exec(rule![2]!)?.[1]).toBe(String(ROOT_FONT_PX));
  });
});
