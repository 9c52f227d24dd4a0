/**
 * All-port forwarding (`any_port_enable` on a pool). The seed: a port-range listener "routes the received packets to
 * the corresponding ports on the backend servers", which in the API is a pool with all-port forwarding (the member
 * port is ignored and the health check port becomes required). The wizard never asks for it: a new backend server
 * group gets it exactly when the listener uses port ranges.
 */
import type { ListenerConfig, Routing } from './draft';

/** The parts of a draft the rule looks at (a whole draft or draft content fits). */
export interface AllPortInput {
  listener: Pick<ListenerConfig, 'portMode'>;
  routing: Pick<Routing, 'mode'>;
}

/** True when the draft's new backend server group must be created with `any_port_enable: true`. */
export function newPoolForwardsAllPorts(content: AllPortInput): boolean {
  return content.routing.mode === 'new' && content.listener.portMode === 'ranges';
}
