/**
 * Where `npm run dist` leaves the unpacked app for this OS (electron-builder's `<os>-unpacked` folders next to the
 * installers in release/), for the fuse check and the packaged-app smoke test. ELB_DESK_PACKAGED_PATH points at a
 * packaged executable elsewhere (e.g. an installed copy).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './bundle-electron';

/** The product and executable names of build/electron-builder.yml. */
export const PRODUCT_NAME = 'ELB Desk';
export const EXECUTABLE_NAME = 'elb-desk';

/** One packaged app: what `@electron/fuses read --app` takes (the .app bundle on macOS) and the executable. */
export interface PackagedApp {
  appPath: string;
  executable: string;
}

/** Whether a packaged app was found, and why not. */
export interface PackagedAppStatus {
  available: boolean;
  app: PackagedApp | null;
  reason: string;
}

/** The unpacked apps electron-builder produces for a platform and architecture, most likely first. Pure. */
export function packagedAppCandidates(platform: string, arch: string, releaseDir: string): PackagedApp[] {
  if (platform === 'darwin') {
    const dirs = arch === 'arm64' ? ['mac-arm64', 'mac-universal'] : ['mac', 'mac-universal'];
    return dirs.map((d) => {
      const appPath = path.join(releaseDir, d, `${PRODUCT_NAME}.app`);
      return { appPath, executable: path.join(appPath, 'Contents', 'MacOS', PRODUCT_NAME) };
    });
  }
  if (platform === 'win32') {
    const dir = path.join(releaseDir, arch === 'arm64' ? 'win-arm64-unpacked' : 'win-unpacked');
    return [`${EXECUTABLE_NAME}.exe`, `${PRODUCT_NAME}.exe`].map((exe) => ({ appPath: path.join(dir, exe), executable: path.join(dir, exe) }));
  }
  const exe = path.join(releaseDir, arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked', EXECUTABLE_NAME);
  return [{ appPath: exe, executable: exe }];
}

/** For an executable inside a macOS bundle, the bundle; otherwise the executable itself. Pure. */
export function appPathOf(executable: string): string {
  const m = /^(.*?\.app)[\\/]Contents[\\/]MacOS[\\/][^\\/]+$/.exec(executable);
  return m ? m[1]! : executable;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Finds the packaged app for this machine (env and platform are parameters for tests). */
export function findPackagedApp(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: string = process.platform,
  arch: string = process.arch,
  root: string = REPO_ROOT,
): PackagedAppStatus {
  const override = env['ELB_DESK_PACKAGED_PATH'];
  const candidates = override
    ? [{ appPath: appPathOf(path.resolve(override)), executable: path.resolve(override) }]
    : packagedAppCandidates(platform, arch, path.join(root, 'release'));
  const found = candidates.find((c) => isFile(c.executable) && existsSync(c.appPath));
  if (found) return { available: true, app: found, reason: `packaged app at ${found.executable}` };
  return {
    available: false,
    app: null,
    reason:
      `No packaged ELB Desk for ${platform}-${arch} (looked for ${candidates.map((c) => c.executable).join(', ')}). ` +
      'Run `npm run dist` first (it needs the Electron runtime download, which this machine cannot do), or set ELB_DESK_PACKAGED_PATH.',
  };
}
