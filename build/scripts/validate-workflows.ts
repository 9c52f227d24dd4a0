/**
 * `npm run test:workflows`: validates every GitHub Actions workflow in .github/workflows with action-validator (the
 * workflow JSON schema, from npm: @action-validator/core), plus the rules this project keeps on top of the schema:
 * - every `uses:` is pinned to a ref (`owner/action@v4` or a commit);
 * - no `if:` reads `secrets` (GitHub refuses it; derive a flag in `env` instead);
 * - every `run:` line is an npm command of an existing package.json script (`npm ci`, `npm test`, `npm run X`,
 *   optionally under `xvfb-run -a`), or one of the few runner set-up commands (`sudo apt-get`, `sudo sysctl`), so
 *   what CI runs also works locally.
 * Exits 1 on any problem, and when there is no workflow at all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateWorkflow, type ValidationError, type ValidationState } from '@action-validator/core';
import { REPO_ROOT } from './bundle-electron';

/** The workflow folder, relative to the repository root. */
export const WORKFLOW_DIR = path.join('.github', 'workflows');

/** Runner set-up commands allowed in `run:` besides npm scripts. */
const SETUP_COMMANDS = [/^sudo apt-get (update|install) /, /^sudo sysctl -w [a-z_.]+=\d+$/];

/** Flattens action-validator's nested errors into one line each ("path: title — detail"). */
export function flattenValidatorErrors(errors: readonly ValidationError[], out: string[] = []): string[] {
  for (const e of errors) {
    const where = 'path' in e && e.path ? e.path : 'location' in e && e.location ? `line ${e.location.line}, column ${e.location.column}` : '/';
    out.push(`${where}: ${e.title}${e.detail ? ` — ${e.detail}` : ''}`);
    if ('states' in e && e.states) for (const s of e.states) flattenValidatorErrors(s.errors, out);
  }
  return [...new Set(out)];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one npm command line against the package.json scripts; returns a problem or null. */
export function runLineProblem(line: string, scripts: ReadonlySet<string>): string | null {
  const cmd = line.trim().replace(/^xvfb-run -a /, '');
  if (cmd === '' || cmd.startsWith('#')) return null;
  if (SETUP_COMMANDS.some((re) => re.test(cmd))) return null;
  if (cmd === 'npm ci' || /^npm ci( --[a-z-]+(=\S+)?)*$/.test(cmd)) return null;
  if (cmd === 'npm test') return scripts.has('test') ? null : 'npm test, but package.json has no "test" script';
  const m = /^npm run ([\w:.-]+)( -- .*)?$/.exec(cmd);
  if (m) return scripts.has(m[1]!) ? null : `npm run ${m[1]}, but package.json has no "${m[1]}" script`;
  return `"${cmd}" is not an npm script (keep what CI runs in package.json scripts so it works locally)`;
}

/** The project's own rules on a parsed workflow document. Pure, exported for tests. */
export function workflowRuleProblems(doc: unknown, scripts: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!isObject(doc) || !isObject(doc['jobs'])) return problems;
  for (const [jobId, job] of Object.entries(doc['jobs'])) {
    if (!isObject(job)) continue;
    if (typeof job['if'] === 'string' && /\bsecrets\./.test(job['if'])) problems.push(`/jobs/${jobId}/if: reads secrets (derive a flag in env instead)`);
    const steps = Array.isArray(job['steps']) ? job['steps'] : [];
    steps.forEach((step, i) => {
      if (!isObject(step)) return;
      const at = `/jobs/${jobId}/steps/${i}${typeof step['name'] === 'string' ? ` (${step['name']})` : ''}`;
      if (typeof step['uses'] === 'string' && !/^[\w.-]+\/[\w./-]+@[\w.-]+$/.test(step['uses']) && !step['uses'].startsWith('./')) {
        problems.push(`${at}: uses "${step['uses']}" without a pinned version (owner/action@v4)`);
      }
      if (typeof step['if'] === 'string' && /\bsecrets\./.test(step['if'])) problems.push(`${at}: if reads secrets, which GitHub refuses (derive a flag in env instead)`);
      if (typeof step['run'] === 'string') {
        for (const line of step['run'].split('\n')) {
          const p = runLineProblem(line, scripts);
          if (p) problems.push(`${at}: ${p}`);
        }
      }
    });
  }
  return problems;
}

function loadYaml(text: string): unknown {
  // js-yaml ships with electron-builder and has no bundled types.
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  return yaml.load(text);
}

/** The result for one workflow file. */
export interface WorkflowReport {
  file: string;
  problems: string[];
}

/** Validates one workflow text: action-validator's schema first, then (when it parses) the project's rules. */
export function validateWorkflowText(file: string, text: string, scripts: ReadonlySet<string>): WorkflowReport {
  const state: ValidationState = validateWorkflow(text);
  const problems = flattenValidatorErrors(state.errors);
  if (!state.errors.some((e) => e.code === 'parse_error')) {
    try {
      problems.push(...workflowRuleProblems(loadYaml(text), scripts));
    } catch (e) {
      problems.push(`YAML: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { file, problems };
}

/** The package.json script names of a repository. */
export function scriptNames(root: string): Set<string> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return new Set(Object.keys(pkg.scripts ?? {}));
}

/** Validates every *.yml / *.yaml in `<root>/.github/workflows`. Throws when there is none. */
export function validateWorkflows(root: string = REPO_ROOT): WorkflowReport[] {
  const dir = path.join(root, WORKFLOW_DIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (files.length === 0) throw new Error(`No workflow files in ${dir}.`);
  const scripts = scriptNames(root);
  return files.map((f) => validateWorkflowText(path.join(WORKFLOW_DIR, f), readFileSync(path.join(dir, f), 'utf8'), scripts));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const reports = validateWorkflows(process.argv[2] ? path.resolve(process.argv[2]) : REPO_ROOT);
    for (const r of reports) {
      process.stdout.write(`${r.problems.length === 0 ? 'ok     ' : 'INVALID'} ${r.file}\n`);
      for (const p of r.problems) process.stdout.write(`        ${p}\n`);
    }
    process.exit(reports.every((r) => r.problems.length === 0) ? 0 : 1);
  } catch (e) {
    process.stderr.write(`workflow validation failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
