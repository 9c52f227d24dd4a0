import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in EventSource: the test opens it and sends messages by hand. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((msg: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close(): void {}
}

describe('browser-mode event stream', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    FakeEventSource.last = null;
  });

  it('tells subscribers to re-read drafts and the store when the stream opens: events sent before it are lost', async () => {
    vi.stubGlobal('window', { location: { href: 'http://127.0.0.1:1234/?token=tok' }, history: { state: null, replaceState: () => undefined } });
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined });
    const fetchMock = vi.fn(async () => ({ json: async () => ({ ok: true, value: { ticket: 'ticket-1' } }) }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('EventSource', FakeEventSource);
    const { on } = await import('./client');

    const seen: string[] = [];
    on('state:changed', (p) => seen.push(p.what));
    await vi.waitFor(() => expect(FakeEventSource.last).not.toBeNull());
    // The ticket came with the header token; the stream carries only the single-use ticket.
    expect(fetchMock).toHaveBeenCalledWith('./events/ticket', { method: 'POST', headers: { 'x-elb-desk-token': 'tok' } });
    expect(FakeEventSource.last!.url).toBe('./events?ticket=ticket-1');
    expect(seen).toEqual([]);

    FakeEventSource.last!.onopen!();
    expect(seen).toEqual(['drafts', 'store']);
    FakeEventSource.last!.onmessage!({ data: JSON.stringify({ name: 'state:changed', payload: { what: 'accounts' } }) });
    expect(seen).toEqual(['drafts', 'store', 'accounts']);
  });
});
