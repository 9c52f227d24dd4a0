/**
 * S1.2 / S4.8 canary: enter unique fake keys, use the store, the vault and the logger (debug level), force an
 * error that logs a whole signed request config, then grep every file of the data folder and the log folder
 * for the canaries — raw, hex and base64 (every alignment). Pass: 0 hits.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyInventory } from '../../../shared/model/inventory';
import { createFileLogger } from '../log/logger';
import { createRedactor } from '../log/redact';
import { openStore } from '../state/store';
import { testAccount } from '../state/test-support/fixtures';
import { createFileKeyCipher } from './cipher';
import { VAULT_FILE, createVault } from './vault';

const CANARY_AK = 'CANARYAKZ7Q2W9X4M1P8';
const CANARY_SK = 'CANARYSKr4Nd0mS3cr3tK3yV4lu3Xq9Lm2Wz7Pa';
const CANARY_TOKEN = 'CANARYTOKENgAAAAAbcdefghijklmnopqrstuvwxyz0123456789';

/** Forms of a secret to look for: raw, hex (both cases), base64/base64url in each of the 3 byte alignments. */
function needles(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  const out = new Set([secret, b.toString('hex'), b.toString('hex').toUpperCase()]);
  for (const skip of [0, 1, 2]) {
    const part = b.subarray(skip);
    const n = Math.floor(part.length / 3) * 3;
    out.add(part.subarray(0, n).toString('base64'));
    out.add(part.subarray(0, n).toString('base64url'));
  }
  return [...out];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** Hits of any needle in any file (read as latin1, so binary files are searched byte for byte). */
function grep(dirs: string[], secrets: string[]): string[] {
  const hits: string[] = [];
  for (const d of dirs)
    for (const f of walk(d)) {
      const text = readFileSync(f).toString('latin1');
      for (const s of secrets) for (const n of needles(s)) if (text.includes(Buffer.from(n, 'utf8').toString('latin1'))) hits.push(`${path.relative(d, f)}: ${n}`);
    }
  return hits;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-canary-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('canary credentials', () => {
  it('the grep finds a canary in every form when it is there (control)', () => {
    const d = path.join(root, 'control');
    mkdirSync(d);
    writeFileSync(path.join(d, 'raw.txt'), `x${CANARY_SK}y`);
    writeFileSync(path.join(d, 'b64.txt'), Buffer.from(`user:${CANARY_SK}`).toString('base64'));
    writeFileSync(path.join(d, 'hex.txt'), Buffer.from(`ab${CANARY_AK}`).toString('hex'));
    const hits = grep([d], [CANARY_AK, CANARY_SK]);
    expect(hits.some((h) => h.startsWith('raw.txt'))).toBe(true);
    expect(hits.some((h) => h.startsWith('b64.txt'))).toBe(true);
    expect(hits.some((h) => h.startsWith('hex.txt'))).toBe(true);
  });

  it('leave no trace in the data folder or the logs, even at debug level with a logged request config', async () => {
    const dataDir = path.join(root, 'data');
    const logDir = path.join(root, 'logs');
    const redactor = createRedactor();
    const logger = createFileLogger({ dir: logDir, level: 'debug', redactor });
    const store = await openStore({ dir: dataDir, logger });
    const vault = await createVault({ dir: dataDir, cipher: createFileKeyCipher(dataDir), logger, redactor });

    // Use the app: an account, credentials, a draft-ish update, an inventory.
    await vault.set('acc-canary', { ak: CANARY_AK, sk: CANARY_SK, securityToken: CANARY_TOKEN });
    await store.update((s) => void s.accounts.push(testAccount('acc-canary')));
    await store.putInventory({ ...emptyInventory('acc-canary', 'ap-southeast-1'), lastError: 'cloud said no' });
    const creds = await vault.get('acc-canary');
    expect(creds?.sk).toBe(CANARY_SK);

    // A failing signed request, logged with its whole config (the kind of thing an SDK does at debug level).
    const date = '20250301T100000Z';
    const signature = createHmac('sha256', CANARY_SK).update(`SDK-HMAC-SHA256\n${date}\nabc`).digest('hex');
    const config = {
      method: 'POST',
      url: `https://elb.ap-southeast-1.myhuaweicloud.com/v3/p/elb/listeners?ak=${CANARY_AK}`,
      headers: {
        Authorization: `SDK-HMAC-SHA256 Access=${CANARY_AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`,
        'X-Sdk-Date': date,
        'X-Security-Token': CANARY_TOKEN,
        'Proxy-Authorization': `Basic ${Buffer.from(`${CANARY_AK}:${CANARY_SK}`).toString('base64')}`,
      },
      data: JSON.stringify({ credentials: { access: CANARY_AK, secret: CANARY_SK } }),
      debugDump: Buffer.from(`${CANARY_AK}|${CANARY_SK}`).toString('hex'),
    };
    const err = Object.assign(new Error(`Request failed with status 401 for AK ${CANARY_AK}`), { config, response: { status: 401, data: { error_msg: `bad key ${CANARY_AK}` } } });
    logger.log('error', '[cloud]', `POST failed: ${err.message}`, err);
    logger.log('debug', '[cloud]', `request ${JSON.stringify(config)}`, { config });
    logger.log('debug', '[cloud]', `basic ${Buffer.from(`x${CANARY_SK}`).toString('base64')} and ${Buffer.from(CANARY_SK).toString('hex')}`);

    // An undecryptable entry path also logs.
    const doc = JSON.parse(readFileSync(path.join(dataDir, VAULT_FILE), 'utf8')) as { accounts: Record<string, { ciphertext: string }> };
    doc.accounts['acc-canary']!.ciphertext = Buffer.from('garbage').toString('base64');
    writeFileSync(path.join(dataDir, VAULT_FILE), JSON.stringify(doc));
    const vault2 = await createVault({ dir: dataDir, cipher: createFileKeyCipher(dataDir), logger, redactor });
    expect(vault2.status('acc-canary').needsReentry).toBe(true);

    await store.close();
    logger.close();

    const logText = readFileSync(path.join(logDir, 'elb-desk.log'), 'utf8');
    expect(logText).toContain('[REDACTED]');
    expect(logText).toContain('POST failed');
    expect(grep([dataDir, logDir], [CANARY_AK, CANARY_SK, CANARY_TOKEN])).toEqual([]);
  });
});
