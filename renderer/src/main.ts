/**
 * Renderer entry: global styles, the first calls to main (sent before the app's code is loaded, so they overlap its
 * download, evaluation and mount), then the app shell from its own chunk.
 */
import './app.css';
import { warmFormats } from './lib/i18n/formats';
import { initialLanguage } from './lib/i18n/languages';
import { startBoot } from './lib/state/boot';

const boot = startBoot();

const target = document.getElementById('app');
if (!target) throw new Error('ELB Desk: #app element missing from index.html');

const modules = Promise.all([import('svelte'), import('./App.svelte')]);

// Once the inventory call is out (it follows the accounts), and while the app's code is still on its way: the first
// Intl formatters and collator cost a cold renderer ~100 ms, which would otherwise fall on the first listing.
void boot.accounts.then(() => warmFormats(initialLanguage()));

const [{ mount }, { default: App }] = await modules;

/** The mounted app (kept for hot reload and tests). */
export const app = mount(App, { target, props: { boot } });
