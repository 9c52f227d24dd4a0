/** Finds a runnable Electron binary (node_modules/electron/dist), without importing 'electron' (which would try to download it). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Electron executable, or null when the runtime was never downloaded (as on machines without its host). */
export function electronBinary(repoRoot: string): string | null {
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const bin = path.join(pkgDir, 'dist', rel);
  return existsSync(bin) ? bin : null;
}
