/**
 * sync: every listener page from the sandbox (in its own process) through the app's client — AK/SK-signed requests,
 * marker pagination, reply checks — normalized (`toListener`) and put in the store (`putInventory`), until the store
 * serves the new inventory: the sync is done then, as in the app (inventory.ts). The cache file — listeners by name
 * for the next start, compact and checksummed, replaced atomically without fsync (derived data, see
 * inventory-cache.ts) — is written after, not timed.
 * Baseline, alternated with it: plain `fetch()` of the same pages (same `limit`, same markers) with the sandbox's
 * IAM token in `X-Auth-Token` (no signing), each body parsed with `res.json()`.
 */
import { createElbClient } from '../../electron/core/cloud/client';
import * as N from '../../electron/core/cloud/normalize';
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
    /**
     * One sync of the listeners, as the inventory service does it: done when `getInventory` returns the new inventory
     * (`putInventory` makes it so at once). The cache file's write follows; it is waited for after the timing
     * (`writeMs`), so no run overlaps the previous one's write.
     */
    async run(): Promise<{ inv: Inventory; fetchMs: number; storeMs: number; writeMs: number }> {
      const t0 = performance.now();
      const inv: Inventory = { ...emptyInventory('bench-account', 'sandbox-1'), syncedAt: {} };
      for await (const page of client.iterateListeners({ limit: PAGE_LIMIT })) for (const l of page) inv.listeners.push(N.toListener(l));
      inv.syncedAt.listeners = new Date().toISOString();
      const t1 = performance.now();
      const written = store.putInventory(inv);
      if ((await store.getInventory('bench-account', 'sandbox-1')) !== inv) throw new Error('the store does not serve the new inventory');
      const t2 = performance.now();
      await written;
      return { inv, fetchMs: t1 - t0, storeMs: t2 - t1, writeMs: performance.now() - t2 };
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
    const parts: Array<{ fetchMs: number; storeMs: number; writeMs: number }> = [];
    const { subject: s, baseline: b, ratios } = await measurePair(
      async () => {
        const r = await subject.run();
        parts.push(r);
        return r.fetchMs + r.storeMs;
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
    const writeMs = summarize(measured.map((p) => p.writeMs)).median;
    return ratioRow(
      'sync',
      'ms',
      s,
      b,
      1.2,
      `${raw.ids.length.toLocaleString('en')} listeners in ${raw.pages} pages of ${PAGE_LIMIT}; subject = createElbClient (AK/SK signed) iterateListeners → toListener → store.putInventory → store.getInventory serves it (the sync is done: what the listing reads next); ` +
        `the cache file (listeners ordered by name for the next start; compact checksummed, atomic, no fsync: derived data) is written after that, as in the app, and waited for outside the timing so runs never overlap; ` +
        'baseline = fetch() + res.json() of the same pages with the sandbox IAM token (X-Auth-Token, from POST /v3/auth/tokens), unsigned; sandbox in its own process; runs alternated; ' +
        `subject medians: fetch + normalize ${fetchMs.toFixed(0)} ms, putInventory until served ${storeMs.toFixed(2)} ms, then the cache file's write ${writeMs.toFixed(0)} ms (not timed); ` +
        `ratio = median of ${ratios.length} per-pair ratios (IQR in the table), pass = median + ${RATIO_MARGIN} ≤ target`,
      { ratios },
    );
  } finally {
    await subject.close();
  }
}
