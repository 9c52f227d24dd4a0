/**
 * The sandbox's optional state file (`--state FILE`): loaded over the seed at start, saved 200 ms after a change
 * (written aside, then renamed) and once more, synchronously, on close.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dumpState, isStateFile, type SandboxState } from './state';

/** Loads `file` into `state` when it exists; a file that is not a sandbox state throws, saying how to start over. */
export function loadStateFile(state: SandboxState, file: string): void {
  if (!existsSync(file)) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`sandbox: state file ${file} is not valid JSON (${(e as Error).message}); move it away to start from the seed`);
  }
  if (!isStateFile(parsed)) throw new Error(`sandbox: ${file} is not a sandbox state file; move it away to start from the seed`);
  try {
    state.region('sandbox-1').load(parsed.regions['sandbox-1']);
    state.region('sandbox-2').load(parsed.regions['sandbox-2']);
  } catch (e) {
    throw new Error(`sandbox: state file ${file} is damaged (${(e as Error).message}); move it away to start from the seed`);
  }
}

/** Saves `state` to `file` (nothing without a file): `schedule()` after a change, `flush()` on close. */
export class StateSaver {
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: SandboxState,
    private readonly file: string | undefined,
  ) {}

  /** Saves 200 ms from now (changes in between are saved together), in the background. */
  schedule(): void {
    const file = this.file;
    if (!file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const tmp = `${file}.tmp`;
      const data = JSON.stringify(dumpState(this.state));
      this.saving = this.saving
        .then(() => writeFile(tmp, data, { mode: 0o600 }))
        .then(() => rename(tmp, file))
        .catch((e: unknown) => console.error(`[sandbox] could not save state: ${(e as Error).message}`));
    }, 200);
  }

  /** Cancels a scheduled save, waits for one under way, then saves now. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.saving;
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(dumpState(this.state)), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
