import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyInventory, type Inventory, type Listener } from '../../../../shared/model/inventory';
import { makeListener } from '../../../../shared/validation/fixtures';
import { buildListenerRows, sortListeners, type SortState } from './filters';
import { afterPaint, ListenerIndex, listenerIndex, peekListenerIndex, prepareListenerIndex, type Scheduler } from './listener-index';

function listener(i: number, over: Partial<Listener> = {}): Listener {
  return makeListener({
    id: `l-${i}`,
    name: `svc-${(i * 7) % 10}`,
    loadBalancerId: i % 2 ? 'lb-1' : 'lb-2',
    protocol: i % 3 ? 'TCP' : 'udp',
    port: 1000 + ((i * 13) % 50),
    ...over,
  });
}

function inventory(n: number): Inventory {
  return { ...emptyInventory('acc', 'sandbox-1'), listeners: Array.from({ length: n }, (_, i) => listener(i)) };
}

const byName: SortState = { key: 'name', dir: 'asc' };
const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id);

/** A scheduler that only queues; the test runs the tasks one by one. */
function manualScheduler(): { schedule: Scheduler; queue: Array<() => void>; runNext: () => void } {
  const queue: Array<() => void> = [];
  return {
    queue,
    schedule: (task) => {
      queue.push(task);
      return () => {
        const at = queue.indexOf(task);
        if (at >= 0) queue.splice(at, 1);
      };
    },
    runNext: () => queue.shift()?.(),
  };
}

describe('listenerIndex', () => {
  it('builds the rows of an inventory once and hands back the same index afterwards', () => {
    const inv = inventory(20);
    expect(peekListenerIndex(inv)).toBeUndefined();
    const a = listenerIndex(inv);
    expect(peekListenerIndex(inv)).toBe(a);
    expect(listenerIndex(inv)).toBe(a);
    expect(listenerIndex(inv).rows).toBe(a.rows);
    expect(ids(a.rows)).toEqual(ids(buildListenerRows(inv)));
  });

  it('gives a new inventory object (a sync, a reload) its own rows', () => {
    const first = inventory(5);
    const second = { ...first, listeners: [...first.listeners, listener(99, { name: 'new' })] };
    expect(listenerIndex(second)).not.toBe(listenerIndex(first));
    expect(listenerIndex(first).rows).toHaveLength(5);
    expect(listenerIndex(second).rows.map((r) => r.name)).toContain('new');
  });

  it('computes each sort order once, equal to sortListeners', () => {
    const inv = inventory(40);
    const index = listenerIndex(inv);
    expect(index.hasSorted(byName)).toBe(false);
    const asc = index.sorted(byName);
    expect(index.hasSorted(byName)).toBe(true);
    expect(index.sorted({ key: 'name', dir: 'asc' })).toBe(asc);
    expect(ids(asc)).toEqual(ids(sortListeners(index.rows, byName)));
    const desc = index.sorted({ key: 'name', dir: 'desc' });
    expect(desc).not.toBe(asc);
    expect(ids(desc)).toEqual(ids(sortListeners(index.rows, { key: 'name', dir: 'desc' })));
    const ports = index.sorted({ key: 'port', dir: 'asc' });
    for (let i = 1; i < ports.length; i++) expect(ports[i - 1]!.portSort! <= ports[i]!.portSort!).toBe(true);
  });

  it('lists the protocols present, upper-cased and sorted', () => {
    expect(listenerIndex(inventory(6)).protocols).toEqual(['TCP', 'UDP']);
    expect(new ListenerIndex(inventory(0)).protocols).toEqual([]);
  });
});

describe('prepareListenerIndex', () => {
  it('builds the rows in one scheduled step and the sort order in the next', () => {
    const inv = inventory(30);
    const s = manualScheduler();
    prepareListenerIndex(inv, byName, s.schedule);
    expect(peekListenerIndex(inv)).toBeUndefined();
    expect(s.queue).toHaveLength(1);
    s.runNext();
    const index = peekListenerIndex(inv)!;
    expect(index).toBeDefined();
    expect(index.hasSorted(byName)).toBe(false);
    expect(s.queue).toHaveLength(1);
    s.runNext();
    expect(index.hasSorted(byName)).toBe(true);
    expect(s.queue).toHaveLength(0);
  });

  it('schedules nothing when the rows and the order are ready', () => {
    const inv = inventory(3);
    listenerIndex(inv).sorted(byName);
    const s = manualScheduler();
    prepareListenerIndex(inv, byName, s.schedule);
    expect(s.queue).toHaveLength(0);
  });

  it('only sorts when the rows were built on the page meanwhile', () => {
    const inv = inventory(8);
    const s = manualScheduler();
    prepareListenerIndex(inv, { key: 'port', dir: 'desc' }, s.schedule);
    const built = listenerIndex(inv);
    s.runNext();
    expect(peekListenerIndex(inv)).toBe(built);
    expect(built.hasSorted({ key: 'port', dir: 'desc' })).toBe(true);
    expect(s.queue).toHaveLength(0);
  });

  it('stops when cancelled, between steps too', () => {
    const inv = inventory(8);
    const s = manualScheduler();
    const cancel = prepareListenerIndex(inv, byName, s.schedule);
    cancel();
    expect(s.queue).toHaveLength(0);
    expect(peekListenerIndex(inv)).toBeUndefined();

    const other = inventory(8);
    const cancelOther = prepareListenerIndex(other, byName, s.schedule);
    s.runNext();
    cancelOther();
    expect(s.queue).toHaveLength(0);
    expect(peekListenerIndex(other)!.hasSorted(byName)).toBe(false);
  });

  it('runs `then` in one more step once the rows and the order are ready, once', () => {
    const inv = inventory(12);
    const s = manualScheduler();
    const then = vi.fn(() => {
      expect(peekListenerIndex(inv)!.hasSorted(byName)).toBe(true);
    });
    prepareListenerIndex(inv, byName, s.schedule, then);
    s.runNext();
    s.runNext();
    expect(then).not.toHaveBeenCalled();
    expect(s.queue).toHaveLength(1);
    s.runNext();
    expect(then).toHaveBeenCalledTimes(1);
    expect(s.queue).toHaveLength(0);
  });

  it('runs `then` in a step of its own when everything is ready already, unless cancelled', () => {
    const inv = inventory(3);
    listenerIndex(inv).sorted(byName);
    const s = manualScheduler();
    const then = vi.fn();
    prepareListenerIndex(inv, byName, s.schedule, then);
    expect(then).not.toHaveBeenCalled();
    s.runNext();
    expect(then).toHaveBeenCalledTimes(1);

    const cancel = prepareListenerIndex(inv, byName, s.schedule, then);
    cancel();
    expect(s.queue).toHaveLength(0);
    expect(then).toHaveBeenCalledTimes(1);
  });
});

describe('afterPaint', () => {
  /** Fake timers, and animation frames every 16 ms on them. */
  function fakeFrames(): void {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
    vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('runs the first task after the next frame, later ones in tasks of their own', () => {
    fakeFrames();
    const schedule = afterPaint();
    const done: string[] = [];
    schedule(() => done.push('first'));
    vi.advanceTimersByTime(1);
    expect(done).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(done).toEqual(['first']);
    schedule(() => done.push('second'));
    vi.advanceTimersByTime(1);
    expect(done).toEqual(['first', 'second']);
  });

  it('can be cancelled before the frame and before the task', () => {
    fakeFrames();
    const schedule = afterPaint();
    const task = vi.fn();
    schedule(task)();
    vi.advanceTimersByTime(50);
    expect(task).not.toHaveBeenCalled();
    schedule(() => undefined);
    vi.advanceTimersByTime(20);
    schedule(task)();
    vi.advanceTimersByTime(50);
    expect(task).not.toHaveBeenCalled();
  });
});

