import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import { emptyInventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';
import { readPreloadedBoot, startBoot, type BootDeps } from './boot';
import { BOOT_PRELOAD_ID } from '../../../../shared/ipc/boot-preload';
import { REGIONS } from '../../../../shared/model/regions';
import { resolveSelection, type Selection } from './selection';

const SANDBOX = { id: 'acc-sb', name: 'Local sandbox', kind: 'sandbox', region: 'sandbox-1', projects: {} } as unknown as Account;
const CLOUD = { id: 'acc-2', name: 'Prod', kind: 'cloud', region: 'ap-southeast-1', projects: {} } as unknown as Account;

interface Sent {
  channel: string;
  payload: unknown;
}

/** A fake main answering `app:boot` as the core does; the test releases the answer. */
function fakeMain(accounts: Result<Account[]>) {
  const sent: Sent[] = [];
  let release: () => void = () => {};
  const call = ((channel: string, payload: unknown) => {
    sent.push({ channel, payload });
    if (channel !== 'app:boot') return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } });
    return new Promise((resolve) => {
      release = () => {
        if (!accounts.ok) return resolve(accounts);
        const selection = resolveSelection(accounts.value, (payload as { selection: Selection }).selection, REGIONS);
        const inventory = selection.accountId && selection.region ? emptyInventory(selection.accountId, selection.region) : null;
        resolve({ ok: true, value: { accounts: accounts.value, selection, inventory } });
      };
    });
  }) as BootDeps['call'];
  return { sent, call, release: () => release() };
}

const none: Selection = { accountId: null, region: null };

describe('startBoot', () => {
  it('sends one app:boot call at once, with the remembered account + region; its inventory is there when the accounts are', async () => {
    const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
    const boot = startBoot({ call: main.call, readSelection: () => ({ accountId: 'acc-2', region: 'ap-southeast-1' }) });
    expect(main.sent).toEqual([{ channel: 'app:boot', payload: { selection: { accountId: 'acc-2', region: 'ap-southeast-1' } } }]);
    expect(boot.takeInventory('acc-2', 'ap-southeast-1')).toBeNull();
    main.release();
    const accounts = await boot.accounts;
    expect(accounts).toEqual({ ok: true, value: [SANDBOX, CLOUD] });
    const inv = await boot.takeInventory('acc-2', 'ap-southeast-1');
    expect(inv?.ok && inv.value.accountId).toBe('acc-2');
    // Taken once only; no other call was made.
    expect(boot.takeInventory('acc-2', 'ap-southeast-1')).toBeNull();
    expect(main.sent).toHaveLength(1);
  });

  it('with nothing remembered (or a removed account), the inventory is the one main resolved: the first account in its region', async () => {
    for (const remembered of [none, { accountId: 'deleted', region: 'ap-southeast-1' }]) {
      const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
      const boot = startBoot({ call: main.call, readSelection: () => remembered });
      main.release();
      await boot.accounts;
      expect(boot.takeInventory('acc-2', 'ap-southeast-1')).toBeNull();
      const inv = await boot.takeInventory('acc-sb', 'sandbox-1');
      expect(inv?.ok && inv.value.region).toBe('sandbox-1');
    }
  });

  it('passes a failure on as the accounts’ answer, and has no inventory when there is no account', async () => {
    for (const answer of [{ ok: false, error: { code: 'STORE_WRITE', message: 'broken' } }, { ok: true, value: [] }] as Result<Account[]>[]) {
      const main = fakeMain(answer);
      const boot = startBoot({ call: main.call, readSelection: () => none });
      main.release();
      expect(await boot.accounts).toEqual(answer);
      expect(boot.takeInventory('acc-sb', 'sandbox-1')).toBeNull();
      expect(main.sent.map((s) => s.channel)).toEqual(['app:boot']);
    }
  });

  it('takes the answer the host preloaded when the remembered selection resolves to it: nothing is sent; it is the answer once settled', async () => {
    const preloaded = { accounts: [SANDBOX, CLOUD], selection: { accountId: 'acc-sb', region: 'sandbox-1' }, inventory: emptyInventory('acc-sb', 'sandbox-1') };
    for (const remembered of [none, { accountId: 'acc-sb', region: 'sandbox-1' }, { accountId: 'deleted', region: 'x' }]) {
      const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
      const boot = startBoot({ call: main.call, readSelection: () => remembered, readPreloaded: () => Promise.resolve(preloaded) });
      expect(boot.settled).not.toBeNull();
      await boot.settled;
      expect(boot.answer).toBe(preloaded);
      expect(await boot.accounts).toEqual({ ok: true, value: [SANDBOX, CLOUD] });
      const inv = await boot.takeInventory('acc-sb', 'sandbox-1');
      expect(inv).toEqual({ ok: true, value: preloaded.inventory });
      expect(main.sent).toEqual([]);
    }
  });

  it('asks main as usual when the preloaded answer is for another selection, failed, or there is none; only a preload is waited for', async () => {
    const preloaded = { accounts: [SANDBOX, CLOUD], selection: { accountId: 'acc-sb', region: 'sandbox-1' }, inventory: emptyInventory('acc-sb', 'sandbox-1') };
    for (const [remembered, readPreloaded] of [
      [{ accountId: 'acc-2', region: 'ap-southeast-1' }, () => Promise.resolve(preloaded)],
      [{ accountId: 'acc-sb', region: 'sandbox-2' }, () => Promise.resolve(preloaded)],
      [none, () => Promise.resolve(null)],
      [none, () => null],
    ] as const) {
      const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
      const boot = startBoot({ call: main.call, readSelection: () => remembered, readPreloaded });
      // Settled once the preload is in, without waiting for main (which has not answered yet).
      if (readPreloaded() === null) expect(boot.settled).toBeNull();
      else await boot.settled;
      expect(boot.answer).toBeNull();
      expect(main.sent).toEqual([{ channel: 'app:boot', payload: { selection: remembered } }]);
      main.release();
      await boot.accounts;
      expect(boot.answer?.selection.accountId).toBe(remembered.accountId ?? 'acc-sb');
    }
  });
});

describe('readPreloadedBoot', () => {
  const answer = { accounts: [SANDBOX], selection: { accountId: 'acc-sb', region: 'sandbox-1' }, inventory: null };
  /** A document with (or without) the preload link. */
  function doc(link: boolean): Document {
    const el = { tagName: 'LINK', href: 'http://127.0.0.1:5/boot?ticket=t1' };
    return { getElementById: (id: string) => (link && id === BOOT_PRELOAD_ID ? el : null) } as unknown as Document;
  }

  it('fetches the link’s URL with same-origin credentials (the preload’s own request) and takes an answer-shaped body', async () => {
    const seen: Array<[string, RequestInit | undefined]> = [];
    const get = ((url: string, init?: RequestInit) => {
      seen.push([url, init]);
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    }) as typeof fetch;
    expect(await readPreloadedBoot(doc(true), get)).toEqual(answer);
    expect(seen).toEqual([['http://127.0.0.1:5/boot?ticket=t1', { credentials: 'same-origin' }]]);
  });

  it('is null without a link, and resolves null for a refused ticket, a failed boot, a network error or a body that is not an answer', async () => {
    expect(readPreloadedBoot(doc(false), () => Promise.reject(new Error('not called')))).toBeNull();
    const replies: Array<() => Promise<Response>> = [
      () => Promise.resolve(new Response('This page has no valid access token', { status: 401 })),
      () => Promise.resolve(new Response(JSON.stringify({ ok: false, error: { code: 'STORE_WRITE', message: 'x' } }), { status: 503 })),
      () => Promise.reject(new TypeError('network')),
      () => Promise.resolve(new Response('{"accounts":"no"}', { status: 200 })),
      () => Promise.resolve(new Response('not json', { status: 200 })),
    ];
    for (const reply of replies) expect(await readPreloadedBoot(doc(true), (() => reply()) as typeof fetch)).toBeNull();
  });
});
