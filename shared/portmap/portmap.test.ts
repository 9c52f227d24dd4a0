import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeListener } from '../validation/fixtures';
import {
  bucketCount,
  bucketOf,
  bucketRuns,
  draftSpans,
  familyOf,
  freeGaps,
  listenerSpans,
  mergeIntervals,
  PortMapIndex,
  portsFromLabel,
  windowEntries,
  zoomWindow,
  ZOOM_SIZES,
  type PortSpan,
} from './index';

const listener = (id: string, protocol: string, port: number | null, portRanges: { start: number; end: number }[] = [], lb = 'lb-1') =>
  makeListener({ id, name: `n-${id}`, protocol, port, portRanges, loadBalancerId: lb });

describe('families and spans', () => {
  it('TCP/HTTP/HTTPS share one space, UDP/QUIC another; other protocols hold none', () => {
    expect(['TCP', 'http', 'HTTPS', 'TERMINATED_HTTPS'].map(familyOf)).toEqual(['tcp', 'tcp', 'tcp', 'tcp']);
    expect(['UDP', 'quic'].map(familyOf)).toEqual(['udp', 'udp']);
    expect(familyOf('IP')).toBeNull();
  });

  it('takes ports and ranges of one LB only, and skips invalid ones', () => {
    const spans = listenerSpans(
      [
        listener('a', 'TCP', 80),
        listener('b', 'UDP', 53),
        listener('c', 'TCP', null, [{ start: 1000, end: 2000 }, { start: 5, end: 4 }, { start: 0, end: 3 }]),
        listener('d', 'TCP', 443, [], 'lb-2'),
        listener('e', 'TCP', 65536),
      ],
      'lb-1',
    );
    expect(spans.map((s) => [s.owner.id, s.family, s.start, s.end])).toEqual([
      ['a', 'tcp', 80, 80],
      ['b', 'udp', 53, 53],
      ['c', 'tcp', 1000, 2000],
    ]);
  });

  it('draft spans: the single port, or the complete ranges, at the limits 1 and 65535', () => {
    const owner = { kind: 'current' as const, id: 'd1', name: 'mine' };
    expect(draftSpans({ portMode: 'single', port: 65535, portRanges: [] }, owner)).toEqual([{ start: 65535, end: 65535, family: 'tcp', owner: { ...owner, protocol: 'TCP' } }]);
    expect(draftSpans({ portMode: 'single', port: null, portRanges: [] }, owner)).toEqual([]);
    expect(draftSpans({ portMode: 'single', port: 65536, portRanges: [] }, owner)).toEqual([]);
    const ranges = draftSpans({ portMode: 'ranges', port: 80, portRanges: [{ start: 1, end: 10 }, { start: null, end: 5 }, { start: 20, end: 65535 }] }, owner);
    expect(ranges.map((s) => [s.start, s.end])).toEqual([
      [1, 10],
      [20, 65535],
    ]);
  });

  it('reads the drafts list port label', () => {
    expect(portsFromLabel('8080')).toEqual([{ start: 8080, end: 8080 }]);
    expect(portsFromLabel('1000–2000, 3000–3100')).toEqual([
      { start: 1000, end: 2000 },
      { start: 3000, end: 3100 },
    ]);
    expect(portsFromLabel('—')).toEqual([]);
    expect(portsFromLabel('?–20, 30–?, 1–65535')).toEqual([{ start: 1, end: 65535 }]);
  });
});

describe('merged spans and free gaps', () => {
  it('merges overlapping and adjacent spans; gaps are what is left', () => {
    const merged = mergeIntervals([
      { start: 10, end: 20 },
      { start: 21, end: 21 },
      { start: 15, end: 18 },
      { start: 30, end: 40 },
    ]);
    expect(merged).toEqual([
      { start: 10, end: 21 },
      { start: 30, end: 40 },
    ]);
    expect(freeGaps(merged)).toEqual([
      { start: 1, end: 9 },
      { start: 22, end: 29 },
      { start: 41, end: 65535 },
    ]);
    expect(freeGaps([{ start: 1, end: 65535 }])).toEqual([]);
    expect(freeGaps([])).toEqual([{ start: 1, end: 65535 }]);
  });

  it('property: used and free partition 1–65535', () => {
    const span = fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 3000 })).map(([s, len]) => ({ start: s, end: Math.min(65535, s + len) }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 60 }), (spans) => {
        const used = mergeIntervals(spans);
        const gaps = freeGaps(used);
        const all = [...used, ...gaps].sort((a, b) => a.start - b.start);
        let next = 1;
        for (const g of all) {
          expect(g.start).toBe(next);
          expect(g.end).toBeGreaterThanOrEqual(g.start);
          next = g.end + 1;
        }
        expect(next).toBe(65536);
        for (const s of spans) expect(used.some((u) => u.start <= s.start && s.end <= u.end)).toBe(true);
      }),
    );
  });
});

describe('PortMapIndex', () => {
  const spans: PortSpan[] = [
    ...listenerSpans([listener('a', 'TCP', 80), listener('r', 'TCP', null, [{ start: 8000, end: 8100 }]), listener('u', 'UDP', 8080)], 'lb-1'),
    ...draftSpans({ portMode: 'single', port: 9000, portRanges: [] }, { kind: 'draft', id: 'other', name: 'Other draft' }),
    ...draftSpans({ portMode: 'ranges', port: null, portRanges: [{ start: 8050, end: 9000 }] }, { kind: 'current', id: 'me', name: 'Me' }),
  ];
  const idx = new PortMapIndex(spans);

  it('says who holds a port, per family', () => {
    expect(idx.at('tcp', 8080).map((s) => s.owner.id)).toEqual(['r', 'me']);
    expect(idx.at('udp', 8080).map((s) => s.owner.id)).toEqual(['u']);
    expect(idx.at('tcp', 81)).toEqual([]);
  });

  it('free gaps ignore the draft itself but not other drafts; UDP is separate', () => {
    expect(idx.gaps('tcp')).toEqual([
      { start: 1, end: 79 },
      { start: 81, end: 7999 },
      { start: 8101, end: 8999 },
      { start: 9001, end: 65535 },
    ]);
    expect(idx.gapAt('tcp', 8500)).toEqual({ start: 8101, end: 8999 });
    expect(idx.gapAt('tcp', 80)).toBeNull();
    expect(idx.gaps('udp')).toEqual([
      { start: 1, end: 8079 },
      { start: 8081, end: 65535 },
    ]);
  });

  it('explains clashes: which listener or draft, which ports overlap (UDP never clashes with TCP)', () => {
    expect(idx.clashes().map((c) => [c.other.owner.kind, c.other.owner.id, c.overlap.start, c.overlap.end])).toEqual([
      ['listener', 'r', 8050, 8100],
      ['draft', 'other', 9000, 9000],
    ]);
  });

  it('overlapping() agrees with a scan (property)', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 50 })), { maxLength: 80 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 100 }), (raw, a, len) => {
        const ss: PortSpan[] = raw.map(([s, l], i) => ({ start: s, end: s + l, family: 'tcp', owner: { kind: 'listener', id: String(i), name: '', protocol: 'TCP' } }));
        const ix = new PortMapIndex(ss);
        const got = ix.overlapping('tcp', a, a + len).map((s) => s.owner.id).sort();
        const want = ss.filter((s) => s.end >= a && s.start <= a + len).map((s) => s.owner.id).sort();
        expect(got).toEqual(want);
      }),
    );
  });
});

describe('zoom windows and buckets', () => {
  it('windows stay inside 1–65535 at every level, down to 64 single ports', () => {
    expect(zoomWindow(0, 30000)).toEqual({ from: 1, to: 65535 });
    expect(zoomWindow(5, 1)).toEqual({ from: 1, to: 64 });
    expect(zoomWindow(5, 65535)).toEqual({ from: 65472, to: 65535 });
    expect(zoomWindow(5, 1000)).toEqual({ from: 968, to: 1031 });
    expect(ZOOM_SIZES[ZOOM_SIZES.length - 1]).toBe(64);
    expect(bucketCount(zoomWindow(5, 1000), 512)).toBe(64);
    expect(bucketCount(zoomWindow(0, 1), 512)).toBe(512);
    expect(bucketOf({ from: 1, to: 65535 }, 512, 65535)).toBe(511);
  });

  it('runs cover the window without gaps; the most important holder wins a bucket', () => {
    const idx = new PortMapIndex([
      ...listenerSpans([listener('a', 'TCP', 10), listener('b', 'TCP', 20)], 'lb-1'),
      ...draftSpans({ portMode: 'single', port: 20, portRanges: [] }, { kind: 'current', id: 'me', name: 'Me' }),
    ]);
    const win = zoomWindow(5, 1);
    const runs = bucketRuns(idx, 'tcp', win, 512, idx.clashes());
    expect(runs.filter((r) => r.kind !== 'free').map((r) => [r.kind, r.start, r.end])).toEqual([
      ['listener', 10, 10],
      ['clash', 20, 20],
    ]);
    let next = win.from;
    for (const r of runs) {
      expect(r.start).toBe(next);
      next = r.end + 1;
    }
    expect(next).toBe(win.to + 1);
  });

  it('10,000 listeners: index, runs and the text list of a window are fast', () => {
    const ls = Array.from({ length: 10_000 }, (_, i) => listener(`l${i}`, i % 4 === 3 ? 'UDP' : 'TCP', 20000 + i));
    const t0 = performance.now();
    const idx = new PortMapIndex(listenerSpans(ls, 'lb-1'));
    const runs = bucketRuns(idx, 'tcp', zoomWindow(0, 1), 512, []);
    const list = windowEntries(idx, 'tcp', zoomWindow(3, 25000), 200);
    const ms = performance.now() - t0;
    expect(runs.length).toBeLessThan(10);
    expect(list.entries.length).toBe(200);
    expect(list.more).toBeGreaterThan(0);
    expect(ms).toBeLessThan(100);
  });

  it('the text list of a window: held spans and free gaps in port order, gaps whole', () => {
    const idx = new PortMapIndex(listenerSpans([listener('a', 'TCP', 10), listener('b', 'TCP', null, [{ start: 60, end: 100 }])], 'lb-1'));
    const { entries, more } = windowEntries(idx, 'tcp', { from: 1, to: 64 }, 10);
    expect(windowEntries(idx, 'tcp', { from: 101, to: 164 }, 10).entries).toEqual([{ kind: 'gap', gap: { start: 101, end: 65535 } }]);
    expect(entries.map((e) => (e.kind === 'gap' ? ['gap', e.gap.start, e.gap.end] : [e.span.owner.id, e.span.start, e.span.end]))).toEqual([
      ['gap', 1, 9],
      ['a', 10, 10],
      ['gap', 11, 59],
      ['b', 60, 100],
    ]);
    expect(more).toBe(0);
  });
});
