/**
 * Fleet plans and runs on disk: `fleet/plans/<id>.json` and `fleet/runs/<id>.json` in the data folder, one compact
 * JSON record each, written through the store's durable folder writer (temp file, fsync, rename, one folder fsync
 * per batch). Read once at open; a file that does not parse is left where it is, reported, and not loaded.
 */
import path from 'node:path';
import type { z } from 'zod';
import { FleetPlanSchema, FleetRunSchema, type FleetPlan, type FleetRun } from '../../../shared/model/fleet';
import type { Logger } from '../ports';
import { draftFileName, isDraftFileName, parseJsonObjectBytes } from './draft-files';
import { DurableFolderWriter, errCode, nodeFs, type FsLike } from './durable-file';

/** Folder (in the data folder) of the fleet records. */
export const FLEET_DIR = 'fleet';

/** One folder of records of one schema, kept in memory. */
class RecordFolder<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  private readonly writer: DurableFolderWriter;

  constructor(
    readonly dir: string,
    private readonly schema: z.ZodType<T>,
    private readonly fs: FsLike,
  ) {
    this.writer = new DurableFolderWriter(dir, { fs });
  }

  async load(problems: string[]): Promise<void> {
    let names: string[] = [];
    try {
      names = (await this.fs.readdir(this.dir)).filter(isDraftFileName).sort();
    } catch (e) {
      if (errCode(e) !== 'ENOENT') problems.push(`${this.dir} could not be read (${String(e)})`);
      return;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      let raw: Uint8Array;
      try {
        raw = await this.fs.readFile(file);
      } catch (e) {
        problems.push(`${file} could not be read (${String(e)})`);
        continue;
      }
      const bytes = parseJsonObjectBytes(raw, { expected: 'a fleet record' });
      if (bytes.kind === 'bad') {
        problems.push(`${file}: ${bytes.detail}`);
        continue;
      }
      const parsed = this.schema.safeParse(bytes.doc);
      if (!parsed.success || draftFileName(parsed.data.id) !== name) {
        problems.push(`${file}: not a valid record`);
        continue;
      }
      this.items.set(parsed.data.id, parsed.data);
    }
  }

  list(): T[] {
    return [...this.items.values()].map((x) => structuredClone(x));
  }

  get(id: string): T | undefined {
    const x = this.items.get(id);
    return x ? structuredClone(x) : undefined;
  }

  /** Makes `item` current at once and resolves when it is durable. */
  put(item: T): Promise<void> {
    const copy = structuredClone(item);
    this.items.set(copy.id, copy);
    const json = JSON.stringify(copy);
    return this.writer.put(draftFileName(copy.id), () => json);
  }

  remove(id: string): Promise<void> {
    this.items.delete(id);
    return this.writer.put(draftFileName(id), null);
  }

  idle(): Promise<void> {
    return this.writer.idle();
  }
}

/** The fleet plans and runs of a data folder. */
export interface FleetFiles {
  plans: RecordFolder<FleetPlan>;
  runs: RecordFolder<FleetRun>;
  flush(): Promise<void>;
}

/** Opens (and reads) the fleet folders of `dataDir`. */
export async function openFleetFiles(dataDir: string, logger: Logger, fs: FsLike = nodeFs): Promise<FleetFiles> {
  const base = path.join(dataDir, FLEET_DIR);
  const plans = new RecordFolder<FleetPlan>(path.join(base, 'plans'), FleetPlanSchema, fs);
  const runs = new RecordFolder<FleetRun>(path.join(base, 'runs'), FleetRunSchema, fs);
  const problems: string[] = [];
  await plans.load(problems);
  await runs.load(problems);
  for (const p of problems) logger.log('warn', '[fleet]', `skipped ${p}`);
  return {
    plans,
    runs,
    async flush() {
      await Promise.all([plans.idle(), runs.idle()]);
    },
  };
}
