/**
 * The spans of a load balancer's port map from what the renderer has: the cached inventory's listeners, the drafts
 * list (other drafts aimed at the same load balancer, by their port label), and the draft being edited.
 */
import type { DraftSummary } from '../../../../shared/ipc/contract';
import type { Listener } from '../../../../shared/model/inventory';
import { draftSpans, listenerSpans, portsFromLabel, type DraftPorts, type PortSpan } from '../../../../shared/portmap';

/** Drafts whose listener already exists (its port is in the inventory) are not shown again. */
const SHOWN_STATUSES: ReadonlySet<DraftSummary['status']> = new Set(['draft', 'ready', 'failed', 'needs_attention']);

export interface MapTarget {
  accountId: string | null;
  region: string | null;
  loadBalancerId: string;
}

/** The other drafts' spans: same account, region and load balancer, not yet created, not the current draft. */
export function otherDraftSpans(drafts: readonly DraftSummary[], target: MapTarget, currentId: string | null): PortSpan[] {
  const out: PortSpan[] = [];
  for (const d of drafts) {
    if (d.id === currentId || !SHOWN_STATUSES.has(d.status)) continue;
    const t = d.target;
    if (t.loadBalancerId !== target.loadBalancerId || t.accountId !== target.accountId || t.region !== target.region) continue;
    for (const g of portsFromLabel(d.port)) out.push({ start: g.start, end: g.end, family: 'tcp', owner: { kind: 'draft', id: d.id, name: d.title, protocol: 'TCP' } });
  }
  return out;
}

/** Every span of the map: listeners, other drafts and (in the wizard) the draft being edited. */
export function mapSpans(
  listeners: readonly Listener[],
  drafts: readonly DraftSummary[],
  target: MapTarget,
  current: { id: string; title: string; ports: DraftPorts } | null = null,
): PortSpan[] {
  const spans = [...listenerSpans(listeners, target.loadBalancerId), ...otherDraftSpans(drafts, target, current?.id ?? null)];
  if (current) spans.push(...draftSpans(current.ports, { kind: 'current', id: current.id, name: current.title }));
  return spans;
}
