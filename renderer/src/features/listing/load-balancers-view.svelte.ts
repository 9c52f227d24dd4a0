/**
 * The Load balancers page's filter and fleet target selection, kept for the session: going to another page (the
 * Listeners of one of them, a port map, the drafts) and coming back finds the same load balancers ticked.
 */
import { EMPTY_SELECTION, type Selection } from '../fleet/plan/selection';

/** The filter text and the picked targets (any account + region) of the Load balancers page. */
export class LoadBalancersView {
  query = $state('');
  selection = $state.raw<Selection>(EMPTY_SELECTION);
}

/** The session's one Load balancers view. */
export const loadBalancersView = new LoadBalancersView();
