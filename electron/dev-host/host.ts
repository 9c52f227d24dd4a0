/** Composes browser mode: the core with Node ports (file-key cipher, SSE events) behind the local web host. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core, type CoreOptions } from '../core/create-core';
import { systemClock, type Logger } from '../core/ports';
import { createFileKeyCipher } from '../core/vault/cipher';
import { createFileLogger } from '../core/log/logger';
import { createRedactor } from '../core/log/redact';
import { SseHub, startWebHost, type WebHost } from './server';
import { loadFirstPaint, type FirstPaint } from './first-paint';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface BrowserModeOptions {
  dataDir: string;
  port?: number;
  token?: string;
  rendererDir?: string;
  core?: CoreOptions;
}

export interface BrowserMode {
  host: WebHost;
  core: Core;
  logger: Logger;
  close(): Promise<void>;
}

/** Starts the core and the web host. The core owns the data folder lock until close(). */
export async function startBrowserMode(opts: BrowserModeOptions): Promise<BrowserMode> {
  const redactor = opts.core?.redactor ?? createRedactor();
  const fileLogger = createFileLogger({ dir: path.join(opts.dataDir, 'logs'), level: (process.env.ELB_DESK_LOG_LEVEL as 'debug' | 'info' | undefined) ?? 'info', redactor });
  const hub = new SseHub();
  const trustedOrigins: string[] = [];
  // Advanced: a shorter per-request deadline (tests of crash recovery use it; the default is 30 s).
  const envTimeout = Number(process.env.ELB_DESK_REQUEST_TIMEOUT_MS);
  const coreOptions: CoreOptions = { ...(opts.core ?? {}) };
  if (Number.isInteger(envTimeout) && envTimeout >= 1000 && !coreOptions.cloud?.timeouts?.timeoutMs) {
    coreOptions.cloud = { ...(coreOptions.cloud ?? {}), timeouts: { ...(coreOptions.cloud?.timeouts ?? {}), timeoutMs: envTimeout } };
  }
  const core = await createCore(
    {
      paths: { dataDir: opts.dataDir, logDir: path.join(opts.dataDir, 'logs') },
      cipher: await createFileKeyCipher(opts.dataDir),
      events: hub,
      clock: systemClock,
      logger: fileLogger,
      mode: 'browser',
      trustedOrigins,
      version: appVersion(),
    },
    { ...coreOptions, redactor },
  );
  const rendererDir = opts.rendererDir ?? RENDERER_DIR;
  // The first paint is an addition: a server build that cannot be loaded leaves the page as it was.
  const loaded = await loadFirstPaint(rendererDir).catch((e: unknown): FirstPaint | null => {
    fileLogger.log('warn', 'host', 'The first paint is unavailable: its server build could not be loaded.', { error: e instanceof Error ? e.message : String(e) });
    return null;
  });
  // A render that fails leaves that page without a first paint (the app mounts as usual); the log says why.
  const firstPaint: FirstPaint | null = loaded && {
    ...loaded,
    render: (params, answer) =>
      loaded.render(params, answer).catch((e: unknown) => {
        fileLogger.log('warn', 'host', 'A first paint could not be rendered; the page starts without it.', { error: e instanceof Error ? e.message : String(e) });
        return null;
      }),
  };
  let host: WebHost;
  try {
    host = await startWebHost({ port: opts.port ?? 0, token: opts.token, rendererDir, core, hub, firstPaint });
  } catch (e) {
    await core.dispose();
    throw e;
  }
  trustedOrigins.push(host.origin);
  return {
    host,
    core,
    logger: fileLogger,
    async close() {
      await host.close();
      await core.dispose();
      fileLogger.close();
    },
  };
}
