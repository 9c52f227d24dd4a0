/**
 * sync: every listener page from the sandbox (in its own process) through the app's client — AK/SK-signed requests,
 * marker pagination with the next page requested while the current one is normalized (`toListener`) and encoded for
 * the cache (`fetchListeners`, the sync's own code) — and written to the store (`putInventory`: the compact,
 * checksummed cache file, replaced atomically without fsync — derived data, see inventory-cache.ts).
 * Baseline, alternated with it: plain `fetch()` of the same pages (same `limit`, same markers) with the sandbox's
 * IAM token in `X-Auth-Token` (no signing), each body parsed with `res.json()`.
 */
import { createElbClient } from '../../electron/core/cloud/client';
import { fetchListeners } from '../../electron/core/services/inventory';
import { openStore } from '../../electron/core/state/store';
import { DEFAULT_AK, DEFAULT_SK } from '../../electron/sandbox';
import { emptyInventory, type Inventory } from '../../shared/model/inventory';
import { iamToken } from '../lib/env';
import { measurePair, RATIO_MARGIN, ratioRow, summarize, type ResultRow } from '../stats';

/** Alternated subject/baseline pairs by default: enough for the median ratio to agree within ±0.05 across re-runs. */
export const SYNC_PAIRS = 31;

/** The page size both sides use (the API maximum, which is also the client's default). */
export const PAGE_LIMIT = 2000;

/** Fetches every listener page with `X-Auth-Token`; returns the listener IDs in order and the page count. */
export async function rawFetchListeners(sandboxUrl: string, projectId: string, token: string, limit = PAGE_LIMIT): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let marker: string | null = null;
  let pages = 0;
  for (;;) {
    const url = `${sandboxUrl}/v3/${projectId}/elb/listeners?limit=${limit}${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`;
    const res = await fetch(url, { headers: { 'X-Auth-Token': token, 'X-Project-Id': projectId } });
    if (!res.ok) throw new Error(`raw fetch: HTTP ${res.status}`);
    const body = (await res.json()) as { listeners: Array<{ id: string }>; page_info?: { next_marker?: string } };
    pages++;
    for (const l of body.listeners) ids.push(l.id);
    marker = body.page_info?.next_marker ?? null;
    if (!marker || body.listeners.length < limit) break;
  }
  return { ids, pages };
}

/**
 * A store and a client for one sandbox; `run()` syncs the listeners into the store and returns them, with the time
 * spent fetching + normalizing and the time of the store write.
 */
export async function openSyncSubject(sandboxUrl: string, projectId: string, dataDir: string) {
  const store = await openStore({ dir: dataDir });
  const client = createElbClient({
    endpoint: sandboxUrl,
    region: 'sandbox-1',
    projectId,
    credentials: async () => ({ ak: DEFAULT_AK, sk: DEFAULT_SK }),
  });
  return {
    async run(): Promise<{ inv: Inventory; fetchMs: number; storeMs: number }> {
      const t0 = performance.now();
      const inv: Inventory = { ...emptyInventory('bench-account', 'sandbox-1'), syncedAt: {} };
      const fetched = await fetchListeners(client, undefined, PAGE_LIMIT);
      inv.listeners = fetched.listeners;
      inv.syncedAt.listeners = new Date().toISOString();
      const t1 = performance.now();
      await store.putInventory(inv, { listeners: fetched.encoded });
      return { inv, fetchMs: t1 - t0, storeMs: performance.now() - t1 };
    },
    store,
    async close(): Promise<void> {
      await client.close();
      await store.close();
    },
  };
}

/** Measures `sync` against a running sandbox with `expected` listeners in sandbox-1. */
export async function measureSync(sandbox: { url: string; projectId: string }, dataDir: string, o: { runs?: number; expected?: number } = {}): Promise<ResultRow> {
  const subject = await openSyncSubject(sandbox.url, sandbox.projectId, dataDir);
  try {
    const token = await iamToken(sandbox.url);
    // Same pages on both sides, checked once before timing.
    const first = (await subject.run()).inv;
    const raw = await rawFetchListeners(sandbox.url, sandbox.projectId, token);
    if (raw.ids.length !== first.listeners.length || raw.ids.some((id, i) => first.listeners[i]?.id !== id)) {
      throw new Error(`the raw fetch saw ${raw.ids.length} listeners, the client ${first.listeners.length}`);
    }
    if (o.expected !== undefined && raw.ids.length < o.expected) throw new Error(`only ${raw.ids.length} listeners in the sandbox`);
    const parts: Array<{ fetchMs: number; storeMs: number }> = [];
    const { subject: s, baseline: b, ratios } = await measurePair(
      async () => {
        const t0 = performance.now();
        const r = await subject.run();
        const ms = performance.now() - t0;
        parts.push(r);
        return ms;
      },
      async () => {
        const t0 = performance.now();
        await rawFetchListeners(sandbox.url, sandbox.projectId, token);
        return performance.now() - t0;
      },
      o.runs ?? SYNC_PAIRS,
      1,
    );
    const measured = parts.slice(1);
    const fetchMs = summarize(measured.map((p) => p.fetchMs)).median;
    const storeMs = summarize(measured.map((p) => p.storeMs)).median;
    return ratioRow(
      'sync',
      'ms',
      s,
      b,
      1.2,
      `${raw.ids.length.toLocaleString('en')} listeners in ${raw.pages} pages of ${PAGE_LIMIT}; subject = the app's fetchListeners (createElbClient, AK/SK signed; the next page is requested while the current one is normalized with toListener and encoded for the cache) → store.putInventory (compact checksummed cache, atomic, no fsync: derived data; only joins the encoded pages); ` +
        'baseline = fetch() + res.json() of the same pages one after another with the sandbox IAM token (X-Auth-Token, from POST /v3/auth/tokens), unsigned; sandbox in its own process; runs alternated; ' +
        `subject medians: fetch + normalize ${fetchMs.toFixed(0)} ms, putInventory ${storeMs.toFixed(0)} ms; ` +
        `ratio = median of ${ratios.length} per-pair ratios (IQR in the table), pass = median + ${RATIO_MARGIN} ≤ target`,
      { ratios },
    );
  } finally {
    await subject.close();
  }
}
