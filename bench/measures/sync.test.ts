import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../electron/sandbox';
import { iamToken } from '../lib/env';
import { openSyncSubject, rawFetchListeners } from './sync';

let sandbox: SandboxHandle;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sync-test-'));
beforeAll(async () => {
  sandbox = await startSandbox({ listeners: 45 });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync measure', () => {
  it('the raw baseline is unsigned (IAM token) and follows the markers over every page', async () => {
    const projectId = sandbox.regions.find((r) => r.id === 'sandbox-1')!.projectId;
    const token = await iamToken(sandbox.url);
    sandbox.clearRequests();
    const raw = await rawFetchListeners(sandbox.url, projectId, token, 10);
    const total = sandbox.state().region('sandbox-1').listeners.size;
    expect(total).toBeGreaterThan(45);
    expect(raw.ids).toHaveLength(total);
    expect(new Set(raw.ids).size).toBe(total);
    expect(raw.pages).toBe(Math.ceil(total / 10) + (total % 10 === 0 ? 1 : 0));
    const reqs = sandbox.requests().filter((r) => r.path.endsWith('/listeners'));
    expect(reqs.every((r) => r.authType === 'token' && r.authorization === null && r.status === 200)).toBe(true);
  });

  it('the subject signs with AK/SK, sees the same listeners in the same order, and writes them to the store', async () => {
    const projectId = sandbox.regions.find((r) => r.id === 'sandbox-1')!.projectId;
    const subject = await openSyncSubject(sandbox.url, projectId, dir);
    try {
      sandbox.clearRequests();
      const { inv, fetchMs, storeMs, writeMs } = await subject.run();
      expect(fetchMs).toBeGreaterThan(0);
      expect(storeMs).toBeGreaterThan(0);
      expect(writeMs).toBeGreaterThan(0);
      // By the time run() returns, the cache file is written (the next run never overlaps it).
      expect(readFileSync(path.join(dir, 'cache', 'bench-account', 'sandbox-1.json'), 'latin1')).toMatch(/^elb-desk-inventory-cache \d+\n/);
      expect(sandbox.requests().filter((r) => r.path.endsWith('/listeners')).every((r) => r.authType === 'aksk')).toBe(true);
      const raw = await rawFetchListeners(sandbox.url, projectId, await iamToken(sandbox.url));
      expect(inv.listeners.map((l) => l.id)).toEqual(raw.ids);
      const cached = await subject.store.getInventory('bench-account', 'sandbox-1');
      expect(cached?.listeners).toHaveLength(raw.ids.length);
    } finally {
      await subject.close();
    }
  });
});
