/**
 * `npm run start:web -- [--port N] [--data-dir DIR]`: builds the renderer if it is missing, starts browser mode on
 * 127.0.0.1 and prints one line with the URL to open (it carries the access token).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppFailure } from '../../shared/ipc/result';
import { resolveDataDir } from '../core/paths';
import { REPO_ROOT, RENDERER_DIR, startBrowserMode } from './host';
import { buildRenderer } from '../../build/scripts/build-renderer';

interface Args {
  port: number;
  dataDir: string | undefined;
}

/** Parses the CLI flags; throws a message naming the bad flag. */
export function parseArgs(input: readonly string[]): Args {
  const argv = input.flatMap((a) => (a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  const out: Args = { port: 0, dataDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port must be a whole number from 0 to 65535');
      out.port = n;
    } else if (a === '--data-dir') out.dataDir = value();
    else throw new Error(`unknown option ${a} (use --port N and --data-dir DIR)`);
  }
  return out;
}

function ensureRendererBuilt(): void {
  if (existsSync(path.join(RENDERER_DIR, 'index.html'))) return;
  const failed = buildRenderer(REPO_ROOT, 'error');
  if (failed) throw new Error(`building the renderer failed: ${failed}`);
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`start:web: ${(e as Error).message}\n`);
    process.exit(2);
  }
  ensureRendererBuilt();
  const dataDir = resolveDataDir(args.dataDir);
  let app;
  try {
    app = await startBrowserMode({ dataDir, port: args.port });
  } catch (e) {
    const msg = e instanceof AppFailure ? e.appError.message : (e as Error).message;
    process.stderr.write(`ELB Desk could not start: ${msg}\n`);
    process.exit(1);
  }
  process.stdout.write(`ELB Desk (browser mode) is running: open ${app.host.openUrl}  (data: ${dataDir})\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
