/**
 * Test support: a separate writer process for the store's fault tests. Bundled by the tests with esbuild and
 * run with plain `node` (fast start, can run as another user).
 *
 *   node writer-child.mjs kill <dir> [lanes]   open the store, clear accounts and drafts, print "ready", then
 *                                              save as fast as possible from <lanes> concurrent loops — until
 *                                              killed. Even lanes add accounts (main file), printing
 *                                              "ack <id>"; odd lanes create drafts, edit them and older ones, and
 *                                              delete some (draft files), printing "draft <id> <revision>" after
 *                                              each acknowledged create/edit, "deleting <id>" before a delete and
 *                                              "deleted <id>" once it is acknowledged.
 *   node writer-child.mjs readonly <dir>       (run as a non-root user owning <dir>) save, make the folder
 *                                              read-only, save again, restore, retry; prints one JSON line.
 *   node writer-child.mjs hold <dir>           open the store, print "ready", wait for stdin to close.
 */
import { chmodSync } from 'node:fs';
import { AppFailure } from '../../../../shared/ipc/result';
import { openStore } from '../store';
import { testAccount, testDraft } from './fixtures';

async function kill(dir: string, lanes: number, checkpointDelayMs?: number): Promise<void> {
  // A short checkpoint delay makes kills land while drafts.wal is being folded into drafts/ too.
  const store = await openStore({ dir, ...(checkpointDelayMs === undefined ? {} : { checkpointDelayMs }) });
  await store.update((s) => {
    s.accounts = [];
    s.drafts = [];
  });
  process.stdout.write('ready\n');
  let next = 0;
  // stdout to a pipe is synchronous on Linux: once written, the parent will read it even after SIGKILL.
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const accountLane = async () => {
    for (;;) {
      const id = `a-${next++}`;
      await store.update((s) => {
        s.accounts.push(testAccount(id));
      });
      say(`ack ${id}`);
    }
  };
  const live: string[] = [];
  const edit = async (id: string) => {
    const rev = await store.update((s) => {
      const d = s.drafts.find((x) => x.id === id)!;
      d.revision += 1;
      d.title = `${id} r${d.revision}`;
      d.listener.idleTimeout = d.revision;
      return d.revision;
    });
    say(`draft ${id} ${rev}`);
  };
  const draftLane = async () => {
    for (;;) {
      const id = `d-${process.pid}-${next++}`;
      await store.update((s) => {
        s.drafts.push(testDraft(id));
      });
      say(`draft ${id} 1`);
      live.push(id);
      await edit(id);
      const older = live[Math.floor(Math.random() * live.length)]!;
      await edit(older);
      if (next % 3 === 0) {
        const gone = live.splice(Math.floor(Math.random() * live.length), 1)[0]!;
        say(`deleting ${gone}`); // from here on the draft may be gone, acknowledged or not
        await store.update((s) => {
          s.drafts = s.drafts.filter((x) => x.id !== gone);
        });
        say(`deleted ${gone}`);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => (i % 2 === 0 ? accountLane() : draftLane())));
}

async function readonly(dir: string): Promise<void> {
  const store = await openStore({ dir });
  const out: Record<string, unknown> = { uid: process.getuid?.() };
  await store.update((s) => {
    s.accounts.push(testAccount('before'));
  });
  chmodSync(dir, 0o500);
  const t0 = Date.now();
  try {
    await store.update((s) => {
      s.accounts.push(testAccount('during'));
    });
    out.during = 'saved';
  } catch (e) {
    out.during = e instanceof AppFailure ? { code: e.appError.code, message: e.appError.message } : String(e);
  }
  out.elapsedMs = Date.now() - t0;
  out.statusAfterFailure = store.status();
  out.inMemory = store.get().accounts.map((a) => a.id);
  const retryWhileReadOnly = await store.retry();
  out.retryWhileReadOnly = retryWhileReadOnly.state;
  chmodSync(dir, 0o700);
  const afterRetry = await store.retry();
  out.statusAfterRetry = afterRetry;
  await store.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function hold(dir: string): Promise<void> {
  const store = await openStore({ dir });
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise<void>((r) => process.stdin.on('close', () => r()));
  await store.close();
}

const [mode, dir, arg] = process.argv.slice(2);
if (process.env.ELB_WRITER_CHILD === '1' && mode && dir) {
  const run = mode === 'kill' ? kill(dir, Number(arg ?? 4), process.argv[5] === undefined ? undefined : Number(process.argv[5])) : mode === 'readonly' ? readonly(dir) : mode === 'hold' ? hold(dir) : Promise.reject(new Error(`unknown mode ${mode}`));
  run.catch((e: unknown) => {
    process.stderr.write(`${e instanceof AppFailure ? `${e.appError.code}: ${e.message}` : e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}
