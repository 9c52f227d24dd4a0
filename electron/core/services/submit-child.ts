/**
 * Test helper process: opens a core on a data folder and submits one draft, printing progress, so a test can kill -9
 * it at any point of the apply. Usage: tsx submit-child.ts <dataDir> <sandboxUrl> <draftId>
 */
import { startTestCore } from '../test-support';

const [dataDir, sandboxUrl, draftId] = process.argv.slice(2);
if (!dataDir || !sandboxUrl || !draftId) {
  process.stderr.write('usage: submit-child <dataDir> <sandboxUrl> <draftId>\n');
  process.exit(2);
}
const t = await startTestCore({ dataDir, sandboxUrl, options: { submit: { pollMs: 20 }, cloud: { timeouts: { timeoutMs: 2000, connectTimeoutMs: 1000 } } } });
process.stdout.write('APPLY\n');
const r = await t.call('submit:apply', { draftId });
process.stdout.write(`${r.ok ? 'DONE' : `FAILED ${r.error.code} ${r.error.message}`}\n`);
await t.core.dispose();
process.exit(0);
