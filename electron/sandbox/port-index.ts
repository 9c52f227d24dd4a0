/**
 * The ports in use on one load balancer, per protocol family, for the sandbox's port clash checks.
 */
import type { ListenerRec, PortRange } from './records';

/** The protocol family that shares the port space of an LB. */
export type PortFamily = 'tcp' | 'udp';

/** TCP, HTTP, HTTPS and TLS share one port space; UDP and QUIC another. */
export function portFamily(protocol: string): PortFamily {
  return protocol === 'UDP' || protocol === 'QUIC' ? 'udp' : 'tcp';
}

interface RangeEntry extends PortRange {
  id: string;
}

/** Ports in use on one LB, per family: single ports in a map, ranges in a short list. */
export class PortIndex {
  private readonly single: Record<PortFamily, Map<number, string>> = { tcp: new Map(), udp: new Map() };
  private readonly ranges: Record<PortFamily, RangeEntry[]> = { tcp: [], udp: [] };

  /** Records a listener's ports. */
  add(l: ListenerRec): void {
    const f = portFamily(l.protocol);
    if (l.protocol_port > 0) this.single[f].set(l.protocol_port, l.id);
    for (const r of l.port_ranges) this.ranges[f].push({ ...r, id: l.id });
  }

  /** Forgets a listener's ports. */
  remove(l: ListenerRec): void {
    const f = portFamily(l.protocol);
    if (l.protocol_port > 0 && this.single[f].get(l.protocol_port) === l.id) this.single[f].delete(l.protocol_port);
    this.ranges[f] = this.ranges[f].filter((r) => r.id !== l.id);
  }

  /** The first clash of a new listener's ports with existing ones: the port and the listener using it. */
  clash(family: PortFamily, port: number, ranges: PortRange[]): { port: number; listenerId: string } | null {
    const single = this.single[family];
    const existingRanges = this.ranges[family];
    const inRanges = (p: number): string | null => existingRanges.find((r) => p >= r.start_port && p <= r.end_port)?.id ?? null;
    if (port > 0) {
      const id = single.get(port) ?? inRanges(port);
      if (id) return { port, listenerId: id };
    }
    for (const nr of ranges) {
      const overlap = existingRanges.find((r) => nr.start_port <= r.end_port && r.start_port <= nr.end_port);
      if (overlap) return { port: Math.max(nr.start_port, overlap.start_port), listenerId: overlap.id };
      const width = nr.end_port - nr.start_port + 1;
      if (width <= single.size) {
        for (let p = nr.start_port; p <= nr.end_port; p++) {
          const id = single.get(p);
          if (id) return { port: p, listenerId: id };
        }
      } else {
        for (const [p, id] of single) if (p >= nr.start_port && p <= nr.end_port) return { port: p, listenerId: id };
      }
    }
    return null;
  }

  /** Whether a single port is free in a family. */
  isFree(family: PortFamily, port: number): boolean {
    return this.clash(family, port, []) === null;
  }
}
