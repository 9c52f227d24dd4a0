/**
 * The host's side of the first paint (shared/ipc/first-paint.ts): the app's root rendered to HTML by Svelte's server
 * renderer — the same components, styles' class names and texts as the app's first render in that page — from the
 * `app:boot` answer for the page's account + region, in its route, language, theme and window size. Built for Node
 * into out/ssr (build/vite.first-paint.config.ts); the browser-mode host loads it. One page at a time: the route,
 * language, theme and window are module state of the app (as in the page), set before each synchronous render.
 */
import { render } from 'svelte/server';
import App from '../App.svelte';
import { ok } from '../../../shared/ipc/result';
import type { FirstPaintParams } from '../../../shared/ipc/first-paint';
import { setHostViewport } from '../features/listing/virtual-rows';
import { isLanguage, loadCatalogue, setLanguage } from '../lib/i18n';
import type { Boot, BootAnswer } from '../lib/state/boot';
import { parseRoute } from '../lib/state/route';
import { router } from '../lib/state/router.svelte';
import { isThemeMode } from '../lib/state/theme-store';
import { theme } from '../lib/state/theme.svelte';
import { moveInlineStyles } from './inline-styles';

/** The routes the app can open on with a first paint: the listings of the cached inventory. */
const PAINTED = new Set(['load-balancers', 'listeners']);

/** A boot that has already answered, as the page's own will have when the app mounts. */
function answeredBoot(answer: BootAnswer, wanted: Boot['wanted']): Boot {
  return {
    accounts: Promise.resolve(ok(answer.accounts)),
    settled: null,
    answer,
    wanted,
    takeInventory: () => null,
  };
}

/**
 * The HTML of the app's root for the page, or null when there is nothing to paint: a route that is no listing, an
 * unknown language or theme, or an answer without the page's inventory (the app then shows its own loading state).
 */
export async function renderFirstPaint(params: FirstPaintParams, answer: BootAnswer): Promise<string | null> {
  const route = parseRoute(params.hash);
  if (!PAINTED.has(route.name) || !isLanguage(params.language) || !isThemeMode(params.theme) || !answer.inventory) return null;
  await loadCatalogue(params.language);
  setLanguage(params.language);
  theme.mode = params.theme;
  router.route = route;
  setHostViewport({ height: params.height, remPx: params.remPx });
  try {
    return moveInlineStyles(render(App, { props: { boot: answeredBoot(answer, { accountId: params.accountId, region: params.region }) } }).body);
  } finally {
    setHostViewport(null);
  }
}
