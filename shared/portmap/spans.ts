/**
 * The port map's data: the ports of one load balancer (1–65535) by protocol family — TCP, HTTP and HTTPS share one
 * space, UDP and QUIC another (elb-v3-api.md §4) — held by its cached listeners, by the draft being edited and by
 * other drafts aimed at the same load balancer; merged used spans, free gaps, who holds a port, and clashes.
 * Pure and DOM-free: the renderer draws it, the tests check it.
 */
import type { Listener } from '../model/inventory';

export const PORT_MIN = 1;
export const PORT_MAX = 65535;

/** The two port spaces of a load balancer. */
export type PortFamily = 'tcp' | 'udp';
export const PORT_FAMILIES: readonly PortFamily[] = ['tcp', 'udp'];

const TCP_FAMILY = new Set(['TCP', 'HTTP', 'HTTPS', 'TERMINATED_HTTPS']);
const UDP_FAMILY = new Set(['UDP', 'QUIC']);

/** The port space of a listener protocol, or null for a protocol that holds no port. */
export function familyOf(protocol: string): PortFamily | null {
  const p = protocol.toUpperCase();
  if (TCP_FAMILY.has(p)) return 'tcp';
  if (UDP_FAMILY.has(p)) return 'udp';
  return null;
}

/** Who holds a span: a cached listener, the draft being edited, or another draft for the same load balancer. */
export type SpanOwner =
  | { kind: 'listener'; id: string; name: string; protocol: string }
  | { kind: 'draft'; id: string; name: string; protocol: string }
  | { kind: 'current'; id: string; name: string; protocol: string };
export type OwnerKind = SpanOwner['kind'];

/** One port (start = end) or range held by one owner. */
export interface PortSpan {
  start: number;
  end: number;
  family: PortFamily;
  owner: SpanOwner;
}

/** A span of free ports (both ends included). */
export interface Gap {
  start: number;
  end: number;
}

function validSpan(start: number | null, end: number | null): boolean {
  return start !== null && end !== null && Number.isInteger(start) && Number.isInteger(end) && start >= PORT_MIN && end <= PORT_MAX && start <= end;
}

/** The spans of the cached listeners of one load balancer (ports and port ranges; other LBs ignored). */
export function listenerSpans(listeners: readonly Listener[], loadBalancerId: string): PortSpan[] {
  const out: PortSpan[] = [];
  for (const l of listeners) {
    if (l.loadBalancerId !== loadBalancerId) continue;
    const family = familyOf(l.protocol);
    if (!family) continue;
    const owner: SpanOwner = { kind: 'listener', id: l.id, name: l.name, protocol: l.protocol.toUpperCase() };
    if (l.port !== null && validSpan(l.port, l.port)) out.push({ start: l.port, end: l.port, family, owner });
    for (const r of l.portRanges) if (validSpan(r.start, r.end)) out.push({ start: r.start, end: r.end, family, owner });
  }
  return out;
}

/** The ports of a draft's listener step (single port or ranges), the way the wizard holds them. */
export interface DraftPorts {
  portMode: 'single' | 'ranges';
  port: number | null;
  portRanges: readonly { start: number | null; end: number | null }[];
}

/** The spans of a TCP draft (the product only drafts TCP listeners); incomplete or invalid ports are left out. */
export function draftSpans(ports: DraftPorts, owner: { kind: 'draft' | 'current'; id: string; name: string }): PortSpan[] {
  const o: SpanOwner = { ...owner, protocol: 'TCP' };
  if (ports.portMode === 'single') return validSpan(ports.port, ports.port) ? [{ start: ports.port!, end: ports.port!, family: 'tcp', owner: o }] : [];
  return ports.portRanges.filter((r) => validSpan(r.start, r.end)).map((r) => ({ start: r.start!, end: r.end!, family: 'tcp' as const, owner: o }));
}

const LABEL_PART = /^(\d+)(?:\s*[–-]\s*(\d+))?$/;

/**
 * The ports of a draft from the drafts list's port label ("8080", or "1000–2000, 3000–3100"; "—" or "?" when
 * unset). Parts that are not a complete port or range are skipped.
 */
export function portsFromLabel(label: string): Gap[] {
  const out: Gap[] = [];
  for (const part of label.split(',')) {
    const m = LABEL_PART.exec(part.trim());
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    if (validSpan(start, end)) out.push({ start, end });
  }
  return out;
}

/** Sorted, merged copy of the spans' port intervals (overlapping or adjacent ones joined). */
export function mergeIntervals(spans: readonly { start: number; end: number }[]): Gap[] {
  const sorted = spans.map((s) => ({ start: s.start, end: s.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Gap[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

/** The free gaps of 1–65535 left by the merged used intervals. */
export function freeGaps(used: readonly Gap[], min = PORT_MIN, max = PORT_MAX): Gap[] {
  const out: Gap[] = [];
  let next = min;
  for (const u of used) {
    if (u.end < min || u.start > max) continue;
    if (u.start > next) out.push({ start: next, end: Math.min(u.start - 1, max) });
    next = Math.max(next, u.end + 1);
  }
  if (next <= max) out.push({ start: next, end: max });
  return out;
}

/** An overlap between a port or range of the draft and one held by someone else. */
export interface Clash {
  /** The draft's port or range. */
  mine: Gap;
  /** The other owner's span. */
  other: PortSpan;
  /** The ports both hold. */
  overlap: Gap;
}

/**
 * The index of one load balancer's port map: every span sorted by start, with a running maximum of ends so "who
 * holds port p" and "what overlaps [a, b]" stop early (O(log n + hits) for the usual disjoint ports).
 */
export class PortMapIndex {
  /** Every span, by family, sorted by start. */
  readonly spans: Record<PortFamily, PortSpan[]>;
  private readonly maxEnd: Record<PortFamily, number[]>;
  private readonly cache = new Map<string, Gap[]>();

  constructor(spans: readonly PortSpan[]) {
    this.spans = { tcp: [], udp: [] };
    for (const s of spans) this.spans[s.family].push(s);
    this.maxEnd = { tcp: [], udp: [] };
    for (const f of PORT_FAMILIES) {
      this.spans[f].sort((a, b) => a.start - b.start || a.end - b.end);
      let max = 0;
      this.maxEnd[f] = this.spans[f].map((s) => (max = Math.max(max, s.end)));
    }
  }

  /** Spans of the family that overlap [start, end], lowest start first. */
  overlapping(family: PortFamily, start: number, end: number): PortSpan[] {
    const spans = this.spans[family];
    const maxEnd = this.maxEnd[family];
    let lo = 0;
    let hi = spans.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start <= end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const out: PortSpan[] = [];
    for (let i = last; i >= 0 && maxEnd[i]! >= start; i--) if (spans[i]!.end >= start) out.push(spans[i]!);
    return out.reverse();
  }

  /** Who holds the port (every owner, lowest start first). */
  at(family: PortFamily, port: number): PortSpan[] {
    return this.overlapping(family, port, port);
  }

  /** Merged intervals of the family held by the owners of the given kinds. */
  used(family: PortFamily, kinds: readonly OwnerKind[]): Gap[] {
    const key = `${family}:${kinds.join(',')}`;
    let merged = this.cache.get(key);
    if (!merged) {
      merged = mergeIntervals(this.spans[family].filter((s) => kinds.includes(s.owner.kind)));
      this.cache.set(key, merged);
    }
    return merged;
  }

  /** Free gaps for a new port of the family: ports no listener or other draft holds (the draft's own ports count as free). */
  gaps(family: PortFamily): Gap[] {
    const key = `gaps:${family}`;
    let gaps = this.cache.get(key);
    if (!gaps) {
      gaps = freeGaps(this.used(family, ['listener', 'draft']));
      this.cache.set(key, gaps);
    }
    return gaps;
  }

  /** The free gap containing the port, or null when the port is held. */
  gapAt(family: PortFamily, port: number): Gap | null {
    return this.gaps(family).find((g) => g.start <= port && port <= g.end) ?? null;
  }

  /** Every overlap of the current draft's spans with a listener or another draft. */
  clashes(): Clash[] {
    const out: Clash[] = [];
    for (const f of PORT_FAMILIES) {
      for (const mine of this.spans[f]) {
        if (mine.owner.kind !== 'current') continue;
        for (const other of this.overlapping(f, mine.start, mine.end)) {
          if (other.owner.kind === 'current') continue;
          out.push({
            mine: { start: mine.start, end: mine.end },
            other,
            overlap: { start: Math.max(mine.start, other.start), end: Math.min(mine.end, other.end) },
          });
        }
      }
    }
    return out;
  }
}
