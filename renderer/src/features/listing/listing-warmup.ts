/**
 * Warms the listeners page before its first visit: mounts it once, hidden and off the page's flow, lays it out and
 * unmounts it, all within one task (nothing of it is ever painted or exposed). The first mount of a page in a
 * renderer costs far more than later ones — its templates are parsed, its code compiled on first call, the
 * fonts and text of its table loaded and shaped — about 50 ms of the ~100 ms a first visit took with 10,000
 * listeners; done ahead, in a task of its own after the inventory has arrived, the visit itself only does the rest.
 */
import { flushSync, mount, unmount } from 'svelte';
import ListenersPage from './ListenersPage.svelte';

/** Mounts, lays out and unmounts the listeners page in a hidden host; `context` is the app root's (its AppState). */
export function warmListenersPage(context: Map<unknown, unknown>, doc: Document = document): void {
  const host = doc.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  host.style.cssText = 'position:fixed;inset:0;visibility:hidden;pointer-events:none;overflow:hidden;contain:strict;z-index:-1';
  doc.body.append(host);
  let page: ReturnType<typeof mount> | null = null;
  try {
    page = mount(ListenersPage, { target: host, props: { loadBalancerId: null }, context });
    flushSync();
    void host.offsetHeight;
  } catch {
    /* only a warm-up: the real visit shows any error */
  } finally {
    if (page) void unmount(page);
    host.remove();
  }
}
