/** Test helpers: a core on a temp data folder, talking to a sandbox, with captured events and logs. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel, EventName, Parsed, Res } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { createCore, type Core, type CoreOptions } from './create-core';
import { systemClock, type LogLevel, type Ports } from './ports';
import { createFileKeyCipher } from './vault/cipher';

export const TEST_ORIGIN = 'test://elb-desk';

export interface TestCore {
  core: Core;
  dataDir: string;
  events: Array<{ name: EventName; payload: unknown }>;
  logs: Array<{ level: LogLevel; tag: string; message: string; data?: unknown }>;
  call<C extends Channel>(channel: C, payload: Parsed<C> | Record<string, unknown>): Promise<Result<Res<C>>>;
  /** Like call, but throws on an error result. */
  must<C extends Channel>(channel: C, payload: Parsed<C> | Record<string, unknown>): Promise<Res<C>>;
}

export function tempDir(prefix = 'elb-desk-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestCore(opts: { dataDir?: string; sandboxUrl: string; options?: CoreOptions }): Promise<TestCore> {
  const dataDir = opts.dataDir ?? tempDir();
  const events: TestCore['events'] = [];
  const logs: TestCore['logs'] = [];
  const ports: Ports = {
    paths: { dataDir, logDir: path.join(dataDir, 'logs') },
    cipher: await createFileKeyCipher(dataDir),
    events: { emit: (name, payload) => void events.push({ name, payload }) },
    clock: systemClock,
    logger: { log: (level, tag, message, data) => void logs.push({ level, tag, message, data }) },
    mode: 'browser',
    trustedOrigins: [TEST_ORIGIN],
    version: '0.0.0-test',
  };
  const core = await createCore(ports, { sandboxUrl: opts.sandboxUrl, checkResponses: true, ...(opts.options ?? {}) });
  const call = (async (channel: Channel, payload: unknown) => core.dispatch(channel, payload, { origin: TEST_ORIGIN, isMainFrame: true })) as TestCore['call'];
  const must = (async (channel: Channel, payload: unknown) => {
    const r = await core.dispatch(channel, payload, { origin: TEST_ORIGIN, isMainFrame: true });
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  }) as TestCore['must'];
  return { core, dataDir, events, logs, call, must };
}
