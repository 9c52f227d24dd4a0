import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { AppFailure, ERROR_CODES } from '../../shared/ipc/result';
import { createDispatcher, isTrustedSender, payloadProblem, type Handlers } from './dispatch';
import type { Logger } from './ports';
import { createRedactor } from './log/redact';

const ORIGIN = 'app://elb-desk';
const trusted = { origin: ORIGIN, isMainFrame: true };
const logger: Logger = { log: () => undefined };

function spyHandlers() {
  const calls: Channel[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      async () => {
        calls.push(c);
        return {};
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatch', () => {
  it('refuses an untrusted sender before looking at the payload', async () => {
    const { handlers, calls } = spyHandlers();
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger });
    for (const sender of [
      { origin: 'https://evil.example', isMainFrame: true },
      { origin: ORIGIN, isMainFrame: false },
      { origin: 'app://elb-desk.evil', isMainFrame: true },
      null,
    ]) {
      const r = await d('drafts:list', {}, sender as never);
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNTRUSTED_SENDER' }) });
    }
    expect(calls).toEqual([]);
  });

  it('refuses unknown channels, extra keys, wrong types, huge strings and prototype keys', async () => {
    const { handlers, calls } = spyHandlers();
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger });
    const cases: Array<[string, unknown]> = [
      ['nope:nothing', {}],
      ['toString', {}],
      ['__proto__', {}],
      ['drafts:list', { extra: 1 }],
      ['drafts:get', { id: 42 }],
      ['drafts:get', { id: 'x'.repeat(10_000) }],
      ['drafts:rename', { id: 'a', title: 'y'.repeat(256) }],
      ['drafts:get', JSON.parse('{"id":"a","__proto__":{"polluted":true}}')],
      ['drafts:get', JSON.parse('{"id":"a","constructor":{"prototype":{"polluted":true}}}')],
      ['drafts:import', { text: 'z'.repeat(3 * 1024 * 1024) }],
      ['accounts:create', { name: 'n', region: 'ap-southeast-1', ak: 'has space', sk: 's' }],
      ['drafts:get', 'not an object'],
      ['drafts:get', [1, 2, 3]],
    ];
    for (const [channel, payload] of cases) {
      const r = await d(channel, payload, trusted);
      expect(r.ok, `${channel} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('VALIDATION');
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the field and the rule in validation errors', async () => {
    const { handlers } = spyHandlers();
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger });
    const r = await d('drafts:rename', { id: 'a', title: 5 }, trusted);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.[0]).toMatchObject({ path: 'title' });
  });

  it('turns handler failures into results and never throws', async () => {
    const { handlers } = spyHandlers();
    const log = vi.fn();
    handlers['drafts:list'] = async () => {
      throw new Error('boom');
    };
    handlers['drafts:get'] = async () => {
      throw new AppFailure('NOT_FOUND', 'There is no draft with ID a.');
    };
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger: { log } });
    expect(await d('drafts:list', {}, trusted)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(log).toHaveBeenCalled();
    expect(await d('drafts:get', { id: 'a' }, trusted)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no draft with ID a.' } });
  });

  it('fuzz: any payload on any channel gives a typed result, and junk never reaches a handler', async () => {
    const { handlers, calls } = spyHandlers();
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNELS), fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }), async (channel, junk) => {
        const withExtra = { ...(typeof junk === 'object' && junk !== null && !Array.isArray(junk) ? junk : {}), __unexpected_key__: junk };
        const before = calls.length;
        const r = await d(channel, withExtra, trusted);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(ERROR_CODES).toContain(r.error.code);
        expect(calls.length).toBe(before);
        const r2 = await d(channel, junk, trusted);
        if (!r2.ok) expect(ERROR_CODES).toContain(r2.error.code);
      }),
      { numRuns: 1000 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('isTrustedSender and payloadProblem are strict', () => {
    expect(isTrustedSender(trusted, [ORIGIN])).toBe(true);
    expect(isTrustedSender({ origin: ORIGIN, isMainFrame: 'yes' } as never, [ORIGIN])).toBe(false);
    expect(payloadProblem({ a: { b: { c: 1 } } })).toBeNull();
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) deep = (deep.x = {}) as Record<string, unknown>;
    expect(payloadProblem(root)).toMatch(/nested/);
    expect(payloadProblem(new Date())).toMatch(/plain data/);
  });

  it('redacts every error reply with the redactor (message and cloud details)', async () => {
    const { handlers } = spyHandlers();
    const redactor = createRedactor();
    redactor.register('CANARYAK0123456789');
    handlers['accounts:list'] = async () => {
      throw new AppFailure('CLOUD', 'echo: Access=CANARYAK0123456789, Signature=abcdef0123', {
        cloud: { httpStatus: 400, errorCode: 'E.CANARYAK0123456789', requestId: 'CANARYAK0123456789', hint: 'x-security-token: tok123456' },
      });
    };
    const d = createDispatcher(handlers, { trustedOrigins: [ORIGIN], logger, redact: redactor.redactString });
    const r = await d('accounts:list', {}, trusted);
    expect(r).toEqual({
      ok: false,
      error: { code: 'CLOUD', message: 'echo: Access=[REDACTED], Signature=[REDACTED]', cloud: { httpStatus: 400, errorCode: 'E.[REDACTED]', requestId: '[REDACTED]', hint: 'x-security-token: [REDACTED]' } },
    });
  });
});
