import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnJsonChild } from './child';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-child-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('JSON-line children', () => {
  it('waits for messages by key, answers stdin commands in order, and stops the child', async () => {
    const file = script(
      'echo.mjs',
      `import { createInterface } from 'node:readline';
       console.log('not json');
       console.log(JSON.stringify({ ready: true, arg: process.argv[2] }));
       let n = 0;
       createInterface({ input: process.stdin }).on('line', (l) => console.log(JSON.stringify({ echo: l, n: ++n })));
       process.on('SIGTERM', () => process.exit(0));`,
    );
    const child = spawnJsonChild(file, ['hello'], { stdin: true });
    try {
      expect(await child.waitFor('ready', 10_000)).toEqual({ ready: true, arg: 'hello' });
      child.send('one');
      child.send('two');
      expect(await child.waitForNth('echo', 2, 10_000)).toEqual({ echo: 'two', n: 2 });
      expect(await child.waitForNth('echo', 1, 10_000)).toEqual({ echo: 'one', n: 1 });
    } finally {
      await child.stop();
    }
    expect(child.proc.exitCode ?? child.proc.signalCode).not.toBeNull();
  });

  it('rejects with the stderr tail when the child exits before the message', async () => {
    const file = script('dies.mjs', `console.error('boom: no sandbox'); process.exit(3);`);
    const child = spawnJsonChild(file);
    await expect(child.waitFor('url', 10_000)).rejects.toThrow(/code 3.*boom: no sandbox/s);
  });

  it('times out when the message never comes', async () => {
    const file = script('silent.mjs', `setTimeout(() => {}, 60_000); process.on('SIGTERM', () => process.exit(0));`);
    const child = spawnJsonChild(file);
    try {
      await expect(child.waitFor('url', 300)).rejects.toThrow(/within 300 ms/);
    } finally {
      await child.stop();
    }
  });
});
