/**
 * Detects a runnable Electron binary for the `electron` Playwright project without importing 'electron' (which
 * would try to download one). Order: ELB_DESK_ELECTRON_PATH, ELECTRON_OVERRIDE_DIST_PATH (as electron's own
 * index.js reads it), then node_modules/electron/dist. On Linux a display is needed too (run under xvfb-run).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../build/scripts/electron-runtime';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether Electron can be launched here, and why not. */
export interface ElectronBinaryStatus {
  available: boolean;
  path: string | null;
  reason: string;
}

function isExecutableFile(p: string): boolean {
  try {
    const s = statSync(p);
    return s.isFile() && (process.platform === 'win32' || (s.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

function defaultExecutableName(platform: string): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return path.join('Electron.app', 'Contents', 'MacOS', 'Electron');
  return 'electron';
}

/** Looks for a runnable Electron (pure apart from file checks; env and platform are parameters for tests). */
export function findElectronBinary(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: string = process.platform,
  repoRoot: string = REPO_ROOT,
): ElectronBinaryStatus {
  let candidate: string | null = null;
  let source = '';
  if (env['ELB_DESK_ELECTRON_PATH']) {
    candidate = path.resolve(env['ELB_DESK_ELECTRON_PATH']);
    source = 'ELB_DESK_ELECTRON_PATH';
  } else if (env['ELECTRON_OVERRIDE_DIST_PATH']) {
    candidate = path.join(env['ELECTRON_OVERRIDE_DIST_PATH'], defaultExecutableName(platform));
    source = 'ELECTRON_OVERRIDE_DIST_PATH';
  } else {
    candidate = electronBinary(repoRoot);
    source = 'node_modules/electron/dist';
  }
  if (!candidate || !isExecutableFile(candidate)) {
    return {
      available: false,
      path: null,
      reason:
        `No Electron binary on this machine (${source}${candidate ? `: ${candidate} is missing` : ' was never downloaded'}). ` +
        'Electron 45 downloads its binary on first use, which this machine cannot do; set ELB_DESK_ELECTRON_PATH to an Electron 45 executable to run these tests. ' +
        'The same checks run as unit tests (electron/app/**) and against the browser-mode host.',
    };
  }
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    return { available: false, path: candidate, reason: `Electron found at ${candidate}, but there is no display: run under xvfb-run.` };
  }
  return { available: true, path: candidate, reason: `Electron at ${candidate}` };
}

/** True when a missing Electron must fail the electron project instead of skipping it (CI: ELB_DESK_REQUIRE_ELECTRON=1). */
export function electronRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env['ELB_DESK_REQUIRE_ELECTRON'] === '1';
}

/** True when the electron project can launch the app here. */
export function electronBinaryAvailable(): boolean {
  return findElectronBinary().available;
}

/** The main entry the app is launched with (the repository root: package.json `main` → out/main/main.cjs). */
export function appEntry(): string {
  return REPO_ROOT;
}

/** Whether the app has been built (`npm run build`). */
export function appBuilt(): boolean {
  return existsSync(path.join(REPO_ROOT, 'out', 'main', 'main.cjs')) && existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'));
}
