/**
 * `npm run release:check-tag`: the pushed tag (GITHUB_REF_NAME, or the first argument) must be `v` + the version in
 * package.json, so a release's installers, its update metadata and its tag agree.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bundle-electron';

/** Why `tag` does not release `version`, or null when it does. Pure. */
export function tagProblem(tag: string | undefined, version: string): string | null {
  if (!tag) return 'No tag: set GITHUB_REF_NAME or pass the tag as the first argument.';
  if (tag !== `v${version}`) return `The tag ${tag} does not match package.json's version ${version} (expected v${version}).`;
  return null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const problem = tagProblem(process.argv[2] ?? process.env.GITHUB_REF_NAME, version);
  process.stdout.write(problem ? `release:check-tag: ${problem}\n` : `release:check-tag: v${version} ok\n`);
  process.exit(problem ? 1 : 0);
}
