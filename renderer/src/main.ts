/**
 * Renderer entry: global styles, the requests for the app's code, the first calls to main (sent before that code is
 * loaded, so they overlap its download, evaluation and mount), then the app shell from its own chunk.
 */
import './app.css';
import { warmFormats, warmFormatsOffThread } from './lib/i18n/formats';
import { initialLanguage } from './lib/i18n/languages';
import { startBoot } from './lib/state/boot';

// The app's code is requested first: the boot's first storage access (cold, synchronous) would delay the requests.
const modules = Promise.all([import('svelte'), import('./App.svelte')]);

const boot = startBoot();

const target = document.getElementById('app');
if (!target) throw new Error('ELB Desk: #app element missing from index.html');

// The first Intl formatters and collator cost a cold renderer ~100 ms, which would otherwise fall on the first
// listing: a worker creates them first (ICU's data is shared by the process), then, once the inventory call is out
// (it follows the accounts), the page creates its own — cheaply by then.
const language = initialLanguage();
const formatsWarm = warmFormatsOffThread(language);
void Promise.all([boot.accounts, formatsWarm]).then(() => warmFormats(language));

const [{ mount }, { default: App }] = await modules;

/** The mounted app (kept for hot reload and tests). */
export const app = mount(App, { target, props: { boot } });
