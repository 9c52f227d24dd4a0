/** Hash routes of the app: parsing and building, pure so they can be tested without a DOM. */

/** Every page the app can show. */
export type Route =
  | { name: 'load-balancers' }
  | { name: 'listeners'; loadBalancerId: string | null }
  /** One listener's detail view (`#/listeners/ID`): everything cached, drift, history, Edit / Clone / Delete. */
  | { name: 'listener'; id: string }
  /** Every submitted plan (create, clone, edit, delete). */
  | { name: 'history' }
  | { name: 'server-groups' }
  | { name: 'ip-groups' }
  /** The IP address group workbench; `draftId`: opened from that draft's wizard, return there after creating. */
  | { name: 'ip-workbench'; draftId: string | null }
  | { name: 'drafts' }
  | { name: 'draft'; id: string }
  /** A fleet plan (issue 12): the template and the target matrix. */
  | { name: 'fleet'; id: string }
  | { name: 'accounts' }
  /** A fleet plan's confirm / apply / results page (`#/fleet/ID/apply`). */
  | { name: 'fleet-apply'; id: string }
  | { name: 'not-found'; path: string };

export type RouteName = Route['name'];

/** The page shown for an empty hash. */
export const DEFAULT_ROUTE: Route = { name: 'load-balancers' };

const SIMPLE: Readonly<Record<string, Route>> = {
  'load-balancers': { name: 'load-balancers' },
  'server-groups': { name: 'server-groups' },
  'ip-groups': { name: 'ip-groups' },
  drafts: { name: 'drafts' },
  history: { name: 'history' },
  accounts: { name: 'accounts' },
};

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Parses `location.hash` (`#/listeners?lb=ID`, `#/drafts/ID`, …) into a route. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return DEFAULT_ROUTE;
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter((s) => s.length > 0);
  const params = new URLSearchParams(query);
  const [first, second, ...rest] = segments;
  if (first === undefined) return DEFAULT_ROUTE;
  if (first === 'fleet' && second !== undefined && rest.length === 1 && rest[0] === 'apply') {
    const id = safeDecode(second);
    if (id) return { name: 'fleet-apply', id };
  }
  if (rest.length > 0) return { name: 'not-found', path: raw };
  if (second === undefined) {
    if (first === 'ip-workbench') {
      const draft = params.get('draft');
      return { name: 'ip-workbench', draftId: draft && draft.length > 0 ? draft : null };
    }
    if (first === 'listeners') {
      const lb = params.get('lb');
      return { name: 'listeners', loadBalancerId: lb && lb.length > 0 ? lb : null };
    }
    const simple = SIMPLE[first];
    if (simple) return simple;
    return { name: 'not-found', path: raw };
  }
  if (first === 'drafts') {
    const id = safeDecode(second);
    if (id) return { name: 'draft', id };
  }
  if (first === 'listeners') {
    const id = safeDecode(second);
    if (id) return { name: 'listener', id };
  }
  if (first === 'fleet') {
    const id = safeDecode(second);
    if (id) return { name: 'fleet', id };
  }
  return { name: 'not-found', path: raw };
}

/** Builds the hash (`#/…`) for a route; the inverse of `parseRoute`. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'listeners':
      return route.loadBalancerId ? `#/listeners?lb=${encodeURIComponent(route.loadBalancerId)}` : '#/listeners';
    case 'ip-workbench':
      return route.draftId ? `#/ip-workbench?draft=${encodeURIComponent(route.draftId)}` : '#/ip-workbench';
    case 'draft':
      return `#/drafts/${encodeURIComponent(route.id)}`;
    case 'listener':
      return `#/listeners/${encodeURIComponent(route.id)}`;
    case 'fleet':
      return `#/fleet/${encodeURIComponent(route.id)}`;
    case 'fleet-apply':
      return `#/fleet/${encodeURIComponent(route.id)}/apply`;
    case 'not-found':
      return `#/${route.path.replace(/^\//, '')}`;
    default:
      return `#/${route.name}`;
  }
}

/** The top-level section a route belongs to (a draft belongs to Drafts, a listener to Listeners), for `aria-current` in the nav. */
export function sectionOf(route: Route): RouteName {
  if (route.name === 'listener') return 'listeners';
  return route.name === 'draft' || route.name === 'fleet' || route.name === 'fleet-apply' ? 'drafts' : route.name;
}
