/**
 * Reply-derived text is redacted before it crosses IPC or is stored (issue 10 §6): a stub cloud that echoes every
 * request header (Authorization with the AK and signature, X-Security-Token) into its error body, its request ID and
 * a response header. After a connection test, a sync and a submit against it, nothing of the canary AK, security
 * token or any signature it received may be in an IPC reply, an event or a file of the data folder. (Drafts' lastError
 * comes from the same redacted CloudError through toAppFailure.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDraftContent } from '../../shared/model/draft';
import { startTestCore, type TestCore } from './test-support';

const CANARY_AK = 'ECHOAKQ7X2M9P4L6ZW01';
const CANARY_SK = 'ECHOskV8n3Jq5Rt1Yw6Ub0Ez4Hk7Lp2Df9Gs';
const CANARY_TOKEN = 'ECHOtokenMIIDx7Yq2Wp9Lm4Nb6Vc8Xz0';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

let echo: http.Server;
let echoUrl = '';
const signatures: string[] = [];
let t: TestCore;

beforeAll(async () => {
  echo = http.createServer((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const sig = /Signature=([0-9a-f]+)/.exec(auth)?.[1];
    if (sig) signatures.push(sig);
    const headers = JSON.stringify(req.headers);
    res.writeHead(400, { 'content-type': 'application/json', 'x-request-id': String(req.headers['x-security-token'] ?? 'none') });
    res.end(
      JSON.stringify({
        error_code: `ELB.${String(req.headers['x-security-token'] ?? '')}`,
        error_msg: `bad request; you sent ${headers}; raw ${auth}; sig ${sig ?? ''}`,
        request_id: String(req.headers['x-security-token'] ?? ''),
      }),
    );
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  t = await startTestCore({ sandboxUrl: 'http://127.0.0.1:9', options: { cloud: { retry: { maxAttempts: 1 } } } });
});

afterAll(async () => {
  await t?.core.dispose();
  await new Promise<void>((r) => echo.close(() => r()));
});

describe('reply-derived strings', () => {
  it('are redacted before IPC replies, the inventory cache and drafts', async () => {
    const replies: string[] = [];
    const call = async (channel: Parameters<TestCore['call']>[0], payload: Record<string, unknown>) => {
      const r = await t.call(channel, payload);
      replies.push(JSON.stringify(r));
      return r;
    };
    const created = await call('accounts:create', {
      name: 'Echo',
      region: 'ap-southeast-1',
      projectId: '0123456789abcdef0123456789abcdef',
      endpoint: echoUrl,
      ak: CANARY_AK,
      sk: CANARY_SK,
      securityToken: CANARY_TOKEN,
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = (created.value as { id: string }).id;

    const tested = await call('accounts:test', { id });
    expect(tested).toMatchObject({ ok: true, value: { reachable: false } });
    const synced = await call('sync:run', { accountId: id, region: 'ap-southeast-1' });
    expect(synced.ok).toBe(false);
    const draft = await call('drafts:create', { content: defaultDraftContent({ accountId: id, region: 'ap-southeast-1' }, 'echo draft') });
    if (draft.ok) {
      await call('submit:preflight', { draftId: (draft.value as { id: string }).id });
      await call('submit:apply', { draftId: (draft.value as { id: string }).id });
    }
    await call('inventory:get', { accountId: id, region: 'ap-southeast-1' });
    await call('drafts:list', {});
    await t.core.dispose();

    // The stub really echoed secrets, so the test could fail.
    expect(signatures.length).toBeGreaterThan(0);
    const inventoryFiles = allFiles(t.dataDir).filter((f) => f.includes(`${path.sep}cache${path.sep}`));
    expect(inventoryFiles.map((f) => readFileSync(f, 'utf8')).join('\n')).toMatch(/stale|lastError/);
    expect(replies.join('\n')).toContain('bad request; you sent');

    const canaries = [CANARY_AK, CANARY_TOKEN, CANARY_SK, ...new Set(signatures)];
    const hits: string[] = [];
    for (const [i, r] of replies.entries()) for (const c of canaries) if (r.includes(c)) hits.push(`IPC reply ${i} contains ${c.slice(0, 10)}…`);
    for (const e of t.events) for (const c of canaries) if (JSON.stringify(e).includes(c)) hits.push(`event ${e.name} contains ${c.slice(0, 10)}…`);
    for (const f of allFiles(t.dataDir)) {
      const text = readFileSync(f).toString('latin1');
      for (const c of canaries) if (text.includes(c)) hits.push(`${path.relative(t.dataDir, f)} contains ${c.slice(0, 10)}…`);
    }
    expect(hits).toEqual([]);
  });
});
