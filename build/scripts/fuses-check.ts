/**
 * `npm run fuses:check`: reads the Electron fuses of the packaged app for this OS with `@electron/fuses read --app`
 * (the CLI, as a maintainer would run it) and compares them with `electronFuses` in build/electron-builder.yml.
 * Exits 1 when a fuse differs, is missing, or there is no packaged app (run `npm run dist` first).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bundle-electron';
import { readBuilderConfig } from './package-check';
import { findPackagedApp } from './packaged-app';

/** A fuse state as the CLI prints it. */
export type FuseState = 'Enabled' | 'Disabled' | 'Inherited' | 'Removed';

/** electron-builder's `electronFuses` key → the fuse's name in @electron/fuses (runAsNode → RunAsNode). */
export function fuseName(builderKey: string): string {
  return builderKey.charAt(0).toUpperCase() + builderKey.slice(1);
}

/** The fuse states the builder configuration asks for. Pure. */
export function expectedFuses(electronFuses: unknown): Map<string, FuseState> {
  const out = new Map<string, FuseState>();
  if (typeof electronFuses !== 'object' || electronFuses === null) return out;
  for (const [k, v] of Object.entries(electronFuses)) {
    if (typeof v === 'boolean') out.set(fuseName(k), v ? 'Enabled' : 'Disabled');
  }
  return out;
}

/** Parses `electron-fuses read` output ("  RunAsNode is Disabled", colours allowed). Pure. */
export function parseFuseOutput(text: string): Map<string, FuseState> {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const out = new Map<string, FuseState>();
  for (const line of plain.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]\w*) is (Enabled|Disabled|Inherited|Removed)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2] as FuseState);
  }
  return out;
}

/** What differs between the read fuses and the expected ones. Pure. */
export function fuseProblems(actual: ReadonlyMap<string, FuseState>, expected: ReadonlyMap<string, FuseState>): string[] {
  const problems: string[] = [];
  if (expected.size === 0) problems.push('build/electron-builder.yml sets no electronFuses');
  for (const [name, want] of expected) {
    const got = actual.get(name);
    if (got === undefined) problems.push(`${name}: not in the packaged binary's fuse wire (expected ${want})`);
    else if (got !== want) problems.push(`${name}: ${got}, expected ${want}`);
  }
  return problems;
}

/** Runs `@electron/fuses read --app <appPath>`; returns its output, or throws with the CLI's message. */
export function readFuses(appPath: string, root: string = REPO_ROOT): string {
  const cli = path.join(root, 'node_modules', '@electron', 'fuses', 'dist', 'bin.js');
  const r = spawnSync(process.execPath, [cli, 'read', '--app', appPath], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`@electron/fuses read --app ${appPath} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const status = findPackagedApp();
  if (!status.available || !status.app) {
    process.stderr.write(`fuses:check: ${status.reason}\n`);
    process.exit(1);
  }
  readBuilderConfig()
    .then((cfg) => {
      const output = readFuses(status.app!.appPath);
      process.stdout.write(output);
      const problems = fuseProblems(parseFuseOutput(output), expectedFuses(cfg['electronFuses']));
      for (const p of problems) process.stdout.write(`  PROBLEM ${p}\n`);
      process.stdout.write(problems.length === 0 ? `fuses:check: ${status.app!.appPath} has every configured fuse\n` : '');
      process.exit(problems.length === 0 ? 0 : 1);
    })
    .catch((e: unknown) => {
      process.stderr.write(`fuses:check failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
