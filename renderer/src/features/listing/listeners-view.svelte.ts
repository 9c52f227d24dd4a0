/** The listeners page's search, filters and sort; kept for the session so coming back restores them. */
import type { AccessMode, ListenerSortKey, SortState } from './filters';

/** Filter and sort choices of the listeners table (the load balancer filter lives in the route). */
export class ListenersView {
  query = $state('');
  protocol = $state('');
  access = $state<AccessMode | 'any'>('any');
  sort = $state.raw<SortState<ListenerSortKey>>({ key: 'name', dir: 'asc' });

  /** Back to "everything, by name". */
  reset(): void {
    this.query = '';
    this.protocol = '';
    this.access = 'any';
  }
}

/** The session's one listeners view. */
export const listenersView = new ListenersView();
