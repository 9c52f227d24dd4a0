/**
 * Renderer entry: global styles, the requests for the app's code, the first calls to main (sent before that code is
 * loaded, so they overlap its download, evaluation and mount), then the app shell from its own chunk. Only what a
 * first listing needs is requested here: the other pages and the catalogue of a language not in use are chunks of
 * their own, loaded later (features/shell/pages.ts, lib/i18n/locale.svelte.ts).
 */
import './lib/zod-jitless';
import './app.css';
import { initialLanguage } from './lib/i18n/languages';
import { rootRemPx } from './features/listing/virtual-rows';
import { connect } from './lib/api/client';
import { addFavicon } from './lib/favicon';
import { startBoot } from './lib/state/boot';
import { markStart } from './lib/start-marks';
import { showsFirstPaint, takeOverRoot } from './first-paint/adopt';

// The app's code is requested first: the boot's first storage access (cold, synchronous) would delay the requests.
// The language (a storage access too) is read afterwards: its catalogue, unless English, is loaded before the mount.
const modules = import('./first-screen');
markStart('entry');
const language = initialLanguage();
const catalogue = language === 'en' ? null : import('./lib/i18n/locale.svelte').then((l) => l.loadCatalogue(language));

const boot = startBoot();
// The page may have come with the boot's answer, and then nothing was sent: the bridge (and in browser mode the
// token's removal from the address bar) is set up now, while the app's code loads, not in the first render.
connect();
// The root font size (the listing's row height) costs a style pass: now, over a document that is still empty, rather
// than inside the first render, over the whole page.
rootRemPx();

const target = document.getElementById('app');
if (!target) throw new Error('ELB Desk: #app element missing from index.html');

// In browser mode the boot's answer was preloaded with the page: it is waited for, so the first render has it.
const [{ hydrate, mount, App }] = await Promise.all([modules, boot.settled]);
// A catalogue that failed to load leaves the app in English (the fallback); the language picker can try again.
await catalogue?.catch(() => undefined);
// Over the host's first paint (browser mode) the app starts with its data, whichever call brought it, so the listing
// it hydrates is not replaced by a loading state.
if (showsFirstPaint(target)) await boot.accounts;
markStart('ready');

// The host's first paint is hydrated in place (first-paint/adopt.ts); otherwise the app mounts into the empty root.
const painted = takeOverRoot(target);
/** The mounted app (kept for hot reload and tests). */
export const app = painted ? hydrate(App, { target, props: { boot } }) : mount(App, { target, props: { boot } });
markStart('mounted');

// The tab icon once the first screen is painted.
requestAnimationFrame(() => setTimeout(() => addFavicon(document), 0));
