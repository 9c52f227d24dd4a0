/**
 * `npm run sandbox -- [--port N] [--ak AK --sk SK] [--project-id ID] [--listeners N] [--load-balancers N] [--throttle-rps R] [--state FILE] [--pending-ms N]
 *                     [--host H] [--admin-token T] [--log]`
 *
 * Prints ONE line (`ELB sandbox listening on http://127.0.0.1:PORT  AK=… SK=… project_id=… (region sandbox-1;
 * sandbox-2 project_id=…)`) and runs until SIGINT/SIGTERM, then saves the state file if one was given.
 * Bad flags: a message on stderr and exit code 2. The sandbox keys are local throwaway credentials, printed on purpose.
 */
import { startSandbox } from './server';
import type { SandboxOptions } from './types';

const USAGE =
  'Usage: npm run sandbox -- [--port N] [--ak AK --sk SK] [--project-id ID] [--listeners N] [--load-balancers N] [--throttle-rps R] [--state FILE] [--pending-ms N] [--host H] [--admin-token T] [--log]';

/** Parsed CLI options, or an error message. */
export type CliParse = { ok: true; options: SandboxOptions } | { ok: false; message: string } | { ok: 'help' };

function int(name: string, v: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(v)) return `${name} must be a whole number (got "${v}")`;
  const n = Number(v);
  if (n < min || n > max) return `${name} must be from ${min} to ${max} (got ${n})`;
  return n;
}

/** Parses the command line (without node and script). Defaults: port 8790, pending-ms 300. */
export function parseArgs(argv: string[]): CliParse {
  const o: SandboxOptions = { port: 8790, pendingMs: 300 };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (raw === '--help' || raw === '-h') return { ok: 'help' };
    if (raw === '--log') {
      o.logRequests = true;
      continue;
    }
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq !== -1 ? raw.slice(0, eq) : raw;
    let value: string | undefined = raw.startsWith('--') && eq !== -1 ? raw.slice(eq + 1) : undefined;
    const known = ['--port', '--ak', '--sk', '--project-id', '--listeners', '--load-balancers', '--throttle-rps', '--state', '--pending-ms', '--host', '--admin-token'];
    if (!known.includes(flag)) return { ok: false, message: `unknown option ${JSON.stringify(raw)}` };
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) return { ok: false, message: `${flag} needs a value` };
    }
    switch (flag) {
      case '--port': {
        const n = int('--port', value, 0, 65535);
        if (typeof n === 'string') return { ok: false, message: n };
        o.port = n;
        break;
      }
      case '--listeners': {
        const n = int('--listeners', value, 0, 200_000);
        if (typeof n === 'string') return { ok: false, message: n };
        o.listeners = n;
        break;
      }
      case '--load-balancers': {
        const n = int('--load-balancers', value, 0, 5_000);
        if (typeof n === 'string') return { ok: false, message: n };
        o.loadBalancers = n;
        break;
      }
      case '--throttle-rps': {
        const n = int('--throttle-rps', value, 1, 100_000);
        if (typeof n === 'string') return { ok: false, message: n };
        o.throttle = { ratePerSecond: n };
        break;
      }
      case '--pending-ms': {
        const n = int('--pending-ms', value, 0, 600_000);
        if (typeof n === 'string') return { ok: false, message: n };
        o.pendingMs = n;
        break;
      }
      case '--ak':
        if (!/^[A-Za-z0-9]{1,128}$/.test(value)) return { ok: false, message: '--ak must be 1-128 letters or digits' };
        o.ak = value;
        break;
      case '--sk':
        if (value.length === 0 || value.length > 256) return { ok: false, message: '--sk must be 1-256 characters' };
        o.sk = value;
        break;
      case '--project-id':
        if (!/^[0-9a-f]{32}$/.test(value)) return { ok: false, message: '--project-id must be 32 lowercase hex characters' };
        o.projectId = value;
        break;
      case '--state':
        o.stateFile = value;
        break;
      case '--host':
        o.host = value;
        break;
      case '--admin-token':
        if (value.length < 8) return { ok: false, message: '--admin-token must be at least 8 characters' };
        o.adminToken = value;
        break;
    }
  }
  if ((o.ak === undefined) !== (o.sk === undefined)) return { ok: false, message: '--ak and --sk must be given together' };
  return { ok: true, options: o };
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!parsed.ok) {
    process.stderr.write(`sandbox: ${parsed.message}\n${USAGE}\n`);
    process.exit(2);
  }
  let handle;
  try {
    handle = await startSandbox(parsed.options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = err.code === 'EADDRINUSE' ? `port ${parsed.options.port} is already in use (try --port 0)` : err.message;
    process.stderr.write(`sandbox: ${msg}\n`);
    process.exit(1);
  }
  const [r1, r2] = handle.regions;
  process.stdout.write(
    `ELB sandbox listening on ${handle.url}  AK=${handle.ak} SK=${handle.sk} project_id=${r1?.projectId} (region sandbox-1; sandbox-2 project_id=${r2?.projectId})\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    handle
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`sandbox: ${(e as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only as a script (tests import parseArgs).
const invokedDirectly = /(^|[\\/])cli\.(ts|js|mjs|cjs)$/.test(process.argv[1] ?? '');
if (invokedDirectly) void main();
