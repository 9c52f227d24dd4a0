import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../electron/sandbox';
import { openSyncSubject } from './measures/sync';
import { writeFileAtomic, jsonChunks } from '../electron/core/state/durable-file';
import { encodeInventory, decodeInventory } from '../electron/core/state/inventory-format';
import { percentile } from './stats';

const sb = await startSandbox({ listeners: 10000 });
const projectId = sb.regions.find((r) => r.id === 'sandbox-1')!.projectId;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ab-'));
const subj = await openSyncSubject(sb.url, projectId, path.join(dir, 'd'));
const { inv } = await subj.run();
await subj.close();
await sb.close();
const f1 = path.join(dir, 'old.json');
const f2 = path.join(dir, 'new.json');
const f3 = path.join(dir, 'v1nofsync.json');
const old = () => writeFileAtomic(f1, jsonChunks(inv));
const neu = () => writeFileAtomic(f2, encodeInventory(inv), { fsync: false });
const mid = () => writeFileAtomic(f3, jsonChunks(inv), { fsync: false });
const t = async (fn: () => Promise<unknown>) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };
for (let i = 0; i < 3; i++) { await old(); await neu(); await mid(); }
const a: number[] = [], b: number[] = [], c: number[] = [];
for (let i = 0; i < 41; i++) {
  const order = [[old, a], [neu, b], [mid, c]] as const;
  const rot = [...order.slice(i % 3), ...order.slice(0, i % 3)];
  for (const [fn, arr] of rot) arr.push(await t(fn));
}
const q = (x: number[]) => `median ${percentile(x, 50).toFixed(1)} ms (IQR ${percentile(x, 25).toFixed(1)}–${percentile(x, 75).toFixed(1)})`;
console.log('files: old', readFileSync(f1).length, 'bytes; new', readFileSync(f2).length, 'bytes');
console.log('old  (format 1, fsync file + folder):', q(a));
console.log('new  (format 2, no fsync):           ', q(b));
console.log('mid  (format 1, no fsync):           ', q(c));
const r1 = readFileSync(f1), r2 = readFileSync(f2);
const rd: number[] = [], rn: number[] = [];
for (let i = 0; i < 21; i++) { rd.push(await t(async () => decodeInventory(r1))); rn.push(await t(async () => decodeInventory(r2))); }
console.log('decode old', q(rd), ' new', q(rn));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
