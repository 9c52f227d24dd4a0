import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import { emptyInventory } from '../../../../shared/model/inventory';
import type { Result } from '../../../../shared/ipc/result';
import { startBoot, type BootDeps } from './boot';
import type { Selection } from './selection';

const SANDBOX = { id: 'acc-sb', name: 'Local sandbox', kind: 'sandbox', region: 'sandbox-1', projects: {} } as unknown as Account;
const CLOUD = { id: 'acc-2', name: 'Prod', kind: 'cloud', region: 'ap-southeast-1', projects: {} } as unknown as Account;

interface Sent {
  channel: string;
  payload: unknown;
}

/** A fake main whose answers the test releases; records what was sent, in order. */
function fakeMain(accounts: Result<Account[]>) {
  const sent: Sent[] = [];
  let releaseAccounts: () => void = () => {};
  const accountsAnswer = new Promise<Result<Account[]>>((resolve) => (releaseAccounts = () => resolve(accounts)));
  const call = ((channel: string, payload: unknown) => {
    sent.push({ channel, payload });
    if (channel === 'accounts:list') return accountsAnswer;
    const p = payload as { accountId: string; region: string };
    return Promise.resolve({ ok: true, value: emptyInventory(p.accountId, p.region) });
  }) as BootDeps['call'];
  return { sent, call, releaseAccounts };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const none: Selection = { accountId: null, region: null };

describe('startBoot', () => {
  it('with a remembered account + region, asks for its inventory at once, in parallel with the accounts', async () => {
    const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
    const boot = startBoot({ call: main.call, readSelection: () => ({ accountId: 'acc-2', region: 'ap-southeast-1' }) });
    expect(main.sent.map((s) => s.channel)).toEqual(['accounts:list', 'inventory:get']);
    expect(main.sent[1]!.payload).toEqual({ accountId: 'acc-2', region: 'ap-southeast-1' });
    main.releaseAccounts();
    await flush();
    // The accounts confirm the remembered selection: no second call.
    expect(main.sent).toHaveLength(2);
    const inv = await boot.takeInventory('acc-2', 'ap-southeast-1');
    expect(inv?.ok && inv.value.accountId).toBe('acc-2');
    // Taken once only.
    expect(boot.takeInventory('acc-2', 'ap-southeast-1')).toBeNull();
  });

  it('with nothing remembered, asks for the inventory of the account the accounts resolve to, as soon as they arrive', async () => {
    const main = fakeMain({ ok: true, value: [SANDBOX, CLOUD] });
    const boot = startBoot({ call: main.call, readSelection: () => none });
    expect(main.sent.map((s) => s.channel)).toEqual(['accounts:list']);
    expect(boot.takeInventory('acc-sb', 'sandbox-1')).toBeNull();
    main.releaseAccounts();
    const accounts = await boot.accounts;
    expect(accounts.ok).toBe(true);
    // By the time anyone awaiting the accounts resumes, the inventory call is out.
    expect(main.sent.map((s) => s.channel)).toEqual(['accounts:list', 'inventory:get']);
    expect(main.sent[1]!.payload).toEqual({ accountId: 'acc-sb', region: 'sandbox-1' });
    expect(boot.takeInventory('acc-sb', 'sandbox-1')).not.toBeNull();
  });

  it('when the remembered account is gone, also asks for the one the accounts resolve to', async () => {
    const main = fakeMain({ ok: true, value: [SANDBOX] });
    const boot = startBoot({ call: main.call, readSelection: () => ({ accountId: 'deleted', region: 'ap-southeast-1' }) });
    main.releaseAccounts();
    await boot.accounts;
    expect(main.sent.map((s) => [s.channel, s.payload])).toEqual([
      ['accounts:list', {}],
      ['inventory:get', { accountId: 'deleted', region: 'ap-southeast-1' }],
      ['inventory:get', { accountId: 'acc-sb', region: 'sandbox-1' }],
    ]);
    expect(boot.takeInventory('acc-sb', 'sandbox-1')).not.toBeNull();
  });

  it('asks for no inventory when the accounts fail or there is none', async () => {
    for (const answer of [{ ok: false, error: { code: 'STORE', message: 'broken' } }, { ok: true, value: [] }] as Result<Account[]>[]) {
      const main = fakeMain(answer);
      const boot = startBoot({ call: main.call, readSelection: () => none });
      main.releaseAccounts();
      expect(await boot.accounts).toEqual(answer);
      await flush();
      expect(main.sent.map((s) => s.channel)).toEqual(['accounts:list']);
    }
  });
});
