/**
 * Launching the packaged app for the smoke test. Playwright's `_electron.launch` cannot drive it: it needs the Node
 * inspector (`--inspect=0`), which the EnableNodeCliInspectArguments fuse turns off in the package. So the app is
 * started with Chromium's `--remote-debugging-port=0` and Playwright attaches to the window over CDP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** The DevTools endpoint Chromium prints on stderr ("DevTools listening on ws://…"), or null. Pure. */
export function devToolsEndpoint(text: string): string | null {
  const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
  return m ? m[1]! : null;
}

/** The arguments the smoke test starts the packaged app with. Pure. */
export function smokeArgs(platform: string): string[] {
  // Linux runners have no keyring: use the basic backend (the app then keeps keys in memory only, as documented).
  return ['--remote-debugging-port=0', ...(platform === 'linux' ? ['--password-store=basic'] : [])];
}

/** A started packaged app. */
export interface LaunchedApp {
  child: ChildProcess;
  endpoint: string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

function collect(stream: Readable | null, sink: (s: string) => void): void {
  stream?.setEncoding('utf8');
  stream?.on('data', (d: string) => sink(d));
}

/** Starts `executable` and waits for its DevTools endpoint. */
export async function launchPackaged(executable: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<LaunchedApp> {
  const child = spawn(executable, smokeArgs(process.platform), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No DevTools endpoint within ${timeoutMs} ms. Output:\n${out}`)), timeoutMs);
    const sink = (s: string): void => {
      out += s;
      const ws = devToolsEndpoint(out);
      if (ws) {
        clearTimeout(timer);
        resolve(ws);
      }
    };
    collect(child.stdout, sink);
    collect(child.stderr, sink);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`The packaged app exited before showing a window (${JSON.stringify(r)}). Output:\n${out}`));
    });
  });
  return { child, endpoint, exited, output: () => out };
}
