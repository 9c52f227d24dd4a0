import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE, createFileLogger, createMemoryLogger, type LogLine } from './logger';
import { REDACTED, createRedactor } from './redact';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'elb-log-'));
  dir = path.join(root, 'logs');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const lines = (f: string) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);

describe('file logger', () => {
  it('writes redacted JSON lines to a 0600 file in a 0700 folder, honouring the level', () => {
    const redactor = createRedactor();
    redactor.register('CANARYSECRETVALUE123');
    const log = createFileLogger({ dir, level: 'info', redactor, clock: { now: () => new Date(0) } });
    log.log('debug', '[t]', 'hidden');
    log.log('info', '[store]', 'saved with CANARYSECRETVALUE123', { headers: { Authorization: 'x' }, n: 1 });
    log.log('error', '[cloud]', 'boom', new Error('failed for CANARYSECRETVALUE123'));
    log.close();
    const f = path.join(dir, LOG_FILE);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const got = lines(f);
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'info', tag: '[store]', message: `saved with ${REDACTED}`, data: { headers: { Authorization: REDACTED }, n: 1 } });
    expect(got[1]).toMatchObject({ level: 'error', data: { name: 'Error', message: `failed for ${REDACTED}` } });
    expect(readFileSync(f, 'utf8')).not.toContain('CANARYSECRETVALUE123');
  });

  it('rotates by size and keeps 3 files', () => {
    const log = createFileLogger({ dir, level: 'debug', redactor: createRedactor(), maxBytes: 2000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) log.log('info', '[t]', `line ${i} ${'x'.repeat(50)}`);
    log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    for (const f of files) {
      expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
      expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    }
    const last = lines(path.join(dir, LOG_FILE)).at(-1);
    expect(last?.message).toMatch(/^line 199 /);
    // the rotated files hold the lines just before, in order
    const prev = lines(path.join(dir, `${LOG_FILE}.1`)).at(-1)!;
    const firstNow = lines(path.join(dir, LOG_FILE))[0]!;
    expect(Number(prev.message.split(' ')[1]) + 1).toBe(Number(firstNow.message.split(' ')[1]));
  });

  it('appends to an existing log across restarts', () => {
    const a = createFileLogger({ dir, redactor: createRedactor() });
    a.log('info', '[t]', 'one');
    a.close();
    const b = createFileLogger({ dir, redactor: createRedactor() });
    b.log('info', '[t]', 'two');
    b.close();
    expect(lines(path.join(dir, LOG_FILE)).map((l) => l.message)).toEqual(['one', 'two']);
  });

  it('never throws: a removed folder or a closed logger just drops lines', () => {
    const log = createFileLogger({ dir, redactor: createRedactor() });
    log.log('info', '[t]', 'one');
    rmSync(dir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    expect(() => log.log('info', '[t]', 'two')).not.toThrow();
    log.close();
    expect(() => log.log('info', '[t]', 'three')).not.toThrow();
    expect(existsSync(path.join(dir, LOG_FILE))).toBe(false);
  });
});

describe('memory logger', () => {
  it('keeps redacted entries', () => {
    const r = createRedactor();
    r.register('CANARYMEMORY1234');
    const log = createMemoryLogger(r);
    log.log('warn', '[x]', 'CANARYMEMORY1234', { sk: 'abc' });
    expect(log.entries[0]).toMatchObject({ message: REDACTED, data: { sk: REDACTED } });
  });
});
