/** A small hash router: the current route as a rune, updated on `hashchange`. */
import { parseRoute, routeHref, type Route } from './route';

/** The current route; read `router.route` in templates and `$derived`s. */
class Router {
  route = $state.raw<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  /** Starts following `hashchange`; returns the function that stops it. */
  listen(): () => void {
    const update = (): void => {
      this.route = parseRoute(location.hash);
    };
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }

  /** Navigates to a route (adds a history entry). */
  go(route: Route): void {
    const href = routeHref(route);
    if (location.hash === href) this.route = parseRoute(href);
    else location.hash = href;
  }
}

/** The app's one router. */
export const router = new Router();
