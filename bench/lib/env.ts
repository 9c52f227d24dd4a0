/**
 * The bench's moving parts: the ELB sandbox in a child process, ELB Desk in browser mode in a child process (bundled
 * with esbuild, as the shipped main process is, so no TypeScript loader sits in its memory), temp folders, and
 * small HTTP helpers. Nothing here prints a key or token.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_SK } from '../../electron/sandbox';
import { REPO_ROOT, spawnJsonChild, type JsonChild } from './child';

export { REPO_ROOT } from './child';

/** Temp folders of one bench run, removed at the end. */
export class TempDirs {
  private readonly dirs: string[] = [];
  /** A new empty folder under the OS temp folder. */
  make(prefix: string): string {
    const d = mkdtempSync(path.join(os.tmpdir(), `elb-desk-bench-${prefix}-`));
    this.dirs.push(d);
    return d;
  }
  removeAll(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** A sandbox running in its own process. */
export interface SandboxProc {
  url: string;
  projectId: string;
  stop(): Promise<void>;
}

/** Starts `bench/sandbox-child.ts` with `listeners` extra listeners in region sandbox-1. */
export async function startSandboxProcess(listeners: number): Promise<SandboxProc> {
  const child = spawnJsonChild(path.join(REPO_ROOT, 'bench', 'sandbox-child.ts'), [String(listeners)]);
  try {
    const { url, projectId } = await child.waitFor<{ url: string; projectId: string }>('url', 60_000);
    return { url, projectId, stop: () => child.stop() };
  } catch (e) {
    await child.stop();
    throw e;
  }
}

/** One HTTP exchange over node:http (optionally through a keep-alive agent). */
export function httpRequest(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, agent: o.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/**
 * An IAM token from the sandbox (`POST /v3/auth/tokens`, password = the sandbox's secret key), for unsigned requests
 * with `X-Auth-Token`.
 */
export async function iamToken(sandboxUrl: string): Promise<string> {
  const body = JSON.stringify({
    auth: { identity: { methods: ['password'], password: { user: { name: 'bench', password: DEFAULT_SK, domain: { name: 'sandbox' } } } }, scope: { project: { name: 'sandbox-1' } } },
  });
  const r = await httpRequest(`${sandboxUrl}/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const token = r.headers['x-subject-token'];
  if (r.status !== 201 || typeof token !== 'string') throw new Error(`the sandbox gave no IAM token (HTTP ${r.status})`);
  return token;
}

/**
 * Bundles `bench/app-child.ts` (core + web host, every package included) into `<outDir>/app-child.mjs`.
 * `import.meta.url` is pinned to electron/dev-host/host.ts, the one module that uses it (to find the repository
 * root: package.json and out/renderer).
 */
export async function bundleAppChild(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'app-child.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'app-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    logLevel: 'error',
    absWorkingDir: REPO_ROOT,
    define: {
      'process.env.NODE_ENV': '"production"',
      'import.meta.url': JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'electron', 'dev-host', 'host.ts')).href),
    },
    // CommonJS dependencies bundled into ESM may call require() for Node built-ins.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return outfile;
}

/** ELB Desk in browser mode, in a child process. */
export interface AppProc {
  origin: string;
  /** The URL that opens the app (it carries the host token: never print it). */
  openUrl: string;
  token: string;
  pid: number;
  /** `POST /ipc/<channel>` with the token; returns the value of an ok result, throws on an error result. */
  ipc<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** Memory of the child after a full GC (needs `exposeGc`). */
  memory(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; gc: boolean }>;
  stop(): Promise<void>;
}

/**
 * Starts the bundled app child on `dataDir`, with the "Local sandbox" account pointing at `sandboxUrl` (and the
 * renderer served from `rendererDir`, default out/renderer).
 */
export async function startAppProcess(bundle: string, dataDir: string, sandboxUrl: string, o: { exposeGc?: boolean; rendererDir?: string } = {}): Promise<AppProc> {
  const child: JsonChild = spawnJsonChild(bundle, [dataDir, sandboxUrl, ...(o.rendererDir ? [o.rendererDir] : [])], { tsx: false, stdin: true, nodeFlags: o.exposeGc ? ['--expose-gc'] : [] });
  let ready: { origin: string; openUrl: string; token: string };
  try {
    ready = await child.waitFor<{ origin: string; openUrl: string; token: string }>('ready', 60_000);
  } catch (e) {
    await child.stop();
    throw e;
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let memSeq = 0;
  return {
    origin: ready.origin,
    openUrl: ready.openUrl,
    token: ready.token,
    pid: child.proc.pid ?? -1,
    async ipc<T>(channel: string, payload: unknown = {}): Promise<T> {
      const r = await httpRequest(`${ready.origin}/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-elb-desk-token': ready.token },
        body: JSON.stringify(payload),
        agent,
      });
      const result = JSON.parse(r.body) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    async memory() {
      // Each request gets its own answer: wait for the n-th "mem" message.
      memSeq++;
      const want = memSeq;
      child.send('mem');
      const m = await child.waitForNth<{ mem: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }; gc: boolean }>('mem', want);
      return { ...m.mem, gc: m.gc };
    },
    async stop() {
      agent.destroy();
      child.send('quit');
      await child.stop(10_000);
    },
  };
}

/** The "Local sandbox" account (region sandbox-1) of an app. */
export async function sandboxAccountId(app: AppProc): Promise<string> {
  const accounts = await app.ipc<Array<{ id: string; name: string; kind: string; region: string }>>('accounts:list');
  const a = accounts.find((x) => x.kind === 'sandbox' && x.region === 'sandbox-1') ?? accounts.find((x) => x.name === 'Local sandbox');
  if (!a) throw new Error('the app has no "Local sandbox" account');
  return a.id;
}

/** Runs `sync:run` for the Local sandbox account in region sandbox-1; returns the number of listeners cached. */
export async function syncSandbox(app: AppProc): Promise<number> {
  const accountId = await sandboxAccountId(app);
  const inv = await app.ipc<{ listeners: unknown[]; stale?: boolean; lastError?: string | null }>('sync:run', { accountId, region: 'sandbox-1' });
  if (inv.stale) throw new Error(`sync:run left a stale inventory: ${inv.lastError ?? 'unknown error'}`);
  return inv.listeners.length;
}
