import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from './cli';
import { startSandbox } from './server';
import { TestClient } from './testkit';
import type { SandboxHandle } from './types';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('scale: --listeners 10000', () => {
  let h: SandboxHandle | undefined;
  afterAll(() => h?.close());

  it('starts quickly, lists, pages and still checks port clashes cheaply', async () => {
    const t0 = performance.now();
    h = await startSandbox({ listeners: 10_000 });
    const startMs = performance.now() - t0;
    console.log(`[sandbox scale] startSandbox({ listeners: 10000 }) took ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(15_000);
    const c = new TestClient(h);
    const ps = h.state().region('sandbox-1');
    expect(ps.listeners.size).toBeGreaterThanOrEqual(10_000);
    // every extra listener has a unique (LB, family, port)
    const keys = new Set([...ps.listeners.values()].map((l) => `${l.loadbalancer_id}/${l.protocol === 'UDP' ? 'udp' : 'tcp'}/${l.protocol_port}/${JSON.stringify(l.port_ranges)}`));
    expect(keys.size).toBe(ps.listeners.size);

    const t1 = performance.now();
    const page = await c.get('/listeners', { query: { limit: '2000' } });
    expect(page.body.listeners).toHaveLength(2000);
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    const creates: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      const r = await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 1000 + i } });
      expect(r.status).toBe(201);
      creates.push(performance.now() - s);
    }
    const taken = [...ps.listeners.values()].find((l) => l.loadbalancer_id === lb && l.protocol === 'TCP' && l.protocol_port >= 20000);
    expect((await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: taken?.protocol_port } })).status).toBe(409);
    console.log(
      `[sandbox scale] first page of 2000 + 21 creates took ${(performance.now() - t1).toFixed(0)} ms (median create ${creates.sort((a, b) => a - b)[10]?.toFixed(1)} ms)`,
    );
    const quota = (await c.get('/quotas')).body.quota;
    expect(quota.listener).toBeGreaterThan(ps.listeners.size);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elb-sandbox-cli-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses flags and refuses bad ones', () => {
    expect(parseArgs([])).toEqual({ ok: true, options: { port: 8790, pendingMs: 300 } });
    expect(parseArgs(['--port=0', '--listeners', '5', '--state', '/tmp/x.json', '--pending-ms', '0'])).toEqual({
      ok: true,
      options: { port: 0, listeners: 5, stateFile: '/tmp/x.json', pendingMs: 0 },
    });
    expect(parseArgs(['--port', '70000'])).toMatchObject({ ok: false, message: expect.stringMatching(/--port/) });
    expect(parseArgs(['--listeners'])).toMatchObject({ ok: false, message: expect.stringMatching(/needs a value/) });
    expect(parseArgs(['--project-id', 'XYZ'])).toMatchObject({ ok: false, message: expect.stringMatching(/32 lowercase hex/) });
    expect(parseArgs(['--sk', 'only'])).toMatchObject({ ok: false, message: expect.stringMatching(/together/) });
    expect(parseArgs(['--frobnicate'])).toMatchObject({ ok: false, message: expect.stringMatching(/unknown option/) });
  });

  it('exits 2 with a clear message on a bad flag', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--port', 'eighty'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port must be a whole number/);
    expect(r.stdout).toBe('');
  });

  it('prints the one line, serves signed requests, and saves the state file on SIGTERM', async () => {
    const stateFile = join(dir, 'state.json');
    const pid = 'abcdef0123456789abcdef0123456789';
    child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--port', '0', '--ak', 'CLIAK000000000000000', '--sk', 'cli-secret', '--project-id', pid, '--state', stateFile, '--pending-ms', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line from the CLI: ${out}`)), 20_000);
      child?.stdout?.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl !== -1) {
          clearTimeout(timer);
          resolve(out.slice(0, nl));
        }
      });
      child?.on('exit', (code) => reject(new Error(`CLI exited early (${code})`)));
    });
    const m = /^ELB sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))  AK=(\S+) SK=(\S+) project_id=([0-9a-f]{32}) \(region sandbox-1; sandbox-2 project_id=([0-9a-f]{32})\)$/.exec(line);
    expect(m, line).not.toBeNull();
    expect(m?.[3]).toBe('CLIAK000000000000000');
    expect(m?.[4]).toBe('cli-secret');
    expect(m?.[5]).toBe(pid);
    const url = m?.[1] ?? '';
    const fake = { url, ak: 'CLIAK000000000000000', sk: 'cli-secret', regions: [{ id: 'sandbox-1', projectId: pid }] } as unknown as SandboxHandle;
    const c = new TestClient(fake);
    const lb = await c.idOf('loadbalancers', 'tcp-gateway');
    expect((await c.post('/listeners', { listener: { loadbalancer_id: lb, protocol: 'TCP', protocol_port: 5555, name: 'from-cli' } })).status).toBe(201);
    const exit = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(stateFile)).toBe(true);
    expect(readFileSync(stateFile, 'utf8')).toContain('from-cli');
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});
