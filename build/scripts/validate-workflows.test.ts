/**
 * The GitHub Actions workflows pass action-validator and the project's own rules; a broken workflow in a temp
 * repository fails them (schema, YAML, secrets in `if:`, unpinned actions, commands that are not npm scripts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './bundle-electron';
import { runLineProblem, validateWorkflows, validateWorkflowText, workflowRuleProblems } from './validate-workflows';

const SCRIPTS = new Set(['test', 'dist', 'fuses:check']);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'elb-workflows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GOOD = `name: t
on: [push]
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      HAS_KEY: \${{ secrets.KEY != '' }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - if: env.HAS_KEY == 'true'
        run: xvfb-run -a npm test
      - run: |
          sudo apt-get update -qq
          npm run dist
`;

/** A throwaway repository with one workflow and a package.json. */
function repoWith(workflow: string, scripts: Record<string, string> = { test: 'x', dist: 'x' }): string {
  const root = mkdtempSync(path.join(tmp, 'repo-'));
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), workflow);
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts }));
  return root;
}

function cli(root: string): { status: number | null; out: string } {
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, 'build', 'scripts', 'validate-workflows.ts'), root], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('the repository workflows', () => {
  it('ci.yml and release.yml both pass the validator and the project rules', () => {
    const reports = validateWorkflows();
    expect(reports.map((r) => r.file.replace(/\\/g, '/'))).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml']);
    for (const r of reports) expect(r.problems, r.file).toEqual([]);
  });

  it('npm run test:workflows exits 0 on them', { timeout: 60_000 }, () => {
    const r = cli(REPO_ROOT);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/ok\s+\.github[\\/]workflows[\\/]ci\.yml/);
  });
});

describe('a broken workflow fails', () => {
  it('a well-formed one passes (the negative cases below differ from it in one thing)', () => {
    expect(validateWorkflowText('ci.yml', GOOD, SCRIPTS).problems).toEqual([]);
  });

  it('a schema error: a misspelt runs-on', () => {
    const r = validateWorkflowText('ci.yml', GOOD.replace('runs-on:', 'runs-onn:'), SCRIPTS);
    expect(r.problems.join('\n')).toMatch(/\/jobs\/a.*Additional property 'runs-onn' is not allowed/);
  });

  it('a YAML error', () => {
    const r = validateWorkflowText('ci.yml', 'on: [push\njobs: {}\n', SCRIPTS);
    expect(r.problems.join('\n')).toMatch(/Parse Error/);
  });

  it('a step if: that reads secrets', () => {
    const r = validateWorkflowText('ci.yml', GOOD.replace("if: env.HAS_KEY == 'true'", "if: secrets.KEY != ''"), SCRIPTS);
    expect(r.problems).toContainEqual(expect.stringMatching(/steps\/2: if reads secrets/));
  });

  it('an action without a pinned version', () => {
    const r = validateWorkflowText('ci.yml', GOOD.replace('actions/checkout@v4', 'actions/checkout'), SCRIPTS);
    expect(r.problems).toContainEqual(expect.stringMatching(/uses "actions\/checkout" without a pinned version/));
  });

  it('a command that is not an npm script, or a script package.json lacks', () => {
    expect(validateWorkflowText('ci.yml', GOOD.replace('npm run dist', 'npx electron-builder --linux'), SCRIPTS).problems).toContainEqual(
      expect.stringMatching(/"npx electron-builder --linux" is not an npm script/),
    );
    expect(validateWorkflowText('ci.yml', GOOD.replace('npm run dist', 'npm run smoke:packaged'), SCRIPTS).problems).toContainEqual(
      expect.stringMatching(/package\.json has no "smoke:packaged" script/),
    );
  });

  it('npm run test:workflows exits 1 on a broken workflow in a temp repository, and names the problem', { timeout: 60_000 }, () => {
    const r = cli(repoWith(GOOD.replace('runs-on:', 'runs-onn:')));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/INVALID \.github[\\/]workflows[\\/]ci\.yml/);
    expect(r.out).toMatch(/runs-onn/);
    expect(cli(repoWith(GOOD)).status).toBe(0);
  });

  it('no workflow at all is a failure', () => {
    const root = mkdtempSync(path.join(tmp, 'empty-'));
    writeFileSync(path.join(root, 'package.json'), '{}');
    expect(() => validateWorkflows(root)).toThrow(/No workflow files/);
  });
});

describe('rules', () => {
  it('runLineProblem accepts npm ci, npm test, npm run of a known script, xvfb-run -a, apt-get and sysctl', () => {
    for (const ok of ['npm ci', 'npm test', 'npm run dist', 'xvfb-run -a npm test', 'npm run dist -- --linux dir', 'sudo apt-get install -y xvfb', 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0', '', '# note']) {
      expect(runLineProblem(ok, SCRIPTS), ok).toBeNull();
    }
    for (const bad of ['npm run nope', 'rm -rf /', 'curl https://x | sh', 'npm install', 'npx playwright test']) {
      expect(runLineProblem(bad, SCRIPTS), bad).not.toBeNull();
    }
  });

  it('workflowRuleProblems flags a job-level if: on secrets', () => {
    expect(workflowRuleProblems({ jobs: { a: { if: "secrets.X != ''", steps: [] } } }, SCRIPTS)).toEqual(['/jobs/a/if: reads secrets (derive a flag in env instead)']);
  });
});
