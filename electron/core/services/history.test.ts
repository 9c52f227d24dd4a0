import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract';
import { createRedactor } from '../log/redact';
import { tempDir } from '../test-support';
import type { ServiceContext } from './context';
import { HISTORY_FILE, historyService } from './history';

function ctxFor(dataDir: string): ServiceContext {
  return {
    ports: { paths: { dataDir, logDir: dataDir } },
    clock: { now: () => new Date('2026-12-04T10:00:00Z') },
    events: { emit: () => undefined },
    logger: { log: () => undefined },
    store: { getInventory: async () => null },
  } as unknown as ServiceContext;
}

const entry: JournalEntry = {
  id: 'j-1',
  draftId: 'd-1',
  accountId: 'a',
  region: 'r',
  loadBalancerId: 'lb',
  marker: 'm',
  state: 'done',
  steps: [{ key: 'update', title: 'Update listener', state: 'done', resourceId: 'lis-1', attempts: 1, error: null, requestId: 'req-1', sentAt: null }],
  createdAt: '2026-12-04T09:59:00Z',
  updatedAt: '2026-12-04T10:00:00Z',
};

describe('history', () => {
  it('appends once per journal entry and result, redacted, and survives a torn last line', async () => {
    const dir = tempDir();
    const redactor = createRedactor();
    const secret = 'SK-very-secret-value-123456';
    redactor.register(secret);
    const h = historyService(ctxFor(dir), redactor);
    const failed = { ...entry, state: 'failed' as const, steps: [{ ...entry.steps[0]!, state: 'failed' as const, error: `refused with key ${secret}` }] };
    await h.record({ kind: 'edit', entry: failed, listenerIds: ['lis-1'], requests: { update: { method: 'PUT', path: '/v3/p/elb/listeners/lis-1' } }, changes: [] });
    await h.record({ kind: 'edit', entry: failed, listenerIds: ['lis-1'], requests: {}, changes: [] });
    await h.record({ kind: 'edit', entry, listenerIds: ['lis-1'], requests: { update: { method: 'PUT', path: '/v3/p/elb/listeners/lis-1' } }, changes: [] });
    const file = path.join(dir, HISTORY_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text.trim().split('\n')).toHaveLength(2);
    const all = await h.list({});
    expect(all.map((x) => x.result)).toEqual(['failed', 'done']);
    expect(all[1]!.requests[0]).toMatchObject({ method: 'PUT', requestId: 'req-1', result: 'done' });
    expect((await h.list({ listenerId: 'other' }))).toEqual([]);
    appendFileSync(file, '{"id":"torn');
    const again = historyService(ctxFor(dir), redactor);
    expect((await again.list({})).length).toBe(2);
    const exported = JSON.parse((await again.exportJson({})).content) as { format: string; entries: unknown[] };
    expect(exported.format).toBe('elb-desk-history');
    expect(exported.entries).toHaveLength(2);
    // The next append starts on a new line: the torn line stays the only loss.
    await again.record({ kind: 'delete', entry: { ...entry, id: 'j-2' }, listenerIds: ['lis-1'], requests: {}, changes: [] });
    expect((await historyService(ctxFor(dir), redactor).list({})).map((x) => x.kind)).toEqual(['edit', 'edit', 'delete']);
  });
});
