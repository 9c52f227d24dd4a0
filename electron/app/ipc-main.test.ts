import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Logger } from '../core/ports';
import { ipcHandlerFor, registerIpcHandlers, type InvokeEventLike, type IpcMainLike } from './ipc-main';

const logger: Logger = { log: vi.fn() };
const TRUSTED = ['app://elb-desk'];

function eventFrom(origin: string, opts: { main?: boolean; id?: number } = {}): InvokeEventLike {
  const frame = { origin };
  return { senderFrame: frame, sender: { mainFrame: opts.main === false ? {} : frame, id: opts.id ?? 1 } };
}

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const handle = vi.fn();
    const removeHandler = vi.fn();
    const ipc: IpcMainLike = { handle, removeHandler };
    const off = registerIpcHandlers(ipc, { channels: CHANNELS, dispatch: vi.fn(), trustedOrigins: TRUSTED, logger });
    expect(handle.mock.calls.map((c) => c[0])).toEqual(CHANNELS);
    off();
    expect(removeHandler.mock.calls.map((c) => c[0])).toEqual(CHANNELS);
  });
});

describe('ipcHandlerFor', () => {
  it('passes a trusted main-frame call to dispatch with the sender', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'v' }));
    const h = ipcHandlerFor('drafts:list', { channels: CHANNELS, dispatch, trustedOrigins: TRUSTED, logger, isKnownWebContents: (id) => id === 7 });
    await expect(h(eventFrom('app://elb-desk', { id: 7 }), {})).resolves.toEqual({ ok: true, value: 'v' });
    expect(dispatch).toHaveBeenCalledWith('drafts:list', {}, { origin: 'app://elb-desk', isMainFrame: true });
  });

  it.each([
    ['a foreign origin', eventFrom('https://evil.test')],
    ['a look-alike origin', eventFrom('app://elb-desk.evil')],
    ['a subframe', eventFrom('app://elb-desk', { main: false })],
    ['an unknown WebContents', eventFrom('app://elb-desk', { id: 99 })],
    ['a destroyed frame', { senderFrame: null, sender: { mainFrame: {}, id: 7 } }],
  ])('refuses %s before dispatch runs', async (_name, event) => {
    const dispatch = vi.fn();
    const h = ipcHandlerFor('credentials:set', { channels: CHANNELS, dispatch, trustedOrigins: TRUSTED, logger, isKnownWebContents: (id) => id === 7 });
    const r = await h(event as InvokeEventLike, { accountId: 'a', ak: 'AK', sk: 'SK' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns a throwing dispatch into INTERNAL and never logs the payload', async () => {
    const log = vi.fn();
    const dispatch = vi.fn(async () => {
      throw new Error('boom SK-canary');
    });
    const h = ipcHandlerFor('credentials:set', { channels: CHANNELS, dispatch, trustedOrigins: TRUSTED, logger: { log } });
    await expect(h(eventFrom('app://elb-desk'), { sk: 'SK-canary' })).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(log.mock.calls)).not.toContain('SK-canary');
  });
});
