/**
 * The static security gate: Electronegativity over the compiled shell must find no unexplained HIGH issue and must
 * have parsed every file; a canary proves the scanner really flags an insecure window.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './bundle-electron';
import { ALLOWED_HIGH, formatIssue, judge, runElectronegativity, runSecurityScan, type ScanIssue, type ScanReport } from './security-scan';

function issue(id: string, severity: string): ScanIssue {
  return { id, severity, confidence: 'CERTAIN', file: 'main.js', line: 1, column: 0, sample: '', description: id, manualReview: false };
}

function report(issues: ScanIssue[], errors: ScanReport['errors'] = []): ScanReport {
  return { issues, errors, atomicChecks: 36, globalChecks: 6 };
}

describe('judge', () => {
  it('passes with only MEDIUM/LOW findings', () => {
    const v = judge(report([issue('CSP_GLOBAL_CHECK', 'LOW'), issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM')]));
    expect(v.ok).toBe(true);
    expect(v.other).toHaveLength(2);
  });

  it('fails on a HIGH finding that is not allow-listed', () => {
    const v = judge(report([issue('CONTEXT_ISOLATION_JS_CHECK', 'HIGH')]));
    expect(v.ok).toBe(false);
    expect(v.blocking.map((i) => i.id)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
  });

  it('accepts an allow-listed HIGH finding and carries its reason', () => {
    const v = judge(report([issue('LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH')]), { LIMIT_NAVIGATION_GLOBAL_CHECK: 'covered by hardening.test.ts' });
    expect(v.ok).toBe(true);
    expect(v.allowed[0]?.reason).toBe('covered by hardening.test.ts');
  });

  it('fails when a file could not be parsed (its findings would be missing), but not on tolerable warnings', () => {
    expect(judge(report([], [{ file: 'main.js', message: 'Unknown node type ClassPrivateProperty.', tolerable: false }])).ok).toBe(false);
    expect(judge(report([], [{ file: 'main.js', message: 'minor', tolerable: true }])).ok).toBe(true);
  });

  it('fails when no check ran at all', () => {
    expect(judge({ issues: [], errors: [], atomicChecks: 0, globalChecks: 0 }).ok).toBe(false);
  });

  it('every allow-list entry explains itself', () => {
    for (const [id, reason] of Object.entries(ALLOWED_HIGH)) expect(reason.length, id).toBeGreaterThan(20);
  });
});

describe('Electronegativity', () => {
  it('flags an insecure window (canary: the gate is not vacuous)', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'elb-scan-canary-'));
    try {
      writeFileSync(
        path.join(dir, 'main.js'),
        "const { BrowserWindow } = require('electron');\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\nw.loadURL('http://example.com');\n",
      );
      const v = judge(runElectronegativity(dir));
      expect(v.ok).toBe(false);
      expect(v.blocking.map((i) => i.id)).toContain('CONTEXT_ISOLATION_JS_CHECK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(existsSync(path.join(REPO_ROOT, 'out', 'main')))('finds no unexplained HIGH issue in the compiled shell', { timeout: 180_000 }, async () => {
    const v = await runSecurityScan();
    expect(v.files).toEqual(expect.arrayContaining(['main.js', 'preload.js']));
    expect(v.parseErrors).toEqual([]);
    expect(v.blocking.map(formatIssue)).toEqual([]);
    // The controls the global checks look for were seen in the bundle.
    const ids = v.report.issues.map((i) => i.id);
    expect(ids).not.toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(ids).not.toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK');
    expect(v.ok).toBe(true);
  });
});
