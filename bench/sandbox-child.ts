/**
 * The ELB sandbox in its own process, so that the cloud side of a measure does not share the measuring thread.
 * Usage: node --import tsx bench/sandbox-child.ts <listeners> ; prints {"url","projectId"} and runs until SIGTERM.
 * It uses the sandbox's default keys (DEFAULT_AK/DEFAULT_SK), which are never printed.
 */
import { startSandbox } from '../electron/sandbox';

const listeners = Number(process.argv[2] ?? '0');
const sandbox = await startSandbox({ listeners, pendingMs: 0 });
process.stdout.write(
  `${JSON.stringify({ url: sandbox.url, projectId: sandbox.regions.find((r) => r.id === 'sandbox-1')?.projectId })}\n`,
);
const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
