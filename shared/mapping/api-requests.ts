/** A plan of API requests as readable text: what "Show the requests" and the `api` export show. */
import type { PlannedRequest } from '../ipc/contract';
import { POOL_ID_PLACEHOLDER, PROJECT_ID_PLACEHOLDER } from './api';

/** Is this the create-pool request of a group with all-port forwarding (decided by `newPoolForwardsAllPorts`)? */
function forwardsAllPorts(r: PlannedRequest): boolean {
  if (r.key !== 'pool' || r.body === null || typeof r.body !== 'object') return false;
  const pool = (r.body as { pool?: unknown }).pool;
  return pool !== null && typeof pool === 'object' && (pool as { any_port_enable?: unknown }).any_port_enable === true;
}

/**
 * Every request as `METHOD path`, the content type and the pretty JSON body, numbered and titled.
 * A note explains the `{pool.id}` and `{project_id}` placeholders when they occur. No credentials appear:
 * signing headers are added at send time.
 */
export function toApiRequestsText(plan: readonly PlannedRequest[]): string {
  const parts: string[] = [];
  const all = JSON.stringify(plan);
  const notes: string[] = [];
  if (all.includes(POOL_ID_PLACEHOLDER)) notes.push(`${POOL_ID_PLACEHOLDER} is the ID returned by the request that creates the backend server group.`);
  if (all.includes(PROJECT_ID_PLACEHOLDER)) notes.push(`${PROJECT_ID_PLACEHOLDER} is the project ID of the region.`);
  if (plan.some(forwardsAllPorts)) {
    notes.push(
      'The backend server group forwards all ports (any_port_enable): each connection goes to the port the client used on the ' +
        'backend server, so the servers carry no port and the health check needs one (monitor_port).',
    );
  }
  parts.push([`# ELB v3 API requests (${plan.length} in order)`, ...notes.map((n) => `# ${n}`)].join('\n'));
  plan.forEach((r, i) => {
    const lines = [`### ${i + 1}. ${r.title.replace(/[\r\n]+/g, ' ')}`, `${r.method} ${r.path}`];
    if (r.body !== null && r.body !== undefined) {
      lines.push('Content-Type: application/json', '', JSON.stringify(r.body, null, 2));
    }
    parts.push(lines.join('\n'));
  });
  return parts.join('\n\n') + '\n';
}
