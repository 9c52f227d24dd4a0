import { describe, expect, it } from 'vitest';
import { distArgs, platformFlag } from './dist';

describe('dist arguments', () => {
  it('builds for the current OS with our config and never publishes', () => {
    expect(platformFlag('linux')).toBe('--linux');
    expect(platformFlag('darwin')).toBe('--mac');
    expect(platformFlag('win32')).toBe('--win');
    expect(distArgs('linux', [])).toEqual(['--config', expect.stringMatching(/build[\\/]electron-builder\.yml$/), '--publish', 'never', '--linux']);
  });

  it('lets an explicit platform and targets through', () => {
    expect(distArgs('linux', ['--linux', 'dir'])).toEqual(['--config', expect.any(String), '--publish', 'never', '--linux', 'dir']);
  });

  it('publishes only when asked (npm run dist:publish passes --publish always)', () => {
    expect(distArgs('win32', ['--publish', 'always'])).toEqual(['--config', expect.any(String), '--win', '--publish', 'always']);
    expect(distArgs('darwin', ['--publish=always']).filter((a) => a.startsWith('--publish'))).toEqual(['--publish=always']);
    expect(distArgs('linux', ['-p', 'always'])).not.toContain('never');
  });
});
