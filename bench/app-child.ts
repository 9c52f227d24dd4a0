/**
 * ELB Desk in browser mode (the core behind the local web host) as its own process, for the bench.
 * Usage: node app-child.(ts|mjs) <dataDir> <sandboxUrl> [rendererDir]. Prints {"ready":true,"origin","openUrl","token"} once the
 * host listens (the token is a per-run local secret that the bench needs to call the host; it is not a cloud
 * credential). Commands on stdin, one per line:
 * - `mem`: runs a full GC when started with --expose-gc, then prints {"mem":{rss,heapUsed,heapTotal,external,arrayBuffers}}.
 * - `quit`: closes the host and the core, then exits.
 */
import { createInterface } from 'node:readline';
import { startBrowserMode } from '../electron/dev-host/host';

const [dataDir, sandboxUrl, rendererDir] = process.argv.slice(2);
if (!dataDir || !sandboxUrl) {
  process.stderr.write('usage: app-child <dataDir> <sandboxUrl>\n');
  process.exit(2);
}

const mode = await startBrowserMode({ dataDir, core: { sandboxUrl }, ...(rendererDir ? { rendererDir } : {}) });
const print = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
print({ ready: true, origin: mode.host.origin, openUrl: mode.host.openUrl, token: mode.host.token });

let closing = false;
async function quit(): Promise<void> {
  if (closing) return;
  closing = true;
  await mode.close();
  process.exit(0);
}

const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'mem') {
    // Two passes: the first can leave finalizer-held garbage for the second.
    gc?.();
    gc?.();
    setTimeout(() => {
      const m = process.memoryUsage();
      print({ mem: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }, gc: gc !== undefined });
    }, 100);
  } else if (cmd === 'quit') void quit();
});
process.on('SIGTERM', () => void quit());
process.on('SIGINT', () => void quit());
