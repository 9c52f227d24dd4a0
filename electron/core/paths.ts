/** Where ELB Desk keeps its data when no folder is given: the same folder Electron's userData would be. */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'ELB Desk';

/** Electron's `app.getPath('userData')` for this product, computed without Electron. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), PRODUCT_NAME);
}

/** `--data-dir` wins, then ELB_DESK_DATA_DIR, then the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.ELB_DESK_DATA_DIR;
  return path.resolve(chosen && chosen.trim() ? chosen : defaultDataDir(env));
}
