/**
 * Test helper process: opens a core on a data folder and either starts a fleet run of a plan or (without a plan ID)
 * lets the core resume the runs a kill left running, printing `RUN <id>` then `SETTLED <state>`, so a test can
 * kill -9 it at any point. Usage: tsx fleet-child.ts <dataDir> <sandboxUrl> [planId]
 */
import { startTestCore } from '../test-support';

const [dataDir, sandboxUrl, planId] = process.argv.slice(2);
if (!dataDir || !sandboxUrl) {
  process.stderr.write('usage: fleet-child <dataDir> <sandboxUrl> [planId]\n');
  process.exit(2);
}
const t = await startTestCore({
  dataDir,
  sandboxUrl,
  options: { submit: { pollMs: 20, requestDeadlineMs: 7000 }, cloud: { timeouts: { timeoutMs: 5000, connectTimeoutMs: 2000 }, retry: { throttleMinDelayMs: 200 } } },
});
let runId: string;
if (planId) {
  const r = await t.call('fleet:apply', { id: planId, concurrency: 4 });
  if (!r.ok) {
    process.stdout.write(`FAILED ${r.error.code} ${r.error.message}\n`);
    process.exit(1);
  }
  runId = r.value.id;
} else {
  await t.core.resumed;
  const runs = await t.must('fleet:runs', {});
  runId = runs.at(-1)!.id;
}
process.stdout.write(`RUN ${runId}\n`);
const progress = setInterval(() => {
  const c = t.core.fleet.get(runId).targets.reduce<Record<string, number>>((acc, x) => ((acc[x.state] = (acc[x.state] ?? 0) + 1), acc), {});
  process.stdout.write(`PROGRESS ${JSON.stringify(c)}\n`);
}, 5000);
const end = await t.core.fleet.settled(runId);
clearInterval(progress);
process.stdout.write(`SETTLED ${end.state}\n`);
await t.core.dispose();
process.exit(0);
