/**
 * The secrets rule end to end through IPC (reliability S1.2, S4.7, S4.8): add an account with canary keys, use the
 * app (drafts, sync, a forced cloud error at debug log level), then grep the whole data folder, the log files and
 * every IPC response for the canaries — raw, base64 and hex. Nothing may be found.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDraftContent } from '../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../sandbox';
import { createCore, type Core } from './create-core';
import { createFileLogger } from './log/logger';
import { createRedactor } from './log/redact';
import { systemClock } from './ports';
import { tempDir } from './test-support';
import { createFileKeyCipher } from './vault/cipher';

const CANARY_AK = 'CANARYAKQ7X2M9P4L6ZW';
const CANARY_SK = 'CANARYskV8n3Jq5Rt1Yw6Ub0Ez4Hk7Lp2Df9Gs';
const CANARY_TOKEN = 'CANARYtokenMIIDx7Yq2Wp9Lm4Nb6Vc8Xz0';
const ORIGIN = 'test://canary';

function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64url')];
}

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...allFiles(full));
    else out.push(full);
  }
  return out;
}

let sandbox: SandboxHandle;
let core: Core;
let dataDir: string;
const responses: string[] = [];
const events: string[] = [];

async function call(channel: string, payload: unknown): Promise<unknown> {
  const r = await core.dispatch(channel, payload, { origin: ORIGIN, isMainFrame: true });
  responses.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, ak: CANARY_AK, sk: CANARY_SK });
  dataDir = tempDir('elb-desk-canary-');
  const redactor = createRedactor();
  const logger = createFileLogger({ dir: path.join(dataDir, 'logs'), level: 'debug', redactor });
  core = await createCore(
    {
      paths: { dataDir, logDir: path.join(dataDir, 'logs') },
      cipher: await createFileKeyCipher(dataDir),
      events: { emit: (name, payload) => void events.push(JSON.stringify({ name, payload })) },
      clock: systemClock,
      logger,
      mode: 'browser',
      trustedOrigins: [ORIGIN],
      version: 'test',
    },
    { sandboxUrl: sandbox.url, redactor, cloud: { retry: { maxAttempts: 1 } } },
  );
});

afterAll(async () => {
  await core?.dispose();
  await sandbox?.close();
});

describe('canary secrets', () => {
  it('never reach the data folder, the logs, IPC responses or events', async () => {
    const created = (await call('accounts:create', {
      name: 'Canary account',
      region: 'sandbox-1',
      endpoint: sandbox.url,
      ak: CANARY_AK,
      sk: CANARY_SK,
      securityToken: CANARY_TOKEN,
    })) as { ok: boolean; value: { id: string } };
    expect(created.ok).toBe(true);
    const id = created.value.id;
    const status = (await call('credentials:status', { accountId: id })) as { value: { maskedAk: string; hasSecret: boolean } };
    expect(status.value.hasSecret).toBe(true);
    expect(status.value.maskedAk).toBe(`${CANARY_AK.slice(0, 4)}…${CANARY_AK.slice(-4)}`);

    // Use it: connection test, sync, drafts.
    await call('accounts:test', { id });
    await call('sync:run', { accountId: id, region: 'sandbox-1' });
    const draft = (await call('drafts:create', { content: defaultDraftContent({ accountId: id, region: 'sandbox-1' }, 'canary draft') })) as {
      value: { id: string; revision: number };
    };
    const content = defaultDraftContent({ accountId: id, region: 'sandbox-1' }, 'canary draft');
    content.listener.port = 7001;
    await call('drafts:save', { id: draft.value.id, revision: draft.value.revision, content });
    await call('drafts:export', { id: draft.value.id, format: 'api' });

    // Force errors: replace the SK with a wrong one (the sandbox answers 401), and a server fault.
    await call('credentials:set', { accountId: id, ak: CANARY_AK, sk: `${CANARY_SK}x`, securityToken: CANARY_TOKEN });
    const failed = (await call("accounts:test", { id })) as { ok: boolean; value: { reachable: boolean }; error?: unknown };
    if (!failed.ok) throw new Error(JSON.stringify(failed));
    expect(failed.value.reachable).toBe(false);
    await call('credentials:set', { accountId: id, ak: CANARY_AK, sk: CANARY_SK, securityToken: CANARY_TOKEN });
    sandbox.faults.add({ fault: { kind: 'status', status: 500, errorCode: 'ELB.8906', errorMsg: 'injected' }, times: 5 });
    await call('sync:run', { accountId: id, region: 'sandbox-1' });
    await core.dispose();

    const secrets = [...forms(CANARY_AK), ...forms(CANARY_SK), ...forms(CANARY_TOKEN)];
    const files = allFiles(dataDir);
    expect(files.some((f) => f.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    const hits: string[] = [];
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const s of secrets) if (text.includes(s)) hits.push(`${path.relative(dataDir, f)} contains ${s.slice(0, 12)}…`);
    }
    for (const [i, r] of responses.entries()) for (const s of secrets) if (r.includes(s)) hits.push(`IPC response ${i} contains ${s.slice(0, 12)}…`);
    for (const e of events) for (const s of secrets) if (e.includes(s)) hits.push(`event contains ${s.slice(0, 12)}…`);
    expect(hits).toEqual([]);
    // The log really has content at debug level, so the test could have failed.
    const log = readFileSync(path.join(dataDir, 'logs', 'elb-desk.log'), 'utf8');
    expect(log.length).toBeGreaterThan(100);
    expect(log).toMatch(/401|APIGW\.0301/);
    expect(log).toMatch(/ELB\.8906|500/);
  });
});
