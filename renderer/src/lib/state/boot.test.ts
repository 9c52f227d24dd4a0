import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import { emptyInventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';
import { startBoot, type BootDeps } from './boot';
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

  it('takes the answer the host inlined into the page when the remembered selection resolves to it: nothing is sent, the answer is there at once', async () => {
    const inline = { accounts: [SANDBOX, CLOUD], selection: { accountId: 'acc-sb', region: 'sandbox-1' }, inventory: emptyInventory('acc-sb', 'sandbox-1') };
    for (const remembered of [none, { accountId: 'acc-sb', region: 'sandbox-1' }, { accountId: 'deleted', region: 'x' }]) {
      const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
      const boot = startBoot({ call: main.call, readSelection: () => remembered, readInline: () => inline });
      expect(boot.answer).toBe(inline);
      expect(await boot.accounts).toEqual({ ok: true, value: [SANDBOX, CLOUD] });
      const inv = await boot.takeInventory('acc-sb', 'sandbox-1');
      expect(inv).toEqual({ ok: true, value: inline.inventory });
      expect(main.sent).toEqual([]);
    }
  });

  it('asks main as usual when the remembered selection resolves elsewhere than the inlined answer, or there is none', async () => {
    const inline = { accounts: [SANDBOX, CLOUD], selection: { accountId: 'acc-sb', region: 'sandbox-1' }, inventory: emptyInventory('acc-sb', 'sandbox-1') };
    for (const [remembered, readInline] of [
      [{ accountId: 'acc-2', region: 'ap-southeast-1' }, () => inline],
      [{ accountId: 'acc-sb', region: 'sandbox-2' }, () => inline],
      [none, () => null],
    ] as const) {
      const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
      const boot = startBoot({ call: main.call, readSelection: () => remembered, readInline });
      expect(boot.answer).toBeNull();
      expect(main.sent).toEqual([{ channel: 'app:boot', payload: { selection: remembered } }]);
      main.release();
      await boot.accounts;
      expect(boot.answer?.selection.accountId).toBe(remembered.accountId ?? 'acc-sb');
    }
  });
});
