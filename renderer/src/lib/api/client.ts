/**
 * The renderer's only door to main: typed calls over the contract. In Electron it uses the preload's
 * `window.api`; in browser mode it POSTs to the local host with the per-run token. Payloads are snapshotted
 * (plain data) before they leave, so Svelte proxies never cross the boundary.
 */
import type { Channel, EventName, EventPayload, Req, Res } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/ipc/result';

interface Bridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

const TOKEN_KEY = 'elb-desk-token';

/**
 * The host token. The `?token=` of the printed URL is read on the first load only and removed from the address bar
 * and the history entry at once (`history.replaceState`); it is then kept in this tab's sessionStorage (bound to this
 * origin, port included), so a reload works without it. A tab with neither gets the host's one-line "open the printed
 * URL again" error. Writing the storage waits for a task, so the first request goes out before the renderer's first,
 * cold, storage access.
 */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    setTimeout(() => {
      try {
        sessionStorage.setItem(TOKEN_KEY, fromUrl);
      } catch {
        /* storage unavailable: a reload will need the printed URL again */
      }
    }, 0);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Waits before opening the event stream again after it dropped (ms, doubled up to the cap). */
const EVENTS_RETRY_MS = 500;
const EVENTS_RETRY_CAP_MS = 10_000;

function httpBridge(): Bridge {
  const token = browserToken();
  let opened = false;
  let retryMs = EVENTS_RETRY_MS;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reopen = (): void => {
    setTimeout(() => void openEvents(), retryMs);
    retryMs = Math.min(retryMs * 2, EVENTS_RETRY_CAP_MS);
  };
  /** EventSource cannot send headers: each connection uses a single-use ticket obtained with the header token. */
  async function openEvents(): Promise<void> {
    let ticket: string;
    try {
      const res = await fetch('./events/ticket', { method: 'POST', headers: { 'x-elb-desk-token': token } });
      const body = (await res.json()) as Result<{ ticket: string }>;
      if (!body.ok) return; // no valid token: the calls say so; nothing to retry
      ticket = body.value.ticket;
    } catch {
      return reopen();
    }
    const source = new EventSource(`./events?ticket=${encodeURIComponent(ticket)}`);
    source.onopen = () => {
      retryMs = EVENTS_RETRY_MS;
      // Events sent while no stream was open (before the first connection, between a drop and this one) are lost:
      // tell the subscribers that drafts and the store may have changed, so they read them again (a submit resumed by
      // a restarted host can finish before the page's stream is open).
      for (const what of ['drafts', 'store'] as const) for (const cb of listeners.get('state:changed') ?? []) cb({ what });
    };
    // The browser would retry with the same (spent) ticket: close and start over with a new one instead.
    source.onerror = () => {
      source.close();
      reopen();
    };
    source.onmessage = (msg: MessageEvent<string>) => {
      try {
        const { name, payload } = JSON.parse(msg.data) as { name: string; payload: unknown };
        for (const cb of listeners.get(name) ?? []) cb(payload);
      } catch {
        /* a malformed event is dropped */
      }
    };
  }
  /**
   * Opens the stream on the first subscription, in a task of its own: the first subscriptions are made while the
   * first screen mounts, and a cold renderer's first fetch costs it ~8 ms it should not wait for.
   */
  function ensureSource(): void {
    if (opened) return;
    opened = true;
    setTimeout(() => void openEvents(), 0);
  }
  return {
    async invoke(channel, payload) {
      try {
        const res = await fetch(`./ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-elb-desk-token': token },
          body: JSON.stringify(payload ?? {}),
        });
        const text = await res.text();
        try {
          return JSON.parse(text) as Result<unknown>;
        } catch {
          return { ok: false, error: { code: 'INTERNAL', message: `The app host answered ${res.status} without a result.` } };
        }
      } catch (e) {
        return {
          ok: false,
          error: { code: 'NETWORK', message: `The ELB Desk host process cannot be reached (${(e as Error).message}). Is it still running?` },
        };
      }
    },
    on(event, cb) {
      ensureSource();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
  };
}

function pickBridge(): Bridge {
  const w = window as unknown as { api?: Bridge };
  return w.api ?? httpBridge();
}

let bridge: Bridge | null = null;
function getBridge(): Bridge {
  return (bridge ??= pickBridge());
}

/**
 * Sets the bridge up now rather than on the first call or subscription (in browser mode: the token leaves the address
 * bar). The entry does it while the app's code loads, when the page came with its first data and sends no call.
 */
export function connect(): void {
  getBridge();
}

/** Deep-copies to plain JSON data (drops Svelte proxies, functions, undefined). */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Calls one channel. Never throws: failures come back as `{ ok: false, error }`. */
export async function call<C extends Channel>(channel: C, payload: Req<C>): Promise<Result<Res<C>>> {
  return (await getBridge().invoke(channel, plain(payload))) as Result<Res<C>>;
}

/** Subscribes to a main→renderer event; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
  return getBridge().on(event, cb as (payload: unknown) => void);
}
