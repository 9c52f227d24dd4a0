/**
 * The drafts list never misses a status change that happens while it loads: main's events are subscribed before the
 * first read, and when reads overlap only the reply to the latest one (sent after the change) is shown.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftSummary } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/ipc/result';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
const order: string[] = [];
const draftReads: Array<(r: Result<DraftSummary[]>) => void> = [];

vi.mock('../api/client', () => ({
  call: (channel: string): Promise<Result<unknown>> => {
    order.push(`call ${channel}`);
    if (channel === 'drafts:list') return new Promise((resolve) => draftReads.push(resolve as (r: Result<DraftSummary[]>) => void));
    if (channel === 'accounts:list') return Promise.resolve({ ok: true, value: [] });
    if (channel === 'store:status') return Promise.resolve({ ok: true, value: { state: 'ok', backups: [], quarantined: [], message: null } });
    return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } });
  },
  on: (event: string, cb: Handler): (() => void) => {
    order.push(`on ${event}`);
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  },
}));

const { AppState } = await import('./app-state.svelte');

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const summary = (status: DraftSummary['status']) => [{ id: 'd1', status }] as unknown as DraftSummary[];

describe('AppState drafts list and status events', () => {
  beforeEach(() => {
    handlers.clear();
    order.length = 0;
    draftReads.length = 0;
  });

  it('subscribes to state:changed before the first drafts read', () => {
    const app = new AppState();
    app.start();
    expect(order.indexOf('on state:changed')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('on state:changed')).toBeLessThan(order.indexOf('call drafts:list'));
  });

  it('a status change during the first load wins even when the first reply comes back last', async () => {
    const app = new AppState();
    app.start();
    expect(draftReads).toHaveLength(1);
    // The submit ends while the first read is in flight: main emits drafts changed; a second read goes out.
    for (const cb of handlers.get('state:changed') ?? []) cb({ what: 'drafts' });
    expect(draftReads).toHaveLength(2);
    draftReads[1]!({ ok: true, value: summary('submitted') });
    await settle();
    expect(app.drafts.map((d) => d.status)).toEqual(['submitted']);
    // The first read's reply (taken before the change) arrives late: it must not bring "Submitting" back.
    draftReads[0]!({ ok: true, value: summary('submitting') });
    await settle();
    expect(app.drafts.map((d) => d.status)).toEqual(['submitted']);
    expect(app.draftsLoaded).toBe(true);
  });
});
