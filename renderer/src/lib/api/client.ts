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
 * The host token: from the URL on first load (then kept in sessionStorage for reloads and removed from the
 * address), else from sessionStorage. Keeping and removing it waits for a task, so the first request goes out
 * before the renderer's first, cold, storage access.
 */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    setTimeout(() => {
      try {
        sessionStorage.setItem(TOKEN_KEY, fromUrl);
      } catch {
        /* storage unavailable: a reload will need the token in the URL again */
      }
      const now = new URL(window.location.href);
      now.searchParams.delete('token');
      window.history.replaceState(null, '', now.pathname + now.search + now.hash);
    }, 0);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): Bridge {
  const token = browserToken();
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  function ensureSource(): void {
    if (source) return;
    source = new EventSource(`./events?token=${encodeURIComponent(token)}`);
    source.onmessage = (msg: MessageEvent<string>) => {
      try {
        const { name, payload } = JSON.parse(msg.data) as { name: string; payload: unknown };
        for (const cb of listeners.get(name) ?? []) cb(payload);
      } catch {
        /* a malformed event is dropped */
      }
    };
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
