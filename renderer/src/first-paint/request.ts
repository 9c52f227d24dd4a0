/**
 * The page's side of the first paint (shared/ipc/first-paint.ts), a classic script the browser-mode host adds to the
 * page of the printed URL, after the stylesheets (it runs once they are in, long before the app's code): it applies the
 * remembered theme and language to the document, asks the host to render the first screen for this route, language,
 * account + region and window, and shows that in `#app` — inert, marked FIRST_PAINT_ATTR — until the app mounts in its
 * place (first-paint/adopt.ts). A route that is no listing, a refused ticket or a failed request show nothing: the app
 * mounts as it always does. Built on its own (build/scripts/build.ts), free of Svelte and of the app's code.
 */
import { FIRST_PAINT_PATH, firstPaintQuery } from '../../../shared/ipc/first-paint';
import { initialLanguage } from '../lib/i18n/languages';
import { parseRoute } from '../lib/state/route';
import { readStoredSelection } from '../lib/state/stored-selection';
import { readStoredTheme } from '../lib/state/theme-store';
import { markStart } from '../lib/start-marks';
import { applyMovedStyles } from './inline-styles';
import { FIRST_PAINT_ATTR, MOUNTED_ATTR, ROOT_FONT_PX } from './marks';

/** Puts the host's HTML into the app's root, unless the app got there first. */
export function showFirstPaint(doc: Document, html: string): void {
  const target = doc.getElementById('app');
  if (!target) {
    doc.addEventListener('DOMContentLoaded', () => showFirstPaint(doc, html), { once: true });
    return;
  }
  if (target.hasAttribute(MOUNTED_ATTR) || target.firstChild) return;
  const template = doc.createElement('template');
  template.innerHTML = html;
  applyMovedStyles(template.content);
  target.inert = true;
  target.setAttribute(FIRST_PAINT_ATTR, '');
  target.append(template.content);
  markStart('firstPaint');
  // The first frame comes once the stylesheets are in: should they not set the root font size the paint was made
  // for (a browser's minimum font size above it), the rows would be placed wrong — the paint goes before that frame.
  requestAnimationFrame(() => {
    if (target.hasAttribute(MOUNTED_ATTR) || Number.parseFloat(getComputedStyle(doc.documentElement).fontSize) === ROOT_FONT_PX) return;
    target.replaceChildren();
    target.inert = false;
    target.removeAttribute(FIRST_PAINT_ATTR);
  });
}

/** Asks for the first paint of this page (see the module comment); `get` is `fetch` (tests pass a fake). */
export function requestFirstPaint(doc: Document, get: typeof fetch): Promise<void> | null {
  const ticket = (doc.currentScript as HTMLScriptElement | null)?.dataset.ticket;
  if (!ticket) return null;
  const root = doc.documentElement;
  const theme = readStoredTheme();
  if (theme !== 'system') root.dataset.theme = theme;
  const language = initialLanguage();
  root.lang = language;
  const route = parseRoute(location.hash);
  if (route.name !== 'listeners' && route.name !== 'load-balancers') return null;
  const { accountId, region } = readStoredSelection();
  // The stylesheets are not in yet: the request is sent with the root font size they set, checked once they are.
  const remPx = ROOT_FONT_PX;
  const query = firstPaintQuery({ hash: location.hash, language, theme, accountId, region, height: window.innerHeight, remPx });
  return get(`.${FIRST_PAINT_PATH}?ticket=${encodeURIComponent(ticket)}&${query}`, { credentials: 'same-origin' })
    .then((res) => (res.status === 200 ? res.text() : null))
    .then((html) => {
      if (html) showFirstPaint(doc, html);
    })
    .catch(() => undefined);
}
